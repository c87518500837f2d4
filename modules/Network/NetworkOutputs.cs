namespace Ecolaura.Tf.Network;

/// <summary>The network workspace's contract: the VPC, its subnets per tier and the security-group graph, by id.</summary>
[ContractOf(Workspace.Network)]
public sealed record NetworkOutputs : WorkspaceContract<NetworkOutputs>
{
    /// <summary>The VPC.</summary>
    [Output("vpc_id", "The VPC", "vpc-0a1b2c3d4e5f60000", Source = "aws_vpc.vpc.id")]
    public required string VpcId { get; init; }

    /// <summary>Its range.</summary>
    [Output("vpc_cidr", "The VPC range", "10.0.0.0/16")]
    public required string VpcCidr { get; init; }

    /// <summary>The AZs, in subnet order.</summary>
    [Output("availability_zones", "AZs in subnet order", "us-east-1{0}")]
    public required string[] AvailabilityZones { get; init; }

    /// <summary>ALB and NAT subnets.</summary>
    [Output("public_subnet_ids", "Public subnets (ALB, NAT)", "subnet-0a1b2c3d4e5f6000{0}", Source = "aws_subnet.vpc_public_*.id")]
    public required string[] PublicSubnetIds { get; init; }

    /// <summary>EKS subnets.</summary>
    [Output("app_subnet_ids", "Private application subnets (EKS)", "subnet-0a1b2c3d4e5f6100{0}", Source = "aws_subnet.vpc_app_*.id")]
    public required string[] AppSubnetIds { get; init; }

    /// <summary>RDS and ElastiCache subnets.</summary>
    [Output("data_subnet_ids", "Private data subnets (RDS, ElastiCache)", "subnet-0a1b2c3d4e5f6200{0}", Source = "aws_subnet.vpc_data_*.id")]
    public required string[] DataSubnetIds { get; init; }

    /// <summary>NAT gateways (alarms on port allocation).</summary>
    [Output("nat_gateway_ids", "NAT gateways", "nat-0a1b2c3d4e5f6000{0}", Source = "aws_nat_gateway.vpc_nat_*.id")]
    public required string[] NatGatewayIds { get; init; }

    /// <summary>The ALB's group.</summary>
    [Output("alb_security_group_id", "ALB security group", "sg-0a1b2c3d4e5f60001", Source = "aws_security_group.sg_alb.id")]
    public required string AlbSecurityGroupId { get; init; }

    /// <summary>The EKS control plane's additional group.</summary>
    [Output("eks_control_plane_security_group_id", "EKS control plane additional security group", "sg-0a1b2c3d4e5f60002", Source = "aws_security_group.sg_eks_control_plane.id")]
    public required string EksControlPlaneSecurityGroupId { get; init; }

    /// <summary>Nodes and pods.</summary>
    [Output("eks_nodes_security_group_id", "EKS nodes and pods security group", "sg-0a1b2c3d4e5f60003", Source = "aws_security_group.sg_eks_nodes.id")]
    public required string EksNodesSecurityGroupId { get; init; }

    /// <summary>RDS.</summary>
    [Output("database_security_group_id", "RDS security group", "sg-0a1b2c3d4e5f60004", Source = "aws_security_group.sg_database.id")]
    public required string DatabaseSecurityGroupId { get; init; }

    /// <summary>ElastiCache.</summary>
    [Output("cache_security_group_id", "ElastiCache security group", "sg-0a1b2c3d4e5f60005", Source = "aws_security_group.sg_cache.id")]
    public required string CacheSecurityGroupId { get; init; }

    /// <summary>Where flow logs go.</summary>
    [Output("flow_log_group_name", "VPC flow-log group", "/aws/vpc/flow-logs/ecolaura-env-network-vpc", Source = "aws_cloudwatch_log_group.flow_logs.name")]
    public required string FlowLogGroupName { get; init; }
}
