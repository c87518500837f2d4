using System.Text.Json.Nodes;
using Ecolaura.Tf.App.Delivery;
using Ecolaura.Tf.Tests.Support;

namespace Ecolaura.Tf.Tests.Delivery;

/// <summary>
/// <c>./ecolaura plan --changed-since</c>, the decision (<see cref="ChangeSelection"/>) on the default synth and edited
/// copies of it: what counts as a change, which consumers follow a changed output, and what selects everything.
/// </summary>
public class ChangeSelectionTests
{
    private static SynthSnapshot Default(Action<Dictionary<string, JsonObject>>? edit = null, Action<Dictionary<string, string>>? editLocks = null)
    {
        var snapshot = ChangedSince.Read(Synthesized.Directory);
        var stacks = snapshot.Stacks.ToDictionary(s => s.Key, s => s.Value.DeepClone().AsObject(), StringComparer.Ordinal);
        var locks = snapshot.LockFiles.ToDictionary(s => s.Key, s => s.Value, StringComparer.Ordinal);
        edit?.Invoke(stacks);
        editLocks?.Invoke(locks);
        return new SynthSnapshot(snapshot.Manifest.DeepClone().AsObject(), stacks, locks);
    }

    private static string[] SelectedIds(ChangeSelection.Result result) => result.Selected.ToArray();

    /// <summary>The stacks reading <paramref name="id"/>, directly or through others (from the default manifest).</summary>
    private static HashSet<string> Downstream(string id)
    {
        var graph = StackGraph.Load(Synthesized.Directory);
        var found = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<string>([id]);
        while (queue.TryDequeue(out var next))
        {
            foreach (var consumer in graph.ConsumersOf(next).Where(found.Add))
            {
                queue.Enqueue(consumer);
            }
        }

        return found;
    }

    [Test]
    public void The_same_synth_selects_nothing_and_says_unchanged_for_every_stack()
    {
        var result = ChangeSelection.Select(Default(), Default(), []);
        Assert.That(result.Stacks.Select(s => s.Id), Is.EqualTo(StackGraph.Load(Synthesized.Directory).InDependencyOrder));
        Assert.That(result.Selected, Is.Empty);
        Assert.That(result.Stacks.Select(s => s.Reason), Has.All.EqualTo(ChangeSelection.Unchanged));
        Assert.That(result.Everything, Is.Null);
        Assert.That(result.Removed, Is.Empty);
    }

