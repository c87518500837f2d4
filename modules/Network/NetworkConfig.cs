namespace Ecolaura.Tf.Network;

/// <summary>The VPC of one region.</summary>
public sealed record NetworkConfig
{
    /// <summary>The VPC range: RFC 1918, /16–/28, disjoint from every other environment's and region's VPC.</summary>
    public required string VpcCidr { get; init; }

    /// <summary>Explicit zones (no data source, so plans run offline): at least 2, prod at least 3.</summary>
    public required IReadOnlyList<string> AvailabilityZones { get; init; }

    /// <summary>One NAT gateway per AZ (required in staging and prod) or a single one (dev, cheaper).</summary>
    public required NatGatewayMode NatGateways { get; init; }

    /// <summary>Prefix of each private-app subnet; EKS pods take VPC addresses, so at most /20 (4,096 addresses).</summary>
    /// <remarks>Default: 20.</remarks>
    public int AppSubnetPrefix { get; init; } = 20;

    /// <summary>Prefix of each public subnet (ALB and NAT only).</summary>
    /// <remarks>Default: 24.</remarks>
    public int PublicSubnetPrefix { get; init; } = 24;

    /// <summary>Prefix of each private-data subnet (RDS, ElastiCache).</summary>
    /// <remarks>Default: 24.</remarks>
    public int DataSubnetPrefix { get; init; } = 24;

    /// <summary>Explicit subnet ranges per tier, one per AZ in AZ order.</summary>
    /// <remarks>Default (null): carved from <see cref="VpcCidr"/> (app subnets first, then public and data).</remarks>
    public SubnetRanges? Subnets { get; init; }

    /// <summary>Interface endpoints for ecr.api, ecr.dkr, sts and logs (the S3 gateway endpoint is always created).</summary>
    public required bool InterfaceEndpoints { get; init; }

    /// <summary>Retention of the VPC flow-log group; a CloudWatch retention value, at least 365.</summary>
    /// <remarks>Default: 365.</remarks>
    public int FlowLogRetentionDays { get; init; } = 365;

    /// <summary>The region's CloudFront origin-facing managed prefix list (the only source the ALB accepts).</summary>
    public required string CloudFrontPrefixListId { get; init; }

    /// <summary>The port application pods listen on (ALB → pods and health checks).</summary>
    /// <remarks>Default: 8080.</remarks>
    public int ApplicationPort { get; init; } = 8080;
}

/// <summary>How many NAT gateways a VPC gets.</summary>
public enum NatGatewayMode
{
    /// <summary>One NAT gateway for all AZs: cheaper, a single point of failure (dev only).</summary>
    Single,

    /// <summary>One NAT gateway per AZ, each private route table using its own AZ's gateway.</summary>
    PerAz,
}

/// <summary>Explicit subnet ranges, one per AZ in the order of <see cref="NetworkConfig.AvailabilityZones"/>.</summary>
public sealed record SubnetRanges
{
    /// <summary>Public tier (ALB, NAT gateways).</summary>
    public required IReadOnlyList<string> Public { get; init; }

    /// <summary>Private application tier (EKS nodes and pods).</summary>
    public required IReadOnlyList<string> App { get; init; }

    /// <summary>Private data tier (RDS, ElastiCache); no route to the internet.</summary>
    public required IReadOnlyList<string> Data { get; init; }
}
