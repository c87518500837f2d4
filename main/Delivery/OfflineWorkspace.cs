using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ecolaura.Tf.App.Delivery;

/// <summary>
/// Makes a copy of one synthesized stack plannable offline, with no AWS credentials and no backend: an override file
/// (Terraform merges <c>*_override.tf.json</c> last) with a local backend, which replaces the S3 backend or, with
/// <c>state.backend = "cloud"</c>, the <c>cloud</c> block (a backend in an override file supersedes a <c>cloud</c> block,
/// as Terraform 1.11.4 does and the Terraform tier proves); fake credentials, skip flags,
/// <c>max_retries = 1</c> and no account check on every provider block of the aws kind (any local name whose source is
/// hashicorp/aws, every alias); each upstream <c>terraform_remote_state</c> (S3 or HCP Terraform's <c>remote</c>) pointed at a local state file whose outputs
/// are the producer's planned or placeholder values; placeholder values for the sensitive apply-time inputs; and the
/// repository's provider lock. Such a plan can never be applied: its inputs are placeholders and its credentials fake.
/// </summary>
/// <remarks>
/// Used by <c>./ecolaura plan --offline</c> (<see cref="PlanRunner"/>) and by the test suite's Terraform tier.
/// A plan made this way shows what the configuration creates and how it wires the upstream values in, not what a real
/// plan against the applied state would change.
/// </remarks>
public static class OfflineWorkspace
{
    /// <summary>The file name of the override.</summary>
    public const string OverrideFile = "ecolaura_offline_override.tf.json";

    /// <summary>The file name of the placeholder inputs (loaded by Terraform because it ends in <c>.auto.tfvars.json</c>).</summary>
    public const string InputsFile = "ecolaura_offline.auto.tfvars.json";

    /// <summary>The folder, inside the prepared copy, of the upstream state files (<c>upstream/&lt;remote state name&gt;.tfstate</c>).</summary>
    public const string UpstreamFolder = "upstream";

    /// <summary>Values for the sensitive apply-time inputs, shaped to pass their validation (never real secrets).</summary>
    public static readonly IReadOnlyDictionary<string, string> PlaceholderInputs = new Dictionary<string, string>
    {
        ["pagerduty_integration_url"] = "https://events.pagerduty.com/integration/0123456789abcdef0123456789abcdef/enqueue",
        ["db_master_password"] = "offline-plan-placeholder-0123",
        ["redis_auth_token"] = "offline-plan-placeholder-0123",
        ["origin_verify_secret"] = "offline-plan-placeholder-origin-secret-0123456789",
    };

    /// <summary>
    /// The outputs an upstream workspace hands a consumer, as a Terraform state's <c>outputs</c> object
    /// (<c>{ name: { value, type } }</c>); null: the producer's contract placeholders (<see cref="PlaceholderOutputs"/>).
    /// </summary>
    /// <param name="remoteStateName">The consumer's <c>terraform_remote_state</c> name, which is the producer's workspace id (e.g. <c>network</c>).</param>
    public delegate JsonObject? UpstreamOutputs(string remoteStateName);

