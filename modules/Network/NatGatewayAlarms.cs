using Constructs;

namespace Ecolaura.Tf.Network;

/// <summary>Props of <see cref="NatGatewayAlarms"/>.</summary>
public sealed record NatGatewayAlarmsProps
{
    /// <summary>Alarm name prefix.</summary>
    public required string Name { get; init; }

    /// <summary>The NAT gateways, AZ order.</summary>
    public required IReadOnlyList<string> NatGatewayIds { get; init; }

    /// <summary>The zones the gateways sit in (construct ids and names), same order.</summary>
    public required IReadOnlyList<string> Zones { get; init; }

    /// <summary>Posts to Slack.</summary>
    public required string NonCriticalTopicArn { get; init; }
}

/// <summary>One alarm per NAT gateway on <c>ErrorPortAllocation</c>: the app tier is running out of source ports to the internet.</summary>
public sealed class NatGatewayAlarms : Construct
{
    /// <summary>Creates the alarms.</summary>
    public NatGatewayAlarms(Construct scope, string id, NatGatewayAlarmsProps props) : base(scope, id)
    {
        for (var i = 0; i < props.NatGatewayIds.Count; i++)
        {
            _ = new MetricAlarm(this, $"nat_{props.Zones[i]}_port_allocation", new MetricAlarmProps
            {
                Name = $"{props.Name}-nat-{props.Zones[i]}-port-allocation",
                Description = $"NAT gateway in {props.Zones[i]} failed to allocate source ports: connections to the internet are dropped",
                Namespace = "AWS/NATGateway",
                Metric = "ErrorPortAllocation",
                Dimensions = new Dictionary<string, string> { ["NatGatewayId"] = props.NatGatewayIds[i] },
                Statistic = "Sum",
                Comparison = "GreaterThanThreshold",
                Threshold = 0,
                EvaluationPeriods = 1,
                TopicArn = props.NonCriticalTopicArn,
            });
        }
    }
}
