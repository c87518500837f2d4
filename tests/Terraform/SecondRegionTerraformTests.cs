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
        var dir = OfflineWorkspace.Prepare(stack);
        TerraformCli.Ok(dir, $"init -input=false -no-color -plugin-dir={TerraformCli.MirrorRoot}");
        Assert.That(TerraformCli.Ok(dir, "validate -no-color"), Does.Contain("The configuration is valid"));
        var plan = TerraformCli.Ok(dir, "plan -refresh=false -input=false -lock=false -no-color");
        var resources = stack.Root["resource"]!.AsObject().Sum(t => t.Value!.AsObject().Count);
        Assert.That(plan, Does.Contain($"Plan: {resources} to add, 0 to change, 0 to destroy."), plan);
    }
}
