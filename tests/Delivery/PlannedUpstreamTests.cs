using System.Text.Json.Nodes;
using Ecolaura.Tf.App;
using Ecolaura.Tf.App.Delivery;
using Ecolaura.Tf.Tests.Support;

namespace Ecolaura.Tf.Tests.Delivery;

/// <summary>
/// Downstream offline plans with upstream planned values (<see cref="PlannedUpstream"/>), without terraform: what a
/// consumer's upstream state holds for a producer's plan, what it reads, and how the review comment reports values
/// known only after apply. The real chain (network planned, then data with its planned outputs) is in
/// <see cref="PlanRunnerTerraformTests"/>.
/// </summary>
public class PlannedUpstreamTests
{
    /// <summary>A network plan: one known changed output, one list of four unknown ids, one wholly unknown id, one no-op.</summary>
    private static JsonObject NetworkPlan() => JsonNode.Parse("""
        {
          "output_changes": {
            "vpc_cidr": { "actions": ["update"], "before": "10.10.0.0/16", "after": "10.99.0.0/16", "after_unknown": false },
            "data_subnet_ids": { "actions": ["update"], "after": [null, "subnet-0123456789abcdef0", null, null], "after_unknown": [true, false, true, true] },
            "vpc_id": { "actions": ["create"], "after_unknown": true },
            "flow_log_group_name": { "actions": ["no-op"], "before": "/aws/vpc/x", "after": "/aws/vpc/x", "after_unknown": false },
            "not_in_the_contract": { "actions": ["create"], "after": "ignored", "after_unknown": false }
          }
        }
        """)!.AsObject();

    [Test]
    public void Known_values_are_used_and_unknown_parts_are_placeholders_shaped_like_the_planned_value()
    {
        var placeholders = Ecolaura.Tf.App.Delivery.OfflineWorkspace.PlaceholderOutputs(Workspace.Network);
        var values = PlannedUpstream.From(NetworkPlan(), Workspace.Network, new HashSet<string> { "vpc_cidr", "data_subnet_ids", "vpc_id", "flow_log_group_name" });

        Assert.That(values.Outputs["vpc_cidr"]!["value"]!.GetValue<string>(), Is.EqualTo("10.99.0.0/16"));
        Assert.That(
            values.Outputs["data_subnet_ids"]!["value"]!.AsArray().Select(v => v!.GetValue<string>()),
            Is.EqualTo(new[] { "subnet-0a1b2c3d4e5f6200a", "subnet-0123456789abcdef0", "subnet-0a1b2c3d4e5f6200c", "subnet-0a1b2c3d4e5f6200d" }),
            "four items as planned (the placeholder has three), the known one kept");
        Assert.That(placeholders["data_subnet_ids"]!["value"]!.AsArray(), Has.Count.EqualTo(3));
        Assert.That(JsonNode.DeepEquals(values.Outputs["vpc_id"], placeholders["vpc_id"]), "wholly unknown: the placeholder");
        Assert.That(JsonNode.DeepEquals(values.Outputs["flow_log_group_name"], placeholders["flow_log_group_name"]), "a no-op output keeps what the consumer would read anyway");
        Assert.That(JsonNode.DeepEquals(values.Outputs["app_subnet_ids"], placeholders["app_subnet_ids"]), "an output the plan does not list keeps its placeholder");
        Assert.That(values.Outputs.ContainsKey("not_in_the_contract"), Is.False);
        Assert.That(values.Outputs["data_subnet_ids"]!["type"]!.ToJsonString(), Is.EqualTo("""["list","string"]"""));

        Assert.That(values.Planned, Is.EqualTo(new[] { "network.vpc_cidr" }));
        Assert.That(values.KnownAfterApply, Is.EquivalentTo(new[] { "network.data_subnet_ids", "network.vpc_id" }));
    }

