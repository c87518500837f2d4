using Constructs;
using HashiCorp.Cdktf.Providers.Aws.CloudwatchLogGroup;

namespace Ecolaura.Tf.Security;

/// <summary>Props of <see cref="ContainerInsights"/>.</summary>
public sealed record ContainerInsightsProps
{
    /// <summary>Alarm name prefix.</summary>
    public required string Name { get; init; }

    /// <summary>The EKS cluster name (a literal: the compute workspace's cluster, <see cref="Naming.ClusterName"/>).</summary>
    public required string ClusterName { get; init; }

    /// <summary>The foundation's CMK of CloudWatch log groups.</summary>
    public required string LogsKmsKeyArn { get; init; }

    /// <summary>Days the Container Insights log groups keep events (a CloudWatch retention value).</summary>
    public required int LogRetentionDays { get; init; }

    /// <summary>Pages on-call.</summary>
    public required string CriticalTopicArn { get; init; }

    /// <summary>Posts to Slack.</summary>
    public required string NonCriticalTopicArn { get; init; }
}

/// <summary>
/// The EKS tier's golden signals from Container Insights (the <c>amazon-cloudwatch-observability</c> add-on of the compute
/// workspace): a failed node pages; node CPU, memory and disk and pod CPU saturation post to Slack. Also the add-on's log
/// groups, created here first with the logs CMK and a retention, so the agent never creates them unencrypted and kept forever.
/// </summary>
/// <remarks>
/// They live in this workspace rather than in compute because they need only the cluster's name, which is fixed by
/// <see cref="Naming"/>, and so sit with the dashboard that graphs them. Log groups:
/// https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Container-Insights-view-metrics.html; metric names and dimensions:
/// https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Container-Insights-metrics-EKS.html (checked 2026-12-01).
/// Until the cluster and its add-on exist the metrics are missing and the alarms stay in INSUFFICIENT_DATA.
/// </remarks>
public sealed class ContainerInsights : Construct
{
    /// <summary>The Container Insights namespace.</summary>
    public const string Namespace = "ContainerInsights";

    /// <summary>The log groups the add-on writes, below <c>/aws/containerinsights/&lt;cluster&gt;/</c>.</summary>
    public static IReadOnlyList<string> LogGroups { get; } = ["performance", "application", "dataplane", "host"];

    /// <summary>Creates the log groups and alarms.</summary>
    public ContainerInsights(Construct scope, string id, ContainerInsightsProps props) : base(scope, id)
    {
        foreach (var group in LogGroups)
        {
            _ = new CloudwatchLogGroup(this, $"{group}_logs", new CloudwatchLogGroupConfig
            {
                Name = $"/aws/containerinsights/{props.ClusterName}/{group}",
                RetentionInDays = props.LogRetentionDays,
                KmsKeyId = props.LogsKmsKeyArn,
            });
        }

        Alarm("failed_nodes", "A node of the cluster is failing (NotReady): capacity is reduced", "cluster_failed_node_count", "Maximum", 0, props.CriticalTopicArn);
        Alarm("node_cpu", "Average node CPU above 80 % for 15 minutes: the autoscaler may be at its maximum", "node_cpu_utilization", "Average", 80, props.NonCriticalTopicArn);
        Alarm("node_memory", "Average node memory above 85 % for 15 minutes: pods risk eviction", "node_memory_utilization", "Average", 85, props.NonCriticalTopicArn);
        Alarm("node_filesystem", "Average node filesystem use above 80 %: images and logs may fill the disks", "node_filesystem_utilization", "Average", 80, props.NonCriticalTopicArn);
        Alarm("pod_cpu", "Average pod CPU above 80 % of node capacity for 15 minutes", "pod_cpu_utilization", "Average", 80, props.NonCriticalTopicArn);

        void Alarm(string alarmId, string description, string metric, string statistic, double threshold, string topic) =>
            _ = new MetricAlarm(this, alarmId, new MetricAlarmProps
            {
                Name = $"{props.Name}-eks-{alarmId.Replace('_', '-')}",
                Description = description,
                Namespace = Namespace,
                Metric = metric,
                Dimensions = new Dictionary<string, string> { ["ClusterName"] = props.ClusterName },
                Statistic = statistic,
                Comparison = "GreaterThanThreshold",
                Threshold = threshold,
                TopicArn = topic,
            });
    }
}
