using System.Text.Json.Nodes;
using Ecolaura.Tf.Tests.Support;

namespace Ecolaura.Tf.Tests.Upgrades;

/// <summary>
/// Plans a configuration change against what the previous configuration applied: the old workspace is applied under
/// <c>mock_provider "aws"</c> (<see cref="MockApply"/>), its applied state is written to an offline copy of the new
/// workspace (<see cref="OfflineWorkspace"/>), and plain <c>terraform plan -refresh=false</c> with the real provider
/// plans the change. The provider's own plan logic (replacement triggers, create_before_destroy, computed values) runs;
/// only the API calls of the first apply are mocked. The plan can never be applied: its inputs are placeholders.
/// </summary>
public static class UpgradePlan
{
    /// <summary>One planned resource change (Terraform's <c>resource_changes</c> entry of <c>terraform show -json</c>).</summary>
    /// <param name="Address">The resource address.</param>
    /// <param name="Type">The resource type.</param>
    /// <param name="Actions">Terraform's actions: <c>no-op</c>, <c>update</c>, <c>create</c>, <c>delete</c>, or a replacement (<c>delete, create</c> / <c>create, delete</c>).</param>
    /// <param name="Before">The prior values (null when created).</param>
    /// <param name="After">The planned values, unknown ones absent (null when deleted).</param>
    /// <param name="ReplacePaths">The attributes that force a replacement.</param>
    public sealed record Change(string Address, string Type, IReadOnlyList<string> Actions, JsonObject? Before, JsonObject? After, IReadOnlyList<string> ReplacePaths)
    {
        /// <summary>True when the plan deletes the object (alone or as part of a replacement).</summary>
        public bool Deletes => Actions.Contains("delete");

        /// <summary>The actions as written by Terraform, e.g. <c>[create, delete]</c>.</summary>
        public override string ToString() => $"{Address}: [{string.Join(", ", Actions)}]{(ReplacePaths.Count > 0 ? $" (replaced by {string.Join(", ", ReplacePaths)})" : "")}";
    }

    /// <summary>The plan of the new configuration against the old one's applied state.</summary>
    /// <param name="Changes">Every resource change, by address.</param>
    /// <param name="Output">The output of <c>terraform plan</c>, for failure messages.</param>
    public sealed record Result(IReadOnlyDictionary<string, Change> Changes, string Output)
    {
        /// <summary>The change of <paramref name="address"/>; fails listing every change when there is none.</summary>
        public Change this[string address] => Changes.TryGetValue(address, out var change)
            ? change
            : throw new AssertionException($"the plan has no change for {address}; it has:\n{Summary}");

        /// <summary>The whole plan as <c>terraform show -json</c> printed it (the review goldens are made from it).</summary>
        public JsonObject Shown { get; init; } = [];

        /// <summary>Every change that is not a no-op, one per line.</summary>
        public string Summary => string.Join("\n", Changes.Values.Where(c => c.Actions is not ["no-op"]).Select(c => c.ToString()));
    }

    /// <summary>
    /// Applies <paramref name="before"/> under mocks, then plans <paramref name="after"/> (the same workspace with the
    /// changed configuration) against that state: <see cref="Start"/>, awaited in the calling test.
    /// </summary>
    /// <param name="before">The workspace as synthesized from the old configuration.</param>
    /// <param name="after">The same workspace synthesized from the new configuration.</param>
    /// <exception cref="AssertionException">A step failed (its terraform output in the message), or the two stacks differ in id.</exception>
    public static Result Run(StackJson before, StackJson after) => TerraformRuns.Result(Start(before, after));

