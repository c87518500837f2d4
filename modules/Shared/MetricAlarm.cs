using Constructs;
using HashiCorp.Cdktf.Providers.Aws.CloudwatchMetricAlarm;
using HashiCorp.Cdktf.Providers.Aws.Provider;

namespace Ecolaura.Tf.Shared;

/// <summary>Which alert topic an alarm notifies.</summary>
public enum AlertSeverity
{
    /// <summary>Pages on-call (PagerDuty).</summary>
    Critical,

    /// <summary>Posts to Slack.</summary>
    NonCritical,
}

/// <summary>Props of <see cref="MetricAlarm"/>.</summary>
public sealed record MetricAlarmProps
{
    /// <summary>Physical alarm name.</summary>
    public required string Name { get; init; }

    /// <summary>What it means and what to do, shown in the notification.</summary>
    public required string Description { get; init; }

    /// <summary>CloudWatch namespace, e.g. AWS/RDS.</summary>
    public required string Namespace { get; init; }

    /// <summary>Metric name.</summary>
    public required string Metric { get; init; }

    /// <summary>Metric dimensions.</summary>
    public required IReadOnlyDictionary<string, string> Dimensions { get; init; }

    /// <summary>Average, Maximum, Minimum or Sum.</summary>
    public required string Statistic { get; init; }

    /// <summary>GreaterThanThreshold, LessThanThreshold, …</summary>
    public required string Comparison { get; init; }

    /// <summary>Threshold in the metric's unit.</summary>
    public required double Threshold { get; init; }

    /// <summary>The topic to notify (on alarm and on recovery).</summary>
    public required string TopicArn { get; init; }

    /// <summary>Seconds per datapoint.</summary>
    /// <remarks>Default: 300.</remarks>
    public int PeriodSeconds { get; init; } = 300;

    /// <summary>Datapoints that must breach.</summary>
    /// <remarks>Default: 3.</remarks>
    public int EvaluationPeriods { get; init; } = 3;

    /// <summary>How periods without data count: <c>missing</c>, <c>notBreaching</c>, <c>breaching</c> or <c>ignore</c>.</summary>
    /// <remarks>Default: missing.</remarks>
    public string TreatMissingData { get; init; } = "missing";

    /// <summary>Provider (region) of the metric, e.g. us-east-1 for CloudFront.</summary>
    /// <remarks>Default: the stack's default provider.</remarks>
    public AwsProvider? Provider { get; init; }
}

/// <summary>A CloudWatch alarm that notifies an encrypted alert topic when it fires and when it recovers.</summary>
/// <remarks>Its <see cref="Props"/> stay readable, so the operations dashboard graphs every alarm of an environment without a list of its own.</remarks>
public sealed class MetricAlarm : Construct
{
    /// <summary>Creates the alarm.</summary>
    public MetricAlarm(Construct scope, string id, MetricAlarmProps props) : base(scope, id)
    {
        Props = props;
        var alarm = new CloudwatchMetricAlarm(this, "alarm", new CloudwatchMetricAlarmConfig
        {
            AlarmName = props.Name,
            AlarmDescription = props.Description,
            Namespace = props.Namespace,
            MetricName = props.Metric,
            Dimensions = new Dictionary<string, string>(props.Dimensions),
            Statistic = props.Statistic,
            ComparisonOperator = props.Comparison,
            Threshold = props.Threshold,
            Period = props.PeriodSeconds,
            EvaluationPeriods = props.EvaluationPeriods,
            DatapointsToAlarm = props.EvaluationPeriods,
            TreatMissingData = props.TreatMissingData,
            ActionsEnabled = true,
            AlarmActions = [props.TopicArn],
            OkActions = [props.TopicArn],
            Provider = props.Provider,
        });
        AlarmName = alarm.AlarmName;
    }

    /// <summary>The alarm's name (a token, so a consumer such as a Route 53 health check is created after the alarm).</summary>
    public string AlarmName { get; }

    /// <summary>What the alarm was created from (name, metric, threshold, topic, provider).</summary>
    public MetricAlarmProps Props { get; }
}
