using Constructs;
using HashiCorp.Cdktf.Providers.Aws.Provider;
using HashiCorp.Cdktf.Providers.Aws.Route53HealthCheck;

namespace Ecolaura.Tf.Edge;

/// <summary>Props of <see cref="OriginHealthCheck"/>.</summary>
public sealed record OriginHealthCheckProps
{
    /// <summary>Name prefix of the alarms and the health check, e.g. <c>ecolaura-prod-edge-alarm</c>.</summary>
    public required string Name { get; init; }

    /// <summary>The primary load balancer's CloudWatch dimension (<c>app/&lt;name&gt;/&lt;id&gt;</c>).</summary>
    public required string LoadBalancerArnSuffix { get; init; }

    /// <summary>The load balancer's region (where its alarm lives).</summary>
    public required string Region { get; init; }

    /// <summary>Critical topic in <see cref="Region"/> (the load balancer alarm).</summary>
    public required string CriticalTopicArn { get; init; }

    /// <summary>Critical topic in us-east-1, where Route 53 publishes <c>HealthCheckStatus</c>.</summary>
    public required string UsEast1CriticalTopicArn { get; init; }

    /// <summary>The us-east-1 provider (the health-check status alarm).</summary>
    public required AwsProvider UsEast1Provider { get; init; }
}

/// <summary>
/// The health check of the PRIMARY failover record of the dynamic origin (<c>origin.&lt;domain&gt;</c>): a Route 53
/// health check of type <c>CLOUDWATCH_METRIC</c> on an alarm of the primary load balancer's own 5xx responses, and an
/// alarm on the health check's status, both to the critical topic.
/// </summary>
/// <remarks>
/// <para>Why not an HTTPS health check: the ALB answers only requests that carry the secret origin-verify header
/// CloudFront adds, and Route 53 health checkers cannot send custom headers, so every HTTPS check would fail (403). A
/// path answered without the header would either prove only that the load balancer is up (a fixed response) or open a
/// way around CloudFront and its WAF. The load balancer's <c>HTTPCode_ELB_5XX_Count</c> counts the 502/503/504 it
/// returns when no target is healthy or targets fail, which is what a failover should react to, and it needs no
/// target-group dimension (only one colour of the blue/green pair has targets).</para>
/// <para>Route 53 accepts only single-metric alarms with a standard statistic. The alarm treats missing data as not
/// breaching (no traffic is not an outage); the health check treats an alarm in <c>INSUFFICIENT_DATA</c> as unhealthy,
/// so losing the primary region's CloudWatch fails over rather than keeping traffic on a region nobody can see.</para>
/// <para>Sources: Route 53 Developer Guide, "Monitoring a CloudWatch alarm"
/// (https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/health-checks-types.html), API AlarmIdentifier
/// (https://docs.aws.amazon.com/Route53/latest/APIReference/API_AlarmIdentifier.html), ELB "CloudWatch metrics for
/// your Application Load Balancer" (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-cloudwatch-metrics.html), checked 2026-12-01.</para>
/// </remarks>
public sealed class OriginHealthCheck : Construct
{
    /// <summary>Load-balancer 5xx responses per minute at which the origin counts as failing.</summary>
    public const int Elb5xxPerMinute = 50;

    /// <summary>Creates the two alarms and the health check.</summary>
    public OriginHealthCheck(Construct scope, string id, OriginHealthCheckProps props) : base(scope, id)
    {
        var origin = new MetricAlarm(this, "origin_5xx", new MetricAlarmProps
        {
            Name = $"{props.Name}-origin-failover-5xx",
            Description = $"The primary load balancer returned ≥ {Elb5xxPerMinute} 5xx per minute in 2 of 3 minutes: the origin's PRIMARY DNS record is unhealthy and Route 53 answers with the DR load balancer (docs/dr-runbook.md)",
            Namespace = "AWS/ApplicationELB",
            Metric = "HTTPCode_ELB_5XX_Count",
            Dimensions = new Dictionary<string, string> { ["LoadBalancer"] = props.LoadBalancerArnSuffix },
            Statistic = "Sum",
            Comparison = "GreaterThanOrEqualToThreshold",
            Threshold = Elb5xxPerMinute,
            PeriodSeconds = 60,
            EvaluationPeriods = 2,
            TreatMissingData = "notBreaching",
            TopicArn = props.CriticalTopicArn,
        });
        var check = new Route53HealthCheck(this, "check", new Route53HealthCheckConfig
        {
            Type = "CLOUDWATCH_METRIC",
            CloudwatchAlarmName = origin.AlarmName,
            CloudwatchAlarmRegion = props.Region,
            InsufficientDataHealthStatus = "Unhealthy",
            Tags = new Dictionary<string, string> { ["Name"] = $"{props.Name}-origin-primary" },
        });
        _ = new MetricAlarm(this, "status", new MetricAlarmProps
        {
            Name = $"{props.Name}-origin-primary-unhealthy",
            Description = "Route 53 marks the origin's PRIMARY record unhealthy: dynamic traffic is failing over to the DR region (docs/dr-runbook.md)",
            Namespace = "AWS/Route53",
            Metric = "HealthCheckStatus",
            Dimensions = new Dictionary<string, string> { ["HealthCheckId"] = check.Id },
            Statistic = "Minimum",
            Comparison = "LessThanThreshold",
            Threshold = 1,
            PeriodSeconds = 60,
            EvaluationPeriods = 1,
            TopicArn = props.UsEast1CriticalTopicArn,
            Provider = props.UsEast1Provider,
        });
        HealthCheckId = check.Id;
    }

    /// <summary>The health check's id (a token) for the PRIMARY record.</summary>
    public string HealthCheckId { get; }
}