    /// <summary>
    /// Writes <paramref name="stack"/> into <paramref name="dir"/> (an existing, empty folder) as <c>cdk.tf.json</c> with
    /// the override, the placeholder inputs, one upstream state per <c>terraform_remote_state</c> and the lock file.
    /// </summary>
    /// <param name="stackId">The stack id, for messages.</param>
    /// <param name="stack">The synthesized <c>cdk.tf.json</c>.</param>
    /// <param name="dir">The folder to write into.</param>
    /// <param name="upstream">Planned upstream outputs to use instead of the contract placeholders (null: placeholders for all).</param>
    /// <exception cref="DeliveryException">A remote state names no workspace with a contract, or a variable without default has no placeholder.</exception>
    public static void Prepare(string stackId, JsonObject stack, string dir, UpstreamOutputs? upstream = null)
    {
        File.WriteAllText(Path.Combine(dir, OutputFolder.StackFile), stack.ToJsonString());
        WriteLock(stack, dir);

        var remoteStates = new JsonObject();
        foreach (var (name, _) in stack["data"]?["terraform_remote_state"]?.AsObject() ?? [])
        {
            Directory.CreateDirectory(Path.Combine(dir, UpstreamFolder));
            var outputs = upstream?.Invoke(name) ?? PlaceholderOutputs(ProducerOf(stackId, name));
            File.WriteAllText(Path.Combine(dir, UpstreamFolder, $"{name}.tfstate"), StateWith(outputs).ToJsonString());
            remoteStates[name] = new JsonObject { ["backend"] = "local", ["config"] = new JsonObject { ["path"] = $"{UpstreamFolder}/{name}.tfstate" } };
        }

        var overrides = new JsonObject
        {
            ["terraform"] = new JsonObject { ["backend"] = new JsonObject { ["local"] = new JsonObject { ["path"] = "terraform.tfstate" } } },
            ["provider"] = FakeProviders(stack),
        };
        if (remoteStates.Count > 0)
        {
            overrides["data"] = new JsonObject { ["terraform_remote_state"] = remoteStates };
        }

        File.WriteAllText(Path.Combine(dir, OverrideFile), overrides.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        File.WriteAllText(Path.Combine(dir, InputsFile), Inputs(stackId, stack).ToJsonString());
    }

    /// <summary>A value for every variable of the stack without a default (from <see cref="PlaceholderInputs"/>).</summary>
    /// <exception cref="DeliveryException">A variable has no placeholder (add it to <see cref="PlaceholderInputs"/>).</exception>
    public static JsonObject Inputs(string stackId, JsonObject stack)
    {
        var variables = new JsonObject();
        foreach (var (name, variable) in stack["variable"]?.AsObject() ?? [])
        {
            if (variable?["default"] is not null)
            {
                continue;
            }

            variables[name] = PlaceholderInputs.TryGetValue(name, out var value)
                ? value
                : throw new DeliveryException($"{stackId}: variable '{name}' has no offline placeholder; add it to OfflineWorkspace.PlaceholderInputs");
        }

        return variables;
    }

    /// <summary>
    /// The <c>provider</c> section of an override for every provider block of the aws kind in <paramref name="stack"/>
    /// (<see cref="AwsLocalNames"/>, every alias): fake credentials, skip flags, <c>max_retries = 1</c> and no account
    /// check. Keyed by local name, one block per configured block, in the same order.
    /// </summary>
    public static JsonObject FakeProviders(JsonObject stack)
    {
        var section = new JsonObject();
        foreach (var localName in AwsLocalNames(stack))
        {
            var providers = new JsonArray();
            foreach (var provider in ProviderBlocks(stack, localName))
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
                if (provider["alias"]?.GetValue<string>() is { } alias)
                {
                    fake["alias"] = alias;
                }

                providers.Add(fake);
            }

            section[localName] = providers;
        }

        return section;
    }

    /// <summary>The local names under which <paramref name="stack"/> configures providers whose source is hashicorp/aws.</summary>
    public static IReadOnlyList<string> AwsLocalNames(JsonObject stack)
    {
        var required = ProviderLocks.Required(stack).ToDictionary(r => r.LocalName, r => r.Address);
        return (stack["provider"]?.AsObject() ?? [])
            .Select(p => p.Key)
            .Where(name => (required.TryGetValue(name, out var address) ? address : ProviderLocks.Address(name)) == ProviderMirror.AwsProviderAddress)
            .ToArray();
    }

    /// <summary>The provider blocks configured under <paramref name="localName"/> (CDKTF writes a list; a single object is accepted too).</summary>
    public static IReadOnlyList<JsonObject> ProviderBlocks(JsonObject stack, string localName) => stack["provider"]?[localName] switch
    {
        JsonArray list => list.OfType<JsonObject>().ToArray(),
        JsonObject single => [single],
        _ => [],
    };

    /// <summary>Writes the repository's provider lock for <paramref name="stack"/> (as the synth does) into <paramref name="dir"/>.</summary>
    public static void WriteLock(JsonObject stack, string dir)
    {
        var (text, _) = ProviderLocks.Compose(stack);
        if (text is not null)
        {
            File.WriteAllText(Path.Combine(dir, ProviderLocks.FileName), text);
        }
    }

    /// <summary>The workspace a <c>terraform_remote_state</c> named <paramref name="name"/> reads (its name is the producer's workspace id).</summary>
    /// <exception cref="DeliveryException">The name is no workspace.</exception>
    public static Workspace ProducerOf(string stackId, string name) =>
        Enum.TryParse<Workspace>(name, ignoreCase: true, out var workspace)
            ? workspace
            : throw new DeliveryException($"{stackId} reads terraform_remote_state '{name}', which names no workspace of [{string.Join(", ", Enum.GetValues<Workspace>().Select(w => w.Id()))}]");

    /// <summary>
    /// A producer's contract outputs with their example values, as a state's <c>outputs</c> object: a string output is its
    /// example; a list output is three items, the example with <c>{0}</c> replaced by a, b and c.
    /// </summary>
    /// <exception cref="DeliveryException">No contract publishes <paramref name="producer"/>.</exception>
    public static JsonObject PlaceholderOutputs(Workspace producer)
    {
        if (!WorkspaceContracts.ByProducer.TryGetValue(producer, out var specs))
        {
            throw new DeliveryException($"no contract publishes the {producer.Id()} workspace");
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

        return outputs;
    }

    /// <summary>A Terraform state file (format 4, no resources) holding <paramref name="outputs"/>.</summary>
    public static JsonObject StateWith(JsonObject outputs) => new()
    {
        ["version"] = 4,
        ["terraform_version"] = TerraformVersion.Pinned,
        ["serial"] = 1,
        ["lineage"] = "00000000-0000-0000-0000-000000000000",
        ["outputs"] = outputs.DeepClone(),
        ["resources"] = new JsonArray(),
    };
}
