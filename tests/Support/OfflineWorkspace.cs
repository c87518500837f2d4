using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ecolaura.Tf.Tests.Support;

/// <summary>
/// A copy of one synthesized workspace made plannable offline by a test-only override file: a local backend, fake
/// credentials and skip flags on every aws provider (and no account check), and each upstream
/// <c>terraform_remote_state</c> pointed at a placeholder state built from the producer's contract examples.
/// Such a plan can never be applied: its inputs are placeholders and its credentials fake.
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

    /// <summary>Copies <paramref name="stackJson"/> into a fresh folder with the override, tfvars and placeholder states.</summary>
    public static string Prepare(StackJson stackJson)
    {
        var dir = Path.Combine(Path.GetTempPath(), $"ecolaura-tf-{Environment.ProcessId}", $"{stackJson.Id}-{Guid.NewGuid():N}"[..(stackJson.Id.Length + 9)]);
        Directory.CreateDirectory(dir);
        var root = stackJson.Root;
        File.WriteAllText(Path.Combine(dir, "cdk.tf.json"), root.ToJsonString());

        var providers = FakeProviders(root);

        var remoteStates = new JsonObject();
        var upstream = Path.Combine(dir, "upstream");
        foreach (var (name, _) in root["data"]?["terraform_remote_state"]?.AsObject() ?? [])
        {
            Directory.CreateDirectory(upstream);
            var workspace = Enum.Parse<Workspace>(name, ignoreCase: true);
            File.WriteAllText(Path.Combine(upstream, $"{name}.tfstate"), PlaceholderState(workspace).ToJsonString());
            remoteStates[name] = new JsonObject { ["backend"] = "local", ["config"] = new JsonObject { ["path"] = $"upstream/{name}.tfstate" } };
        }

        var overrides = new JsonObject
        {
            ["terraform"] = new JsonObject { ["backend"] = new JsonObject { ["local"] = new JsonObject { ["path"] = "terraform.tfstate" } } },
            ["provider"] = new JsonObject { ["aws"] = providers },
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
    /// Provider overrides for every <c>aws</c> provider (and alias) of <paramref name="root"/>: fake credentials, skip
    /// flags, <c>max_retries = 1</c> and no account check, so plans run offline.
    /// </summary>
    public static JsonArray FakeProviders(JsonObject root)
    {
        var providers = new JsonArray();
        foreach (var provider in root["provider"]?["aws"]?.AsArray() ?? [])
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
