namespace Ecolaura.Tf.Dr;

/// <summary>
/// The disaster-recovery region of an environment and how much of the platform stands there (<see cref="Mode"/>).
/// The DR network is the primary's <see cref="NetworkConfig"/> with this region's range, zones and prefix list,
/// so both regions are built by the same constructs from the same settings.
/// </summary>
public sealed record DrConfig
{
    /// <summary>Must differ from the primary region.</summary>
    public required string Region { get; init; }

    /// <summary>The DR VPC range; disjoint from every other VPC.</summary>
    public required string VpcCidr { get; init; }

    /// <summary>Explicit DR zones, at least 2 (and at least the tier's floor when the DR region serves).</summary>
    public required IReadOnlyList<string> AvailabilityZones { get; init; }

    /// <summary>The DR region's CloudFront origin-facing managed prefix list.</summary>
    public required string CloudFrontPrefixListId { get; init; }

    /// <summary>
    /// How much of the platform stands in the DR region: <c>none</c> (no <c>dr</c> workspace; development only),
    /// <c>pilot</c>, <c>warm</c> or <c>active</c> (see <see cref="DrMode"/>). Switching is a one-field change whose
    /// plan is reviewed like any other (docs/dr-runbook.md).
    /// </summary>
    /// <remarks>Default: none. The embedded environments: dev none, staging pilot, prod warm; production and staging
    /// tiers must not be none (<see cref="ReliabilityFloors.DrRequired"/>).</remarks>
    public DrMode Mode { get; init; } = DrMode.None;

    /// <summary>
    /// Scaling of every node group in <c>warm</c> mode (serving capacity at a reduced size). <c>active</c> uses the
    /// primary's scaling (<c>compute.nodeGroups</c>); <c>pilot</c> has no node groups.
    /// </summary>
    /// <remarks>Default (null): min and desired at the tier's on-demand floor, max as the primary's largest group.</remarks>
    public NodeGroupScaling? WarmNodeScaling { get; init; }

    /// <summary>The cross-region read replica of the primary PostgreSQL database.</summary>
    /// <remarks>Default: a replica of the primary's class and major version.</remarks>
    public DrDatabaseConfig Database { get; init; } = new();

    /// <summary>AWS Backup of the database and the application-state bucket, copied into a locked DR-region vault.</summary>
    /// <remarks>Default: daily at 05:00 UTC, continuous backup, 35 days in both vaults.</remarks>
    public DrBackupConfig Backup { get; init; } = new();
}

/// <summary>
/// The AWS Backup plan of an environment with a <c>dr</c> workspace (the data workspace owns it): one daily rule into
/// the primary-region vault with a copy into the DR-region vault
/// (https://docs.aws.amazon.com/aws-backup/latest/devguide/creating-a-backup-plan.html).
/// </summary>
public sealed record DrBackupConfig
{
    /// <summary>The vault lock's maximum retention in days (10 years): a recovery point kept longer is refused by the DR vault.</summary>
    public const int MaxRetentionDays = 3650;

    /// <summary>The longest retention AWS Backup allows for continuous backups (point-in-time recovery), in days.</summary>
    public const int MaxContinuousRetentionDays = 35;

    /// <summary>When the rule runs: an AWS Backup cron expression with six fields, in UTC, e.g. <c>cron(0 5 ? * * *)</c>.</summary>
    /// <remarks>Default: cron(0 5 ? * * *) (05:00 UTC, after the RDS backup window's default 03:00-04:00).</remarks>
    public string Schedule { get; init; } = "cron(0 5 ? * * *)";

    /// <summary>Days a recovery point stays in the primary-region vault: 1–35 with continuous backup, else 1–3650.</summary>
    /// <remarks>Default: 35.</remarks>
    public int RetentionDays { get; init; } = 35;

    /// <summary>Days a copy stays in the DR-region vault; at least <see cref="RetentionDays"/> (the DR copy must outlive the source), at most 3650. Also the DR vault lock's minimum retention.</summary>
    /// <remarks>Default (null): <see cref="RetentionDays"/>.</remarks>
    public int? CopyRetentionDays { get; init; }

    /// <summary>Continuous backup (point-in-time recovery) for RDS and S3 in the primary vault; copies to the DR vault are snapshots.</summary>
    /// <remarks>Default: true.</remarks>
    public bool ContinuousBackup { get; init; } = true;

    /// <summary>The copy retention in effect: <see cref="CopyRetentionDays"/>, else <see cref="RetentionDays"/>.</summary>
    public int EffectiveCopyRetentionDays => CopyRetentionDays ?? RetentionDays;
}

/// <summary>How much of the platform the DR region runs.</summary>
public enum DrMode
{
    /// <summary>No <c>dr</c> workspace (development tier only).</summary>
    None,

    /// <summary>Data replicated (database replica, bucket replicas, backup copies), network and cluster present, no node groups, no load balancer: no serving capacity.</summary>
    Pilot,

    /// <summary>Pilot plus node groups at <see cref="DrConfig.WarmNodeScaling"/> and a healthy DR load balancer as the SECONDARY DNS record.</summary>
    Warm,

    /// <summary>The DR region serves: the replica is promoted to a standalone database, node groups run at the primary's scaling.</summary>
    Active,
}

/// <summary>The DR database: a cross-region read replica of the primary (RDS <c>CreateDBInstanceReadReplica</c>).</summary>
public sealed record DrDatabaseConfig
{
    /// <summary>Whether the DR region holds a read replica of the primary database. <c>active</c> needs one (it is what gets promoted).</summary>
    /// <remarks>Default: true.</remarks>
    public bool Replica { get; init; } = true;

    /// <summary>The replica's instance class.</summary>
    /// <remarks>Default (null): the primary's <c>data.postgres.instanceClass</c>; another class needs <see cref="AllowDifferentFromPrimary"/>.</remarks>
    public string? InstanceClass { get; init; }

    /// <summary>The replica's PostgreSQL major version.</summary>
    /// <remarks>Default (null): the primary's <c>data.postgres.majorVersion</c>; another version needs <see cref="AllowDifferentFromPrimary"/>.</remarks>
    public string? MajorVersion { get; init; }

    /// <summary>Allows <see cref="InstanceClass"/> or <see cref="MajorVersion"/> to differ from the primary's (e.g. a smaller replica in staging).</summary>
    /// <remarks>Default: false.</remarks>
    public bool AllowDifferentFromPrimary { get; init; }
}
