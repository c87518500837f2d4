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
        var plan = SubnetPlan.TryCreate(config, "network", new List<ValidationProblem>())
            ?? throw new InvalidOperationException("network config was not validated before synth");

        var (vpc, groups, flowLogs) = NetworkBuilder.Build(this, new NetworkBuilderProps
        {
            Names = Names,
            Workspace = Workspace.Network,
            Config = config,
            Plan = plan,
            ClusterName = Names.ClusterName,
            Region = environment.Region,
            AccountId = environment.AccountId,
            LogsKmsKeyArn = foundation.LogsKmsKeyArn,
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
