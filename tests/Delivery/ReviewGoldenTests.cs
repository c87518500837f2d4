using System.Text.Json;
using System.Text.Json.Nodes;
using Ecolaura.Tf.App;
using Ecolaura.Tf.App.Delivery;
using Ecolaura.Tf.Tests.Support;
using Ecolaura.Tf.Tests.Upgrades;

namespace Ecolaura.Tf.Tests.Delivery;

/// <summary>
/// The review comment's golden files, <c>tests/Delivery/Goldens/</c>: <c>plans/</c> is a plan folder made by real offline
/// plans of this project (dev-foundation by <c>./ecolaura plan --offline</c>'s runner; prod-network with an override file
/// that changes the flow-log retention, removes the interface endpoints and narrows the data subnets, planned against a
/// mocked apply of the default configuration, so it has changes, replacements and deletes), and <c>review.md</c> is what
/// <c>./ecolaura review</c> prints for it. Regenerate both with
/// <c>ECOLAURA_UPDATE_GOLDENS=1 ./ecolaura test --filter "FullyQualifiedName~ReviewGolden"</c> and commit them.
/// </summary>
/// <remarks>
/// The committed <c>plan.json</c> files keep only what the review reads (format and Terraform versions, and for each
/// resource change or drift its address, type, actions, <c>action_reason</c> and <c>replace_paths</c>; output actions):
/// values of a mocked apply are random, so whole plans would differ on every run. prod-network's <c>plan.txt</c> shows
/// those random prior values and is therefore not compared; dev-foundation's is.
/// </remarks>
public static class ReviewGoldens
{
    /// <summary>The override file of prod-network's change.</summary>
    public const string NetworkChange = """{ "environments": { "prod": { "network": { "flowLogRetentionDays": 400, "interfaceEndpoints": false, "dataSubnetPrefix": 25 } } } }""";

    /// <summary>The command that regenerates the goldens.</summary>
    public const string UpdateCommand = "ECOLAURA_UPDATE_GOLDENS=1 ./ecolaura test --filter \"FullyQualifiedName~ReviewGolden\"";

    /// <summary><c>tests/Delivery/Goldens</c>.</summary>
    public static string Folder => Path.Combine(Repository.Root, "tests", "Delivery", "Goldens");

    /// <summary>The golden plan folder.</summary>
    public static string Plans => Path.Combine(Folder, "plans");

    /// <summary>The golden comment.</summary>
    public static string Comment => Path.Combine(Folder, "review.md");

    /// <summary>Whether this run rewrites the goldens instead of comparing them.</summary>
    public static bool Update => Environment.GetEnvironmentVariable("ECOLAURA_UPDATE_GOLDENS") == "1";

    /// <summary>A plan reduced to what the review reads, in a stable form.</summary>
    public static JsonObject Trim(JsonObject plan)
    {
        static JsonArray Changes(JsonNode? list) => new((list?.AsArray() ?? []).OfType<JsonObject>().Select(c =>
        {
            var change = new JsonObject
            {
                ["address"] = c["address"]?.DeepClone(),
                ["mode"] = c["mode"]?.DeepClone(),
                ["type"] = c["type"]?.DeepClone(),
                ["name"] = c["name"]?.DeepClone(),
                ["change"] = new JsonObject { ["actions"] = c["change"]?["actions"]?.DeepClone() },
            };
            if (c["change"]?["replace_paths"] is { } paths)
            {
                change["change"]!["replace_paths"] = paths.DeepClone();
            }

            if (c["action_reason"] is { } reason)
            {
                change["action_reason"] = reason.DeepClone();
            }

            return (JsonNode)change;
        }).ToArray());

        var trimmed = new JsonObject
        {
            ["format_version"] = plan["format_version"]?.DeepClone(),
            ["terraform_version"] = plan["terraform_version"]?.DeepClone(),
            ["resource_changes"] = Changes(plan["resource_changes"]),
        };
        if (plan["resource_drift"] is { } drift)
        {
            trimmed["resource_drift"] = Changes(drift);
        }

        trimmed["output_changes"] = new JsonObject((plan["output_changes"]?.AsObject() ?? []).OrderBy(o => o.Key, StringComparer.Ordinal)
            .Select(o => KeyValuePair.Create<string, JsonNode?>(o.Key, new JsonObject { ["actions"] = o.Value?["actions"]?.DeepClone() })));
        return trimmed;
    }

