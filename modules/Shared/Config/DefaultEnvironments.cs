namespace Ecolaura.Tf.Shared.Config;

/// <summary>The embedded configuration: what <c>./ecolaura synth</c> builds without <c>--config</c>.</summary>
/// <remarks>
/// Account ids are placeholders (111111111111, 222222222222, 333333333333) until the real accounts are
/// written here or passed in an override file; every provider's <c>allowed_account_ids</c> then refuses to
/// touch any other account. VPC ranges: 10.{10,20,30}.0.0/16 primary and 10.{110,120,130}.0.0/16 DR, pairwise disjoint.
/// </remarks>
public static class DefaultEnvironments
{
    /// <summary>us-east-1's CloudFront origin-facing managed prefix list (<c>com.amazonaws.global.cloudfront.origin-facing</c>).</summary>
    /// <remarks>Source: CloudFront Developer Guide, "Use the CloudFront managed prefix list", https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/LocationsOfEdgeServers.html#managed-prefix-list (checked 2026-11-24); ids differ per region.</remarks>
    public const string CloudFrontPrefixListUsEast1 = "pl-3b927c52";

    /// <summary>us-west-2's CloudFront origin-facing managed prefix list (same source as <see cref="CloudFrontPrefixListUsEast1"/>).</summary>
    public const string CloudFrontPrefixListUsWest2 = "pl-82a045eb";

    /// <summary>Development: two AZs, one NAT gateway, no interface endpoints.</summary>
    public static EnvironmentConfig Dev { get; } = new()
    {
        Name = "dev",
        Tier = EnvironmentTier.Development,
        AccountId = "111111111111",
        Region = "us-east-1",
        CostCenter = "ecolaura-dev",
        Owner = "platform-team",
        Network = new NetworkConfig
        {
            VpcCidr = "10.30.0.0/16",
            AvailabilityZones = ["us-east-1a", "us-east-1b"],
            NatGateways = NatGatewayMode.Single,
            InterfaceEndpoints = false,
            CloudFrontPrefixListId = CloudFrontPrefixListUsEast1,
        },
        Dr = new DrConfig
        {
            Region = "us-west-2",
            VpcCidr = "10.130.0.0/16",
            AvailabilityZones = ["us-west-2a", "us-west-2b"],
            CloudFrontPrefixListId = CloudFrontPrefixListUsWest2,
        },
        State = new StateConfig { FoundationBackend = FoundationBackend.Local },
        Alerting = new AlertingConfig { SlackTeamId = "T00000000DV", SlackChannelId = "C00000000DV" },
        Data = new DataConfig
        {
            Postgres = new PostgresConfig
            {
                MajorVersion = "13",
                InstanceClass = "db.t4g.medium",
                MultiAz = false,
                AllocatedStorageGb = 20,
                MaxAllocatedStorageGb = 100,
                BackupRetentionDays = 3,
            },
            Redis = new RedisConfig { NodeType = "cache.t4g.small", Nodes = 1, AutomaticFailover = false, SnapshotRetentionDays = 1 },
            Buckets = new BucketsConfig(),
        },
        Compute = new ComputeConfig
        {
            KubernetesVersion = "1.35",
            AdminRoleArn = "arn:aws:iam::111111111111:role/ecolaura-dev-platform-admin",
            NodeGroups = SpecNodeGroups(new NodeGroupScaling { Min = 1, Desired = 1, Max = 3 }),
        },
        Edge = new EdgeConfig
        {
            Domain = "dev.ecolaura.example",
            HostedZoneId = "Z00000000000DEVZONE",
            PriceClass = CloudFrontPriceClass.Class100,
            IdleTimeoutSeconds = 300,
            DeletionProtection = false,
        },
        Security = new SecurityConfig { Budget = new BudgetConfig { MonthlyLimit = 1000 } },
    };

