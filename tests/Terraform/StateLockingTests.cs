using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Ecolaura.Tf.Tests.Support;

namespace Ecolaura.Tf.Tests.Terraform;

/// <summary>
/// State storage and locking end to end on loopback: real Terraform with the <b>generated</b> S3 backend block
/// (bucket, key, region, encrypt, kms_key_id, dynamodb_table, use_lockfile all unchanged) against S3 and DynamoDB
/// emulators (<see cref="AwsEmulators"/>); only endpoints, the emulator's fixed key pair, skip flags and
/// <c>max_retries</c> are added, through <c>-backend-config</c>.
/// </summary>
/// <remarks>
/// <para>A workspace's real resources cannot be applied offline (every one of them calls AWS), so the state that is
/// applied is a stand-in with the generated <c>terraform</c> block and the workspace's contract outputs (plus, for the
/// lock test, a <c>terraform_data</c> whose provisioner holds the apply open). That is exactly what consumers read.
/// The consumer side is the real network workspace: its JSON unchanged, planned against its generated backend and
/// reading the foundation through its generated <c>terraform_remote_state</c>.</para>
/// <para>Not provable here: <c>use_lockfile</c> (s3rver ignores conditional writes, so the S3 lock file refuses nobody;
/// the lock test asserts that consequence) and SSE-KMS (s3rver accepts the headers and stores plaintext).</para>
/// </remarks>
[TestFixture]
[NonParallelizable]
[Category(Categories.Emulators)]
public class StateLockingTests
{
    private const EnvironmentName Env = EnvironmentName.Dev;
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(90);

    private AwsEmulators _emulators = null!;
    private JsonObject _networkBackend = null!;
    private string _bucket = null!;
    private string _lockTable = null!;
    private TempDirectory _workRoot = null!;

    [OneTimeSetUp]
    public void StartEmulators()
    {
        _networkBackend = Synthesized.Stack(Env, Workspace.Network).Root["terraform"]!["backend"]!["s3"]!.AsObject();
        _bucket = _networkBackend.Str("bucket")!;
        _lockTable = _networkBackend.Str("dynamodb_table")!;
        _workRoot = TestTemp.Create("locking");
        _emulators = AwsEmulators.Start(_bucket, _lockTable);
        TestContext.Progress.WriteLine(
            $"[locking] s3rver {_emulators.S3Endpoint} and dynalite {_emulators.DynamoDbEndpoint} (pids {string.Join(", ", _emulators.Pids)})");
    }

    [OneTimeTearDown]
    public void StopEmulators()
    {
        _workRoot?.Dispose();
        if (_emulators is null)
        {
            return;
        }

        var pids = string.Join(", ", _emulators.Pids);
        _emulators.Dispose();
        Assert.That(_emulators.AnyRunning, Is.False, $"emulators (pids {pids}) still running after being killed");
        TestContext.Progress.WriteLine($"[locking] emulators stopped (pids {pids})");
    }

    [Test]
    public void Generated_backend_stores_state_under_its_key_and_its_digest_in_the_lock_table()
    {
        var key = _networkBackend.Str("key")!;
        Assert.That(key, Is.EqualTo($"{Env.Id()}/{Workspace.Network.Id()}.tfstate"));
        var outputs = ContractOutputs(Workspace.Network, Token());
        var dir = StandIn("network-outputs", Synthesized.Stack(Env, Workspace.Network), outputs);

        var apply = Terraform(dir, "apply -auto-approve -input=false -no-color -lock-timeout=10s");
        Assert.That(apply.ExitCode, Is.Zero, apply.Output);

        var objects = _emulators.ListObjects(_bucket);
        Assert.That(objects.Keys, Does.Contain(key), "the state object is stored under the generated key");
        Assert.That(objects.Keys.Where(k => k.EndsWith(".tflock", StringComparison.Ordinal)), Is.Empty, "the lock file was released");

        // Read the object from the emulator directly, not through Terraform.
        var body = _emulators.GetObject(_bucket, key);
        var state = JsonNode.Parse(body)!;
        foreach (var (name, value) in outputs)
        {
            Assert.That(JsonNode.DeepEquals(state["outputs"]?[name]?["value"], value), Is.True, $"output {name} in {body}");
        }

        var items = _emulators.LockTableItems(_lockTable);
        var digest = items.SingleOrDefault(i => i["LockID"] == $"{_bucket}/{key}-md5");
        Assert.That(digest, Is.Not.Null, $"no state digest in the lock table: {Show(items)}");
        Assert.That(digest!["Digest"], Is.EqualTo(Md5(body)).And.EqualTo(objects[key]), "the DynamoDB digest is the stored object's MD5");
        Assert.That(items.Where(i => i["LockID"] == $"{_bucket}/{key}"), Is.Empty, "the DynamoDB lock was released");
    }