    /// <summary>Pretty JSON with a final newline, as committed.</summary>
    public static string Write(JsonNode node) => node.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
}

/// <summary>The plan fixtures are real offline plans of the current configuration (regenerated and compared).</summary>
[TestFixture]
[NonParallelizable]
[Category(Categories.Terraform)]
public class ReviewGoldenPlanTests
{
    [Test]
    public void The_golden_plans_are_what_offline_plans_of_this_project_produce_now()
    {
        using var dir = TestTemp.Create("review-golden");
        var run = PlanRunner.RunAsync(
            new PlanOptions
            {
                Outdir = Synthesized.Directory,
                PlanDir = dir,
                Environments = ["dev"],
                Workspaces = ["foundation"],
                Offline = true,
                Environment = name => name == ProviderMirror.Variable ? TerraformCli.MirrorRoot : null,
            },
            TestContext.Progress,
            CancellationToken.None).GetAwaiter().GetResult();
        Assert.That(run.Stacks.Single().Status, Is.EqualTo(PlanStatus.Changes), File.Exists(Path.Combine(dir, "dev-foundation", PlanRunner.LogFile)) ? File.ReadAllText(Path.Combine(dir, "dev-foundation", PlanRunner.LogFile)) : "");

        var before = Synthesized.Stack(EnvironmentName.Prod, Workspace.Network);
        var after = Synthesized.StackWithOverride(ReviewGoldens.NetworkChange, EnvironmentName.Prod, Workspace.Network);
        var upgrade = UpgradePlan.Run(before, after);
        var network = ReviewGoldens.Trim(upgrade.Shown);
        var kinds = PlanSummary.ResourceChanges(network).Select(PlanSummary.Kind).ToHashSet();
        Assert.That(kinds, Is.SupersetOf(new[] { ChangeKind.Change, ChangeKind.Replace, ChangeKind.Destroy }), upgrade.Summary);

        var files = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["dev-foundation/plan.json"] = ReviewGoldens.Write(ReviewGoldens.Trim(JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "dev-foundation", PlanRunner.PlanJsonFile)))!.AsObject())),
            ["dev-foundation/plan.txt"] = File.ReadAllText(Path.Combine(dir, "dev-foundation", PlanRunner.PlanTextFile)),
            ["prod-network/plan.json"] = ReviewGoldens.Write(network),
        };
        var stacks = new[]
        {
            run.Stacks.Single() with { Seconds = 0 },
            new StackPlan("prod-network", Synthesized.Manifest["stacks"]!["prod-network"]!["dependencies"]!.AsArray().Select(d => d!.GetValue<string>()).ToArray(), PlanStatus.Changes, null, PlanSummary.From(network), 0),
        };
        files["run.json"] = ReviewGoldens.Write(PlanRunner.ToJson(new PlanRun(true, stacks)));

        if (ReviewGoldens.Update)
        {
            if (Directory.Exists(ReviewGoldens.Plans))
            {
                Directory.Delete(ReviewGoldens.Plans, recursive: true);
            }

            foreach (var (name, content) in files)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(ReviewGoldens.Plans, name))!);
                File.WriteAllText(Path.Combine(ReviewGoldens.Plans, name), content);
            }

            File.WriteAllText(Path.Combine(ReviewGoldens.Plans, "prod-network", PlanRunner.PlanTextFile), upgrade.Output);
            File.WriteAllText(ReviewGoldens.Comment, ReviewComment.Render([ReviewGoldens.Plans]));
            Assert.Pass($"rewrote {ReviewGoldens.Folder}");
        }

        foreach (var (name, content) in files)
        {
            var committed = Path.Combine(ReviewGoldens.Plans, name);
            Assert.That(File.Exists(committed) ? File.ReadAllText(committed) : null, Is.EqualTo(content), $"{committed} is stale: regenerate with {ReviewGoldens.UpdateCommand} and commit it");
        }
    }
}

/// <summary>The review comment of the golden plans (no terraform: reads the committed plan folder).</summary>
public class ReviewGoldenCommentTests
{
    [Test]
    public void The_comment_of_the_golden_plans_is_the_golden_comment()
    {
        var rendered = ReviewComment.Render([ReviewGoldens.Plans]);
        if (ReviewGoldens.Update)
        {
            File.WriteAllText(ReviewGoldens.Comment, rendered);
        }

        Assert.That(rendered, Is.EqualTo(File.ReadAllText(ReviewGoldens.Comment)), $"{ReviewGoldens.Comment} is stale: regenerate with {ReviewGoldens.UpdateCommand} and commit it");
    }

