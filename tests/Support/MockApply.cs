using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ecolaura.Tf.Tests.Support;

/// <summary>
/// Applies one synthesized workspace offline with <c>terraform test</c> and <c>mock_provider "aws"</c>: Terraform plans
/// and applies the real configuration, the provider's schema and validators run, and only the API calls are mocked.
/// The applied state (outputs and resource values) comes back from <c>terraform test -json -verbose</c>.
/// </summary>
/// <remarks>
/// Mocked computed attributes are random 8-character strings, which the provider's ARN validators refuse wherever a
/// resource's <c>arn</c> feeds another resource. So every resource whose schema has a computed-only <c>arn</c> gets an
/// <c>override_resource</c> with a well-formed ARN unique to its address (service, region and account of its provider),
/// which also makes every wiring check below address-specific.
/// </remarks>
public static class MockApply
{
    /// <summary>The only run block of the generated test file.</summary>
    public const string RunName = "apply";

    /// <summary>What <c>terraform test -json -verbose</c> reported.</summary>
    /// <param name="ExitCode">The exit code of <c>terraform test</c>.</param>
    /// <param name="Messages">Every JSON message it printed, in order.</param>
    /// <param name="Output">The raw output, for failure messages.</param>
    public sealed record Outcome(int ExitCode, IReadOnlyList<JsonObject> Messages, string Output)
    {
        /// <summary>The final status of the run block (<c>pass</c>, <c>fail</c>, <c>error</c>), or null if it never ran.</summary>
        public string? RunStatus => Messages
            .Where(m => m.Str("type") == "test_run" && m.Str("@testrun") == RunName)
            .Select(m => m["test_run"].Str("status"))
            .LastOrDefault(s => s is "pass" or "fail" or "error" or "skip");

        /// <summary>The applied state of the run (Terraform's JSON state format); fails when it was not printed.</summary>
        public JsonObject State => Messages.LastOrDefault(m => m.Str("type") == "test_state" && m.Str("@testrun") == RunName)?["test_state"]?.AsObject()
            ?? throw new AssertionException($"terraform test printed no state for run \"{RunName}\":\n{Output}");

        /// <summary>Output name → applied value.</summary>
        public IReadOnlyDictionary<string, JsonNode?> Outputs =>
            State["outputs"]?.AsObject().ToDictionary(o => o.Key, o => o.Value?["value"]) ?? [];

        /// <summary>Applied values of every managed resource, by address.</summary>
        public IReadOnlyDictionary<string, JsonObject> Resources =>
            State["root_module"]?["resources"]?.AsArray()
                .Where(r => r.Str("mode") == "managed")
                .ToDictionary(r => r.Str("address")!, r => r!["values"]!.AsObject()) ?? [];

        /// <summary>
        /// The applied managed resources as a Terraform state file (format 4) for <paramref name="stack"/>'s configuration,
        /// so plain <c>terraform plan</c> can run against what the mocked apply produced.
        /// </summary>
        /// <param name="stack">The configuration the state is for (resource provider aliases).</param>
        /// <param name="only">Keep only these addresses, without their recorded dependencies.</param>
        public JsonObject ToStateFile(StackJson stack, IReadOnlyCollection<string>? only = null)
        {
            var resources = new JsonArray();
            foreach (var group in State["root_module"]?["resources"]?.AsArray()
                         .Where(r => r.Str("mode") == "managed" && (only is null || only.Contains(r.Str("address")!)))
                         .GroupBy(r => (Type: r.Str("type")!, Name: r.Str("name")!)) ?? [])
            {
                var alias = stack.Resource(group.Key.Type, group.Key.Name).Str("provider")?.Split('.') is [_, var a] ? $".{a}" : "";
                var instances = new JsonArray();
                foreach (var resource in group)
                {
                    var instance = new JsonObject
                    {
                        ["schema_version"] = resource!["schema_version"]!.DeepClone(),
                        ["attributes"] = resource["values"]!.DeepClone(),
                        ["sensitive_attributes"] = new JsonArray(),
                        ["dependencies"] = only is null ? resource["depends_on"]?.DeepClone() ?? new JsonArray() : new JsonArray(),
                    };
                    if (resource["index"] is { } index)
                    {
                        instance["index_key"] = index.DeepClone();
                    }

                    instances.Add(instance);
                }

                resources.Add(new JsonObject
                {
                    ["mode"] = "managed",
                    ["type"] = group.Key.Type,
                    ["name"] = group.Key.Name,
                    ["provider"] = $"provider[\"{group.First().Str("provider_name")}\"]{alias}",
                    ["instances"] = instances,
                });
            }

            return new JsonObject
            {
                ["version"] = 4,
                ["terraform_version"] = Ecolaura.Tf.Shared.TerraformVersion.Pinned,
                ["serial"] = 1,
                ["lineage"] = Guid.NewGuid().ToString(),
                ["outputs"] = new JsonObject(),
                ["resources"] = resources,
            };
        }

