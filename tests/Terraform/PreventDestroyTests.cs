using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Ecolaura.Tf.Tests.Support;

namespace Ecolaura.Tf.Tests.Terraform;

/// <summary>
/// <c>lifecycle.prevent_destroy</c> on the stateful resources really stops Terraform. Each prod workspace that has such
/// resources is applied, unchanged, under <c>mock_provider "aws"</c> (<see cref="MockApply"/>); the applied state is
/// written to a local state file, and plain <c>terraform plan -destroy</c> with the real provider (offline, no refresh)
/// must be refused with "Instance cannot be destroyed" for every protected resource. The same plan of a copy without
/// the lifecycle block succeeds, so the refusal is the lifecycle's and nothing else's.
/// </summary>
/// <remarks>
/// Terraform 1.11.4's <c>terraform test</c> has no destroy-mode plan (<c>plan_options.mode</c> accepts only
/// <c>normal</c> and <c>refresh-only</c>), hence the plain plan. Its own teardown is a destroy and is refused too,
/// which is asserted as well.
/// </remarks>
[TestFixture]
[NonParallelizable]
public partial class PreventDestroyTests
{
    private const string Refused = "Instance cannot be destroyed";

    [Test]
    public void Plan_destroy_is_refused_for_every_prevent_destroy_resource()
    {
        var stacks = Synthesized.StackIds.Where(id => id.StartsWith("prod-", StringComparison.Ordinal)).Select(Synthesized.Stack)
            .Where(s => Protected(s).Count > 0).ToArray();
        Assert.That(stacks.SelectMany(Protected).Select(address => address.Split('.')[0]).Distinct(),
            Is.SupersetOf(new[] { "aws_s3_bucket", "aws_dynamodb_table", "aws_kms_key" }), "the state bucket, lock table and CMKs are protected");

        foreach (var stack in stacks)
        {
            var root = Path.Combine(Path.GetTempPath(), $"ecolaura-tf-{Environment.ProcessId}", $"prevent-destroy-{stack.Id}-{Guid.NewGuid():N}"[..40]);
            var expected = Protected(stack);
            TestContext.Progress.WriteLine($"[prevent_destroy] {stack.Id}: mocked apply, then plan -destroy of {expected.Count} protected resources");

            var clock = System.Diagnostics.Stopwatch.StartNew();
            var applied = MockApply.Run(Path.Combine(root, "mocked"), stack, MockApply.PlaceholderUpstreams(stack));
            TestContext.Progress.WriteLine($"[prevent_destroy] {stack.Id}: mocked apply and teardown {clock.Elapsed.TotalSeconds:0.0} s");
            Assert.That(applied.RunStatus, Is.EqualTo("pass"), $"{stack.Id}: the mocked apply failed:\n{applied.Output}");
            // terraform test tears down with a destroy, which the lifecycle refuses as well (dependents first, so at
            // least the protected resources nothing protected depends on are named).
            Assert.That(applied.ExitCode, Is.EqualTo(1), applied.Output);
            Assert.That(applied.Errors(Refused).Select(d => RefusedAddress(d.Str("detail"))), Is.Not.Empty.And.SubsetOf(expected), applied.Output);

            var dir = OfflineWorkspace.Prepare(stack);
            TerraformCli.Ok(dir, $"init -input=false -no-color -plugin-dir={TerraformCli.MirrorRoot}");

            // The whole applied state: Terraform refuses the plan at the first protected resources it reaches (a
            // protected resource that others depend on is only reached once they are gone).
            var refusal = PlanDestroy(dir, applied.ToStateFile(stack));
            Assert.That(refusal.ExitCode, Is.EqualTo(1), refusal.Output);
            Assert.That(Diagnostics(refusal.Output, Refused).Select(RefusedAddress), Is.Not.Empty.And.SubsetOf(expected), refusal.Output);

            // Only the protected resources, without dependencies between them: each one is refused on its own.
            var each = PlanDestroy(dir, applied.ToStateFile(stack, only: expected));
            Assert.That(each.ExitCode, Is.EqualTo(1), each.Output);
            Assert.That(Diagnostics(each.Output, Refused).Select(RefusedAddress), Is.EquivalentTo(expected), each.Output);

            // Control: an override file that only turns the flags off lets the same plan destroy the whole applied state.
            var unprotect = new JsonObject();
            foreach (var address in expected)
            {
                var (type, name) = (address.Split('.')[0], address.Split('.')[1]);
                var byName = unprotect[type]?.AsObject() ?? (JsonObject)(unprotect[type] = new JsonObject());
                byName[name] = new JsonObject { ["lifecycle"] = new JsonObject { ["prevent_destroy"] = false } };
            }

            File.WriteAllText(Path.Combine(dir, "ecolaura_test_unprotected_override.tf.json"), new JsonObject { ["resource"] = unprotect }.ToJsonString());
            var control = PlanDestroy(dir, applied.ToStateFile(stack));
            Assert.That(control.ExitCode, Is.Zero, $"without prevent_destroy the destroy plan must succeed:\n{control.Output}");
            var summary = control.Output.Split('\n').Where(l => l.StartsWith('{')).Select(l => JsonNode.Parse(l)!)
                .LastOrDefault(m => m.Str("type") == "change_summary")?["changes"];
            Assert.That(summary?.Num("remove"), Is.EqualTo(applied.Resources.Count), control.Output);
        }
    }

    /// <summary>Addresses of the resources whose lifecycle sets prevent_destroy.</summary>
    private static IReadOnlyList<string> Protected(StackJson stack) =>
        (stack.Root["resource"]?.AsObject() ?? [])
        .SelectMany(type => type.Value!.AsObject()
            .Where(r => r.Value?["lifecycle"].Bool("prevent_destroy") == true)
            .Select(r => $"{type.Key}.{r.Key}"))
        .ToArray();

    /// <summary><c>terraform plan -destroy -refresh=false -json</c> in an initialised offline copy whose local state is <paramref name="state"/>.</summary>
    private static TerraformCli.Result PlanDestroy(string dir, JsonObject state)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        File.WriteAllText(Path.Combine(dir, "terraform.tfstate"), state.ToJsonString());
        var result = TerraformCli.Run(dir, "plan -destroy -refresh=false -input=false -no-color -json -lock-timeout=10s");
        TestContext.Progress.WriteLine($"[prevent_destroy] plan -destroy of {state["resources"]!.AsArray().Count} resources: exit {result.ExitCode} in {clock.Elapsed.TotalSeconds:0.0} s");
        return result;
    }

    private static IEnumerable<string?> Diagnostics(string jsonLines, string summary) =>
        jsonLines.Split('\n').Where(l => l.StartsWith('{')).Select(l => JsonNode.Parse(l)!)
            .Where(m => m.Str("type") == "diagnostic" && m["diagnostic"].Str("summary") == summary)
            .Select(m => m["diagnostic"].Str("detail"));

    private static string RefusedAddress(string? detail)
    {
        var match = RefusedResource().Match(detail ?? "");
        return match.Success ? match.Groups[1].Value : throw new AssertionException($"unexpected '{Refused}' detail: {detail}");
    }

    [GeneratedRegex(@"^Resource (\S+) has lifecycle\.prevent_destroy set")]
    private static partial Regex RefusedResource();
}