    /// <summary>
    /// Starts <see cref="Run"/>'s work on <see cref="TerraformRuns"/>' slots, asserting nothing (a failed step throws
    /// <see cref="AssertionException"/>, which the awaiting test rethrows): the mocked apply of <paramref name="before"/>,
    /// its plan from an empty state (<see cref="Realistic"/>) and the <c>init</c> of <paramref name="after"/>'s offline
    /// copy run side by side, then the plan of <paramref name="after"/> against the merged state. The applied state of a
    /// configuration is made once per test run and shared by every upgrade from it.
    /// </summary>
    /// <param name="before">The workspace as synthesized from the old configuration (copied: the caller may change it afterwards).</param>
    /// <param name="after">The same workspace synthesized from the new configuration (copied too).</param>
    public static Task<Result> Start(StackJson before, StackJson after) => TerraformRuns.Detached(() => StartHere(before, after));

    private static Task<Result> StartHere(StackJson before, StackJson after)
    {
        if (after.Id != before.Id)
        {
            return Task.FromException<Result>(new AssertionException($"an upgrade plans the same workspace, not {before.Id} → {after.Id}"));
        }

        (before, after) = (before.Copy(), after.Copy());
        var state = AppliedStates.GetOrAdd(
            $"{before.Id}\n{Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(before.Root.ToJsonString())))}",
            _ => new Lazy<Task<string>>(() => AppliedState(before))).Value;
        var initialised = TerraformRuns.Start(() =>
        {
            var dir = OfflineWorkspace.Prepare(after);
            TerraformCli.Ok(dir, $"init -input=false -no-color -plugin-dir={TerraformCli.MirrorRoot}");
            return dir;
        });
        return PlanAgainst(after, state, initialised);
    }

    /// <summary>The applied (and <see cref="Realistic"/>) state file of each old configuration, by stack id and content hash.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<Task<string>>> AppliedStates = new(StringComparer.Ordinal);

    /// <summary>The mocked apply of <paramref name="before"/> and its plan from an empty state, side by side, merged into one state file.</summary>
    private static async Task<string> AppliedState(StackJson before)
    {
        var copy = before.Copy();
        var applying = TerraformRuns.Start(() =>
        {
            using var root = TestTemp.Create($"upgrade-{before.Id}");
            return MockedApply(root.Combine("mocked"), before);
        });
        var planning = TerraformRuns.Start(() => PlannedFromEmpty(copy));
        var applied = await applying;
        if (applied.RunStatus != "pass")
        {
            throw new AssertionException($"{before.Id}: the mocked apply of the old configuration failed (run status {applied.RunStatus ?? "none"}):\n{applied.Output}");
        }

        return Realistic(applied.ToStateFile(before), await planning).ToJsonString();
    }

    /// <summary>The plan of <paramref name="after"/> in its initialised copy with <paramref name="state"/> as its local state.</summary>
    private static async Task<Result> PlanAgainst(StackJson after, Task<string> state, Task<TempDirectory> initialised)
    {
        var stateFile = await state;
        using var dir = await initialised;
        return await TerraformRuns.Start(() =>
        {
            File.WriteAllText(Path.Combine(dir, "terraform.tfstate"), stateFile);
            var plan = TerraformCli.Run(dir, "plan -refresh=false -input=false -no-color -lock=false -out=upgrade.tfplan");
            if (plan.ExitCode != 0)
            {
                throw new AssertionException($"{after.Id}: terraform plan of the new configuration failed (exit {plan.ExitCode}):\n{plan.Output}");
            }

            var shown = JsonNode.Parse(TerraformCli.Ok(dir, "show -json -no-color upgrade.tfplan").Trim())!.AsObject();
            var changes = new Dictionary<string, Change>(StringComparer.Ordinal);
            foreach (var entry in shown["resource_changes"]?.AsArray() ?? [])
            {
                var change = entry!["change"]!;
                changes[entry.Str("address")!] = new Change(
                    entry.Str("address")!,
                    entry.Str("type")!,
                    change.Strs("actions"),
                    change["before"] as JsonObject,
                    change["after"] as JsonObject,
                    change.Arr("replace_paths").Select(p => p!.ToJsonString()).ToArray());
            }

            var result = new Result(changes, plan.Output) { Shown = shown };
            TerraformRuns.Progress($"[upgrade] {after.Id}: planned changes against the mocked state:\n{result.Summary}");
            return result;
        });
    }