        /// <summary>Error diagnostics (optionally only those with <paramref name="summary"/>).</summary>
        public IReadOnlyList<JsonObject> Errors(string? summary = null) => Messages
            .Where(m => m.Str("type") == "diagnostic" && m["diagnostic"].Str("severity") == "error")
            .Select(m => m["diagnostic"]!.AsObject())
            .Where(d => summary is null || d.Str("summary") == summary)
            .ToArray();
    }

    /// <summary>
    /// Copies <paramref name="stack"/> into <paramref name="dir"/>, writes the test file (mock providers for every aws
    /// provider and alias, test inputs, ARN overrides, and one <c>override_data</c> per upstream
    /// <c>terraform_remote_state</c> holding <paramref name="upstreamOutputs"/>) and runs it.
    /// </summary>
    /// <param name="dir">An empty folder.</param>
    /// <param name="stack">The workspace (written as given: callers may have edited it).</param>
    /// <param name="upstreamOutputs">Producer workspace id (the remote-state name) → its applied outputs.</param>
    public static Outcome Run(string dir, StackJson stack, IReadOnlyDictionary<string, IReadOnlyDictionary<string, JsonNode?>>? upstreamOutputs = null)
    {
        Directory.CreateDirectory(Path.Combine(dir, "tests"));
        var pretty = new JsonSerializerOptions { WriteIndented = true };
        File.WriteAllText(Path.Combine(dir, "cdk.tf.json"), stack.Root.ToJsonString(pretty));
        OfflineWorkspace.WriteLock(stack.Root, dir);
        File.WriteAllText(Path.Combine(dir, "tests", "mocked_apply.tftest.json"), TestFile(stack, upstreamOutputs ?? new Dictionary<string, IReadOnlyDictionary<string, JsonNode?>>()).ToJsonString(pretty));

        TerraformCli.Ok(dir, $"init -backend=false -input=false -no-color -plugin-dir={TerraformCli.MirrorRoot}");
        return Parse(TerraformCli.Run(dir, "test -json -verbose -no-color", timeout: TimeSpan.FromMinutes(5)));
    }

    /// <summary>
    /// The outcome of a <c>terraform test -json -verbose</c> run. Terraform 1.11 prints the provider's whole schema
    /// (about 15 MB for hashicorp/aws) inside every <c>test_state</c> message; it is dropped from the messages and the
    /// output (the state's resources and outputs stay), so an outcome holds only what a test reads or shows.
    /// </summary>
    public static Outcome Parse(TerraformCli.Result result)
    {
        var messages = new List<JsonObject>();
        var lines = result.Output.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (!lines[i].StartsWith('{'))
            {
                continue;
            }

            var message = JsonNode.Parse(lines[i])!.AsObject();
            if (message["test_state"] is JsonObject state && state.Remove("provider_schemas"))
            {
                state["provider_schemas"] = "(left out by the tests)";
                lines[i] = message.ToJsonString();
            }

            messages.Add(message);
        }

