using System.Text.Json.Nodes;
using Ecolaura.Tf.App.Delivery;
using Ecolaura.Tf.Tests.Foundation;
using Ecolaura.Tf.Tests.Support;
using Product = Ecolaura.Tf.App.Delivery.OfflineWorkspace;

namespace Ecolaura.Tf.Tests.Terraform;

/// <summary>
/// The <c>cloud</c> backend with real Terraform, without HCP Terraform or any network: a cloud-mode stack as
/// synthesized passes <c>terraform init -backend=false</c> and <c>validate</c> (the <c>cloud</c> block and the
/// <c>remote</c> reads are well-formed for Terraform 1.11.4), and <c>./ecolaura plan --offline</c> plans cloud-mode
/// stacks in order (the local backend of the offline override replaces the <c>cloud</c> block, the placeholder states
/// replace the <c>remote</c> reads). What is not proven here: a real HCP Terraform run, authentication, run triggers.
/// </summary>
[TestFixture]
[NonParallelizable]
[Category(Categories.Terraform)]
public class CloudBackendTerraformTests
{
    private static Synthesized.Override CloudSynth => Synthesized.WithOverride(CloudBackendTests.CloudOverride, "prod");

    [Test]
    public void A_cloud_stack_as_synthesized_validates_without_a_backend()
    {
        var stack = CloudSynth.Stack("prod-data");
        using var dir = TestTemp.Create("cloud-validate");
        File.WriteAllText(dir.Combine(Ecolaura.Tf.App.OutputFolder.StackFile), stack.Root.ToJsonString());
        Product.WriteLock(stack.Root, dir);
        TerraformCli.Ok(dir, $"init -backend=false -input=false -no-color -plugin-dir={TerraformCli.MirrorRoot}");
        Assert.That(TerraformCli.Ok(dir, "validate -no-color"), Does.Contain("The configuration is valid."));
    }

    [Test]
    public void Plan_offline_plans_cloud_stacks_in_order_with_the_cloud_block_replaced()
    {
        using var dir = TestTemp.Create("cloud-plan");
        var progress = new StringWriter();
        var run = PlanRunner.RunAsync(
            new PlanOptions
            {
                Outdir = CloudSynth.Directory,
                PlanDir = dir,
                Environments = ["prod"],
                Workspaces = ["foundation", "network"],
                Offline = true,
                Parallelism = 2,
                Environment = name => name == ProviderMirror.Variable ? TerraformCli.MirrorRoot : null,
            },
            progress,
            CancellationToken.None).GetAwaiter().GetResult();

        Assert.That(run.Stacks.Select(s => (s.Id, s.Status)), Is.EqualTo(new[] { ("prod-foundation", PlanStatus.Changes), ("prod-network", PlanStatus.Changes) }), progress.ToString());
        foreach (var stack in run.Stacks)
        {
            var resources = CloudSynth.Stack(stack.Id).Root["resource"]!.AsObject().Sum(t => t.Value!.AsObject().Count);
            var plan = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, stack.Id, PlanRunner.PlanJsonFile)))!.AsObject();
            Assert.That(PlanSummary.From(plan).Add, Is.EqualTo(resources), stack.Id);
        }
    }
}
