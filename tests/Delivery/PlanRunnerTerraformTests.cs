using System.Text.Json.Nodes;
using Ecolaura.Tf.App;
using Ecolaura.Tf.App.Delivery;
using Ecolaura.Tf.Tests.Support;

namespace Ecolaura.Tf.Tests.Delivery;

/// <summary>
/// <c>./ecolaura plan --offline</c> with real terraform on two stacks of the default synth: dependency order, the plan
/// folder (plan.json, plan.txt, run.json), the exit code, and upstream outputs handed in by the caller instead of the
/// contract placeholders (what change-aware plans build on). The three runs go side by side (<see cref="TerraformRuns"/>).
/// </summary>
[TestFixture]
[NonParallelizable]
[Category(Categories.Terraform)]
public class PlanRunnerTerraformTests
{
    private const string PlannedKey = "arn:aws:kms:us-east-1:111111111111:key/0badc0de-0000-4000-8000-00000000beef";

    [Test]
    public void Plans_foundation_then_network_offline_with_a_planned_upstream_value()
    {
        var (folder, progress, run) = Finished(nameof(Plans_foundation_then_network_offline_with_a_planned_upstream_value));
        using var dir = folder;
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

        var networkText = File.ReadAllText(Path.Combine(dir, "dev-network", PlanRunner.PlanTextFile));
        Assert.That(networkText, Does.StartWith("\nTerraform used the selected providers").And.Not.Contain("Reading..."),
            "plan.txt carries no remote-state read lines (the cut leaves out those terraform plan printed; show never prints them)");

        var network = File.ReadAllText(Path.Combine(dir, "dev-network", PlanRunner.PlanJsonFile));
        Assert.That(network, Does.Contain(PlannedKey), "the network plan uses the upstream value it was handed");
        Assert.That(PlanRunner.Load(dir).Stacks.Select(s => (s.Id, s.Status, s.Summary)), Is.EqualTo(run.Stacks.Select(s => (s.Id, s.Status, s.Summary))));
    }

