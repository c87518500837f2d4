namespace Ecolaura.Tf.Shared.Config;

/// <summary>How much reliability an environment owes: every threshold and waiver follows from it.</summary>
public enum EnvironmentTier
{
    /// <summary>Cheap and small: single NAT, single-AZ database, no failover, the waivers of <see cref="ReliabilityFloors"/>.</summary>
    Development,

    /// <summary>Production-shaped at lower scale: every reliability feature, lower retention floors.</summary>
    Staging,

    /// <summary>Every reliability threshold at its production value.</summary>
    Production,
}

/// <summary>
/// The reliability floors per tier: the one table that both the configuration validators and the policy rules read,
/// so a threshold is never written twice. Sources: AWS Well-Architected reliability pillar (REL09 backups, REL10 fault
/// isolation, https://docs.aws.amazon.com/wellarchitected/latest/reliability-pillar/welcome.html), checkov CKV_AWS_157
/// (RDS Multi-AZ), CKV_AWS_293 (RDS deletion protection), CKV_AWS_133 and Trivy AVD-AWS-0077 (RDS backups), Trivy
/// AVD-AWS-0050 (ElastiCache snapshots), CKV2_AWS_50 (ElastiCache failover), CKV_AWS_150 (LB deletion protection).
/// </summary>
public sealed record ReliabilityFloors
{
    /// <summary>Minimum RDS <c>backup_retention_period</c> in days (0 disables automated backups, PITR and read replicas).</summary>
    public required int PostgresBackupRetentionDays { get; init; }

    /// <summary>Whether the database must be Multi-AZ.</summary>
    public required bool PostgresMultiAz { get; init; }

    /// <summary>Minimum ElastiCache <c>snapshot_retention_limit</c> in days.</summary>
    public required int RedisSnapshotRetentionDays { get; init; }

    /// <summary>Whether Redis must have automatic failover with Multi-AZ.</summary>
    public required bool RedisFailover { get; init; }

    /// <summary>Minimum distinct availability zones of the primary VPC.</summary>
    public required int AvailabilityZones { get; init; }

    /// <summary>Whether every AZ needs its own NAT gateway.</summary>
    public required bool NatGatewayPerAz { get; init; }

    /// <summary>Whether databases and load balancers need deletion protection and stateful resources <c>prevent_destroy</c>.</summary>
    public required bool DeletionProtection { get; init; }

    /// <summary>Whether at least one node group must be on-demand (system workloads never depend on spot alone).</summary>
    public required bool OnDemandGroupRequired { get; init; }

    /// <summary>The <c>min_size</c> at least one on-demand node group must reach (system workloads survive a node loss).</summary>
    public required int OnDemandMinNodes { get; init; }

    /// <summary>Whether every node group needs <c>max ≥ 2 × min</c> for scaling headroom.</summary>
    public required bool NodeGroupHeadroom { get; init; }

    /// <summary>Whether the EKS API endpoint must be private only (no public access, even from listed ranges).</summary>
    public required bool PrivateClusterEndpoint { get; init; }

    /// <summary>Whether the full required alarm set must exist wherever its resource does.</summary>
    public required bool FullAlarmSet { get; init; }

    /// <summary>Whether the environment needs a <c>dr</c> workspace (<c>dr.mode</c> other than <c>none</c>): a standby region it can fail over to.</summary>
    public required bool DrRequired { get; init; }

    /// <summary>The floors of <paramref name="tier"/>.</summary>
    public static ReliabilityFloors For(EnvironmentTier tier) => tier switch
    {
        EnvironmentTier.Production => Production,
        EnvironmentTier.Staging => Staging,
        _ => Development,
    };

    /// <summary>The tiers where <paramref name="applies"/> holds, e.g. where Multi-AZ is required (policy-rule scopes).</summary>
    public static IReadOnlySet<EnvironmentTier> TiersWhere(Func<ReliabilityFloors, bool> applies) =>
        Enum.GetValues<EnvironmentTier>().Where(t => applies(For(t))).ToHashSet();

    private static readonly ReliabilityFloors Development = new()
    {
        PostgresBackupRetentionDays = 1,
        PostgresMultiAz = false,
        RedisSnapshotRetentionDays = 0,
        RedisFailover = false,
        AvailabilityZones = 2,
        NatGatewayPerAz = false,
        DeletionProtection = false,
        OnDemandGroupRequired = false,
        OnDemandMinNodes = 1,
        NodeGroupHeadroom = false,
        PrivateClusterEndpoint = false,
        FullAlarmSet = false,
        DrRequired = false,
    };

    private static readonly ReliabilityFloors Staging = Development with
    {
        PostgresBackupRetentionDays = 7,
        PostgresMultiAz = true,
        RedisSnapshotRetentionDays = 1,
        RedisFailover = true,
        NatGatewayPerAz = true,
        DeletionProtection = true,
        OnDemandMinNodes = 2,
        PrivateClusterEndpoint = true,
        FullAlarmSet = true,
        DrRequired = true,
    };

    private static readonly ReliabilityFloors Production = Staging with
    {
        PostgresBackupRetentionDays = 14,
        RedisSnapshotRetentionDays = 7,
        AvailabilityZones = 3,
        OnDemandGroupRequired = true,
        NodeGroupHeadroom = true,
    };
}
