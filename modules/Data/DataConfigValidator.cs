using System.Globalization;
using System.Text.RegularExpressions;

namespace Ecolaura.Tf.Data;

/// <summary>
/// Bad inputs of the data workspace, and the reliability floors of its tier: the PostgreSQL engine, major version,
/// instance class, storage sizes, backup retention and windows, Multi-AZ and monitoring interval; the Redis version,
/// node type, node count, failover and snapshot retention; the bucket name prefix and the tiering and expiry days.
/// </summary>
/// <remarks>Terraform accepts most of these (a bogus class, <c>postgresql</c>, retention 0 in prod, bad bucket names).</remarks>
public static partial class DataConfigValidator
{
    /// <summary>Source of <see cref="RdsInstanceClasses"/>.</summary>
    public static FactSource RdsInstanceClassesSource { get; } =
        new("Amazon RDS User Guide, DB instance classes", "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.DBInstanceClass.html", "2026-11-24");

    /// <summary>
    /// RDS for PostgreSQL instance classes this project allows (current generations): family → sizes, a class being
    /// <c>db.&lt;family&gt;.&lt;size&gt;</c> (e.g. <c>db.r5.xlarge</c>).
    /// </summary>
    /// <remarks>Source: <see cref="RdsInstanceClassesSource"/> (hardware specifications per class).</remarks>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> RdsInstanceClasses { get; } = new SortedDictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
    {
        ["t3"] = ["micro", "small", "medium", "large", "xlarge", "2xlarge"],
        ["t4g"] = ["micro", "small", "medium", "large", "xlarge", "2xlarge"],
        ["m5"] = ["large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge", "24xlarge"],
        ["m6g"] = ["large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge"],
        ["m6i"] = ["large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge", "24xlarge", "32xlarge"],
        ["m7g"] = ["large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge"],
        ["r5"] = ["large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge", "24xlarge"],
        ["r6g"] = ["large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge"],
        ["r6i"] = ["large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge", "24xlarge", "32xlarge"],
        ["r7g"] = ["large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge"],
    };

    /// <summary>Source of <see cref="CacheNodeTypes"/>.</summary>
    public static FactSource CacheNodeTypesSource { get; } =
        new("Amazon ElastiCache API Reference, CacheNode (supported node types)", "https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_CacheNode.html", "2026-12-01");

    /// <summary>
    /// ElastiCache node types this project allows for Redis 6.x (current generations that support encryption in transit
    /// and at rest): family → sizes, a node type being <c>cache.&lt;family&gt;.&lt;size&gt;</c> (e.g. <c>cache.m5.large</c>).
    /// </summary>
    /// <remarks>Source: <see cref="CacheNodeTypesSource"/>. t4g, m6g and r6g need Redis 5.0.6 or later, which 6.x is.</remarks>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> CacheNodeTypes { get; } = new SortedDictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
    {
        ["t3"] = ["micro", "small", "medium"],
        ["t4g"] = ["micro", "small", "medium"],
        ["m5"] = ["large", "xlarge", "2xlarge", "4xlarge", "12xlarge", "24xlarge"],
        ["m6g"] = ["large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge"],
        ["r5"] = ["large", "xlarge", "2xlarge", "4xlarge", "12xlarge", "24xlarge"],
        ["r6g"] = ["large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge"],
    };

    /// <summary>Enhanced monitoring intervals RDS accepts (0 disables it, which this project does not allow).</summary>
    /// <remarks>Source: Amazon RDS API Reference, CreateDBInstance <c>MonitoringInterval</c> (valid values 0, 1, 5, 10, 15, 30, 60), https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html (checked 2026-12-01).</remarks>
    public static readonly IReadOnlyList<int> MonitoringIntervals = [1, 5, 10, 15, 30, 60];

    /// <summary>Source of <see cref="RedisVersions"/>.</summary>
    public static FactSource RedisVersionsSource { get; } =
        new("Amazon ElastiCache (Redis OSS) User Guide, supported versions", "https://docs.aws.amazon.com/AmazonElastiCache/latest/red-ug/supported-engine-versions.html", "2026-12-01");

    /// <summary>Redis engine versions of the 6.x line docs/requirements.md asks for, that ElastiCache offers (<c>engine_version</c> values).</summary>
    /// <remarks>Source: <see cref="RedisVersionsSource"/>.</remarks>
    public static readonly IReadOnlyList<string> RedisVersions = ["6.0", "6.2"];

