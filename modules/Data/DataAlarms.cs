using Constructs;

namespace Ecolaura.Tf.Data;

/// <summary>Props of <see cref="DataAlarms"/>.</summary>
public sealed record DataAlarmsProps
{
    /// <summary>Alarm name prefix.</summary>
    public required string Name { get; init; }

    /// <summary>The RDS instance identifier.</summary>
    public required string DatabaseIdentifier { get; init; }

    /// <summary>Initial allocated storage in GiB (free-storage threshold is 10 % of it).</summary>
    public required int AllocatedStorageGb { get; init; }

    /// <summary>Cache node ids; the first is the initial primary, the others replicas.</summary>
    public required IReadOnlyList<string> CacheNodeIds { get; init; }

    /// <summary>Pages on-call.</summary>
    public required string CriticalTopicArn { get; init; }

    /// <summary>Posts to Slack.</summary>
    public required string NonCriticalTopicArn { get; init; }
}

/// <summary>
/// The data tier's alarms, into the foundation's topics: RDS CPU and free storage page; freeable memory and
/// connections post to Slack. Redis engine CPU, memory and replication lag page; host CPU and evictions post to Slack.
/// </summary>
public sealed class DataAlarms : Construct
{
    /// <summary>Creates the alarms.</summary>
    public DataAlarms(Construct scope, string id, DataAlarmsProps props) : base(scope, id)
    {
        var db = new Dictionary<string, string> { ["DBInstanceIdentifier"] = props.DatabaseIdentifier };
        Alarm("rds_cpu", "RDS CPU above 80 % for 15 minutes", "AWS/RDS", "CPUUtilization", db, "Average", ">", 80, props.CriticalTopicArn);
        Alarm("rds_free_storage", "RDS free storage below 10 % of the allocation (autoscaling may be at its ceiling)", "AWS/RDS",
            "FreeStorageSpace", db, "Minimum", "<", props.AllocatedStorageGb * 0.1 * 1024 * 1024 * 1024, props.CriticalTopicArn);
        Alarm("rds_freeable_memory", "RDS freeable memory below 256 MiB", "AWS/RDS", "FreeableMemory", db, "Average", "<",
            256.0 * 1024 * 1024, props.NonCriticalTopicArn);
        Alarm("rds_connections", "RDS connections above 400: check pool sizes", "AWS/RDS", "DatabaseConnections", db, "Maximum", ">",
            400, props.NonCriticalTopicArn);

        for (var i = 0; i < props.CacheNodeIds.Count; i++)
        {
            var node = props.CacheNodeIds[i];
            var dims = new Dictionary<string, string> { ["CacheClusterId"] = node };
            var suffix = node[^3..];
            Alarm($"redis_{suffix}_engine_cpu", $"Redis {node} engine CPU above 80 %", "AWS/ElastiCache", "EngineCPUUtilization", dims, "Average", ">", 80, props.CriticalTopicArn);
            Alarm($"redis_{suffix}_cpu", $"Redis {node} host CPU above 90 %", "AWS/ElastiCache", "CPUUtilization", dims, "Average", ">", 90, props.NonCriticalTopicArn);
            Alarm($"redis_{suffix}_memory", $"Redis {node} memory above 85 %", "AWS/ElastiCache", "DatabaseMemoryUsagePercentage", dims, "Average", ">", 85, props.CriticalTopicArn);
            Alarm($"redis_{suffix}_evictions", $"Redis {node} evicting keys", "AWS/ElastiCache", "Evictions", dims, "Sum", ">", 100, props.NonCriticalTopicArn);
            if (i > 0)
            {
                Alarm($"redis_{suffix}_replication_lag", $"Redis replica {node} more than 30 s behind", "AWS/ElastiCache", "ReplicationLag", dims, "Maximum", ">", 30, props.CriticalTopicArn);
            }
        }

        void Alarm(string alarmId, string description, string ns, string metric, Dictionary<string, string> dimensions, string statistic,
            string comparison, double threshold, string topic) =>
            _ = new MetricAlarm(this, alarmId, new MetricAlarmProps
            {
                Name = $"{props.Name}-{alarmId.Replace('_', '-')}",
                Description = description,
                Namespace = ns,
                Metric = metric,
                Dimensions = dimensions,
                Statistic = statistic,
                Comparison = comparison == ">" ? "GreaterThanThreshold" : "LessThanThreshold",
                Threshold = threshold,
                TopicArn = topic,
            });
    }
}
