using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ecolaura.Tf.App;

namespace Ecolaura.Tf.Tests.Support;

/// <summary>
/// A copy of one synthesized workspace made plannable offline by a test-only override file: a local backend, fake
/// credentials and skip flags on every provider block of the aws kind (any local name whose source is hashicorp/aws,
/// every alias; no account check), each upstream <c>terraform_remote_state</c> pointed at a placeholder state built
/// from the producer's contract examples, and the repository's provider lock for the stack. Such a plan can never be
/// applied: its inputs are placeholders and its credentials fake.
/// </summary>
public static class OfflineWorkspace
{
    /// <summary>The file name of the override (Terraform merges <c>*_override.tf.json</c> last).</summary>
    public const string OverrideFile = "ecolaura_test_override.tf.json";

    /// <summary>Values for the sensitive apply-time inputs, shaped to pass their validation.</summary>
    public static readonly IReadOnlyDictionary<string, string> TestInputs = new Dictionary<string, string>
    {
        ["pagerduty_integration_url"] = "https://events.pagerduty.com/integration/0123456789abcdef0123456789abcdef/enqueue",
        ["db_master_password"] = "offline-plan-placeholder-0123",
        ["redis_auth_token"] = "offline-plan-placeholder-0123",
        ["origin_verify_secret"] = "offline-plan-placeholder-origin-secret-0123456789",
    };

    /// <summary>
    /// Copies <paramref name="stackJson"/> into a fresh folder below <see cref="TestTemp.Root"/> with the override, tfvars,
    /// placeholder states and lock file; dispose the handle to remove it.
    /// </summary>
    public static TempDirectory Prepare(StackJson stackJson)
    {
        var dir = TestTemp.Create(stackJson.Id);
        var root = stackJson.Root;
        File.WriteAllText(dir.Combine("cdk.tf.json"), root.ToJsonString());
        WriteLock(root, dir);

        var remoteStates = new JsonObject();
        var upstream = dir.Combine("upstream");
        foreach (var (name, _) in root["data"]?["terraform_remote_state"]?.AsObject() ?? [])
        {
            Directory.CreateDirectory(upstream);
            File.WriteAllText(Path.Combine(upstream, $"{name}.tfstate"), PlaceholderState(ProducerOf(stackJson, name)).ToJsonString());
            remoteStates[name] = new JsonObject { ["backend"] = "local", ["config"] = new JsonObject { ["path"] = $"upstream/{name}.tfstate" } };
        }

        var overrides = new JsonObject
        {
            ["terraform"] = new JsonObject { ["backend"] = new JsonObject { ["local"] = new JsonObject { ["path"] = "terraform.tfstate" } } },
            ["provider"] = FakeProviders(root),
        };
        if (remoteStates.Count > 0)
        {
            overrides["data"] = new JsonObject { ["terraform_remote_state"] = remoteStates };
        }

        File.WriteAllText(Path.Combine(dir, OverrideFile), overrides.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));