    /// <summary>Every problem of <paramref name="env"/>'s <c>data</c> section.</summary>
    public static IEnumerable<ValidationProblem> Validate(EnvironmentConfig env, string path)
    {
        var problems = new Problems(path);
        var problem = problems.Add;
        var pg = env.Data.Postgres;
        var name = env.Name;
        var floors = env.Floors();
        if (pg.Engine != "postgres")
        {
            problem("data.postgres.engine", pg.Engine, "must be 'postgres' (the RDS engine name for PostgreSQL)");
        }

        if (!PostgresVersions.Supported.ContainsKey(pg.MajorVersion))
        {
            problem("data.postgres.majorVersion", pg.MajorVersion, $"must be one of [{string.Join(", ", PostgresVersions.Supported.Keys)}] ({PostgresVersions.Source})");
        }

        if (AwsFacts.CheckFamilySize(pg.InstanceClass, "db.", "an RDS instance class", RdsInstanceClasses, RdsInstanceClassesSource) is { } allowedClass)
        {
            problem("data.postgres.instanceClass", pg.InstanceClass, allowedClass);
        }

        if (floors.PostgresMultiAz && !pg.MultiAz)
        {
            problem("data.postgres.multiAz", false, $"{name} ({env.Tier.Id()} tier) needs a Multi-AZ database; single-AZ is allowed in the development tier only");
        }

        if (pg.AllocatedStorageGb < 20)
        {
            problem("data.postgres.allocatedStorageGb", pg.AllocatedStorageGb, "must be at least 20 GiB (gp3 minimum)");
        }

        if (pg.MaxAllocatedStorageGb < pg.AllocatedStorageGb)
        {
            problem("data.postgres.maxAllocatedStorageGb", pg.MaxAllocatedStorageGb, $"must be at least allocatedStorageGb ({pg.AllocatedStorageGb}) for storage autoscaling");
        }

        var floor = floors.PostgresBackupRetentionDays;
        if (pg.BackupRetentionDays is < 0 or > 35)
        {
            problem("data.postgres.backupRetentionDays", pg.BackupRetentionDays, "outside 0–35 days (the RDS limit)");
        }
        else if (pg.BackupRetentionDays < floor)
        {
            problem("data.postgres.backupRetentionDays", pg.BackupRetentionDays,
                $"below the {env.Tier.Id()}-tier minimum of {floor} days (0 disables automated backups, point-in-time recovery and read replicas)");
        }

        var backup = Window(pg.BackupWindow, weekly: false);
        var maintenance = Window(pg.MaintenanceWindow, weekly: true);
        if (backup is null)
        {
            problem("data.postgres.backupWindow", pg.BackupWindow, "must be a UTC daily window hh:mm-hh:mm of at least 30 minutes");
        }

        if (maintenance is null)
        {
            problem("data.postgres.maintenanceWindow", pg.MaintenanceWindow, "must be a UTC weekly window ddd:hh:mm-ddd:hh:mm of at least 30 minutes (ddd in mon…sun)");
        }

        if (backup is { } b && maintenance is { } m && Overlaps(b, m))
        {
            problem("data.postgres.maintenanceWindow", pg.MaintenanceWindow, $"must not overlap backupWindow ({pg.BackupWindow})");
        }

        if (!MonitoringIntervals.Contains(pg.MonitoringIntervalSeconds))
        {
            problem("data.postgres.monitoringIntervalSeconds", pg.MonitoringIntervalSeconds, $"must be one of [{string.Join(", ", MonitoringIntervals)}]");
        }

        if (pg.PasswordVersion < 1)
        {
            problem("data.postgres.passwordVersion", pg.PasswordVersion, "must be 1 or more");
        }

        var redis = env.Data.Redis;
        if (!RedisVersions.Contains(redis.EngineVersion))
        {
            problem("data.redis.engineVersion", redis.EngineVersion, $"must be one of [{string.Join(", ", RedisVersions)}] (the required Redis 6.x; {RedisVersionsSource})");
        }

        if (AwsFacts.CheckFamilySize(redis.NodeType, "cache.", "an ElastiCache node type", CacheNodeTypes, CacheNodeTypesSource) is { } allowedType)
        {
            problem("data.redis.nodeType", redis.NodeType, allowedType);
        }

        if (redis.Nodes is < 1 or > 6)
        {
            problem("data.redis.nodes", redis.Nodes, "must be 1–6 (one primary and at most 5 replicas)");
        }

        if (redis.AutomaticFailover && redis.Nodes < 2)
        {
            problem("data.redis.nodes", redis.Nodes, "must be ≥2 when automaticFailover is enabled");
        }

        if (floors.RedisFailover && !redis.AutomaticFailover)
        {
            problem("data.redis.automaticFailover", false, $"{name} ({env.Tier.Id()} tier) needs automatic failover with Multi-AZ; it may be off in the development tier only");
        }

        var snapshotFloor = floors.RedisSnapshotRetentionDays;
        if (redis.SnapshotRetentionDays is < 0 or > 35)
        {
            problem("data.redis.snapshotRetentionDays", redis.SnapshotRetentionDays, "outside 0–35 days (the ElastiCache limit)");
        }
        else if (redis.SnapshotRetentionDays < snapshotFloor)
        {
            problem("data.redis.snapshotRetentionDays", redis.SnapshotRetentionDays, $"below the {env.Tier.Id()}-tier minimum of {snapshotFloor} days");
        }

        var buckets = env.Data.Buckets;
        if (!BucketPrefix().IsMatch(buckets.NamePrefix))
        {
            problem("data.buckets.namePrefix", buckets.NamePrefix, "invalid: lowercase letters, digits and '-', starting with a letter, 3–20 characters");
        }
        else
        {
            var names = new Naming(env);
            foreach (var role in DataBucketRoles)
            {
                var bucket = names.Bucket(role);
                if (bucket.Length > 63 || !BucketName().IsMatch(bucket) || bucket.Contains("--", StringComparison.Ordinal))
                {
                    problem("data.buckets.namePrefix", buckets.NamePrefix, $"gives the bucket name '{bucket}', which is not a valid S3 name (lowercase letters, digits, '-', 3–63 chars)");
                }
            }
        }

        if (buckets.IntelligentTieringAfterDays is < 0 or > 365)
        {
            problem("data.buckets.intelligentTieringAfterDays", buckets.IntelligentTieringAfterDays, "must be 0–365 days");
        }

        if (buckets.LogArchiveAccessDays is < 90 or > 730)
        {
            problem("data.buckets.logArchiveAccessDays", buckets.LogArchiveAccessDays, "outside 90–730 (S3 Intelligent-Tiering ARCHIVE_ACCESS)");
        }

        if (buckets.LogDeepArchiveAccessDays is < 180 or > 730 || buckets.LogDeepArchiveAccessDays <= buckets.LogArchiveAccessDays)
        {
            problem("data.buckets.logDeepArchiveAccessDays", buckets.LogDeepArchiveAccessDays,
                $"outside 180–730 (S3 Intelligent-Tiering DEEP_ARCHIVE_ACCESS) or not after logArchiveAccessDays ({buckets.LogArchiveAccessDays})");
        }

        if (buckets.NoncurrentVersionExpiryDays < 1)
        {
            problem("data.buckets.noncurrentVersionExpiryDays", buckets.NoncurrentVersionExpiryDays, "must be at least 1 day");
        }

        if (buckets.AccessLogExpiryDays < 90)
        {
            problem("data.buckets.accessLogExpiryDays", buckets.AccessLogExpiryDays, "must keep access logs at least 90 days");
        }

        return problems;
    }

