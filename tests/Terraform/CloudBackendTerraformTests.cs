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
/// replace the <c>remote</c> reads), and <c>synth --hcl</c> keeps the <c>cloud</c> block in HCL that validates. What is
/// not proven here: a real HCP Terraform run, authentication, run triggers.
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
    public void The_hcl_export_of_a_cloud_stack_keeps_its_cloud_block_and_validates()
    {
        using var dir = TestTemp.Create("cloud-hcl");
        var outdir = dir.Combine("cdktf.out");
        foreach (var file in Directory.GetFiles(CloudSynth.Directory, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(outdir, Path.GetRelativePath(CloudSynth.Directory, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        var written = HclExport.ExportAsync(outdir, name => name == ProviderMirror.Variable ? TerraformCli.MirrorRoot : null, CancellationToken.None).GetAwaiter().GetResult();
        var network = written.Single(w => w.StackId == "prod-network");
        Assert.That(network.Path, Is.Not.Null, network.Reason);
        var hcl = File.ReadAllText(network.Path!);
        Assert.That(hcl, Does.Contain("  cloud {\n    hostname     = \"app.terraform.io\"\n    organization = \"ecolaura\"\n    workspaces {\n      name    = \"eco-prod-network\"\n      project = \"Ecolaura Hosting\"\n"));
        Assert.That(hcl, Does.Contain("data \"terraform_remote_state\" \"foundation\" {\n  backend = \"remote\""));
        var folder = Path.GetDirectoryName(network.Path)!;
        TerraformCli.Ok(folder, $"init -backend=false -input=false -no-color -plugin-dir={TerraformCli.MirrorRoot}");
        Assert.That(TerraformCli.Ok(folder, "validate -no-color"), Does.Contain("The configuration is valid"));
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
