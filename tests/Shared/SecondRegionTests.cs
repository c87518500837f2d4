using System.Text.Json.Nodes;
using Ecolaura.Tf.Tests.Support;

namespace Ecolaura.Tf.Tests.Shared;

/// <summary>
/// The README's worked example: a second production environment whose primary region is us-west-2 (DR us-east-2),
/// added by configuration alone. CloudFront and WAF alarms still live in us-east-1, so its foundation adds a us-east-1
/// pair of alert topics and its edge alarms into them.
/// </summary>
public class SecondRegionTests
{
    /// <summary>The override of the README's worked example.</summary>
    public const string ProdWest = """
        { "environments": { "prod-west": {
            "tier": "production", "accountId": "444444444444", "region": "us-west-2",
            "network": { "vpcCidr": "10.40.0.0/16" },
            "dr": { "region": "us-east-2", "vpcCidr": "10.140.0.0/16", "cloudFrontPrefixListId": "pl-b6a144df" },
            "edge": { "domain": "west.ecolaura.example", "hostedZoneId": "Z000000000WESTZONE" },
            "compute": { "adminRoleArn": "arn:aws:iam::444444444444:role/ecolaura-prod-west-platform-admin" } } } }
        """;

    public static StackJson Stack(Workspace workspace) => Synthesized.StackWithOverride(ProdWest, "prod-west", workspace);

    [Test]
    public void The_readme_shows_this_override()
    {
        var readme = File.ReadAllText(Path.Combine(Repository.Root, "README.md"));
        var start = readme.IndexOf("**Worked example: production in a second region.**", StringComparison.Ordinal);
        Assert.That(start, Is.GreaterThan(0), "the README's configuration section has the worked example");
        var block = readme[(readme.IndexOf("```json\n", start, StringComparison.Ordinal) + 8)..];
        block = block[..block.IndexOf("```", StringComparison.Ordinal)];
        Assert.That(JsonNode.DeepEquals(JsonNode.Parse(block), JsonNode.Parse(ProdWest)), Is.True, block);
    }

    [Test]
    public void Its_stacks_deploy_to_its_own_region_with_its_own_state()
    {
        foreach (var workspace in new[] { Workspace.Network, Workspace.Data, Workspace.Compute, Workspace.Edge })
        {
            var stack = Stack(workspace);
            var providers = stack.Root["provider"]!["aws"]!.AsArray();
            Assert.That(providers.Single(p => p!["alias"] is null)!.Str("region"), Is.EqualTo("us-west-2"), stack.Id);
            Assert.That(stack.Root["terraform"]!["backend"]!["s3"].Str("key"), Is.EqualTo($"prod-west/{workspace.Id()}.tfstate"), stack.Id);
            Assert.That(stack.Root["terraform"]!["backend"]!["s3"].Str("bucket"), Is.EqualTo("ecolaura-prod-west-tfstate-444444444444-us-west-2"), stack.Id);
        }
    }

    [Test]
    public void Foundation_adds_us_east_1_alert_topics_and_publishes_them()
    {
        var foundation = Stack(Workspace.Foundation);
        var topics = foundation.Resources("aws_sns_topic");
        Assert.That(topics.Keys, Is.EquivalentTo(new[] { "alerts_critical", "alerts_noncritical", "alerts_us_east_1_critical", "alerts_us_east_1_noncritical" }));
        Assert.That(topics["alerts_us_east_1_critical"].Str("provider"), Is.EqualTo("aws.us_east_1"));
        Assert.That(foundation.Root["output"]!["us_east_1_critical_alerts_topic_arn"]!.Str("value"), Is.EqualTo("${aws_sns_topic.alerts_us_east_1_critical.arn}"));
        var slack = foundation.Single("aws_chatbot_slack_channel_configuration");
        Assert.That(slack.Strs("sns_topic_arns"), Does.Contain("${aws_sns_topic.alerts_us_east_1_noncritical.arn}"), "one Slack channel relays both regions");
        Assert.That(foundation.Resources("aws_sns_topic_subscription").Values.Select(s => s.Str("topic_arn")),
            Does.Contain("${aws_sns_topic.alerts_us_east_1_critical.arn}"), "PagerDuty pages from both regions");
    }

    [Test]
    public void Embedded_environments_publish_no_us_east_1_topics() =>
        Assert.That(Synthesized.Stack("prod-foundation").Root["output"]!.AsObject().Select(o => o.Key), Has.None.StartsWith("us_east_1_"));

    [Test]
    public void CloudFront_and_waf_alarms_notify_us_east_1_topics()
    {
        var edge = Stack(Workspace.Edge);
        var alarms = edge.Resources("aws_cloudwatch_metric_alarm");
        foreach (var name in new[] { "alarms_cloudfront_5xx_rate", "alarms_waf_blocked_spike" })
        {
            Assert.That(alarms[name].Str("provider"), Is.EqualTo("aws.us_east_1"), name);
            Assert.That(alarms[name].Strs("alarm_actions").Single(), Does.StartWith("${data.terraform_remote_state.foundation.outputs.us_east_1_"), name);
        }

        Assert.That(alarms["alarms_alb_5xx"].Strs("alarm_actions").Single(), Is.EqualTo("${data.terraform_remote_state.foundation.outputs.critical_alerts_topic_arn}"));
    }
}
