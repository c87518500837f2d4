namespace Ecolaura.Tf.Shared.Config;

/// <summary>Everything one environment needs; embedded defaults live in <see cref="DefaultEnvironments"/>.</summary>
/// <remarks>An override file (<c>--config</c>) may change any field; the result is validated as a whole before synth.</remarks>
public sealed record EnvironmentConfig
{
    /// <summary>Which environment this is.</summary>
    public required EnvironmentName Name { get; init; }

    /// <summary>The 12-digit AWS account; written to every provider's <c>allowed_account_ids</c>.</summary>
    public required string AccountId { get; init; }

    /// <summary>The primary region, e.g. us-east-1.</summary>
    public required string Region { get; init; }

    /// <summary>Cost allocation tag value.</summary>
    public required string CostCenter { get; init; }

    /// <summary>Owning team, written to the <c>Owner</c> tag.</summary>
    public required string Owner { get; init; }

    /// <summary>The primary region's network.</summary>
    public required NetworkConfig Network { get; init; }

    /// <summary>The disaster-recovery region and its network range (reserved now so ranges never overlap).</summary>
    public required DrConfig Dr { get; init; }

    /// <summary>Where Terraform state lives.</summary>
    public required StateConfig State { get; init; }

    /// <summary>Where alarms go.</summary>
    public required AlertingConfig Alerting { get; init; }

    /// <summary>Databases, cache and buckets.</summary>
    public required DataConfig Data { get; init; }

    /// <summary>The EKS cluster, its node groups and access.</summary>
    public required ComputeConfig Compute { get; init; }

    /// <summary>Certificates, DNS, the ALB, CloudFront and WAF.</summary>
    public required EdgeConfig Edge { get; init; }
}

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

/// <summary>The disaster-recovery region.</summary>
public sealed record DrConfig
{
    /// <summary>Must differ from the primary region.</summary>
    public required string Region { get; init; }

    /// <summary>The DR VPC range; disjoint from every other VPC.</summary>
    public required string VpcCidr { get; init; }

    /// <summary>Explicit DR zones, at least 2.</summary>
    public required IReadOnlyList<string> AvailabilityZones { get; init; }

    /// <summary>The DR region's CloudFront origin-facing managed prefix list.</summary>
    public required string CloudFrontPrefixListId { get; init; }
}

/// <summary>Terraform state storage.</summary>
public sealed record StateConfig
{
    /// <summary>
    /// The foundation workspace creates the state bucket, so it is first applied with a local backend; after
    /// <c>terraform init -migrate-state</c> it is switched to <see cref="FoundationBackend.S3"/>.
    /// </summary>
    public required FoundationBackend FoundationBackend { get; init; }
}

/// <summary>The backend of the foundation workspace.</summary>
public enum FoundationBackend
{
    /// <summary>Local state (bootstrap: the bucket does not exist yet).</summary>
    Local,

    /// <summary>The S3 bucket it created, like every other workspace.</summary>
    S3,
}

/// <summary>Alert routing: critical alarms page through PagerDuty, non-critical ones go to Slack.</summary>
public sealed record AlertingConfig
{
    /// <summary>Slack workspace id (AWS Chatbot), e.g. T0123456789; the workspace is authorised once in the console.</summary>
    public required string SlackTeamId { get; init; }

    /// <summary>Slack channel id for non-critical alerts, e.g. C0123456789.</summary>
    public required string SlackChannelId { get; init; }

    /// <summary>Region whose AWS Chatbot endpoint manages the Slack channel (Chatbot has endpoints in a few regions only).</summary>
    /// <remarks>Default: us-west-2.</remarks>
    public string ChatbotRegion { get; init; } = "us-west-2";
}
