namespace Ecolaura.Tf.Data;

/// <summary>The data workspace: PostgreSQL, Redis and the S3 buckets.</summary>
public sealed record DataConfig
{
    /// <summary>RDS PostgreSQL.</summary>
    public required PostgresConfig Postgres { get; init; }

    /// <summary>ElastiCache Redis.</summary>
    public required RedisConfig Redis { get; init; }

    /// <summary>S3 buckets.</summary>
    public required BucketsConfig Buckets { get; init; }
}

/// <summary>The primary PostgreSQL database (docs/requirements.md: PostgreSQL 13, db.r5.xlarge, Multi-AZ, 14-day backups, Performance Insights).</summary>
public sealed record PostgresConfig
{
    /// <summary>Always <c>postgres</c>; present so a wrong engine name in an override is caught, not ignored.</summary>
    /// <remarks>Default: postgres.</remarks>
    public string Engine { get; init; } = "postgres";

    /// <summary>Major version, one of <see cref="PostgresVersions.Supported"/>; 13 (docs/requirements.md) is the default.</summary>
    public required string MajorVersion { get; init; }

    /// <summary>Instance class, e.g. db.r5.xlarge.</summary>
    public required string InstanceClass { get; init; }

    /// <summary>Standby in a second AZ with automatic failover; required outside dev.</summary>
    public required bool MultiAz { get; init; }

    /// <summary>Initial gp3 storage in GiB (≥ 20).</summary>
    /// <remarks>Default: 100.</remarks>
    public int AllocatedStorageGb { get; init; } = 100;

    /// <summary>Storage autoscaling ceiling in GiB (≥ allocated).</summary>
    /// <remarks>Default: 1000.</remarks>
    public int MaxAllocatedStorageGb { get; init; } = 1000;

    /// <summary>Automated backup retention, 0–35 days; point-in-time recovery covers the same window. Floors: dev 1, staging 7, prod 14.</summary>
    public required int BackupRetentionDays { get; init; }

    /// <summary>Daily backup window, UTC <c>hh:mm-hh:mm</c>, at least 30 minutes, not overlapping the maintenance window.</summary>
    /// <remarks>Default: 03:00-04:00.</remarks>
    public string BackupWindow { get; init; } = "03:00-04:00";

    /// <summary>Weekly maintenance window, UTC <c>ddd:hh:mm-ddd:hh:mm</c>.</summary>
    /// <remarks>Default: sun:05:00-sun:06:00.</remarks>
    public string MaintenanceWindow { get; init; } = "sun:05:00-sun:06:00";

    /// <summary>Enhanced monitoring interval in seconds: 1, 5, 10, 15, 30 or 60.</summary>
    /// <remarks>Default: 60.</remarks>
    public int MonitoringIntervalSeconds { get; init; } = 60;

    /// <summary>Bump to apply a new <c>TF_VAR_db_master_password</c> (the password itself is write-only and never in state).</summary>
    /// <remarks>Default: 1.</remarks>
    public int PasswordVersion { get; init; } = 1;
}

/// <summary>The Redis replication group (docs/requirements.md: Redis 6.x, cache.m5.large, 3 nodes, automatic failover).</summary>
public sealed record RedisConfig
{
    /// <summary>Engine version, 6.x (6.0 or 6.2).</summary>
    /// <remarks>Default: 6.2.</remarks>
    public string EngineVersion { get; init; } = "6.2";

    /// <summary>Node type, e.g. cache.m5.large.</summary>
    public required string NodeType { get; init; }

    /// <summary>Nodes in the replication group: one primary plus replicas (1–6).</summary>
    public required int Nodes { get; init; }

    /// <summary>Automatic failover with Multi-AZ; needs at least 2 nodes. Required outside dev.</summary>
    public required bool AutomaticFailover { get; init; }

    /// <summary>Daily snapshots kept, 0–35 (prod ≥ 7, staging ≥ 1).</summary>
    public required int SnapshotRetentionDays { get; init; }

    /// <summary>Bump to rotate the AUTH token to a new <c>TF_VAR_redis_auth_token</c>.</summary>
    /// <remarks>Default: 1.</remarks>
    public int AuthTokenVersion { get; init; } = 1;
}

/// <summary>S3 buckets of the data workspace.</summary>
public sealed record BucketsConfig
{
    /// <summary>First part of every bucket name: <c>&lt;prefix&gt;-&lt;env&gt;-&lt;role&gt;-&lt;account&gt;-&lt;region&gt;</c>.</summary>
    /// <remarks>Default: ecolaura.</remarks>
    public string NamePrefix { get; init; } = "ecolaura";

    /// <summary>Days before objects move to S3 Intelligent-Tiering (0 = at once).</summary>
    /// <remarks>Default: 0.</remarks>
    public int IntelligentTieringAfterDays { get; init; } = 0;

    /// <summary>Days without access before log objects move to the Archive Access tier (90–730).</summary>
    /// <remarks>Default: 90. Only the log bucket opts in: archived objects need a restore before reading.</remarks>
    public int LogArchiveAccessDays { get; init; } = 90;

    /// <summary>Days without access before log objects move to Deep Archive Access (180–730, after the archive tier).</summary>
    /// <remarks>Default: 180.</remarks>
    public int LogDeepArchiveAccessDays { get; init; } = 180;

    /// <summary>Days a non-current object version is kept.</summary>
    /// <remarks>Default: 90.</remarks>
    public int NoncurrentVersionExpiryDays { get; init; } = 90;

    /// <summary>Days access logs are kept.</summary>
    /// <remarks>Default: 365.</remarks>
    public int AccessLogExpiryDays { get; init; } = 365;
}

/// <summary>PostgreSQL major versions RDS offers, with their standard-support end.</summary>
/// <remarks>Source: Amazon RDS for PostgreSQL release calendar, https://docs.aws.amazon.com/AmazonRDS/latest/PostgreSQLReleaseNotes/postgresql-release-calendar.html (checked 2026-11-24).</remarks>
public static class PostgresVersions
{
    /// <summary>Source of <see cref="Supported"/>.</summary>
    public static FactSource Source { get; } =
        new("Amazon RDS for PostgreSQL release calendar", "https://docs.aws.amazon.com/AmazonRDS/latest/PostgreSQLReleaseNotes/postgresql-release-calendar.html", "2026-11-24");

    /// <summary>Major version → last day of RDS standard support (after it, RDS bills Extended Support).</summary>
    public static IReadOnlyDictionary<string, DateOnly> Supported { get; } = new SortedDictionary<string, DateOnly>(StringComparer.Ordinal)
    {
        ["13"] = new(2026, 2, 28),
        ["14"] = new(2027, 2, 28),
        ["15"] = new(2028, 2, 29),
        ["16"] = new(2029, 2, 28),
        ["17"] = new(2030, 2, 28),
    };

    /// <summary>True when <paramref name="major"/> is past standard support on <paramref name="today"/>.</summary>
    public static bool InExtendedSupport(string major, DateOnly today) =>
        Supported.TryGetValue(major, out var end) && today > end;
}
