using System.Text.Json.Nodes;
using Ecolaura.Tf.Tests.Support;

namespace Ecolaura.Tf.Tests.Security;

/// <summary>The operations dashboard graphs exactly the alarms every workspace of its environment creates.</summary>
public class OperationsDashboardTests
{
    private static IEnumerable<EnvironmentName> AllEnvironments() => Enum.GetValues<EnvironmentName>();

    /// <summary>Alarm ARNs of every synthesized stack of <paramref name="env"/>, from the alarms' names and provider regions.</summary>
    private static string[] AlarmArns(EnvironmentName env, Func<Workspace, StackJson> stack)
    {
        var account = DefaultEnvironments.All.Single(e => e.Name == env.Id()).AccountId;
        return Enum.GetValues<Workspace>()
            .Where(w => File.Exists(Path.Combine(Synthesized.Directory, "stacks", $"{env.Id()}-{w.Id()}", "cdk.tf.json")))
            .Select(stack)
            .SelectMany(s => s.Resources("aws_cloudwatch_metric_alarm").Values.Select(a =>
            {
                var alias = a.Str("provider")?.Split('.').ElementAtOrDefault(1);
                var region = s.Root["provider"]!["aws"]!.AsArray().Single(p => p.Str("alias") == alias).Str("region");
                return $"arn:aws:cloudwatch:{region}:{account}:alarm:{a.Str("alarm_name")}";
            }))
            .ToArray();
    }

    private static JsonArray Widgets(StackJson security) =>
        JsonNode.Parse(security.Single("aws_cloudwatch_dashboard").Str("dashboard_body")!)!["widgets"]!.AsArray();

    private static string[] Graphed(JsonArray widgets) =>
        widgets.Where(w => w.Str("type") == "metric").Select(w => w!["properties"]!["annotations"].Strs("alarms").Single()).ToArray();

    [TestCaseSource(nameof(AllEnvironments))]
    public void Every_alarm_of_the_environment_is_graphed_once(EnvironmentName env)
    {
        var widgets = Widgets(Synthesized.Stack(env, Workspace.Security));
        var alarms = AlarmArns(env, w => Synthesized.Stack(env, w));
        Assert.That(alarms, Has.Length.GreaterThan(30));
        Assert.That(Graphed(widgets), Is.EquivalentTo(alarms));
        var states = widgets.Where(w => w.Str("type") == "alarm").SelectMany(w => w!["properties"].Strs("alarms"));
        Assert.That(states, Is.EquivalentTo(alarms), "every alarm also sits in its tier's alarm-state widget");
    }

    [Test]
    public void Every_tier_has_a_row_in_prod()
    {
        var titles = Widgets(Synthesized.Stack(EnvironmentName.Prod, Workspace.Security))
            .Where(w => w.Str("type") == "text").Select(w => w!["properties"].Str("markdown")).ToArray();
        Assert.That(titles, Is.EqualTo(OperationsDashboard.Tiers.Select(t => $"## {t.Title}")));
    }

    [Test]
    public void A_new_alarm_in_another_workspace_shows_up_by_itself()
    {
        // Two Redis nodes in dev: the data workspace adds per-node alarms (and a replication-lag alarm); nothing else changes.
        const string config = """{ "environments": { "dev": { "data": { "redis": { "nodes": 2, "automaticFailover": true } } } } }""";
        StackJson Stack(Workspace w) => Synthesized.StackWithOverride(config, EnvironmentName.Dev, w);
        var before = Graphed(Widgets(Synthesized.Stack(EnvironmentName.Dev, Workspace.Security)));
        var after = Graphed(Widgets(Stack(Workspace.Security)));
        var added = after.Except(before).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(added, Is.Not.Empty);
            Assert.That(added, Has.Some.EndsWith("-replication-lag"));
            Assert.That(added, Is.SubsetOf(AlarmArns(EnvironmentName.Dev, Stack)));
            Assert.That(after, Is.EquivalentTo(AlarmArns(EnvironmentName.Dev, Stack)));
        });
    }

    [Test]
    public void Alarms_of_an_unknown_namespace_get_an_other_row_and_widgets_never_overlap()
    {
        var alarms = Enumerable.Range(0, 5).Select(i => new DashboardAlarm($"rds-{i}", "us-east-1", "AWS/RDS", "CPUUtilization"))
            .Append(new DashboardAlarm("queue-depth", "eu-west-1", "AWS/SQS", "ApproximateNumberOfMessagesVisible"))
            .Append(new DashboardAlarm("cdn", "us-east-1", "AWS/CloudFront", "5xxErrorRate"));
        var widgets = JsonNode.Parse(OperationsDashboard.Render(alarms, "123456789012"))!["widgets"]!.AsArray();
        var titles = widgets.Where(w => w.Str("type") == "text").Select(w => w!["properties"].Str("markdown")).ToArray();
        var cells = widgets.SelectMany(w => Enumerable.Range((int)w.Num("x")!, (int)w.Num("width")!)
            .SelectMany(x => Enumerable.Range((int)w.Num("y")!, (int)w.Num("height")!).Select(y => (x, y)))).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(titles, Is.EqualTo(new[] { "## CloudFront", "## RDS PostgreSQL", "## Other" }));
            Assert.That(Graphed(widgets), Does.Contain("arn:aws:cloudwatch:eu-west-1:123456789012:alarm:queue-depth"));
            Assert.That(widgets.Where(w => w.Str("type") == "metric").Select(w => w!["properties"].Str("region")), Does.Contain("eu-west-1"));
            Assert.That(cells, Is.Unique, "no two widgets share a grid cell");
            Assert.That(widgets.Select(w => w.Num("x")! + w.Num("width")!), Has.All.LessThanOrEqualTo(24));
        });
    }
}
