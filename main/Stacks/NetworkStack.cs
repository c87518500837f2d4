using Constructs;

namespace Ecolaura.Tf.App.Stacks;

/// <summary>Producers the network workspace reads.</summary>
public sealed record NetworkStackProps
{
    /// <summary>Foundation (logs key for flow logs).</summary>
    public required FoundationStack Foundation { get; init; }
}

/// <summary>Workspace <c>network</c>: the VPC, routing, NACLs, flow logs, endpoints and the security-group graph.</summary>
public sealed class NetworkStack : EcolauraStack
{
    /// <summary>Composes the workspace and publishes <see cref="NetworkOutputs"/>.</summary>
    public NetworkStack(Construct scope, EnvironmentConfig environment, NetworkStackProps props)
        : base(scope, environment, Workspace.Network)
    {
        var foundation = FoundationOutputs.FromRemoteState(this, props.Foundation);
        var config = environment.Network;
        var name = Names.Of(Workspace.Network, "vpc");
        var plan = SubnetPlan.TryCreate(config, "network", new List<ValidationProblem>())
            ?? throw new InvalidOperationException("network config was not validated before synth");

        var vpc = new VpcNetwork(this, "vpc", new VpcNetworkProps
        {
            Name = name,
            Plan = plan,
            NatGateways = config.NatGateways,
            ClusterName = Names.ClusterName,
            Region = environment.Region,
        });
        _ = new TierNetworkAcls(this, "nacl", new TierNetworkAclsProps
        {
            VpcId = vpc.VpcId,
            Name = name,
            Plan = plan,
            PublicSubnetIds = vpc.PublicSubnetIds,
            AppSubnetIds = vpc.AppSubnetIds,
            DataSubnetIds = vpc.DataSubnetIds,
        });
        var flowLogs = new VpcFlowLogs(this, "flow_logs", new VpcFlowLogsProps
        {
            VpcId = vpc.VpcId,
            Name = name,
            KmsKeyArn = foundation.LogsKmsKeyArn,
            RetentionDays = config.FlowLogRetentionDays,
            AccountId = environment.AccountId,
            Region = environment.Region,
        });
        var groups = new SecurityGroupGraph(this, "sg", new SecurityGroupGraphProps
        {
            VpcId = vpc.VpcId,
            VpcCidr = plan.Vpc,
            Name = Names.Of(Workspace.Network, "sg"),
            CloudFrontPrefixListId = config.CloudFrontPrefixListId,
            ApplicationPort = config.ApplicationPort,
            InterfaceEndpoints = config.InterfaceEndpoints,
        });
        if (groups.EndpointsId is { } endpointsGroup)
        {
            _ = new InterfaceEndpoints(this, "endpoints", new InterfaceEndpointsProps
            {
                VpcId = vpc.VpcId,
                Region = environment.Region,
                SubnetIds = vpc.AppSubnetIds,
                SecurityGroupId = endpointsGroup,
                Name = name,
            });
        }

        _ = new NatGatewayAlarms(this, "alarms", new NatGatewayAlarmsProps
        {
            Name = Names.Of(Workspace.Network, "alarm"),
            NatGatewayIds = vpc.NatGatewayIds,
            Zones = plan.Zones.Take(vpc.NatGatewayIds.Length).Select(z => z.Zone).ToArray(),
            NonCriticalTopicArn = foundation.NonCriticalAlertsTopicArn,
        });

        Outputs = new NetworkOutputs
        {
            VpcId = vpc.VpcId,
            VpcCidr = plan.Vpc.ToString(),
            AvailabilityZones = plan.Zones.Select(z => z.Zone).ToArray(),
            PublicSubnetIds = vpc.PublicSubnetIds,
            AppSubnetIds = vpc.AppSubnetIds,
            DataSubnetIds = vpc.DataSubnetIds,
            NatGatewayIds = vpc.NatGatewayIds,
            AlbSecurityGroupId = groups.AlbId,
            EksControlPlaneSecurityGroupId = groups.ControlPlaneId,
            EksNodesSecurityGroupId = groups.NodesId,
            DatabaseSecurityGroupId = groups.DatabaseId,
            CacheSecurityGroupId = groups.CacheId,
            FlowLogGroupName = flowLogs.LogGroupName,
        };
        Outputs.Publish(this);
    }

    /// <summary>What this workspace publishes.</summary>
    public NetworkOutputs Outputs { get; }
}
