using System.Text.Json.Nodes;
using Ecolaura.Tf.App;
using Ecolaura.Tf.App.Delivery;
using Ecolaura.Tf.Tests.Support;

namespace Ecolaura.Tf.Tests.Delivery;

/// <summary>
/// <c>./ecolaura plan --offline</c> with real terraform on two stacks of the default synth: dependency order, the plan
/// folder (plan.json, plan.txt, run.json), the exit code, and upstream outputs handed in by the caller instead of the
/// contract placeholders (what change-aware plans build on).
/// </summary>
[TestFixture]
[NonParallelizable]
[Category(Categories.Terraform)]
public class PlanRunnerTerraformTests
{
    [Test]
    public void Plans_foundation_then_network_offline_with_a_planned_upstream_value()
    {
        using var dir = TestTemp.Create("plan-run");
        const string plannedKey = "arn:aws:kms:us-east-1:111111111111:key/0badc0de-0000-4000-8000-00000000beef";
        var progress = new StringWriter();
        var run = PlanRunner.RunAsync(
            new PlanOptions
            {
                Outdir = Synthesized.Directory,
                PlanDir = dir,
                Environments = ["dev"],
                Workspaces = ["network", "foundation"],
                Offline = true,
                Parallelism = 2,
                Environment = name => name == ProviderMirror.Variable ? TerraformCli.MirrorRoot : null,
                Upstream = (stack, remoteState) =>
                {
                    if (stack != "dev-network" || remoteState != "foundation")
                    {
                        return null;
                    }

                    var outputs = Ecolaura.Tf.App.Delivery.OfflineWorkspace.PlaceholderOutputs(Workspace.Foundation);
                    outputs["logs_kms_key_arn"] = new JsonObject { ["value"] = plannedKey, ["type"] = "string" };
                    return outputs;
                },
            },
            progress,
            CancellationToken.None).GetAwaiter().GetResult();

        Assert.That(run.Stacks.Select(s => s.Id), Is.EqualTo(new[] { "dev-foundation", "dev-network" }), progress.ToString());
        Assert.That(run.Stacks.Select(s => s.Status), Has.All.EqualTo(PlanStatus.Changes), progress.ToString());
        Assert.That(run.ExitCode, Is.EqualTo(2));
        var lines = progress.ToString().Split('\n');
        Assert.That(Array.FindIndex(lines, l => l.Contains("] dev-foundation: ")), Is.LessThan(Array.FindIndex(lines, l => l.Contains("] dev-network: "))));

        foreach (var stack in run.Stacks)
        {
            var resources = Synthesized.Stack(stack.Id).Root["resource"]!.AsObject().Sum(t => t.Value!.AsObject().Count);
            var plan = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, stack.Id, PlanRunner.PlanJsonFile)))!.AsObject();
            Assert.That(PlanSummary.From(plan), Is.EqualTo(new PlanSummary(resources, 0, 0, 0, 0, plan["output_changes"]!.AsObject().Count)), stack.Id);
            Assert.That(stack.Summary, Is.EqualTo(PlanSummary.From(plan)));
            Assert.That(File.ReadAllText(Path.Combine(dir, stack.Id, PlanRunner.PlanTextFile)), Does.Contain($"Plan: {resources} to add, 0 to change, 0 to destroy."));
            Assert.That(File.Exists(Path.Combine(dir, stack.Id, PlanRunner.SavedPlanFile)), Is.False, "an offline plan is never kept to apply");
        }

        var network = File.ReadAllText(Path.Combine(dir, "dev-network", PlanRunner.PlanJsonFile));
        Assert.That(network, Does.Contain(plannedKey), "the network plan uses the upstream value it was handed");
        Assert.That(PlanRunner.Load(dir).Stacks.Select(s => (s.Id, s.Status, s.Summary)), Is.EqualTo(run.Stacks.Select(s => (s.Id, s.Status, s.Summary))));
    }
}
