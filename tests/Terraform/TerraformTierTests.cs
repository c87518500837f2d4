using Ecolaura.Tf.App;
using Ecolaura.Tf.Tests.Support;

namespace Ecolaura.Tf.Tests.Terraform;

/// <summary>
/// Every stack of <c>cdktf.out/manifest.json</c>, in dependency order, checked by real Terraform: <c>init</c> from the
/// provider mirror (with the repository's lock file, so the hashes are checked too) and <c>plan -refresh=false</c>, which
/// first runs Terraform's validation (schema, enums, ranges: what <c>terraform validate</c> checks) and then the
/// plan-time provider checks, offline. A stack that requires a provider the
/// offline mirror does not hold (kubernetes, helm) cannot be initialised here: its case is named
/// <c>Json_checks_only_no_provider_binary(&lt;stack&gt;: &lt;provider&gt;)</c> and runs the JSON-level checks of
/// <see cref="StackChecks.JsonProblems"/> instead, so it is reported, never skipped. The terraform runs of all stacks
/// start together, bounded by the machine's cores (issue 15: the suite's wall time).
/// </summary>
[TestFixture]
[NonParallelizable]
[Category(Categories.Terraform)]
public class TerraformTierTests
{
    /// <summary>One case per stack of the manifest, in dependency order.</summary>
    public static IEnumerable<TestCaseData> Stacks() =>
        Synthesized.InDependencyOrder.Select(id => StackChecks.MissingBinaries(Synthesized.Stack(id)) is { Count: > 0 } missing
            ? new TestCaseData(id, missing).SetName($"Json_checks_only_no_provider_binary({id}: {string.Join(", ", missing)})")
            : new TestCaseData(id, Array.Empty<string>()).SetName($"Validates_and_plans_offline({id})"));

    [TestCaseSource(nameof(Stacks))]
    public void Checks_every_stack_offline(string id, string[] missingBinaries)
    {
        var stack = Synthesized.Stack(id);
        Assert.That(StackChecks.JsonProblems(stack), Is.Empty, $"{id}: JSON-level checks");
        if (missingBinaries.Length > 0)
        {
            TestContext.Progress.WriteLine($"[terraform] {id}: JSON checks only; the offline mirror has no binary for {string.Join(", ", missingBinaries)}");
            Assert.That(StackChecks.MissingBinaries(stack), Is.EqualTo(missingBinaries), "the mirror changed since the cases were made");
            return;
        }

        TerraformRuns.Result(Runs.Value[id]).AssertPlannedCleanly(stack);
    }

    /// <summary>Every stack's offline run, started for all stacks together when the first case asks (<see cref="OfflinePlans"/>).</summary>
    private static readonly Lazy<IReadOnlyDictionary<string, Task<OfflinePlans.Run>>> Runs = new(() => OfflinePlans.Start(
        Synthesized.InDependencyOrder.Select(Synthesized.Stack).Where(stack => StackChecks.MissingBinaries(stack).Count == 0)));

    /// <summary>Every run this fixture started has ended (<see cref="TerraformRuns.WaitAll{TKey, TValue}"/>).</summary>
    [OneTimeTearDown]
    public void WaitForTheRuns() => TerraformRuns.WaitAll(Runs);

    [Test]
    public void Every_stack_pins_exact_provider_versions_and_aws_matches_the_mirror()
    {
        foreach (var id in Synthesized.InDependencyOrder)
        {
            var required = ProviderLocks.Required(Synthesized.Stack(id).Root);
            Assert.That(required, Is.Not.Empty, $"{id} requires no provider");
            Assert.That(required.Select(p => p.Version), Has.All.Match(@"^\d+\.\d+\.\d+$"), id);
            foreach (var aws in required.Where(p => p.Address == TerraformCli.AwsProviderAddress))
            {
                Assert.That(aws.Version, Is.EqualTo(TerraformCli.AwsProviderVersion), id);
            }
        }

        Assert.That(TerraformCli.MirrorHolds(TerraformCli.MirrorRoot, TerraformCli.AwsProviderAddress, TerraformCli.AwsProviderVersion));
    }

    [Test]
    public void Terraform_on_path_is_the_pinned_version()
    {
        var version = TerraformCli.Ok(TestTemp.Root, "version");
        Assert.That(version, Does.StartWith($"Terraform v{TerraformVersion.Pinned}"));
    }
}

/// <summary>Apply-time inputs are validated by Terraform itself (for example the Redis AUTH token length, 16–128 characters).</summary>
[TestFixture]
[NonParallelizable]
[Category(Categories.Terraform)]
public class SensitiveInputValidationTests
{
    [TestCase("redis_auth_token", "short", "redis_auth_token must be 16–128 characters")]
    [TestCase("db_master_password", "has spaces in it !!", "db_master_password must be 16–128 characters")]
    public void A_bad_secret_input_is_refused_at_plan(string variable, string value, string message)
    {
        using var dir = OfflineWorkspace.Prepare(Synthesized.Stack(EnvironmentName.Dev, Workspace.Data));
        TerraformCli.Ok(dir, $"init -input=false -no-color -plugin-dir={TerraformCli.MirrorRoot}");
        var result = TerraformCli.Run(dir, $"plan -refresh=false -input=false -lock=false -no-color -var {variable}=\"{value}\"");
        Assert.That(result.ExitCode, Is.Not.Zero);
        Assert.That(result.Output.Replace("\n", " "), Does.Contain(message));
    }
}
