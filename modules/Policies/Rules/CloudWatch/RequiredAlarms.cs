using System.Text.Json.Nodes;

namespace Ecolaura.Tf.Policies.Rules;

/// <summary>ECO-OBS-3: The required alarm set exists wherever its resource does: RDS CPU, FreeStorageSpace, DatabaseConnections; Redis engine CPU, Evictions, ReplicationLag; ALB 5xx, UnHealthyHostCount, TargetResponseTime; CloudFront 5xxErrorRate; NAT ErrorPortAllocation per gateway (staging, prod)</summary>
public sealed class RequiredAlarms : PolicyRule
{
    /// <inheritdoc />
    public override string Id => "ECO-OBS-3";

    /// <inheritdoc />
    public override Severity Severity => Severity.Error;

    /// <inheritdoc />
    public override IReadOnlyList<string> Anchors => ["REL06-BP01", "REL06-BP03", "REL11-BP06"];

    /// <inheritdoc />
    public override string Checks => "The required alarm set exists wherever its resource does: RDS CPU, FreeStorageSpace, DatabaseConnections; Redis engine CPU, Evictions, ReplicationLag; ALB 5xx, UnHealthyHostCount, TargetResponseTime; CloudFront 5xxErrorRate; NAT ErrorPortAllocation per gateway (staging, prod)";

    /// <inheritdoc />
    public override string Why => "CloudWatch alarms page through PagerDuty or notify Slack: an unwatched failure is found by customers first.";

    /// <inheritdoc />
    public override IReadOnlySet<EnvironmentTier> Tiers => TiersWhere(f => f.FullAlarmSet);

    /// <inheritdoc />
    public override IEnumerable<Violation> Evaluate(StackDocument stack)
    {
        var metrics = stack.Resources("aws_cloudwatch_metric_alarm").Select(a => $"{a.Str("namespace")}/{a.Str("metric_name")}").ToList();
        var required = new List<(TfResource Owner, string Metric, int Count)>();
        foreach (var db in stack.Resources("aws_db_instance"))
        {
            required.AddRange(new[] { "CPUUtilization", "FreeStorageSpace", "DatabaseConnections" }.Select(m => (db, $"AWS/RDS/{m}", 1)));
        }

        foreach (var cache in stack.Resources("aws_elasticache_replication_group"))
        {
            var nodes = (int)(cache.Num("num_cache_clusters") ?? 1);
            required.Add((cache, "AWS/ElastiCache/EngineCPUUtilization", nodes));
            required.Add((cache, "AWS/ElastiCache/Evictions", nodes));
            required.Add((cache, "AWS/ElastiCache/ReplicationLag", nodes - 1));
        }

        foreach (var lb in stack.Resources("aws_lb"))
        {
            required.AddRange(new[] { "HTTPCode_ELB_5XX_Count", "UnHealthyHostCount", "TargetResponseTime" }.Select(m => (lb, $"AWS/ApplicationELB/{m}", 1)));
        }

        required.AddRange(stack.Resources("aws_cloudfront_distribution").Select(d => (d, "AWS/CloudFront/5xxErrorRate", 1)));
        var nats = stack.Resources("aws_nat_gateway").ToArray();
        if (nats.Length > 0)
        {
            required.Add((nats[0], "AWS/NATGateway/ErrorPortAllocation", nats.Length));
        }

        foreach (var (owner, metric, count) in required.Where(r => metrics.Count(m => m == r.Metric) < r.Count))
        {
            yield return owner.Violation($"{metrics.Count(m => m == metric)} alarm(s) on {metric}, {count} required", "add the alarm (MetricAlarm) into the foundation's topics");
        }
    }
}
