namespace Ecolaura.Tf.Security;

/// <summary>
/// AWS list prices (USD, on-demand, Linux) of what the workspaces create, per region, for <c>./ecolaura cost</c>.
/// </summary>
/// <remarks>
/// Prices as published on the AWS pricing pages below, recorded on <see cref="Recorded"/> for us-east-1 (primary) and
/// us-west-2 (DR); both regions list the same rates for every item here. They were not re-read from the AWS Price List
/// API (this project's machines have no internet access): check them against the AWS Pricing Calculator before a budget
/// decision, and update <see cref="Recorded"/> when you do. A region without a table is refused by name.
/// Sources: EC2 https://aws.amazon.com/ec2/pricing/on-demand/, EBS https://aws.amazon.com/ebs/pricing/,
/// EKS https://aws.amazon.com/eks/pricing/, RDS for PostgreSQL https://aws.amazon.com/rds/postgresql/pricing/ (Extended
/// Support year 1–2 rate), ElastiCache https://aws.amazon.com/elasticache/pricing/, VPC NAT gateway
/// https://aws.amazon.com/vpc/pricing/, ELB https://aws.amazon.com/elasticloadbalancing/pricing/, CloudFront
/// https://aws.amazon.com/cloudfront/pricing/, WAF https://aws.amazon.com/waf/pricing/, KMS https://aws.amazon.com/kms/pricing/,
/// CloudWatch https://aws.amazon.com/cloudwatch/pricing/, Secrets Manager https://aws.amazon.com/secrets-manager/pricing/.
/// </remarks>
public sealed record PriceTable
{
    /// <summary>When the rates were recorded.</summary>
    public static readonly DateOnly Recorded = new(2026, 12, 1);

    /// <summary>Hours in a billing month as AWS's calculator counts them.</summary>
    public const double HoursPerMonth = 730;

    /// <summary>The region the rates apply to.</summary>
    public required string Region { get; init; }

    /// <summary>EC2 on-demand Linux, USD per instance-hour, by instance type.</summary>
    public required IReadOnlyDictionary<string, double> Ec2Hourly { get; init; }

    /// <summary>RDS for PostgreSQL single-AZ, USD per instance-hour, by instance class (Multi-AZ instance deployments bill twice).</summary>
    public required IReadOnlyDictionary<string, double> RdsHourly { get; init; }

    /// <summary>vCPUs per RDS instance class (RDS Extended Support bills per vCPU-hour).</summary>
    public required IReadOnlyDictionary<string, int> RdsVcpus { get; init; }

    /// <summary>ElastiCache (Redis OSS), USD per node-hour, by node type.</summary>
    public required IReadOnlyDictionary<string, double> CacheHourly { get; init; }

    /// <summary>RDS gp3 storage, USD per GB-month (single-AZ; Multi-AZ bills twice).</summary>
    public required double RdsGp3GbMonth { get; init; }

    /// <summary>RDS Extended Support (years 1–2 after the end of standard support), USD per vCPU-hour.</summary>
    public required double RdsExtendedSupportVcpuHour { get; init; }

    /// <summary>EBS gp3, USD per GB-month.</summary>
    public required double EbsGp3GbMonth { get; init; }

    /// <summary>EKS cluster in standard support, USD per hour.</summary>
    public required double EksClusterHour { get; init; }

    /// <summary>NAT gateway, USD per hour.</summary>
    public required double NatGatewayHour { get; init; }

    /// <summary>NAT gateway data processing, USD per GB.</summary>
    public required double NatGatewayGb { get; init; }

    /// <summary>Application Load Balancer, USD per hour.</summary>
    public required double AlbHour { get; init; }

    /// <summary>Application Load Balancer, USD per LCU-hour.</summary>
    public required double AlbLcuHour { get; init; }

    /// <summary>CloudFront data transfer out to the internet (first 10 TB, North America/Europe), USD per GB.</summary>
    public required double CloudFrontGb { get; init; }

    /// <summary>CloudFront HTTPS requests (North America/Europe), USD per 10,000.</summary>
    public required double CloudFrontHttps10K { get; init; }

    /// <summary>WAF web ACL, USD per month.</summary>
    public required double WafAclMonth { get; init; }

    /// <summary>WAF rule (a managed rule group counts as one), USD per month.</summary>
    public required double WafRuleMonth { get; init; }

    /// <summary>WAF requests, USD per million.</summary>
    public required double WafMillionRequests { get; init; }

    /// <summary>KMS customer-managed key, USD per month (the first two automatic rotations each add a key version at this rate; not counted).</summary>
    public required double KmsKeyMonth { get; init; }

    /// <summary>CloudWatch Logs ingestion (standard class), USD per GB.</summary>
    public required double LogIngestionGb { get; init; }

    /// <summary>CloudWatch standard-resolution alarm, USD per month.</summary>
    public required double AlarmMonth { get; init; }

    /// <summary>CloudWatch dashboard, USD per month.</summary>
    public required double DashboardMonth { get; init; }

    /// <summary>Secrets Manager secret (each replica too), USD per month.</summary>
    public required double SecretMonth { get; init; }