        var variables = TestVariables(stackJson);
        File.WriteAllText(Path.Combine(dir, "ecolaura_test.auto.tfvars.json"), variables.ToJsonString());
        return dir;
    }

    /// <summary>A value for every variable of the stack without a default (from <see cref="TestInputs"/>).</summary>
    public static JsonObject TestVariables(StackJson stackJson)
    {
        var variables = new JsonObject();
        foreach (var (name, variable) in stackJson.Root["variable"]?.AsObject() ?? [])
        {
            if (variable?["default"] is not null)
            {
                continue;
            }

            variables[name] = TestInputs.TryGetValue(name, out var value)
                ? value
                : throw new AssertionException($"{stackJson.Id}: variable '{name}' has no test value; add it to OfflineWorkspace.TestInputs");
        }

        return variables;
    }

    /// <summary>
    /// The <c>provider</c> section of an override for every provider block of the aws kind in <paramref name="root"/>
    /// (<see cref="AwsLocalNames"/>, every alias): fake credentials, skip flags, <c>max_retries = 1</c> and no account
    /// check, so plans run offline. Keyed by local name, one block per configured block, in the same order.
    /// </summary>
    public static JsonObject FakeProviders(JsonObject root)
    {
        var section = new JsonObject();
        foreach (var localName in AwsLocalNames(root))
        {
            section[localName] = FakeProviders(root, localName);
        }

        return section;
    }

    /// <summary>The local names under which <paramref name="root"/> configures providers whose source is hashicorp/aws.</summary>
    public static IReadOnlyList<string> AwsLocalNames(JsonObject root)
    {
        var required = ProviderLocks.Required(root).ToDictionary(r => r.LocalName, r => r.Address);
        return (root["provider"]?.AsObject() ?? [])
            .Select(p => p.Key)
            .Where(name => (required.TryGetValue(name, out var address) ? address : ProviderLocks.Address(name)) == TerraformCli.AwsProviderAddress)
            .ToArray();
    }

    /// <summary>The provider blocks configured under <paramref name="localName"/> (CDKTF writes a list; a single object is accepted too).</summary>
    public static IReadOnlyList<JsonObject> ProviderBlocks(JsonObject root, string localName) => root["provider"]?[localName] switch
    {
        JsonArray list => list.OfType<JsonObject>().ToArray(),
        JsonObject single => [single],
        _ => [],
    };

    private static JsonArray FakeProviders(JsonObject root, string localName)
    {
        var providers = new JsonArray();
        foreach (var provider in ProviderBlocks(root, localName))
        {
            var fake = new JsonObject
            {
                ["allowed_account_ids"] = null,
                ["access_key"] = "mock",
                ["secret_key"] = "mock",
                ["skip_credentials_validation"] = true,
                ["skip_requesting_account_id"] = true,
                ["skip_metadata_api_check"] = true,
                ["skip_region_validation"] = true,
                ["max_retries"] = 1,
            };
            if (provider.Str("alias") is { } alias)
            {
                fake["alias"] = alias;
            }

            providers.Add(fake);
        }

        return providers;
    }

    /// <summary>Writes the repository's provider lock for <paramref name="root"/> (as the synth does) into <paramref name="dir"/>.</summary>
    public static void WriteLock(JsonObject root, string dir)
    {
        var (text, _) = ProviderLocks.Compose(root);
        if (text is not null)
        {
            File.WriteAllText(Path.Combine(dir, ProviderLocks.FileName), text);
        }
    }

    /// <summary>The workspace a <c>terraform_remote_state</c> named <paramref name="name"/> reads (its name is the producer's workspace id).</summary>
    public static Workspace ProducerOf(StackJson stack, string name) =>
        Enum.TryParse<Workspace>(name, ignoreCase: true, out var workspace)
            ? workspace
            : throw new AssertionException($"{stack.Id} reads terraform_remote_state '{name}', which names no workspace of [{string.Join(", ", Enum.GetValues<Workspace>().Select(w => w.Id()))}]");

    /// <summary>Every contract of the product, keyed by the workspace that publishes it.</summary>
    public static IReadOnlyDictionary<Workspace, IReadOnlyList<OutputSpec>> Contracts => WorkspaceContracts.ByProducer;

    /// <summary>A Terraform state file whose outputs are the contract's example values.</summary>
    public static JsonObject PlaceholderState(Workspace producer)
    {
        if (!Contracts.TryGetValue(producer, out var specs))
        {
            throw new AssertionException($"no contract publishes the {producer.Id()} workspace");
        }

        var outputs = new JsonObject();
        foreach (var spec in specs)
        {
            outputs[spec.Name] = spec.Kind == OutputKind.String
                ? new JsonObject { ["value"] = spec.Example, ["type"] = "string" }
                : new JsonObject
                {
                    ["value"] = new JsonArray("abc".Select(letter => (JsonNode)JsonValue.Create(spec.Example.Replace("{0}", letter.ToString()))!).ToArray()),
                    ["type"] = new JsonArray("list", "string"),
                };
        }

        return new JsonObject
        {
            ["version"] = 4,
            ["terraform_version"] = TerraformVersion.Pinned,
            ["serial"] = 1,
            ["lineage"] = "00000000-0000-0000-0000-000000000000",
            ["outputs"] = outputs,
            ["resources"] = new JsonArray(),
        };
    }
}