    [Test]
    public void A_second_writer_is_refused_while_the_first_holds_the_lock()
    {
        var key = _networkBackend.Str("key")!;
        var lockId = $"{_bucket}/{key}";
        var hold = Token();
        var release = Path.Combine(_workRoot, $"release-{hold}");
        // The first writer's provisioner waits for the release file (bounded to 120 s so nothing can hang).
        var holding = new JsonObject
        {
            ["terraform_data"] = new JsonObject
            {
                ["hold"] = new JsonObject
                {
                    ["triggers_replace"] = hold,
                    ["provisioner"] = new JsonArray(new JsonObject
                    {
                        ["local-exec"] = new JsonObject
                        {
                            ["command"] = $"i=0; while [ ! -f '{release}' ] && [ $i -lt 1200 ]; do sleep 0.1; i=$((i+1)); done",
                        },
                    }),
                },
            },
        };
        var outputs = ContractOutputs(Workspace.Network, hold);
        var network = Synthesized.Stack(Env, Workspace.Network);
        var first = StandIn("writer-a", network, outputs, holding);
        var second = StandIn("writer-b", network, outputs, holding);

        using var writerA = TerraformCli.Start(first, "apply -auto-approve -input=false -no-color -lock-timeout=10s");
        var clock = Stopwatch.StartNew();
        IReadOnlyDictionary<string, string>? heldLock = null;
        while (heldLock is null || !writerA.Output.Contains("Provisioning with 'local-exec'", StringComparison.Ordinal))
        {
            Assert.That(writerA.HasExited, Is.False, $"the first writer ended before holding the lock:\n{writerA.Output}");
            Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(60)), $"the first writer never held the lock:\n{writerA.Output}\n{_emulators.Logs()}");
            Thread.Sleep(100);
            heldLock = _emulators.LockTableItems(_lockTable).SingleOrDefault(i => i["LockID"] == lockId);
        }

        var heldId = JsonNode.Parse(heldLock["Info"])!.Str("ID");
        var before = _emulators.ListObjects(_bucket).GetValueOrDefault(key);

        var writerB = Terraform(second, "apply -auto-approve -input=false -no-color -lock-timeout=0s");

        Assert.Multiple(() =>
        {
            Assert.That(writerB.ExitCode, Is.EqualTo(1), writerB.Output);
            Assert.That(writerB.Output, Does.Contain("Error acquiring the state lock"));
            // The DynamoDB conditional PutItem (attribute_not_exists(LockID)) is what refused it …
            Assert.That(writerB.Output, Does.Contain("DynamoDB: PutItem").And.Contain("ConditionalCheckFailedException"));
            // … and the lock it reports is the one the first writer holds.
            Assert.That(writerB.Output, Does.Match($@"ID:\s+{Regex.Escape(heldId!)}"));
            Assert.That(writerA.HasExited, Is.False, "the first writer still holds the lock");
            Assert.That(_emulators.ListObjects(_bucket).GetValueOrDefault(key), Is.EqualTo(before), "the refused writer changed no state");
        });

        File.WriteAllText(release, "");
        var resultA = writerA.Wait(CommandTimeout);
        Assert.That(resultA.Output, Does.Contain("terraform_data.hold: Creation complete"));
        Assert.That(_emulators.GetObject(_bucket, key), Does.Contain(hold), "the first writer's state landed in the bucket");
        // s3rver ignores If-None-Match, so the second writer's PutObject of <key>.tflock replaced the first writer's lock
        // file and was deleted again when DynamoDB refused it; the first writer's release then finds no lock file. On S3
        // that PutObject is answered 412 and the lock file alone refuses the second writer: use_lockfile is not provable here.
        Assert.That(resultA.ExitCode, Is.EqualTo(1), resultA.Output);
        Assert.That(resultA.Output, Does.Contain("Error releasing the state lock").And.Contain($"'{key}.tflock'").And.Contain("NoSuchKey"));
        Assert.That(_emulators.LockTableItems(_lockTable).Where(i => i["LockID"] == lockId), Is.Empty, "the DynamoDB lock was released");

        var later = Terraform(second, "apply -auto-approve -input=false -no-color -lock-timeout=0s");
        Assert.That(later.ExitCode, Is.Zero, later.Output);
        Assert.That(later.Output, Does.Contain("Apply complete! Resources: 0 added, 0 changed, 0 destroyed."));
    }

    [Test]
    public void A_consumer_reads_the_producers_outputs_through_its_generated_remote_state()
    {
        // The foundation's backend after `terraform init -migrate-state` (README, Bootstrapping state), as generated.
        var foundation = Synthesized.StackWithOverride(
            $$"""{ "environments": { "{{Env.Id()}}": { "state": { "foundationBackend": "s3" } } } }""", Env, Workspace.Foundation);
        var foundationBackend = foundation.Root["terraform"]?["backend"]?["s3"]?.AsObject()
            ?? throw new AssertionException($"foundation has no S3 backend with foundationBackend = s3:\n{StackJson.Show(foundation.Root["terraform"])}");
        var network = Synthesized.Stack(Env, Workspace.Network);
        var remoteState = network.Root["data"]!["terraform_remote_state"]!["foundation"]!.AsObject();
        Assert.That(remoteState["config"].Str("key"), Is.EqualTo(foundationBackend.Str("key")), "the consumer reads the key the producer writes");

        var produced = ContractOutputs(Workspace.Foundation, Token());
        var producer = StandIn("foundation-outputs", foundation, produced);
        var apply = Terraform(producer, "apply -auto-approve -input=false -no-color -lock-timeout=10s");
        Assert.That(apply.ExitCode, Is.Zero, apply.Output);
        Assert.That(_emulators.ListObjects(_bucket).Keys, Does.Contain(foundationBackend.Str("key")));

        // The real network workspace: JSON unchanged; the override adds only fake provider credentials and the emulator
        // endpoint to the generated remote-state config.
        var consumer = Path.Combine(_workRoot, "network");
        Directory.CreateDirectory(consumer);
        File.WriteAllText(Path.Combine(consumer, "cdk.tf.json"), network.Root.ToJsonString());
        var remoteStateOverride = new JsonObject { ["config"] = _emulators.RemoteStateConfig(remoteState["config"]!.AsObject()) };
        File.WriteAllText(Path.Combine(consumer, OfflineWorkspace.OverrideFile), new JsonObject
        {
            ["provider"] = OfflineWorkspace.FakeProviders(network.Root),
            ["data"] = new JsonObject { ["terraform_remote_state"] = new JsonObject { ["foundation"] = remoteStateOverride } },
        }.ToJsonString());
        File.WriteAllText(Path.Combine(consumer, Ecolaura.Tf.App.Delivery.OfflineWorkspace.InputsFile), OfflineWorkspace.TestVariables(network).ToJsonString());
        Init(consumer);
        var plan = Terraform(consumer, "plan -refresh=false -input=false -no-color -lock-timeout=10s -out=consumer.tfplan");
        Assert.That(plan.ExitCode, Is.Zero, plan.Output);
        var planned = JsonNode.Parse(TerraformCli.Ok(consumer, "show -json -no-color consumer.tfplan"))!;
        var resources = planned["planned_values"]?["root_module"]?["resources"]?.AsArray().ToDictionary(r => r.Str("address")!, r => r!["values"])
            ?? throw new AssertionException("the plan has no planned resources");

        var reads = 0;
        foreach (var (type, byName) in network.Root["resource"]!.AsObject())
        {
            foreach (var (name, resource) in byName!.AsObject())
            {
                foreach (var (attribute, value) in resource!.AsObject())
                {
                    var match = Regex.Match(value is JsonValue v && v.TryGetValue<string>(out var s) ? s : "", @"^\$\{data\.terraform_remote_state\.foundation\.outputs\.(\w+)\}$");
                    if (!match.Success)
                    {
                        continue;
                    }

                    reads++;
                    var output = match.Groups[1].Value;
                    Assert.That(resources[$"{type}.{name}"]?[attribute]?.GetValue<string>(), Is.EqualTo(produced[output]!.GetValue<string>()),
                        $"{type}.{name}.{attribute} plans the {output} the producer applied");
                }
            }
        }

        Assert.That(reads, Is.GreaterThan(0), "the network workspace reads no foundation output directly");
    }

    /// <summary>
    /// Writes a stand-in root module that has <paramref name="stack"/>'s generated <c>terraform</c> block (backend,
    /// version pins) unchanged, publishes <paramref name="outputs"/> and holds <paramref name="resources"/>; inits it.
    /// </summary>
    private string StandIn(string name, StackJson stack, JsonObject outputs, JsonObject? resources = null)
    {
        var dir = Path.Combine(_workRoot, name);
        Directory.CreateDirectory(dir);
        var config = new JsonObject
        {
            ["terraform"] = stack.Root["terraform"]!.DeepClone(),
            ["output"] = new JsonObject(outputs.Select(o => KeyValuePair.Create(o.Key, (JsonNode?)new JsonObject { ["value"] = o.Value!.DeepClone() }))),
        };
        if (resources is not null)
        {
            config["resource"] = resources.DeepClone();
        }

        File.WriteAllText(Path.Combine(dir, "main.tf.json"), config.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        Init(dir);
        return dir;
    }

    private void Init(string dir)
    {
        var backendConfig = _emulators.WriteBackendConfig(dir);
        var init = Terraform(dir, $"init -input=false -no-color -plugin-dir={TerraformCli.MirrorRoot} -backend-config={backendConfig}");
        Assert.That(init.ExitCode, Is.Zero, init.Output);
    }

    private TerraformCli.Result Terraform(string dir, string args)
    {
        var result = TerraformCli.Run(dir, args, timeout: CommandTimeout);
        TestContext.Progress.WriteLine($"[locking] terraform {args.Split(' ')[0]} in {Path.GetFileName(dir)}: exit {result.ExitCode}");
        return result;
    }

    /// <summary>Every output of <paramref name="producer"/>'s contract, shaped like its example and marked with <paramref name="token"/>.</summary>
    private static JsonObject ContractOutputs(Workspace producer, string token)
    {
        var outputs = new JsonObject();
        foreach (var spec in OfflineWorkspace.Contracts[producer])
        {
            outputs[spec.Name] = spec.Kind == OutputKind.String
                ? $"{spec.Example}-{token}"
                : new JsonArray("ab".Select(letter => (JsonNode)$"{spec.Example.Replace("{0}", letter.ToString())}-{token}").ToArray());
        }

        return outputs;
    }

    private static string Token() => Guid.NewGuid().ToString("N")[..8];

    private static string Md5(string text) => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(text)));

    private static string Show(IEnumerable<IReadOnlyDictionary<string, string>> items) =>
        string.Join("; ", items.Select(i => string.Join(", ", i.Select(a => $"{a.Key}={a.Value}"))));
}