    private static PriceTable UsEast1 { get; } = new()
    {
        Region = "us-east-1",
        Ec2Hourly = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["t3.medium"] = 0.0416, ["t3.large"] = 0.0832, ["t3.xlarge"] = 0.1664, ["t3a.large"] = 0.0752,
            ["m5.large"] = 0.096, ["m5.xlarge"] = 0.192, ["m6i.large"] = 0.096, ["m6i.xlarge"] = 0.192,
            ["c5.large"] = 0.085, ["c5.xlarge"] = 0.17, ["c6i.xlarge"] = 0.17, ["r5.large"] = 0.126,
        },
        RdsHourly = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["db.t4g.medium"] = 0.065, ["db.t4g.large"] = 0.129, ["db.m5.large"] = 0.178, ["db.m6g.large"] = 0.159,
            ["db.r5.large"] = 0.25, ["db.r5.xlarge"] = 0.50, ["db.r6g.large"] = 0.225, ["db.r6g.xlarge"] = 0.45,
        },
        RdsVcpus = new Dictionary<string, int>(StringComparer.Ordinal)
        {
            ["db.t4g.medium"] = 2, ["db.t4g.large"] = 2, ["db.m5.large"] = 2, ["db.m6g.large"] = 2,
            ["db.r5.large"] = 2, ["db.r5.xlarge"] = 4, ["db.r6g.large"] = 2, ["db.r6g.xlarge"] = 4,
        },
        CacheHourly = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["cache.t4g.small"] = 0.032, ["cache.t4g.medium"] = 0.065, ["cache.m5.large"] = 0.156,
            ["cache.m6g.large"] = 0.149, ["cache.r6g.large"] = 0.206,
        },
        RdsGp3GbMonth = 0.115,
        RdsExtendedSupportVcpuHour = 0.100,
        EbsGp3GbMonth = 0.08,
        EksClusterHour = 0.10,
        NatGatewayHour = 0.045,
        NatGatewayGb = 0.045,
        AlbHour = 0.0225,
        AlbLcuHour = 0.008,
        CloudFrontGb = 0.085,
        CloudFrontHttps10K = 0.01,
        WafAclMonth = 5,
        WafRuleMonth = 1,
        WafMillionRequests = 0.60,
        KmsKeyMonth = 1,
        LogIngestionGb = 0.50,
        AlarmMonth = 0.10,
        DashboardMonth = 3,
        SecretMonth = 0.40,
    };

    /// <summary>The regions with a table: the default primary (us-east-1) and DR (us-west-2) regions.</summary>
    public static IReadOnlyDictionary<string, PriceTable> ByRegion { get; } = new Dictionary<string, PriceTable>(StringComparer.Ordinal)
    {
        ["us-east-1"] = UsEast1,
        // us-west-2 lists the same rates as us-east-1 for every item of this table.
        ["us-west-2"] = UsEast1 with { Region = "us-west-2" },
    };

    /// <summary>The table of <paramref name="region"/>.</summary>
    /// <exception cref="ArgumentException">No table for the region (the message lists the regions that have one).</exception>
    public static PriceTable For(string region) => ByRegion.TryGetValue(region, out var table)
        ? table
        : throw new ArgumentException($"no price table for region '{region}'; tables exist for [{string.Join(", ", ByRegion.Keys)}] (modules/Security/Cost/PriceTable.cs)", nameof(region));
}

/// <summary>
/// Usage the estimate cannot read from the configuration: traffic, log volume and the spot discount. Stated in every
/// report; change them here when real usage is known (Cost Explorer).
/// </summary>
public sealed record CostAssumptions
{
    /// <summary>The assumptions of the embedded report.</summary>
    public static CostAssumptions Default { get; } = new();

    /// <summary>Spot instances cost this share of on-demand (AWS quotes up to 90 % off; it varies by pool and hour).</summary>
    public double SpotShareOfOnDemand { get; init; } = 0.35;

    /// <summary>GB processed by each NAT gateway per month (image pulls, external APIs).</summary>
    public double NatGbPerGateway { get; init; } = 100;

    /// <summary>Average LCUs of each ALB over the month.</summary>
    public double AlbAverageLcu { get; init; } = 1;

    /// <summary>GB each CloudFront distribution serves per month.</summary>
    public double CloudFrontGbPerDistribution { get; init; } = 500;

    /// <summary>HTTPS requests each CloudFront distribution answers per month.</summary>
    public double CloudFrontRequestsPerDistribution { get; init; } = 10_000_000;

    /// <summary>Requests each WAF web ACL inspects per month.</summary>
    public double WafRequestsPerAcl { get; init; } = 10_000_000;

    /// <summary>GB ingested per month by a VPC flow-log group (all traffic).</summary>
    public double FlowLogGbPerGroup { get; init; } = 50;

    /// <summary>GB ingested per month by any other log group (CloudTrail, EKS control plane, RDS, Redis, WAF, Container Insights).</summary>
    public double LogGbPerGroup { get; init; } = 5;
}
