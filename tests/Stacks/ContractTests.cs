using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Ecolaura.Tf.Tests.Support;

namespace Ecolaura.Tf.Tests.Stacks;

/// <summary>Cross-workspace wiring: every remote-state read is published by its producer, and the graph is recorded.</summary>
[TestFixture]
public partial class ContractTests
{
    /// <summary>Reads of <c>data.terraform_remote_state.X.outputs.Y</c> whose producer does not publish Y.</summary>
    public static IReadOnlyList<string> DanglingReads(IReadOnlyDictionary<string, JsonObject> stacks)
    {
        var problems = new List<string>();
        foreach (var (id, json) in stacks)
        {
            var env = id.Split('-')[0];
            foreach (Match read in RemoteRead().Matches(json.ToJsonString()))
            {
                var producerId = $"{env}-{read.Groups[1].Value}";
                var output = read.Groups[2].Value;
                if (!stacks.TryGetValue(producerId, out var producer))
                {
                    problems.Add($"{id} reads {producerId}, which was not synthesized");
                }
                else if (producer["output"]?[output] is null)
                {
                    problems.Add($"{id} reads output '{output}' that {producerId} does not publish");
                }
            }
        }

        return problems;
    }

    private static Dictionary<string, JsonObject> AllStacks() =>
        Synthesized.StackIds.ToDictionary(id => id, id => Synthesized.Stack(id).Root);

    [Test]
    public void Every_remote_state_read_is_published_by_its_producer()
    {
        var stacks = AllStacks();
        Assert.That(stacks.Values.Sum(s => RemoteRead().Matches(s.ToJsonString()).Count), Is.GreaterThan(0), "no consumer reads anything");
        Assert.That(DanglingReads(stacks), Is.Empty);
    }

    [Test]
    public void A_read_of_an_unpublished_output_is_caught()
    {
        var stacks = AllStacks();
        stacks["prod-foundation"]["output"]!.AsObject().Remove("logs_kms_key_arn");
        Assert.That(DanglingReads(stacks), Has.Some.Contains("prod-network reads output 'logs_kms_key_arn' that prod-foundation does not publish"));
    }

    [Test]
    public void Published_outputs_are_exactly_the_contract()
    {
        foreach (var id in Synthesized.StackIds)
        {
            var workspace = Enum.Parse<Workspace>(id.Split('-')[1], ignoreCase: true);
            var published = Synthesized.Stack(id).Root["output"]?.AsObject().Select(o => o.Key).Order().ToArray() ?? [];
            // An optional output is published exactly where its source resource exists (us-east-1 topics: not in the
            // embedded environments, all in us-east-1; DR replicas and the DR load balancer: where the dr mode has them).
            var resources = Synthesized.Stack(id).Root["resource"]?.AsObject() ?? [];
            bool Exists(string? source) => source?.Split('.') is [var type, var name, ..] && resources[type]?[name] is not null;
            var contract = OfflineWorkspace.Contracts.GetValueOrDefault(workspace, []).Where(s => !s.Optional || Exists(s.Source)).Select(s => s.Name).Order().ToArray();
            Assert.That(published, Is.EqualTo(contract), $"{id}: every required output, and an optional one exactly where its source exists");
        }
    }

    [Test]
    public void Remote_state_points_at_the_producers_backend()
    {
        foreach (var id in Synthesized.StackIds)
        {
            var consumer = Synthesized.Stack(id).Root;
            foreach (var (name, state) in consumer["data"]?["terraform_remote_state"]?.AsObject() ?? [])
            {
                var producerId = $"{id.Split('-')[0]}-{name}";
                var producerBackend = Synthesized.Stack(producerId).Root["terraform"]?["backend"]?["s3"];
                var expectedKey = $"{id.Split('-')[0]}/{name}.tfstate";
                Assert.That(state.Str("backend"), Is.EqualTo("s3"), $"{id} reads {name}");
                Assert.That(state?["config"].Str("key"), Is.EqualTo(expectedKey), $"{id} reads {name}");
                if (id.EndsWith("-dr", StringComparison.Ordinal) || name == "dr")
                {
                    // The dr workspace and its readers use the DR region's state bucket (replicas of the primary's state).
                    var drBackend = Synthesized.Stack($"{id.Split('-')[0]}-dr").Root["terraform"]!["backend"]!["s3"];
                    Assert.That(state?["config"].Str("bucket"), Is.EqualTo(drBackend.Str("bucket")), $"{id} reads {name}");
                    Assert.That(state?["config"].Str("region"), Is.EqualTo(drBackend.Str("region")), $"{id} reads {name}");
                }
                else if (producerBackend is not null)
                {
                    Assert.That(state?["config"].Str("key"), Is.EqualTo(producerBackend.Str("key")));
                    Assert.That(state?["config"].Str("bucket"), Is.EqualTo(producerBackend.Str("bucket")));
                }
                else
                {
                    // The foundation bootstraps on a local backend; consumers read it after it was migrated to this key.
                    Assert.That(state?["config"].Str("bucket"), Is.EqualTo(consumer["terraform"]?["backend"]?["s3"].Str("bucket")));
                }
            }
        }
    }

