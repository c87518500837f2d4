using Constructs;

namespace Ecolaura.Tf.Network;

/// <summary>Props of <see cref="NetworkBuilder.Build"/>.</summary>
public sealed record NetworkBuilderProps
{
    /// <summary>Physical names of the environment.</summary>
    public required Naming Names { get; init; }

    /// <summary>The workspace in the physical names: <c>network</c> (primary region) or <c>dr</c> (DR region), e.g. <c>ecolaura-prod-dr-vpc</c>.</summary>
    public required Workspace Workspace { get; init; }

    /// <summary>The region's network settings (the DR region's come from <see cref="DrSizing.Network"/>).</summary>
    public required NetworkConfig Config { get; init; }

    /// <summary>The validated subnet plan of <see cref="Config"/>.</summary>
    public required SubnetPlan Plan { get; init; }

    /// <summary>The EKS cluster that will use the subnets (subnet discovery tags).</summary>
    public required string ClusterName { get; init; }

    /// <summary>The region the VPC is in (gateway and interface endpoint service names, flow-log key policy).</summary>
    public required string Region { get; init; }

    /// <summary>The 12-digit account id.</summary>
    public required string AccountId { get; init; }

    /// <summary>ARN of the CMK of the flow-log group, in <see cref="Region"/>.</summary>
    public required string LogsKmsKeyArn { get; init; }

    /// <summary>ARN of the non-critical SNS topic the NAT gateway alarms notify, in <see cref="Region"/>.</summary>
    public required string NonCriticalTopicArn { get; init; }

    /// <summary>Construct id of the NAT gateway alarms (<c>alarms</c> in network, <c>nat_alarms</c> in dr, where other alarms share the scope).</summary>
    /// <remarks>Default: <c>alarms</c>.</remarks>
    public string AlarmsId { get; init; } = "alarms";
}

/// <summary>What <see cref="NetworkBuilder.Build"/> created.</summary>
/// <param name="Vpc">The VPC, subnets, routing and gateway endpoint.</param>
/// <param name="SecurityGroups">The security-group graph.</param>
/// <param name="FlowLogs">The VPC flow logs and their log group.</param>
public sealed record RegionalNetwork(VpcNetwork Vpc, SecurityGroupGraph SecurityGroups, VpcFlowLogs FlowLogs);

/// <summary>
/// The network of one region, composed the same way in the primary region (workspace <c>network</c>) and the DR region
/// (workspace <c>dr</c>): VPC (<c>vpc</c>), tier NACLs (<c>nacl</c>), flow logs (<c>flow_logs</c>), the security-group
/// graph (<c>sg</c>), interface endpoints (<c>endpoints</c>, when configured) and NAT gateway alarms
/// (<see cref="NetworkBuilderProps.AlarmsId"/>), directly in the given scope, so both regions get the same resources
/// at the same addresses from the same settings.
/// </summary>
public static class NetworkBuilder
{
    /// <summary>Creates the region's network in <paramref name="scope"/>.</summary>
    public static RegionalNetwork Build(Construct scope, NetworkBuilderProps props)
    {
        var config = props.Config;
        var plan = props.Plan;
        var name = props.Names.Of(props.Workspace, "vpc");
        var vpc = new VpcNetwork(scope, "vpc", new VpcNetworkProps
        {
            Name = name,
            Plan = plan,
            NatGateways = config.NatGateways,
            ClusterName = props.ClusterName,
            Region = props.Region,
        });
        _ = new TierNetworkAcls(scope, "nacl", new TierNetworkAclsProps
        {
            VpcId = vpc.VpcId,
            Name = name,
            Plan = plan,
            PublicSubnetIds = vpc.PublicSubnetIds,
            AppSubnetIds = vpc.AppSubnetIds,
            DataSubnetIds = vpc.DataSubnetIds,
        });
        var flowLogs = new VpcFlowLogs(scope, "flow_logs", new VpcFlowLogsProps
        {
            VpcId = vpc.VpcId,
            Name = name,
            KmsKeyArn = props.LogsKmsKeyArn,
            RetentionDays = config.FlowLogRetentionDays,
            AccountId = props.AccountId,
            Region = props.Region,
        });
        var groups = new SecurityGroupGraph(scope, "sg", new SecurityGroupGraphProps
        {
            VpcId = vpc.VpcId,
            VpcCidr = plan.Vpc,
            Name = props.Names.Of(props.Workspace, "sg"),
            CloudFrontPrefixListId = config.CloudFrontPrefixListId,
            ApplicationPort = config.ApplicationPort,
            InterfaceEndpoints = config.InterfaceEndpoints,
        });
        if (groups.EndpointsId is { } endpointsGroup)
        {
            _ = new InterfaceEndpoints(scope, "endpoints", new InterfaceEndpointsProps
            {
                VpcId = vpc.VpcId,
                Region = props.Region,
                SubnetIds = vpc.AppSubnetIds,
                SecurityGroupId = endpointsGroup,
                Name = name,
            });
        }

        _ = new NatGatewayAlarms(scope, props.AlarmsId, new NatGatewayAlarmsProps
        {
            Name = props.Names.Of(props.Workspace, "alarm"),
            NatGatewayIds = vpc.NatGatewayIds,
            Zones = plan.Zones.Take(vpc.NatGatewayIds.Length).Select(z => z.Zone).ToArray(),
            NonCriticalTopicArn = props.NonCriticalTopicArn,
        });
        return new RegionalNetwork(vpc, groups, flowLogs);
    }
}
