using System.Text.Json.Nodes;
using Ecolaura.Tf.Tests.Support;

namespace Ecolaura.Tf.Tests.Dr;

/// <summary>
/// Traffic failover on the synthesized JSON: the health-checked PRIMARY origin record in edge, the SECONDARY in dr (warm
/// and active), the CloudFront origin group of the static assets, and that a mode change touches only the dr workspace.
/// </summary>
public class DrFailoverTests
{

    private static StackJson ProdDr(DrMode mode) => mode == DefaultEnvironments.Prod.Dr.Mode
        ? Synthesized.Stack(EnvironmentName.Prod, Workspace.Dr)
        : Synthesized.StackWithOverride($$"""{ "environments": { "prod": { "dr": { "mode": "{{mode.ToString().ToLowerInvariant()}}" } } } }""", EnvironmentName.Prod, Workspace.Dr);

    private static StackJson ProdWith(DrMode mode, Workspace workspace) => mode == DefaultEnvironments.Prod.Dr.Mode
        ? Synthesized.Stack(EnvironmentName.Prod, workspace)
        : Synthesized.StackWithOverride($$"""{ "environments": { "prod": { "dr": { "mode": "{{mode.ToString().ToLowerInvariant()}}" } } } }""", EnvironmentName.Prod, workspace);

    [Test]
    public void Dev_without_a_dr_region_has_a_simple_origin_record_and_no_origin_group()
    {
        var edge = Synthesized.Stack(EnvironmentName.Dev, Workspace.Edge);
        Assert.That(edge.Resource("aws_route53_record", "dns_origin_a")["failover_routing_policy"], Is.Null);
        Assert.That(edge.Resources("aws_route53_health_check"), Is.Empty);
        Assert.That(edge.Single("aws_cloudfront_distribution")["origin_group"], Is.Null);
    }

    [TestCase(EnvironmentName.Staging)]
    [TestCase(EnvironmentName.Prod)]
    public void The_origin_record_is_a_health_checked_primary_watched_by_a_critical_alarm(EnvironmentName env)
    {
        var edge = Synthesized.Stack(env, Workspace.Edge);
        var record = edge.Resource("aws_route53_record", "dns_origin_a");
        Assert.That(record["failover_routing_policy"].Str("type"), Is.EqualTo("PRIMARY"));
        Assert.That(record.Str("set_identifier"), Is.EqualTo(FailoverRouting.PrimarySetIdentifier));
        Assert.That(record.Str("health_check_id"), Is.EqualTo(edge.Ref("aws_route53_health_check", "origin")));
        Assert.That(record["alias"].Str("name"), Is.EqualTo(edge.Ref("aws_lb", "alb", "dns_name")), "the same record, still the primary load balancer");

        var check = edge.Resource("aws_route53_health_check", "origin");
        Assert.That(check.Str("type"), Is.EqualTo("CLOUDWATCH_METRIC"), "the ALB needs the origin header, which Route 53 checkers cannot send");
        Assert.That(check.Str("cloudwatch_alarm_name"), Is.EqualTo(edge.Ref("aws_cloudwatch_metric_alarm", "origin_health_origin_5xx", "alarm_name")));
        Assert.That(check.Str("cloudwatch_alarm_region"), Is.EqualTo(env.Config().Region));
        Assert.That(check.Str("insufficient_data_health_status"), Is.EqualTo("Unhealthy"));

        var origin = edge.Resource("aws_cloudwatch_metric_alarm", "origin_health_origin_5xx");
        Assert.That((origin.Str("namespace"), origin.Str("metric_name"), origin.Str("statistic")), Is.EqualTo(("AWS/ApplicationELB", "HTTPCode_ELB_5XX_Count", "Sum")));
        Assert.That(origin["dimensions"].Str("LoadBalancer"), Is.EqualTo(edge.Ref("aws_lb", "alb", "arn_suffix")));
        Assert.That(origin["metrics"], Is.Null, "Route 53 accepts single-metric alarms only");
        Assert.That(origin.Strs("alarm_actions"), Is.EqualTo(new[] { "${data.terraform_remote_state.foundation.outputs.critical_alerts_topic_arn}" }));

        var status = edge.Resource("aws_cloudwatch_metric_alarm", "origin_health_status");
        Assert.That((status.Str("namespace"), status.Str("metric_name")), Is.EqualTo(("AWS/Route53", "HealthCheckStatus")));
        Assert.That(status["dimensions"].Str("HealthCheckId"), Is.EqualTo(edge.Ref("aws_route53_health_check", "origin")));
        Assert.That(status.Strs("alarm_actions").Single(), Does.Contain("critical_alerts_topic_arn"));
    }