    /// <summary>Warnings that do not stop synth: PostgreSQL past RDS standard support.</summary>
    public static IEnumerable<string> Warnings(EnvironmentConfig env, DateOnly today)
    {
        var major = env.Data.Postgres.MajorVersion;
        if (PostgresVersions.InExtendedSupport(major, today))
        {
            yield return $"environments.{env.Name}.data.postgres.majorVersion: PostgreSQL {major} left RDS standard support on "
                + $"{PostgresVersions.Supported[major]:yyyy-MM-dd} and is billed as RDS Extended Support; plan an upgrade to 16 or 17";
        }
    }

    /// <summary>The bucket roles of the data workspace.</summary>
    public static readonly IReadOnlyList<string> DataBucketRoles = ["static-assets", "app-state", "access-logs"];

    /// <summary>A maintenance or backup window as minutes from Monday 00:00 (backup windows repeat daily).</summary>
    private sealed record WindowSpan(int Start, int End, bool Daily);

    private static WindowSpan? Window(string text, bool weekly)
    {
        var match = weekly ? WeeklyWindow().Match(text) : DailyWindow().Match(text);
        if (!match.Success)
        {
            return null;
        }

        int Day(string d) => Array.IndexOf(["mon", "tue", "wed", "thu", "fri", "sat", "sun"], d);
        int Minutes(string hh, string mm) => int.Parse(hh, CultureInfo.InvariantCulture) * 60 + int.Parse(mm, CultureInfo.InvariantCulture);
        int start, end;
        if (weekly)
        {
            start = Day(match.Groups[1].Value) * 1440 + Minutes(match.Groups[2].Value, match.Groups[3].Value);
            end = Day(match.Groups[4].Value) * 1440 + Minutes(match.Groups[5].Value, match.Groups[6].Value);
            if (end <= start)
            {
                end += 7 * 1440;
            }
        }
        else
        {
            start = Minutes(match.Groups[1].Value, match.Groups[2].Value);
            end = Minutes(match.Groups[3].Value, match.Groups[4].Value);
            if (end <= start)
            {
                end += 1440;
            }
        }

        return end - start >= 30 ? new WindowSpan(start, end, !weekly) : null;
    }

    private static bool Overlaps(WindowSpan daily, WindowSpan weekly)
    {
        for (var day = -1; day <= 7; day++)
        {
            var start = daily.Start + day * 1440;
            var end = daily.End + day * 1440;
            foreach (var shift in new[] { 0, 7 * 1440 })
            {
                if (start < weekly.End + shift && weekly.Start + shift < end)
                {
                    return true;
                }
            }
        }

        return false;
    }

    [GeneratedRegex(@"^[a-z][a-z0-9-]{2,19}$")]
    private static partial Regex BucketPrefix();

    [GeneratedRegex(@"^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$")]
    private static partial Regex BucketName();

    [GeneratedRegex(@"^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)$")]
    private static partial Regex DailyWindow();

    [GeneratedRegex(@"^(mon|tue|wed|thu|fri|sat|sun):([01]\d|2[0-3]):([0-5]\d)-(mon|tue|wed|thu|fri|sat|sun):([01]\d|2[0-3]):([0-5]\d)$")]
    private static partial Regex WeeklyWindow();
}