    [Test]
    public void Key_order_and_cdktf_comment_blocks_are_not_changes()
    {
        var head = Default(stacks =>
        {
            var network = stacks["prod-network"];
            network["//"] = new JsonObject { ["metadata"] = new JsonObject { ["version"] = "9.9.9", ["stackName"] = "prod-network" } };
            var reordered = new JsonObject(network.Reverse().Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone())));
            stacks["prod-network"] = reordered;
            foreach (var (_, resource) in reordered["resource"]!["aws_subnet"]!.AsObject())
            {
                resource!["//"] = new JsonObject { ["metadata"] = new JsonObject { ["path"] = "moved/in/the/construct/tree" } };
            }
        });

        Assert.That(ChangeSelection.Select(Default(), head, []).Selected, Is.Empty);
    }

    [Test]
    public void A_change_no_output_depends_on_selects_only_its_own_stack()
    {
        // An alarm of prod-data: no output reads it, so the stacks reading prod-data are left alone.
        var (type, name) = UnreferencedResource("prod-data");
        var head = Default(stacks => stacks["prod-data"]["resource"]![type]![name]!["alarm_description"] = "changed");

        var result = ChangeSelection.Select(Default(), head, []);
        Assert.That(SelectedIds(result), Is.EqualTo(new[] { "prod-data" }));
        Assert.That(result.Stacks.Single(s => s.Id == "prod-data").Reason, Is.EqualTo($"its Terraform JSON changed: resource.{type}.{name}"));
        Assert.That(Downstream("prod-data"), Is.Not.Empty, "the test needs a stack with consumers");
        Assert.That(result.Stacks.Where(s => !s.Selected).Select(s => s.Reason), Has.All.EqualTo(ChangeSelection.Unchanged));
    }

    [Test]
    public void A_subnet_change_selects_every_stack_downstream_of_the_outputs_that_name_it()
    {
        var subnets = Default().Stacks["prod-network"]["resource"]!["aws_subnet"]!.AsObject();
        var subnet = subnets.Select(s => s.Key).First(k => k.Contains("data", StringComparison.Ordinal));
        var head = Default(stacks => stacks["prod-network"]["resource"]!["aws_subnet"]![subnet]!["cidr_block"] = "10.30.250.0/24");

        var result = ChangeSelection.Select(Default(), head, []);
        // prod-compute reads prod-network's app subnets, groups and VPC, none of which names the data subnet: left alone.
        var expected = Downstream("prod-network").Append("prod-network").Where(id => id != "prod-compute").ToHashSet();
        Assert.That(SelectedIds(result), Is.EquivalentTo(expected));
        Assert.That(expected, Does.Contain("prod-data").And.Contain("prod-edge").And.Contain("prod-platform"));
        var data = result.Stacks.Single(s => s.Id == "prod-data").Reason;
        Assert.That(data, Does.StartWith("reads prod-network, whose outputs may change: ").And.Contain("data_subnet_ids"));
        Assert.That(result.Stacks.Single(s => s.Id == "prod-compute").Reason, Does.StartWith("unchanged: its Terraform JSON is the same as the base ref's and it reads none of the outputs that may change (prod-network: "));
        Assert.That(result.Stacks.Where(s => !s.Id.StartsWith("prod-", StringComparison.Ordinal)).Select(s => s.Selected), Has.All.False);
    }

    [Test]
    public void A_changed_output_expression_selects_the_consumers_and_theirs()
    {
        var head = Default(stacks =>
        {
            var output = stacks["dev-network"]["output"]!["vpc_id"]!;
            output["description"] = output["description"]!.GetValue<string>() + " (edited)";
        });

        var result = ChangeSelection.Select(Default(), head, []);
        // The consumers that read vpc_id, and theirs; dev-data reads other outputs of dev-network only.
        var readers = Downstream("dev-network").Where(id => Synthesized.Stack(id).Root.ToJsonString().Contains("data.terraform_remote_state.network.outputs.vpc_id", StringComparison.Ordinal)).ToArray();
        Assert.That(readers, Is.Not.Empty);
        Assert.That(SelectedIds(result), Is.EquivalentTo(readers.SelectMany(r => Downstream(r).Append(r)).Append("dev-network").Distinct()));
        Assert.That(SelectedIds(result), Does.Not.Contain("dev-data"));
        Assert.That(result.Stacks.Single(s => s.Id == "dev-network").Reason, Is.EqualTo("its Terraform JSON changed: output.vpc_id"));
    }

    [Test]
    public void A_configuration_change_to_an_output_no_consumer_reads_selects_only_its_own_stack()
    {
        // A longer flow-log retention changes the log group that the output flow_log_group_name names; nothing reads it.
        var head = ChangedSince.Read(Synthesized.WithOverride(FlowLogChange, "dev").Directory);
        var result = ChangeSelection.Select(Default(), head, []);

        Assert.That(SelectedIds(result), Is.EqualTo(new[] { "dev-network" }), string.Join("\n", result.Stacks.Select(s => $"{s.Id}: {s.Reason}")));
        Assert.That(result.Stacks.Single(s => s.Id == "dev-network").Reason, Does.StartWith("its Terraform JSON changed: resource.aws_cloudwatch_log_group."));
        // Without the read filter the consumers would follow: the output may change, they just do not read it.
        Assert.That(result.Stacks.Single(s => s.Id == "dev-data").Reason, Is.EqualTo("unchanged: its Terraform JSON is the same as the base ref's and it reads none of the outputs that may change (dev-network: flow_log_group_name)"));
    }

    [Test]
    public void A_configuration_change_to_a_read_output_selects_its_readers()
    {
        var head = ChangedSince.Read(Synthesized.WithOverride(FourZones, "dev").Directory);
        var result = ChangeSelection.Select(Default(), head, []);

        Assert.That(SelectedIds(result), Is.EquivalentTo(Downstream("dev-network").Append("dev-network")), string.Join("\n", result.Stacks.Select(s => $"{s.Id}: {s.Reason}")));
        Assert.That(result.Stacks.Single(s => s.Id == "dev-data").Reason, Does.StartWith("reads dev-network, whose outputs may change: ").And.Contain("data_subnet_ids"));
    }

    /// <summary>An override of dev's flow-log retention (read by no consumer).</summary>
    public const string FlowLogChange = """{ "environments": { "dev": { "network": { "flowLogRetentionDays": 400 } } } }""";

    /// <summary>An override giving dev's VPC four zones (so four subnets per tier, and four in every subnet list output).</summary>
    public const string FourZones = """{ "environments": { "dev": { "network": { "availabilityZones": ["us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d"] } } } }""";

    [Test]
    public void A_provider_version_change_in_one_stack_selects_everything_with_the_reason()
    {
        var head = Default(stacks => stacks["staging-edge"]["terraform"]!["required_providers"]!["aws"]!["version"] = "5.99.0");
        var result = ChangeSelection.Select(Default(), head, []);
        Assert.That(result.Selected, Has.Count.EqualTo(result.Stacks.Count));
        Assert.That(result.Everything, Is.EqualTo("a change the JSON cannot judge: staging-edge: terraform.required_providers changed"));
        Assert.That(result.Stacks.Select(s => s.Reason), Has.All.EqualTo(result.Everything));
    }

    [Test]
    public void A_lock_file_or_a_global_file_change_selects_everything()
    {
        var baseline = Default(editLocks: locks => locks["dev-foundation"] = "# an older lock\n");
        Assert.That(ChangeSelection.Select(baseline, Default(), []).Everything, Does.Contain("dev-foundation: its provider lock file (.terraform.lock.hcl) changed"));

        var result = ChangeSelection.Select(Default(), Default(), [".terraform-version changed", "locks/a changed", "locks/b changed", "locks/c changed"]);
        Assert.That(result.Selected, Has.Count.EqualTo(result.Stacks.Count));
        Assert.That(result.Everything, Is.EqualTo("a change the JSON cannot judge: .terraform-version changed; locks/a changed; locks/b changed and 1 more"));
    }

    [Test]
    public void A_new_stack_is_selected_with_its_consumers_and_a_removed_one_is_reported()
    {
        var baseline = Default(stacks => stacks.Remove("dev-network"));
        baseline.Manifest["stacks"]!.AsObject().Remove("dev-network");
        var head = Default();
        baseline.Manifest["stacks"]!.AsObject()["dev-gone"] = new JsonObject { ["dependencies"] = new JsonArray() };

        var result = ChangeSelection.Select(baseline, head, []);
        Assert.That(result.Stacks.Single(s => s.Id == "dev-network").Reason, Is.EqualTo("new stack (the base ref does not have it)"));
        Assert.That(SelectedIds(result), Is.EquivalentTo(Downstream("dev-network").Append("dev-network")));
        Assert.That(result.Removed, Is.EqualTo(new[] { "dev-gone" }));
    }

    [Test]
    public void An_unreferenced_name_that_contains_a_changed_one_is_not_a_reference()
    {
        var stack = new JsonObject
        {
            ["resource"] = new JsonObject { ["aws_sns_topic"] = new JsonObject { ["a"] = new JsonObject { ["name"] = "a" }, ["ab"] = new JsonObject { ["name"] = "ab" } } },
            ["data"] = new JsonObject { ["aws_sns_topic"] = new JsonObject { ["a"] = new JsonObject { ["name"] = "x" } } },
            ["output"] = new JsonObject
            {
                ["ab"] = new JsonObject { ["value"] = "${aws_sns_topic.ab.arn}" },
                ["data_a"] = new JsonObject { ["value"] = "${data.aws_sns_topic.a.arn}" },
                ["a"] = new JsonObject { ["value"] = "${aws_sns_topic.a.arn}" },
            },
        };
        var manifest = new JsonObject { ["stacks"] = new JsonObject { ["dev-x"] = new JsonObject { ["dependencies"] = new JsonArray() }, ["dev-y"] = new JsonObject { ["dependencies"] = new JsonArray("dev-x") } } };
        var head = stack.DeepClone().AsObject();
        head["resource"]!["aws_sns_topic"]!["a"]!["name"] = "a2";
        var none = new Dictionary<string, string>();

        Assert.That(ChangeSelection.ChangedAddresses(stack, head), Is.EqualTo(new[] { "resource.aws_sns_topic.a" }));
        var result = ChangeSelection.Select(
            new SynthSnapshot(manifest, new Dictionary<string, JsonObject> { ["dev-x"] = stack, ["dev-y"] = new JsonObject() }, none),
            new SynthSnapshot(manifest, new Dictionary<string, JsonObject> { ["dev-x"] = head, ["dev-y"] = new JsonObject() }, none),
            []);
        Assert.That(result.Stacks.Single(s => s.Id == "dev-y").Reason, Is.EqualTo("reads dev-x, whose outputs may change: a"));
    }

    [Test]
    public void Unchanged_stacks_are_recorded_in_run_json_without_terraform_and_the_review_lists_them_as_unchanged()
    {
        using var dir = TestTemp.Create("unchanged-run");
        var dev = StackGraph.Load(Synthesized.Directory).Select(["dev"], []);
        var progress = new StringWriter();
        var run = PlanRunner.RunAsync(
            new PlanOptions { Outdir = Synthesized.Directory, PlanDir = dir, Environments = ["dev"], Unchanged = dev.ToDictionary(id => id, _ => ChangeSelection.Unchanged) },
            progress,
            CancellationToken.None).GetAwaiter().GetResult();

        Assert.That(run.Stacks.Select(s => (s.Id, s.Status, s.Reason)), Is.EqualTo(dev.Select(id => (id, PlanStatus.Unchanged, (string?)ChangeSelection.Unchanged))));
        Assert.That(run.ExitCode, Is.Zero);
        Assert.That(progress.ToString(), Does.Contain($"0 stack(s) ({dev.Count} unchanged, not planned)").And.Contain($"{dev.Count} unchanged; review"));
        Assert.That(PlanRunner.Load(dir).Stacks.Select(s => s.Status), Has.All.EqualTo(PlanStatus.Unchanged));

        var comment = ReviewComment.Render([dir.Path]);
        Assert.That(comment, Does.Contain($"0 with changes, 0 without, 0 failed, 0 skipped, {dev.Count} unchanged (not planned"));
        foreach (var id in dev)
        {
            Assert.That(comment, Does.Contain($"| {StackGraph.WorkspaceOf(id)} | – | – | – | – | – | – | unchanged |"));
        }
    }

    [TestCase(".terraform-version", true)]
    [TestCase("locks/aws.terraform.lock.hcl", true)]
    [TestCase("cdktf.out/stacks/dev-network/.terraform.lock.hcl", true)]
    [TestCase("modules/Network/NetworkConfig.cs", false)]
    [TestCase("docs/locks.md", false)]
    public void Files_the_json_cannot_judge(string path, bool global) => Assert.That(ChangedSince.IsGlobal(path), Is.EqualTo(global));

    /// <summary>A resource of <paramref name="stackId"/> that no other block of it names, so no output can depend on it.</summary>
    private static (string Type, string Name) UnreferencedResource(string stackId)
    {
        var stack = Default().Stacks[stackId];
        var text = stack.ToJsonString();
        var found = stack["resource"]!.AsObject()
            .Where(t => t.Key == "aws_cloudwatch_metric_alarm")
            .SelectMany(t => t.Value!.AsObject().Select(r => (Type: t.Key, Name: r.Key)))
            .FirstOrDefault(r => !text.Contains($"{r.Type}.{r.Name}", StringComparison.Ordinal));
        Assert.That(found.Name, Is.Not.Null, $"{stackId} has an alarm no block names");
        return found;
    }
}