    [Test]
    public void The_secondary_is_the_dr_load_balancer_in_warm_and_active_and_absent_in_pilot()
    {
        Assert.That(ProdDr(DrMode.Pilot).Resources("aws_route53_record").Keys, Has.None.EqualTo("dns_origin_a"), "pilot has no load balancer to fail over to");
        var edge = Synthesized.Stack(EnvironmentName.Prod, Workspace.Edge).Resource("aws_route53_record", "dns_origin_a");
        foreach (var mode in new[] { DrMode.Warm, DrMode.Active })
        {
            var dr = ProdDr(mode);
            var secondary = dr.Resource("aws_route53_record", "dns_origin_a");
            Assert.That(secondary["failover_routing_policy"].Str("type"), Is.EqualTo("SECONDARY"), mode.ToString());
            Assert.That(secondary.Str("set_identifier"), Is.EqualTo(FailoverRouting.SecondarySetIdentifier));
            Assert.That((secondary.Str("zone_id"), secondary.Str("name"), secondary.Str("type")), Is.EqualTo((edge.Str("zone_id"), edge.Str("name"), edge.Str("type"))),
                "the pair shares zone, name and type");
            Assert.That(secondary["alias"].Str("name"), Is.EqualTo(dr.Ref("aws_lb", "alb", "dns_name")));
            Assert.That(secondary["alias"].Bool("evaluate_target_health"), Is.True);
        }
    }

    [TestCase(EnvironmentName.Staging)]
    [TestCase(EnvironmentName.Prod)]
    public void Static_assets_fail_over_to_the_dr_replica_through_an_origin_group(EnvironmentName env)
    {
        var cdn = Synthesized.Stack(env, Workspace.Edge).Single("aws_cloudfront_distribution");
        var group = cdn["origin_group"]!.AsArray().Single()!;
        Assert.That(group.Str("origin_id"), Is.EqualTo(ContentDistribution.S3GroupId));
        Assert.That(group["member"]!.AsArray().Select(m => m.Str("origin_id")), Is.EqualTo(new[] { ContentDistribution.S3OriginId, ContentDistribution.S3DrOriginId }));
        Assert.That(group["failover_criteria"].Arr("status_codes").Select(c => c!.GetValue<int>()), Is.EqualTo(new[] { 403, 404, 500, 502, 503, 504 }));
        var dr = cdn["origin"]!.AsArray().Single(o => o.Str("origin_id") == ContentDistribution.S3DrOriginId)!;
        Assert.That(dr.Str("domain_name"), Is.EqualTo("${data.terraform_remote_state.data.outputs.dr_static_assets_bucket_domain_name}"));
        Assert.That(dr.Str("origin_access_control_id"), Is.Not.Null);
        var statics = cdn["ordered_cache_behavior"]!.AsArray().Where(b => b.Str("target_origin_id") != ContentDistribution.AlbOriginId).ToArray();
        Assert.That(statics.Select(b => b.Str("target_origin_id")).Distinct(), Is.EqualTo(new[] { ContentDistribution.S3GroupId }));
        Assert.That(statics.SelectMany(b => b.Strs("allowed_methods")).Distinct().Order(), Is.EqualTo(new[] { "GET", "HEAD", "OPTIONS" }), "origin groups serve reads only");
    }

    [TestCase(DrMode.Pilot)]
    [TestCase(DrMode.Active)]
    public void A_mode_change_touches_only_the_dr_region_workspaces(DrMode mode)
    {
        foreach (var workspace in new[] { Workspace.Data, Workspace.Edge, Workspace.Network, Workspace.Compute, Workspace.Platform })
        {
            Assert.That(JsonNode.DeepEquals(ProdWith(mode, workspace).Root["resource"], ProdWith(DrMode.Warm, workspace).Root["resource"]), Is.True,
                $"{workspace} is the same in {mode} and warm: switching mode is a plan of the dr and drplatform workspaces");
        }
    }
}