        return new Outcome(result.ExitCode, messages, string.Join('\n', lines));
    }

    /// <summary>The <c>.tftest.json</c> document (JSON test files take <c>values</c> literally, so no escaping is needed).</summary>
    public static JsonObject TestFile(StackJson stack, IReadOnlyDictionary<string, IReadOnlyDictionary<string, JsonNode?>> upstreamOutputs)
    {
        // One mock per provider block of the aws kind, whatever its local name and alias.
        var mocks = new JsonObject();
        foreach (var localName in OfflineWorkspace.AwsLocalNames(stack.Root))
        {
            mocks[localName] = new JsonArray(OfflineWorkspace.ProviderBlocks(stack.Root, localName)
                .Select(p => (JsonNode)(p.Str("alias") is { } alias ? new JsonObject { ["alias"] = alias } : new JsonObject())).ToArray());
        }

        var run = new JsonObject { ["command"] = "apply" };
        var resourceOverrides = new JsonArray();
        foreach (var (type, byName) in stack.Root["resource"]?.AsObject() ?? [])
        {
            if (!ProviderSchema.HasComputedArn(type))
            {
                continue;
            }

            foreach (var (name, resource) in byName!.AsObject())
            {
                var config = resource ?? throw new AssertionException($"{stack.Id}: {type}.{name} is null");
                var values = new JsonObject { ["arn"] = Arn(stack, type, name, config.Str("provider")) };
                foreach (var (attribute, value) in ComputedBlocks(type, name, config))
                {
                    values[attribute] = value;
                }

                resourceOverrides.Add(new JsonObject { ["target"] = $"{type}.{name}", ["values"] = values });
            }
        }

        if (resourceOverrides.Count > 0)
        {
            run["override_resource"] = resourceOverrides;
        }

        var dataOverrides = new JsonArray();
        foreach (var (name, _) in stack.Root["data"]?["terraform_remote_state"]?.AsObject() ?? [])
        {
            if (!upstreamOutputs.TryGetValue(name, out var outputs))
            {
                throw new AssertionException($"{stack.Id} reads the {name} workspace, whose mocked apply has not run (dependency order?)");
            }

            dataOverrides.Add(new JsonObject
            {
                ["target"] = $"data.terraform_remote_state.{name}",
                ["values"] = new JsonObject { ["outputs"] = new JsonObject(outputs.Select(o => KeyValuePair.Create(o.Key, o.Value?.DeepClone()))) },
            });
        }

        if (dataOverrides.Count > 0)
        {
            run["override_data"] = dataOverrides;
        }

        var file = new JsonObject
        {
            ["mock_provider"] = mocks,
            ["run"] = new JsonObject { [RunName] = run },
        };
        var variables = OfflineWorkspace.TestVariables(stack);
        if (variables.Count > 0)
        {
            file["variables"] = variables;
        }

        return file;
    }

    /// <summary>
    /// Computed nested blocks the configuration indexes (<c>identity[0]</c>, <c>resources[0]</c>,
    /// <c>domain_validation_options</c>): a mock provider leaves them empty, which no real apply does.
    /// </summary>
    private static IEnumerable<(string Attribute, JsonNode Value)> ComputedBlocks(string type, string name, JsonNode resource)
    {
        if (IdPrefixes.TryGetValue(type, out var prefix))
        {
            yield return ("id", JsonValue.Create($"{prefix}{Hex(type + name, 17)}"));
        }

        switch (type)
        {
            case "aws_eip":
                yield return ("allocation_id", JsonValue.Create($"eipalloc-{Hex(name, 17)}"));
                break;
            case "aws_eks_cluster":
                yield return ("identity", new JsonArray(new JsonObject
                {
                    ["oidc"] = new JsonArray(new JsonObject { ["issuer"] = $"https://oidc.eks.us-east-1.amazonaws.com/id/{Hex(name, 32)}" }),
                }));
                yield return ("certificate_authority", new JsonArray(new JsonObject { ["data"] = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"mock-ca-{name}")) }));
                break;
            case "aws_eks_node_group":
                yield return ("resources", new JsonArray(new JsonObject
                {
                    ["autoscaling_groups"] = new JsonArray(new JsonObject { ["name"] = $"eks-{name}-{Hex(name, 8)}" }),
                    ["remote_access_security_group_id"] = "",
                }));
                break;
            case "aws_acm_certificate":
                var domain = resource.Str("domain_name") ?? "example.com";
                var names = new[] { domain }.Concat(resource.Strs("subject_alternative_names")).Distinct();
                yield return ("domain_validation_options", new JsonArray(names.Select(d => (JsonNode)new JsonObject
                {
                    ["domain_name"] = d,
                    ["resource_record_name"] = $"_{Hex(d, 16)}.{d}.",
                    ["resource_record_type"] = "CNAME",
                    ["resource_record_value"] = $"_{Hex(d + "v", 16)}.acm-validations.aws.",
                }).ToArray()));
                break;
        }
    }

    /// <summary>EC2 id prefixes the provider's validators check where another resource refers to the id.</summary>
    private static readonly IReadOnlyDictionary<string, string> IdPrefixes = new Dictionary<string, string>
    {
        ["aws_launch_template"] = "lt-",
        ["aws_security_group"] = "sg-",
        ["aws_subnet"] = "subnet-",
        ["aws_vpc"] = "vpc-",
        ["aws_nat_gateway"] = "nat-",
        ["aws_internet_gateway"] = "igw-",
        ["aws_route_table"] = "rtb-",
        ["aws_network_acl"] = "acl-",
        ["aws_vpc_endpoint"] = "vpce-",
    };

    private static string Hex(string seed, int length) =>
        Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(seed))).ToLowerInvariant()[..length];

    /// <summary>Outputs for every workspace <paramref name="stack"/> reads, from the producers' contract examples.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyDictionary<string, JsonNode?>> PlaceholderUpstreams(StackJson stack) =>
        (stack.Root["data"]?["terraform_remote_state"]?.AsObject() ?? []).ToDictionary(
            r => r.Key,
            r => (IReadOnlyDictionary<string, JsonNode?>)OfflineWorkspace.PlaceholderState(OfflineWorkspace.ProducerOf(stack, r.Key))["outputs"]!.AsObject()
                .ToDictionary(o => o.Key, o => o.Value!["value"]?.DeepClone()));

    /// <summary>A well-formed ARN unique to <c>type.name</c>, in the region and account of the resource's provider.</summary>
    public static string Arn(StackJson stack, string type, string name, string? providerRef)
    {
        var (localName, alias) = providerRef?.Split('.') switch
        {
            [var n, var a] => (n, (string?)a),
            [var n] => (n, null),
            _ => (OfflineWorkspace.AwsLocalNames(stack.Root).FirstOrDefault() ?? "aws", null),
        };
        var provider = OfflineWorkspace.ProviderBlocks(stack.Root, localName).FirstOrDefault(p => p.Str("alias") == alias)
            ?? throw new AssertionException($"{stack.Id}: {type}.{name} uses provider '{providerRef}', which the stack does not configure");
        var region = provider.Str("region")!;
        var account = provider.Strs("allowed_account_ids").FirstOrDefault() ?? "000000000000";
        var kind = type["aws_".Length..];
        var service = kind.Split('_')[0];
        return service switch
        {
            "iam" => $"arn:aws:iam::{account}:{kind}/{name}",
            "s3" => $"arn:aws:s3:::{name}",
            "cloudwatch" when kind.StartsWith("cloudwatch_log", StringComparison.Ordinal) => $"arn:aws:logs:{region}:{account}:log-group:{name}",
            _ => $"arn:aws:{service}:{region}:{account}:{kind}/{name}",
        };
    }
}