    /// <summary>Staging: production-shaped (three AZs, NAT per AZ) without interface endpoints.</summary>
    public static EnvironmentConfig Staging { get; } = new()
    {
        Name = "staging",
        Tier = EnvironmentTier.Staging,
        AccountId = "222222222222",
        Region = "us-east-1",
        CostCenter = "ecolaura-staging",
        Owner = "platform-team",
        Network = new NetworkConfig
        {
            VpcCidr = "10.20.0.0/16",
            AvailabilityZones = ["us-east-1a", "us-east-1b", "us-east-1c"],
            NatGateways = NatGatewayMode.PerAz,
            InterfaceEndpoints = false,
            CloudFrontPrefixListId = CloudFrontPrefixListUsEast1,
        },
        Dr = new DrConfig
        {
            Region = "us-west-2",
            VpcCidr = "10.120.0.0/16",
            AvailabilityZones = ["us-west-2a", "us-west-2b", "us-west-2c"],
            CloudFrontPrefixListId = CloudFrontPrefixListUsWest2,
            Mode = DrMode.Pilot,
        },
        State = new StateConfig { FoundationBackend = FoundationBackend.Local },
        Alerting = new AlertingConfig { SlackTeamId = "T00000000ST", SlackChannelId = "C00000000ST" },
        Data = new DataConfig
        {
            Postgres = new PostgresConfig
            {
                MajorVersion = "13",
                InstanceClass = "db.r5.large",
                MultiAz = true,
                AllocatedStorageGb = 50,
                MaxAllocatedStorageGb = 500,
                BackupRetentionDays = 7,
            },
            Redis = new RedisConfig { NodeType = "cache.m5.large", Nodes = 2, AutomaticFailover = true, SnapshotRetentionDays = 3 },
            Buckets = new BucketsConfig(),
        },
        Compute = new ComputeConfig
        {
            KubernetesVersion = "1.35",
            AdminRoleArn = "arn:aws:iam::222222222222:role/ecolaura-staging-platform-admin",
            NodeGroups = SpecNodeGroups(new NodeGroupScaling { Min = 2, Desired = 2, Max = 6 }),
        },
        Edge = new EdgeConfig
        {
            Domain = "staging.ecolaura.example",
            HostedZoneId = "Z000000000STAGEZONE",
            PriceClass = CloudFrontPriceClass.Class100,
            IdleTimeoutSeconds = 3600,
            DeletionProtection = true,
        },
        Security = new SecurityConfig { Budget = new BudgetConfig { MonthlyLimit = 3000 } }, // 2,500 before the pilot DR standby (about 900 USD a month, ./ecolaura cost)
    };

    /// <summary>Production: the sizes of docs/requirements.md, three AZs, NAT per AZ, interface endpoints.</summary>
    public static EnvironmentConfig Prod { get; } = new()
    {
        Name = "prod",
        Tier = EnvironmentTier.Production,
        AccountId = "333333333333",
        Region = "us-east-1",
        CostCenter = "ecolaura-prod",
        Owner = "platform-team",
        Network = new NetworkConfig
        {
            VpcCidr = "10.10.0.0/16",
            AvailabilityZones = ["us-east-1a", "us-east-1b", "us-east-1c"],
            NatGateways = NatGatewayMode.PerAz,
            InterfaceEndpoints = true,
            CloudFrontPrefixListId = CloudFrontPrefixListUsEast1,
        },
        Dr = new DrConfig
        {
            Region = "us-west-2",
            VpcCidr = "10.110.0.0/16",
            AvailabilityZones = ["us-west-2a", "us-west-2b", "us-west-2c"],
            CloudFrontPrefixListId = CloudFrontPrefixListUsWest2,
            Mode = DrMode.Warm,
        },
        State = new StateConfig { FoundationBackend = FoundationBackend.Local },
        Alerting = new AlertingConfig { SlackTeamId = "T00000000PR", SlackChannelId = "C00000000PR" },
        Data = new DataConfig
        {
            Postgres = new PostgresConfig
            {
                MajorVersion = "13",
                InstanceClass = "db.r5.xlarge",
                MultiAz = true,
                AllocatedStorageGb = 200,
                MaxAllocatedStorageGb = 2000,
                BackupRetentionDays = 14,
            },
            Redis = new RedisConfig { NodeType = "cache.m5.large", Nodes = 3, AutomaticFailover = true, SnapshotRetentionDays = 7 },
            Buckets = new BucketsConfig(),
        },
        Compute = new ComputeConfig
        {
            KubernetesVersion = "1.35",
            AdminRoleArn = "arn:aws:iam::333333333333:role/ecolaura-prod-platform-admin",
            NodeGroups = SpecNodeGroups(new NodeGroupScaling { Min = 3, Desired = 3, Max = 20 }),
        },
        Edge = new EdgeConfig
        {
            Domain = "ecolaura.example",
            HostedZoneId = "Z00000000000PRODZONE",
            PriceClass = CloudFrontPriceClass.All,
            IdleTimeoutSeconds = 3600,
            DeletionProtection = true,
        },
        Security = new SecurityConfig { Budget = new BudgetConfig { MonthlyLimit = 5500 } }, // 4,000 before the warm DR standby (about 2,300 USD a month, ./ecolaura cost)
    };

    /// <summary>
    /// The three groups of docs/requirements.md with one scaling range each: <c>general</c> (on-demand t3.large, steady workloads),
    /// <c>compute</c> (on-demand c5.xlarge, tainted for compute-intensive workloads) and <c>spot</c> (three 2-vCPU/8-GiB types).
    /// </summary>
    public static IReadOnlyList<NodeGroupConfig> SpecNodeGroups(NodeGroupScaling scaling) =>
    [
        new() { Name = "general", CapacityType = CapacityType.OnDemand, InstanceTypes = ["t3.large"], Scaling = scaling },
        new() { Name = "compute", CapacityType = CapacityType.OnDemand, InstanceTypes = ["c5.xlarge"], Scaling = scaling, Dedicated = true },
        new() { Name = "spot", CapacityType = CapacityType.Spot, InstanceTypes = ["t3.large", "t3a.large", "m5.large"], Scaling = scaling },
    ];

    /// <summary>All three, in dependency-free order.</summary>
    public static IReadOnlyList<EnvironmentConfig> All { get; } = [Dev, Staging, Prod];
}