    /// <summary><c>terraform show -json</c> of <paramref name="before"/>'s offline plan from an empty state, with the real provider.</summary>
    private static JsonNode PlannedFromEmpty(StackJson before)
    {
        using var dir = OfflineWorkspace.Prepare(before);
        TerraformCli.Ok(dir, $"init -input=false -no-color -plugin-dir={TerraformCli.MirrorRoot}");
        var plan = TerraformCli.Run(dir, "plan -refresh=false -input=false -no-color -lock=false -out=create.tfplan");
        if (plan.ExitCode != 0)
        {
            throw new AssertionException($"{before.Id}: terraform plan of the old configuration failed (exit {plan.ExitCode}):\n{plan.Output}");
        }

        return JsonNode.Parse(TerraformCli.Ok(dir, "show -json -no-color create.tfplan").Trim())!;
    }

    /// <summary>
    /// The mocked state with every value the real provider knows at plan time: a mock provider leaves attributes with
    /// provider-side defaults null (<c>aws_kms_key.key_usage</c>, <c>aws_iam_role.path</c>, …), which the real provider
    /// would plan as replacements. The old configuration is planned offline from an empty state with the real provider;
    /// each attribute it knows fully replaces the mocked one, and only what is known after apply keeps its mocked value.
    /// </summary>
    /// <param name="state">The mocked apply's state file (changed in place and returned).</param>
    /// <param name="shown"><c>terraform show -json</c> of the old configuration's plan from an empty state (<see cref="PlannedFromEmpty"/>).</param>
    private static JsonObject Realistic(JsonObject state, JsonNode shown)
    {
        var known = new Dictionary<string, (JsonObject Values, JsonObject Unknown)>(StringComparer.Ordinal);
        foreach (var change in shown["resource_changes"]?.AsArray() ?? [])
        {
            if (change.Str("mode") == "managed" && change!["change"]!["after"] is JsonObject after)
            {
                known[change.Str("address")!] = (after, change["change"]!["after_unknown"] as JsonObject ?? []);
            }
        }

        foreach (var resource in state["resources"]!.AsArray())
        {
            // Only hashicorp/aws was mocked: terraform_data ran for real, but its dynamically typed values are written
            // to a state file as {value, type}, not as the plain values terraform test prints.
            if (resource.Str("type") == "terraform_data")
            {
                foreach (var instance in resource!["instances"]!.AsArray())
                {
                    var attributes = instance!["attributes"]!.AsObject();
                    foreach (var name in new[] { "input", "output", "triggers_replace" })
                    {
                        if (attributes[name] is { } plain)
                        {
                            attributes[name] = new JsonObject { ["value"] = plain.DeepClone(), ["type"] = CtyType(plain) };
                        }
                    }
                }

                continue;
            }

            if (!resource.Str("type")!.StartsWith("aws_", StringComparison.Ordinal))
            {
                continue;
            }

            foreach (var instance in resource!["instances"]!.AsArray())
            {
                var address = $"{resource.Str("type")}.{resource.Str("name")}" + (instance!["index_key"] is { } key ? $"[{key.ToJsonString()}]" : "");
                if (!known.TryGetValue(address, out var planned))
                {
                    continue;
                }

                var attributes = instance["attributes"]!.AsObject();
                foreach (var (name, value) in planned.Values)
                {
                    if (!ContainsUnknown(planned.Unknown[name]))
                    {
                        attributes[name] = value?.DeepClone();
                    }
                }

                // The provider stores record names without the trailing dot the mocked validation options carry.
                if (resource.Str("type") == "aws_route53_record" && attributes.Str("name") is { } recordName && recordName.EndsWith('.'))
                {
                    attributes["name"] = recordName.TrimEnd('.');
                }
            }
        }

        return state;
    }

