using Constructs;
using HashiCorp.Cdktf.Providers.Aws.Provider;

namespace Ecolaura.Tf.Edge;

/// <summary>Props of <see cref="EdgeAlarms"/>.</summary>
public sealed record EdgeAlarmsProps
{
    /// <summary>Alarm name prefix.</summary>
    public required string Name { get; init; }

    /// <summary>The ALB's CloudWatch dimension (<c>app/…</c> ARN suffix).</summary>
    public required string LoadBalancerArnSuffix { get; init; }

    /// <summary>Every target group, by application and colour.</summary>
    public required IReadOnlyDictionary<(EdgeApp App, DeploymentColor Color), TargetGroupRef> TargetGroups { get; init; }

    /// <summary>The CloudFront and WAF alarms (us-east-1 metrics), or null for a load balancer without its own distribution (the DR region's).</summary>
    /// <remarks>Default (null): ALB alarms only.</remarks>
    public CdnAlarmTargets? Cdn { get; init; }

    /// <summary>Pages on-call.</summary>
    public required string CriticalTopicArn { get; init; }

    /// <summary>Posts to Slack.</summary>
    public required string NonCriticalTopicArn { get; init; }
}

/// <summary>What the CloudFront and WAF alarms of <see cref="EdgeAlarms"/> watch and notify.</summary>
public sealed record CdnAlarmTargets
{
    /// <summary>The CloudFront distribution id.</summary>
    public required string DistributionId { get; init; }

    /// <summary>The CLOUDFRONT-scope ACL's name (WebACL dimension).</summary>
    public required string WebAclName { get; init; }

    /// <summary>Requests per 5 minutes the ACL may block before the spike alarm fires.</summary>
    public required int BlockedRequestsThreshold { get; init; }

    /// <summary>us-east-1, where CloudFront and CLOUDFRONT-scope WAF publish their metrics.</summary>
    public required AwsProvider UsEast1Provider { get; init; }

    /// <summary>The critical topic in us-east-1, for the CloudFront and WAF alarms.</summary>
    public required string UsEast1CriticalTopicArn { get; init; }

    /// <summary>The noncritical topic in us-east-1, for the CloudFront and WAF alarms.</summary>
    public required string UsEast1NonCriticalTopicArn { get; init; }
}

/// <summary>
/// The edge's alarms, into the foundation's topics: ALB 5xx (its own and the targets') and unhealthy targets page;
/// slow responses post to Slack; CloudFront's 5xx error rate pages; a WAF block spike posts to Slack.
/// </summary>
/// <remarks>
/// UnHealthyHostCount is watched on all four target groups, not only the active colours: a switch of colour then changes
/// only the listener's weights, and an unhealthy idle colour is reported before traffic is moved to it (an idle colour
/// without targets reports 0).
/// </remarks>
public sealed class EdgeAlarms : Construct
{
    /// <summary>Creates the alarms.</summary>
    public EdgeAlarms(Construct scope, string id, EdgeAlarmsProps props) : base(scope, id)
    {
        var lb = new Dictionary<string, string> { ["LoadBalancer"] = props.LoadBalancerArnSuffix };
        Alarm("alb_5xx", "The ALB itself answered 5xx more than 10 times in 5 minutes (no healthy target, listener or capacity problems)",
            "AWS/ApplicationELB", "HTTPCode_ELB_5XX_Count", lb, "Sum", 10, props.CriticalTopicArn, evaluations: 1);
        Alarm("target_5xx", "Targets answered 5xx more than 50 times in 5 minutes for 15 minutes", "AWS/ApplicationELB",
            "HTTPCode_Target_5XX_Count", lb, "Sum", 50, props.CriticalTopicArn);
        Alarm("target_response_time", "Average target response time above 1 s for 15 minutes", "AWS/ApplicationELB",
            "TargetResponseTime", lb, "Average", 1, props.NonCriticalTopicArn);

        foreach (var ((app, color), group) in props.TargetGroups.OrderBy(g => g.Key))
        {
            var colorId = color.ToString().ToLowerInvariant();
            Alarm($"{app.Id()}_{colorId}_unhealthy", $"{app.Id()} {colorId}: a registered target failed its health checks for 3 minutes",
                "AWS/ApplicationELB", "UnHealthyHostCount",
                new Dictionary<string, string> { ["LoadBalancer"] = props.LoadBalancerArnSuffix, ["TargetGroup"] = group.ArnSuffix },
                "Maximum", 0, props.CriticalTopicArn, period: 60);
        }

        if (props.Cdn is not { } cdn)
        {
            return;
        }

        Alarm("cloudfront_5xx_rate", "CloudFront answered more than 5 % of requests with 5xx for 15 minutes", "AWS/CloudFront", "5xxErrorRate",
            new Dictionary<string, string> { ["DistributionId"] = cdn.DistributionId, ["Region"] = "Global" }, "Average", 5,
            cdn.UsEast1CriticalTopicArn, provider: cdn.UsEast1Provider);
        Alarm("waf_blocked_spike", $"The WAF blocked more than {cdn.BlockedRequestsThreshold} requests in 5 minutes: an attack or a false positive",
            "AWS/WAFV2", "BlockedRequests", new Dictionary<string, string> { ["WebACL"] = cdn.WebAclName, ["Rule"] = "ALL" }, "Sum",
            cdn.BlockedRequestsThreshold, cdn.UsEast1NonCriticalTopicArn, evaluations: 1, provider: cdn.UsEast1Provider);

        void Alarm(string alarmId, string description, string ns, string metric, Dictionary<string, string> dimensions, string statistic,
            double threshold, string topic, int period = 300, int evaluations = 3, AwsProvider? provider = null) =>
            _ = new MetricAlarm(this, alarmId, new MetricAlarmProps
            {
                Name = $"{props.Name}-{alarmId.Replace('_', '-')}",
                Description = description,
                Namespace = ns,
                Metric = metric,
                Dimensions = dimensions,
                Statistic = statistic,
                Comparison = "GreaterThanThreshold",
                Threshold = threshold,
                TopicArn = topic,
                PeriodSeconds = period,
                EvaluationPeriods = evaluations,
                Provider = provider,
            });
    }
}
