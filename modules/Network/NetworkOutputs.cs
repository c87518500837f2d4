using Ecolaura.Tf.Shared;

namespace Ecolaura.Tf.Network;

/// <summary>The network workspace's contract: the VPC, its subnets per tier and the security-group graph, by id.</summary>
/// <param name="VpcId">The VPC.</param>
/// <param name="VpcCidr">Its range.</param>
/// <param name="AvailabilityZones">The AZs, in subnet order.</param>
/// <param name="PublicSubnetIds">ALB and NAT subnets.</param>
/// <param name="AppSubnetIds">EKS subnets.</param>
/// <param name="DataSubnetIds">RDS and ElastiCache subnets.</param>
/// <param name="NatGatewayIds">NAT gateways (alarms on port allocation).</param>
/// <param name="AlbSecurityGroupId">The ALB's group.</param>
/// <param name="EksControlPlaneSecurityGroupId">The EKS control plane's additional group.</param>
/// <param name="EksNodesSecurityGroupId">Nodes and pods.</param>
/// <param name="DatabaseSecurityGroupId">RDS.</param>
/// <param name="CacheSecurityGroupId">ElastiCache.</param>
/// <param name="FlowLogGroupName">Where flow logs go.</param>
public sealed record NetworkOutputs(
    string VpcId,
    string VpcCidr,
    string[] AvailabilityZones,
    string[] PublicSubnetIds,
    string[] AppSubnetIds,
    string[] DataSubnetIds,
    string[] NatGatewayIds,
    string AlbSecurityGroupId,
    string EksControlPlaneSecurityGroupId,
    string EksNodesSecurityGroupId,
    string DatabaseSecurityGroupId,
    string CacheSecurityGroupId,
    string FlowLogGroupName) : IWorkspaceContract
{
    /// <summary>vpc_id.</summary>
    public static readonly OutputSpec VpcIdOutput = S("vpc_id", "The VPC", "vpc-0a1b2c3d4e5f60000");

    /// <summary>vpc_cidr.</summary>
    public static readonly OutputSpec VpcCidrOutput = S("vpc_cidr", "The VPC range", "10.0.0.0/16");

    /// <summary>availability_zones.</summary>
    public static readonly OutputSpec AvailabilityZonesOutput = L("availability_zones", "AZs in subnet order", "us-east-1{0}");

    /// <summary>public_subnet_ids.</summary>
    public static readonly OutputSpec PublicSubnetIdsOutput = L("public_subnet_ids", "Public subnets (ALB, NAT)", "subnet-0a1b2c3d4e5f6000{0}");

    /// <summary>app_subnet_ids.</summary>
    public static readonly OutputSpec AppSubnetIdsOutput = L("app_subnet_ids", "Private application subnets (EKS)", "subnet-0a1b2c3d4e5f6100{0}");

    /// <summary>data_subnet_ids.</summary>
    public static readonly OutputSpec DataSubnetIdsOutput = L("data_subnet_ids", "Private data subnets (RDS, ElastiCache)", "subnet-0a1b2c3d4e5f6200{0}");

    /// <summary>nat_gateway_ids.</summary>
    public static readonly OutputSpec NatGatewayIdsOutput = L("nat_gateway_ids", "NAT gateways", "nat-0a1b2c3d4e5f6000{0}");

    /// <summary>alb_security_group_id.</summary>
    public static readonly OutputSpec AlbSecurityGroupIdOutput = S("alb_security_group_id", "ALB security group", "sg-0a1b2c3d4e5f60001");

    /// <summary>eks_control_plane_security_group_id.</summary>
    public static readonly OutputSpec EksControlPlaneSecurityGroupIdOutput = S("eks_control_plane_security_group_id", "EKS control plane additional security group", "sg-0a1b2c3d4e5f60002");

    /// <summary>eks_nodes_security_group_id.</summary>
    public static readonly OutputSpec EksNodesSecurityGroupIdOutput = S("eks_nodes_security_group_id", "EKS nodes and pods security group", "sg-0a1b2c3d4e5f60003");

    /// <summary>database_security_group_id.</summary>
    public static readonly OutputSpec DatabaseSecurityGroupIdOutput = S("database_security_group_id", "RDS security group", "sg-0a1b2c3d4e5f60004");

    /// <summary>cache_security_group_id.</summary>
    public static readonly OutputSpec CacheSecurityGroupIdOutput = S("cache_security_group_id", "ElastiCache security group", "sg-0a1b2c3d4e5f60005");

    /// <summary>flow_log_group_name.</summary>
    public static readonly OutputSpec FlowLogGroupNameOutput = S("flow_log_group_name", "VPC flow-log group", "/aws/vpc/flow-logs/ecolaura-env-network-vpc");

    /// <inheritdoc />
    public static Workspace Producer => Workspace.Network;

    /// <inheritdoc />
    public static IReadOnlyList<OutputSpec> Outputs { get; } =
    [
        VpcIdOutput, VpcCidrOutput, AvailabilityZonesOutput, PublicSubnetIdsOutput, AppSubnetIdsOutput, DataSubnetIdsOutput,
        NatGatewayIdsOutput, AlbSecurityGroupIdOutput, EksControlPlaneSecurityGroupIdOutput, EksNodesSecurityGroupIdOutput,
        DatabaseSecurityGroupIdOutput, CacheSecurityGroupIdOutput, FlowLogGroupNameOutput,
    ];

    /// <summary>Writes every output of the contract to <paramref name="stack"/>.</summary>
    public void Publish(EcolauraStack stack)
    {
        stack.Publish(VpcIdOutput, VpcId);
        stack.Publish(VpcCidrOutput, VpcCidr);
        stack.Publish(AvailabilityZonesOutput, AvailabilityZones);
        stack.Publish(PublicSubnetIdsOutput, PublicSubnetIds);
        stack.Publish(AppSubnetIdsOutput, AppSubnetIds);
        stack.Publish(DataSubnetIdsOutput, DataSubnetIds);
        stack.Publish(NatGatewayIdsOutput, NatGatewayIds);
        stack.Publish(AlbSecurityGroupIdOutput, AlbSecurityGroupId);
        stack.Publish(EksControlPlaneSecurityGroupIdOutput, EksControlPlaneSecurityGroupId);
        stack.Publish(EksNodesSecurityGroupIdOutput, EksNodesSecurityGroupId);
        stack.Publish(DatabaseSecurityGroupIdOutput, DatabaseSecurityGroupId);
        stack.Publish(CacheSecurityGroupIdOutput, CacheSecurityGroupId);
        stack.Publish(FlowLogGroupNameOutput, FlowLogGroupName);
    }

    /// <summary>Reads the contract from <paramref name="producer"/>'s state in <paramref name="consumer"/>.</summary>
    public static NetworkOutputs FromRemoteState(EcolauraStack consumer, EcolauraStack producer) => new(
        consumer.ReadString(producer, VpcIdOutput),
        consumer.ReadString(producer, VpcCidrOutput),
        consumer.ReadList(producer, AvailabilityZonesOutput),
        consumer.ReadList(producer, PublicSubnetIdsOutput),
        consumer.ReadList(producer, AppSubnetIdsOutput),
        consumer.ReadList(producer, DataSubnetIdsOutput),
        consumer.ReadList(producer, NatGatewayIdsOutput),
        consumer.ReadString(producer, AlbSecurityGroupIdOutput),
        consumer.ReadString(producer, EksControlPlaneSecurityGroupIdOutput),
        consumer.ReadString(producer, EksNodesSecurityGroupIdOutput),
        consumer.ReadString(producer, DatabaseSecurityGroupIdOutput),
        consumer.ReadString(producer, CacheSecurityGroupIdOutput),
        consumer.ReadString(producer, FlowLogGroupNameOutput));

    private static OutputSpec S(string name, string description, string example) =>
        new(Workspace.Network, name, OutputKind.String, description, example);

    private static OutputSpec L(string name, string description, string example) =>
        new(Workspace.Network, name, OutputKind.StringList, description, example);
}