    /// <summary>The type of a JSON value as Terraform writes it in state (<c>"string"</c>, <c>["tuple", [...]]</c>, <c>["object", {...}]</c>).</summary>
    private static JsonNode CtyType(JsonNode? value) => value switch
    {
        JsonObject o => new JsonArray("object", new JsonObject(o.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)CtyType(p.Value))))),
        JsonArray a => new JsonArray("tuple", new JsonArray(a.Select(CtyType).ToArray())),
        JsonValue v when v.GetValueKind() is System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False => JsonValue.Create("bool")!,
        JsonValue v when v.GetValueKind() == System.Text.Json.JsonValueKind.Number => JsonValue.Create("number")!,
        JsonValue => JsonValue.Create("string")!,
        _ => JsonValue.Create("dynamic")!,
    };

    /// <summary>True when an <c>after_unknown</c> entry marks the value, or any part of it, as known only after apply.</summary>
    private static bool ContainsUnknown(JsonNode? unknown) => unknown switch
    {
        JsonValue v => v.TryGetValue<bool>(out var b) && b,
        JsonObject o => o.Any(p => ContainsUnknown(p.Value)),
        JsonArray a => a.Any(ContainsUnknown),
        _ => false,
    };

    /// <summary>
    /// Valid values for computed attributes whose mocked value (a random string) the real provider's validators refuse
    /// when it plans against the mocked state; a real apply would have stored one of these.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, JsonObject> MockDefaults = new Dictionary<string, JsonObject>(StringComparer.Ordinal)
    {
        // The provider's default for new lifecycle configurations (hashicorp/aws 5.86+).
        ["aws_s3_bucket_lifecycle_configuration"] = new() { ["transition_default_minimum_object_size"] = "all_storage_classes_128K" },
        // What CloudWatch Logs derives from an S3 destination ARN.
        ["aws_cloudwatch_log_delivery_destination"] = new() { ["delivery_destination_type"] = "S3" },
        // A standard (non-FIFO) topic has no FIFO throughput scope; the provider refuses any other value on it.
        ["aws_sns_topic"] = new() { ["fifo_throughput_scope"] = "" },
    };

    /// <summary>
    /// <see cref="MockApply.Run"/> with <see cref="MockDefaults"/> as <c>mock_resource</c> defaults of every mocked
    /// aws provider, so the applied state holds values the real provider accepts.
    /// </summary>
    private static MockApply.Outcome MockedApply(string dir, StackJson stack)
    {
        Directory.CreateDirectory(Path.Combine(dir, "tests"));
        var test = MockApply.TestFile(stack, MockApply.PlaceholderUpstreams(stack));
        var defaults = MockDefaults.Where(d => stack.Resources(d.Key).Count > 0).ToArray();
        foreach (var mock in defaults.Length > 0 ? test["mock_provider"]!["aws"]!.AsArray() : [])
        {
            mock!["mock_resource"] = new JsonObject(defaults.Select(d => KeyValuePair.Create(d.Key, (JsonNode?)new JsonObject { ["defaults"] = d.Value.DeepClone() })));
        }

        // An override_resource (the ARN overrides) replaces the mock defaults of its resource, so they go there too.
        foreach (var entry in test["run"]![MockApply.RunName]!["override_resource"]?.AsArray() ?? [])
        {
            if (MockDefaults.TryGetValue(entry.Str("target")!.Split('.')[0], out var values))
            {
                foreach (var (name, value) in values)
                {
                    entry!["values"]![name] = value?.DeepClone();
                }
            }
        }

        var pretty = new System.Text.Json.JsonSerializerOptions { WriteIndented = true };
        File.WriteAllText(Path.Combine(dir, "cdk.tf.json"), stack.Root.ToJsonString(pretty));
        File.WriteAllText(Path.Combine(dir, "tests", "mocked_apply.tftest.json"), test.ToJsonString(pretty));
        TerraformCli.Ok(dir, $"init -backend=false -input=false -no-color -plugin-dir={TerraformCli.MirrorRoot}");
        return MockApply.Parse(TerraformCli.Run(dir, "test -json -verbose -no-color", timeout: TimeSpan.FromMinutes(5)));
    }
}