    [Test]
    public void Only_the_outputs_the_consumer_reads_are_reported()
    {
        var values = PlannedUpstream.From(NetworkPlan(), Workspace.Network, new HashSet<string> { "data_subnet_ids" });
        Assert.That(values.Planned, Is.Empty);
        Assert.That(values.KnownAfterApply, Is.EqualTo(new[] { "network.data_subnet_ids" }));
        Assert.That(values.Outputs["vpc_cidr"]!["value"]!.GetValue<string>(), Is.EqualTo("10.99.0.0/16"), "the state still holds every planned value");

        var all = PlannedUpstream.From(NetworkPlan(), Workspace.Network, new HashSet<string> { "*" });
        Assert.That(all.KnownAfterApply, Is.EquivalentTo(new[] { "network.data_subnet_ids", "network.vpc_id" }));
    }

    [Test]
    public void Reads_are_found_in_the_synthesized_consumer()
    {
        var reads = PlannedUpstream.Reads(Synthesized.Stack("prod-data").Root);
        Assert.That(reads["network"], Is.EquivalentTo(new[] { "cache_security_group_id", "data_subnet_ids", "database_security_group_id" }));
        Assert.That(reads.Keys, Is.EquivalentTo(new[] { "foundation", "network" }));
        var whole = PlannedUpstream.Reads(JsonNode.Parse("""{ "locals": { "x": "${data.terraform_remote_state.network.outputs}" } }""")!.AsObject());
        Assert.That(whole["network"], Is.EqualTo(new[] { "*" }));
    }

    [Test]
    public void The_review_says_which_upstream_values_are_known_after_apply()
    {
        var plan = new JsonObject { ["resource_changes"] = new JsonArray(JsonNode.Parse("""{ "address": "aws_db_subnet_group.postgres", "type": "aws_db_subnet_group", "change": { "actions": ["create"] } }""")) };
        var data = new StackPlan("dev-data", ["dev-network"], PlanStatus.Changes, null, PlanSummary.From(plan), 1)
        {
            KnownAfterApply = ["network.cache_security_group_id", "network.data_subnet_ids", "network.database_security_group_id"],
            PlannedInputs = ["network.vpc_cidr"],
        };
        var network = new StackPlan("dev-network", [], PlanStatus.Changes, null, PlanSummary.From(plan), 1);
        var rendered = ReviewComment.Render(new PlanRun(true, [network, data]), _ => (plan, "plan text"));

        Assert.That(rendered, Does.Contain("| network | 1 | 0 | 0 | 0 | 0 | 0 | changes |\n"));
        Assert.That(rendered, Does.Contain("| data | 1 | 0 | 0 | 0 | 0 | 0 | changes; depends on network.cache_security_group_id, network.data_subnet_ids and 1 more, known after apply |"));
        var details = rendered[rendered.IndexOf("<details><summary>dev-data", StringComparison.Ordinal)..];
        Assert.That(details, Does.Contain("- depends on network.data_subnet_ids, known after apply (a placeholder stood in)\n"));
        Assert.That(details, Does.Contain("- depends on network.database_security_group_id, known after apply"));
        Assert.That(details, Does.Contain("- planned upstream values used: network.vpc_cidr\n"));
        Assert.That(rendered, Does.Contain("the planned values of the upstream plans of this run"));
    }

    [Test]
    public void Run_json_keeps_the_upstream_lists_and_leaves_them_out_when_empty()
    {
        using var dir = TestTemp.Create("planned-run-json");
        var data = new StackPlan("dev-data", ["dev-network"], PlanStatus.Failed, "x", null, 1) { KnownAfterApply = ["network.data_subnet_ids"], PlannedInputs = ["network.vpc_cidr"] };
        var network = new StackPlan("dev-network", [], PlanStatus.Failed, "y", null, 1);
        var json = PlanRunner.ToJson(new PlanRun(true, [network, data]));
        Assert.That(json["stacks"]![0]!.AsObject().ContainsKey("known_after_apply"), Is.False);
        File.WriteAllText(Path.Combine(dir, PlanRunner.RunFile), json.ToJsonString());

        var loaded = PlanRunner.Load(dir).Stacks.Single(s => s.Id == "dev-data");
        Assert.That(loaded.KnownAfterApply, Is.EqualTo(new[] { "network.data_subnet_ids" }));
        Assert.That(loaded.PlannedInputs, Is.EqualTo(new[] { "network.vpc_cidr" }));
    }
}