    [Test]
    public void Manifest_records_the_workspace_graph()
    {
        var stacks = Synthesized.Manifest["stacks"]!.AsObject();
        foreach (var (id, entry) in stacks)
        {
            var reads = Synthesized.Stack(id).Root["data"]?["terraform_remote_state"]?.AsObject().Select(r => $"{id.Split('-')[0]}-{r.Key}").Order().ToArray() ?? [];
            var dependencies = entry.Arr("dependencies").Select(d => d!.GetValue<string>()).Order().ToArray();
            Assert.That(dependencies, Is.EqualTo(reads), $"{id}: manifest dependencies must be the workspaces it reads");
        }

        Assert.That(stacks["prod-network"].Strs("dependencies"), Is.EqualTo(new[] { "prod-foundation" }));
    }

    /// <summary>Outputs whose value does not come from the resource their contract declares (<see cref="OutputSpec.Source"/>).</summary>
    public static IReadOnlyList<string> MisattributedOutputs(string stackId, JsonObject stack)
    {
        var problems = new List<string>();
        var workspace = Enum.Parse<Workspace>(stackId.Split('-')[1], ignoreCase: true);
        foreach (var spec in WorkspaceContracts.ByProducer.GetValueOrDefault(workspace, []))
        {
            var value = stack["output"]?[spec.Name]?["value"];
            if (value is null && spec.Optional)
            {
                continue;
            }

            var texts = value is JsonArray list ? list.Select(v => v!.GetValue<string>()).ToArray() : [value?.GetValue<string>() ?? ""];
            if (spec.Source is null)
            {
                problems.AddRange(texts.Where(t => t.Contains("${", StringComparison.Ordinal)).Select(t => $"{stackId} {spec.Name} should be a literal, is {t}"));
                continue;
            }

            var pattern = new Regex("^\\$\\{" + Regex.Escape(spec.Source).Replace("\\*", "[A-Za-z0-9_-]+") + "\\}$");
            if (texts.Length == 0 || texts.Any(t => !pattern.IsMatch(t)))
            {
                problems.Add($"{stackId} {spec.Name} should come from {spec.Source}, is {value?.ToJsonString()}");
                continue;
            }

            foreach (var text in texts)
            {
                var address = text[2..^1].Split('.');
                var (block, type, name) = address[0] == "data" ? ("data", address[1], address[2]) : ("resource", address[0], address[1]);
                if (stack[block]?[type]?[name] is null)
                {
                    problems.Add($"{stackId} {spec.Name} refers to {type}.{name}, which the stack does not declare");
                }
            }
        }

        return problems;
    }

    [Test]
    public void Every_output_comes_from_the_resource_its_contract_declares()
    {
        foreach (var id in Synthesized.StackIds)
        {
            Assert.That(MisattributedOutputs(id, Synthesized.Stack(id).Root), Is.Empty, id);
        }
    }

    [Test]
    public void Two_swapped_outputs_are_caught()
    {
        var stack = Synthesized.Stack("prod-data").Root;
        var outputs = stack["output"]!;
        (outputs["postgres_arn"]!["value"], outputs["rds_kms_key_arn"]!["value"]) =
            (outputs["rds_kms_key_arn"]!["value"]!.DeepClone(), outputs["postgres_arn"]!["value"]!.DeepClone());
        Assert.That(MisattributedOutputs("prod-data", stack), Is.EquivalentTo(new[]
        {
            "prod-data postgres_arn should come from aws_db_instance.postgres.arn, is \"${aws_kms_key.rds.arn}\"",
            "prod-data rds_kms_key_arn should come from aws_kms_key.rds.arn, is \"${aws_db_instance.postgres.arn}\"",
        }));
    }

    [Test]
    public void Every_workspace_with_outputs_declares_a_contract()
    {
        var producers = Synthesized.StackIds.Where(id => Synthesized.Stack(id).Root["output"] is JsonObject { Count: > 0 })
            .Select(id => Enum.Parse<Workspace>(id.Split('-')[1], ignoreCase: true)).Distinct();
        Assert.That(WorkspaceContracts.ByProducer.Keys, Is.EquivalentTo(producers));
        Assert.That(WorkspaceContracts.ByProducer.Values.SelectMany(o => o).Select(o => o.Example), Has.All.Not.Empty);
    }

    [Test]
    public void A_contract_property_without_an_output_declaration_is_refused()
    {
        var e = Assert.Throws<TypeInitializationException>(() => _ = Undeclared.Outputs);
        Assert.That(e!.InnerException!.Message, Does.Contain("Undeclared.Missing needs an [Output(...)] declaration"));
    }

    [ContractOf(Workspace.Dr)]
    private sealed record Undeclared : WorkspaceContract<Undeclared>
    {
        [Output("present", "An output", "x")]
        public required string Present { get; init; }

        public required string Missing { get; init; }
    }

    [Test]
    public void Cdktf_json_carries_the_apps_context_flags()
    {
        var root = FindRepoRoot();
        var cdktf = JsonNode.Parse(File.ReadAllText(Path.Combine(root, "cdktf.json")))!;
        var context = cdktf["context"]!.AsObject().ToDictionary(p => p.Key, p => p.Value!.GetValue<string>());
        Assert.That(context, Is.EquivalentTo(EcolauraApp.ContextFlags.ToDictionary(p => p.Key, p => (string)p.Value)));
        Assert.That(cdktf.Str("app"), Is.EqualTo("./ecolaura app"));
    }

    /// <summary>The repository root (holds cdktf.json).</summary>
    public static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "cdktf.json")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new AssertionException("cdktf.json not found above the test directory");
    }

    [GeneratedRegex(@"\$\{data\.terraform_remote_state\.([a-z]+)\.outputs\.([a-z0-9_]+)")]
    private static partial Regex RemoteRead();
}
