using Ecolaura.Tf.Tests.Shared;
using Ecolaura.Tf.Tests.Support;

namespace Ecolaura.Tf.Tests.Terraform;

/// <summary>The worked example's production environment in us-west-2 (DR in us-east-2) validates and plans offline like the embedded ones (platform: JSON checks only, as everywhere).</summary>
[TestFixture]
[NonParallelizable]
[Category(Categories.Terraform)]
public class SecondRegionTerraformTests
{
    public static IEnumerable<Workspace> Workspaces() => [Workspace.Foundation, Workspace.Security, Workspace.Network, Workspace.Data, Workspace.Compute, Workspace.Edge, Workspace.Dr];

    [TestCaseSource(nameof(Workspaces))]
    public void A_second_region_environment_validates_and_plans_offline(Workspace workspace)
    {
        var stack = SecondRegionTests.Stack(workspace);
        TerraformRuns.Result(Runs.Value[stack.Id]).AssertPlannedCleanly(stack);
    }

    /// <summary>Every case's offline run, started together when the first case asks (<see cref="OfflinePlans"/>).</summary>
    private static readonly Lazy<IReadOnlyDictionary<string, Task<OfflinePlans.Run>>> Runs =
        new(() => OfflinePlans.Start(Workspaces().Select(SecondRegionTests.Stack)));

    /// <summary>Every run this fixture started has ended (<see cref="TerraformRuns.WaitAll{TKey, TValue}"/>).</summary>
    [OneTimeTearDown]
    public void WaitForTheRuns() => TerraformRuns.WaitAll(Runs);
}