    [Test]
    public void A_network_change_to_a_published_output_shows_in_the_consumer_plan_of_the_same_run()
    {
        // Four zones in dev: dev-network's plan has four data subnets, whose ids are known only after apply.
        var (folder, progress, run) = Finished(nameof(A_network_change_to_a_published_output_shows_in_the_consumer_plan_of_the_same_run));
        using var dir = folder;
        Assert.That(run.Stacks.Select(s => (s.Id, s.Status)), Is.EqualTo(new[] { ("dev-network", PlanStatus.Changes), ("dev-data", PlanStatus.Changes) }), progress.ToString());
        var networkPlan = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "dev-network", PlanRunner.PlanJsonFile)))!.AsObject();
        Assert.That(networkPlan["output_changes"]!["data_subnet_ids"]!["after_unknown"]!.AsArray(), Has.Count.EqualTo(4), "the upstream plan has four unknown subnet ids");

        var dataPlan = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "dev-data", PlanRunner.PlanJsonFile)))!.AsObject();
        var groups = PlanSummary.ResourceChanges(dataPlan).Where(c => c["type"]!.GetValue<string>() is "aws_db_subnet_group" or "aws_elasticache_subnet_group").ToArray();
        Assert.That(groups, Is.Not.Empty);
        var fourSubnets = new[] { "a", "b", "c", "d" }.Select(l => $"subnet-0a1b2c3d4e5f6200{l}").ToArray();
        foreach (var group in groups)
        {
            // The contract placeholder has three subnets: four can only come from the upstream plan.
            Assert.That(group["change"]!["after"]!["subnet_ids"]!.AsArray().Select(v => v!.GetValue<string>()), Is.EquivalentTo(fourSubnets), group["address"]!.GetValue<string>());
        }

        Assert.That(Ecolaura.Tf.App.Delivery.OfflineWorkspace.PlaceholderOutputs(Workspace.Network)["data_subnet_ids"]!["value"]!.AsArray(), Has.Count.EqualTo(3));
        var data = run.Stacks.Single(s => s.Id == "dev-data");
        Assert.That(data.KnownAfterApply, Is.EqualTo(new[] { "network.cache_security_group_id", "network.data_subnet_ids", "network.database_security_group_id" }));
        Assert.That(run.Stacks.Single(s => s.Id == "dev-network").KnownAfterApply, Is.Empty, "dev-foundation was not planned in this run: placeholders, nothing to report");
        Assert.That(PlanRunner.Load(dir).Stacks.Single(s => s.Id == "dev-data").KnownAfterApply, Is.EqualTo(data.KnownAfterApply));

        var comment = ReviewComment.Render([dir.Path]);
        Assert.That(comment, Does.Contain("| data |").And.Contain("changes; depends on network.cache_security_group_id, network.data_subnet_ids and 1 more, known after apply |"));
        Assert.That(comment, Does.Contain("- depends on network.data_subnet_ids, known after apply"));
    }

    /// <summary>
    /// Offline, <c>plan.txt</c> is cut from the plan's own output (<see cref="PlanRunner.PlanText"/>): for a plan that
    /// reads a data source (progress lines before the plan) and uses a deprecated argument (a warning after it), the cut
    /// is exactly what <c>terraform show -no-color</c> prints for the saved plan.
    /// </summary>
    [Test]
    public void The_plan_text_cut_from_the_plan_output_is_what_show_prints()
    {
        using var dir = TestTemp.Create("plan-text");
        var config = new JsonObject
        {
            ["terraform"] = new JsonObject { ["required_providers"] = new JsonObject { ["aws"] = new JsonObject { ["source"] = "hashicorp/aws", ["version"] = TerraformCli.AwsProviderVersion } } },
            ["provider"] = new JsonObject { ["aws"] = new JsonArray(new JsonObject { ["region"] = "eu-west-1", ["skip_credentials_validation"] = true, ["skip_requesting_account_id"] = true, ["skip_metadata_api_check"] = true }) },
            ["data"] = new JsonObject { ["aws_iam_policy_document"] = new JsonObject { ["read"] = new JsonObject { ["statement"] = new JsonArray(new JsonObject { ["actions"] = new JsonArray("s3:GetObject"), ["resources"] = new JsonArray("*") }) } } },
            ["resource"] = new JsonObject { ["aws_s3_bucket"] = new JsonObject { ["logs"] = new JsonObject { ["bucket"] = "ecolaura-plan-text", ["versioning"] = new JsonArray(new JsonObject { ["enabled"] = true }) } } },
            ["output"] = new JsonObject { ["policy"] = new JsonObject { ["value"] = "${data.aws_iam_policy_document.read.json}" } },
        };
        File.WriteAllText(dir.Combine("main.tf.json"), config.ToJsonString());
        TerraformCli.Ok(dir, $"init -input=false -no-color -plugin-dir={TerraformCli.MirrorRoot}");

        var plan = TerraformProcess.RunAsync(dir, ["plan", "-input=false", "-no-color", "-detailed-exitcode", "-out=text.tfplan", "-refresh=false", "-lock=false"], TerraformCli.OfflineEnvironment, CancellationToken.None).GetAwaiter().GetResult();
        Assert.That(plan.ExitCode, Is.EqualTo(2), plan.Output);
        Assert.That(plan.StandardOutput, Does.Contain("data.aws_iam_policy_document.read: Reading...").And.Contain("\nWarning: Argument is deprecated"), "both are there to leave out");
        var shown = TerraformProcess.RunAsync(dir, ["show", "-no-color", "text.tfplan"], TerraformCli.OfflineEnvironment, CancellationToken.None).GetAwaiter().GetResult();
        Assert.That(shown.ExitCode, Is.Zero, shown.Output);
        Assert.That(PlanRunner.PlanText(plan.StandardOutput), Is.EqualTo(shown.StandardOutput));
    }

    [Test]
    public void A_value_known_at_plan_time_reaches_the_consumer_instead_of_the_contract_example()
    {
        // dev-data's access-log bucket name is configuration, so its plan knows it; dev-edge reads it.
        var (folder, progress, run) = Finished(nameof(A_value_known_at_plan_time_reaches_the_consumer_instead_of_the_contract_example));
        using var dir = folder;
        Assert.That(run.Stacks.Select(s => (s.Id, s.Status)), Is.EqualTo(new[] { ("dev-data", PlanStatus.Changes), ("dev-edge", PlanStatus.Changes) }), progress.ToString());
        var dataPlan = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "dev-data", PlanRunner.PlanJsonFile)))!.AsObject();
        var planned = dataPlan["output_changes"]!["access_logs_bucket_name"]!["after"]!.GetValue<string>();
        var example = Ecolaura.Tf.App.Delivery.OfflineWorkspace.PlaceholderOutputs(Workspace.Data)["access_logs_bucket_name"]!["value"]!.GetValue<string>();
        Assert.That(planned, Does.StartWith("ecolaura-dev-").And.Not.EqualTo(example));

        var edge = run.Stacks.Single(s => s.Id == "dev-edge");
        Assert.That(edge.PlannedInputs, Does.Contain("data.access_logs_bucket_name"));
        Assert.That(edge.KnownAfterApply, Does.Contain("data.access_logs_bucket_arn"), "an ARN is known only after apply");
        var edgePlan = File.ReadAllText(Path.Combine(dir, "dev-edge", PlanRunner.PlanJsonFile));
        // The ALB's access logs go to the planned bucket (the bucket ARN, known only after apply, still holds the example).
        Assert.That(edgePlan, Does.Contain($"\"bucket\": \"{planned}\"").And.Not.Contain($"\"bucket\": \"{example}\""), "dev-edge's plan uses dev-data's planned bucket name");
    }

    /// <summary>One finished offline plan run: its plan folder, its progress output and its result.</summary>
    private sealed record OfflineRun(TempDirectory Dir, StringWriter Progress, PlanRun Run);

    /// <summary>In the calling test: its run, started with every other test's run when the first test asked.</summary>
    private static OfflineRun Finished(string test) => TerraformRuns.Result(Runs.Value[test]);

    /// <summary>
    /// Every test's <c>./ecolaura plan --offline</c> run, by test name, all started together when the first test asks;
    /// each holds one of <see cref="TerraformRuns"/>' slots (its two stacks depend on each other, so one terraform runs
    /// at a time in it). The override synth of the four-zone run happens before its slot is taken.
    /// </summary>
    private static readonly Lazy<IReadOnlyDictionary<string, Task<OfflineRun>>> Runs = new(() => TerraformRuns.Detached(() => new Dictionary<string, Task<OfflineRun>>
    {
        [nameof(Plans_foundation_then_network_offline_with_a_planned_upstream_value)] = Start("plan-run", () => Synthesized.Directory, ["network", "foundation"], (stack, remoteState) =>
        {
            if (stack != "dev-network" || remoteState != "foundation")
            {
                return null;
            }

            var outputs = Ecolaura.Tf.App.Delivery.OfflineWorkspace.PlaceholderOutputs(Workspace.Foundation);
            outputs["logs_kms_key_arn"] = new JsonObject { ["value"] = PlannedKey, ["type"] = "string" };
            return outputs;
        }),
        [nameof(A_network_change_to_a_published_output_shows_in_the_consumer_plan_of_the_same_run)] =
            Start("plan-planned-upstream", () => Synthesized.WithOverride(ChangeSelectionTests.FourZones, "dev").Directory, ["network", "data"]),
        [nameof(A_value_known_at_plan_time_reaches_the_consumer_instead_of_the_contract_example)] = Start("plan-known-upstream", () => Synthesized.Directory, ["data", "edge"]),
    }));

    /// <summary>Every run this fixture started has ended (<see cref="TerraformRuns.WaitAll{TKey, TValue}"/>).</summary>
    [OneTimeTearDown]
    public void WaitForTheRuns() => TerraformRuns.WaitAll(Runs);

    /// <summary>
    /// Starts <c>./ecolaura plan --offline</c> of the dev <paramref name="workspaces"/> of the synth in
    /// <paramref name="outdir"/> into a fresh folder named after <paramref name="name"/>, with the test mirror.
    /// </summary>
    /// <param name="upstream">Planned upstream outputs handed to the runner (<see cref="PlanOptions.Upstream"/>), or null for the contract placeholders.</param>
    private static Task<OfflineRun> Start(string name, Func<string> outdir, string[] workspaces, Func<string, string, JsonObject?>? upstream = null) => Task.Run(() =>
    {
        var synth = outdir();
        return TerraformRuns.Start(() =>
        {
            var dir = TestTemp.Create(name);
            var progress = new StringWriter();
            var run = PlanRunner.RunAsync(
                new PlanOptions
                {
                    Outdir = synth,
                    PlanDir = dir,
                    Environments = ["dev"],
                    Workspaces = workspaces,
                    Offline = true,
                    Parallelism = 2,
                    Environment = variable => variable == ProviderMirror.Variable ? TerraformCli.MirrorRoot : null,
                    Upstream = upstream,
                },
                progress,
                CancellationToken.None).GetAwaiter().GetResult();
            return new OfflineRun(dir, progress, run);
        });
    });
}
