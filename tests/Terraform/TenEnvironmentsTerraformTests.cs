using Ecolaura.Tf.Tests.Shared;
using Ecolaura.Tf.Tests.Support;

namespace Ecolaura.Tf.Tests.Terraform;

/// <summary>
/// The Terraform tier over the generated environments of the ten-environment synth: every workspace kind is checked
/// once, each in a different generated environment where it exists (so every tier is covered: team-01 development, team-02 staging,
/// team-03 production, …), with the same offline <c>init</c> and <c>plan</c> (validation included) as
/// <see cref="TerraformTierTests"/>. The three embedded environments are already that tier's cases. Running the whole
/// tier over all ten environments is one command, documented in docs/testing.md (<c>ECOLAURA_TEST_CONFIG</c>).
/// </summary>
[TestFixture]
[NonParallelizable]
[Category(Categories.Terraform)]
[Category(Categories.Scale)]
public class TenEnvironmentsTerraformTests
{
    [Test]
    public void Every_workspace_kind_of_a_generated_environment_validates_and_plans_offline()
    {
        var generated = TenEnvironments.Generated;
        var kinds = Synthesized.InDependencyOrder.Where(id => Synthesized.EnvironmentOf(id) == "prod").Select(Synthesized.WorkspaceOf).ToArray();
        Assert.That(kinds, Has.Length.GreaterThanOrEqualTo(6), "prod has every workspace kind");
        var checkedStacks = new List<string>();
        for (var i = 0; i < kinds.Length; i++)
        {
            // The i-th generated environment that has this kind (dr exists only where the tier needs it).
            var kind = kinds[i];
            var id = Enumerable.Range(i, generated.Count).Select(k => $"{generated[k % generated.Count]}-{kind}")
                .FirstOrDefault(TenEnvironments.StackIds.Contains) ?? throw new AssertionException($"no generated environment has a {kind} stack");
            var stack = TenEnvironments.Stack(id);
            Assert.That(StackChecks.JsonProblems(stack), Is.Empty, $"{id}: JSON-level checks");
            if (StackChecks.MissingBinaries(stack) is { Count: > 0 } missing)
            {
                TestContext.Progress.WriteLine($"[terraform] {id}: JSON checks only; the offline mirror has no binary for {string.Join(", ", missing)}");
                continue;
            }

            checkedStacks.Add(id);
        }

        var runs = OfflinePlans.Start(checkedStacks.Select(TenEnvironments.Stack));
        foreach (var id in checkedStacks)
        {
            TerraformRuns.Result(runs[id]).AssertPlannedCleanly(TenEnvironments.Stack(id));
        }

        Assert.That(checkedStacks, Has.Count.GreaterThanOrEqualTo(6), "stacks planned by terraform");
    }
}