    [Test]
    public void The_readme_shows_the_summary_of_the_golden_comment()
    {
        var golden = File.ReadAllText(ReviewGoldens.Comment);
        var summary = golden[..golden.IndexOf("<details>", StringComparison.Ordinal)].TrimEnd() + "\n";
        Assert.That(File.ReadAllText(Path.Combine(Repository.Root, "README.md")), Does.Contain("````markdown\n" + summary + "````\n"), "README.md, Reviewing and delivering changes: paste the summary of tests/Delivery/Goldens/review.md");
    }

    [Test]
    public void The_comment_starts_with_the_marker_and_flags_every_delete_and_replace()
    {
        var rendered = ReviewComment.Render([ReviewGoldens.Plans]);
        Assert.That(rendered, Does.StartWith(ReviewComment.Marker + "\n"));
        var network = JsonNode.Parse(File.ReadAllText(Path.Combine(ReviewGoldens.Plans, "prod-network", PlanRunner.PlanJsonFile)))!.AsObject();
        var destructive = PlanSummary.ResourceChanges(network).Where(c => PlanSummary.Kind(c) is ChangeKind.Destroy or ChangeKind.Replace).ToArray();
        Assert.That(destructive, Is.Not.Empty);
        var section = rendered[rendered.IndexOf("### :warning: Destructive changes", StringComparison.Ordinal)..rendered.IndexOf("### dev", StringComparison.Ordinal)];
        foreach (var change in destructive)
        {
            Assert.That(section, Does.Contain($"`{change["address"]!.GetValue<string>()}`"));
        }

        Assert.That(section, Does.Contain("replace_because_cannot_update"));
        Assert.That(rendered.IndexOf("### dev", StringComparison.Ordinal), Is.LessThan(rendered.IndexOf("### prod", StringComparison.Ordinal)), "environments in graph order");
        Assert.That(rendered, Does.Contain("<details><summary>prod-network: "));
    }

    [Test]
    public void A_stateful_resource_is_bold()
    {
        var change = JsonNode.Parse("""{ "address": "aws_db_instance.postgres", "type": "aws_db_instance", "change": { "actions": ["delete", "create"], "replace_paths": [["engine"]] }, "action_reason": "replace_because_cannot_update" }""")!.AsObject();
        var plan = new JsonObject { ["resource_changes"] = new JsonArray(change) };
        var run = new PlanRun(false, [new StackPlan("prod-data", ["prod-network"], PlanStatus.Changes, null, PlanSummary.From(plan), 1)]);
        var rendered = ReviewComment.Render(run, _ => (plan, "plan text"));
        Assert.That(rendered, Does.Contain("| prod-data | **`aws_db_instance.postgres`** (stateful) | replace | replace_because_cannot_update | engine |"));
        Assert.That(rendered, Does.Contain("planned against the **applied** outputs"));
    }

    [TestCase(40_000)]
    [TestCase(12_000)]
    public void A_long_comment_is_cut_in_the_details_never_in_the_summary(int limit)
    {
        var full = ReviewComment.Render([ReviewGoldens.Plans]);
        Assert.That(full.Length, Is.GreaterThan(limit), "the golden comment is long enough to need cutting");
        var cut = ReviewComment.Render([ReviewGoldens.Plans], limit);
        Assert.That(cut.Length, Is.LessThanOrEqualTo(limit));
        var summary = full[..full.IndexOf("<details>", StringComparison.Ordinal)];
        Assert.That(cut, Does.StartWith(summary));
        Assert.That(cut, Does.Contain("cut to fit GitHub's comment limit"));
        Assert.That(cut.Split("<details>").Length, Is.EqualTo(full.Split("<details>").Length), "every stack keeps its details block");
        Assert.That(cut.Split("```").Length % 2, Is.EqualTo(1), "fences stay balanced");
    }

    [Test]
    public void Review_of_a_folder_without_a_run_is_refused()
    {
        var stderr = new StringWriter();
        var code = Cli.Run(["review", Path.Combine(ReviewGoldens.Folder, "nothing-here")], new StringWriter(), stderr, _ => null);
        Assert.That(code, Is.EqualTo(Cli.Invalid));
        Assert.That(stderr.ToString(), Does.Contain("review: ").And.Contain("is not a plan folder; run ./ecolaura plan --out"));
    }
}
