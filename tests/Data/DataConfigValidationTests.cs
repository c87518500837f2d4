
namespace Ecolaura.Tf.Tests.Data;

/// <summary>
/// Bad inputs of the data workspace that Terraform accepts (a bogus instance class, engine <c>postgresql</c>, retention
/// below the tier's floor, overlapping windows, bad bucket names, out-of-range tiering days): rejected before synth,
/// with field, value and what is allowed.
/// </summary>
public class DataConfigValidationTests
{
    private static IReadOnlyList<string> Problems(string env, string dataJson)
    {
        var json = $$"""{ "environments": { "{{env}}": { "data": {{dataJson}} } } }""";
        return Assert.Throws<ConfigValidationException>(() => ConfigLoader.Load(json))!.Problems.Select(p => p.ToString()).ToArray();
    }

    private static string RdsSource => DataConfigValidator.RdsInstanceClassesSource.ToString();

    private static string CacheSource => DataConfigValidator.CacheNodeTypesSource.ToString();

    [TestCase("db.bogus.huge")]
    [TestCase("m5.large")]
    [TestCase("db.r5")]
    public void A_bogus_instance_class_is_rejected(string instanceClass) =>
        Assert.That(Problems("prod", $$"""{ "postgres": { "instanceClass": "{{instanceClass}}" } }"""),
            Has.Member($"environments.prod.data.postgres.instanceClass: must be an RDS instance class db.<family>.<size> with family in [m5, m6g, m6i, m7g, r5, r6g, r6i, r7g, t3, t4g] ({RdsSource}), got '{instanceClass}'"));

    /// <summary>A size the family does not offer (db.t3.24xlarge passed the old family × size check).</summary>
    [TestCase("db.r5.enormous")]
    [TestCase("db.r5.micro")]
    public void A_size_the_rds_family_does_not_offer_is_rejected(string instanceClass) =>
        Assert.That(Problems("prod", $$"""{ "postgres": { "instanceClass": "{{instanceClass}}" } }"""),
            Has.Member($"environments.prod.data.postgres.instanceClass: must be an RDS instance class db.<family>.<size>; db.r5 offers sizes [large, xlarge, 2xlarge, 4xlarge, 8xlarge, 12xlarge, 16xlarge, 24xlarge] ({RdsSource}), got '{instanceClass}'"));

    [Test]
    public void Db_t3_24xlarge_is_rejected() =>
        Assert.That(Problems("prod", """{ "postgres": { "instanceClass": "db.t3.24xlarge" } }"""),
            Has.Member($"environments.prod.data.postgres.instanceClass: must be an RDS instance class db.<family>.<size>; db.t3 offers sizes [micro, small, medium, large, xlarge, 2xlarge] ({RdsSource}), got 'db.t3.24xlarge'"));

    /// <summary>Cache node types were only pattern-checked: cache.m5.enormous and cache.x9.large synthesized.</summary>
    [TestCase("cache.m5.enormous", "cache.m5 offers sizes [large, xlarge, 2xlarge, 4xlarge, 12xlarge, 24xlarge]")]
    [TestCase("cache.m5.8xlarge", "cache.m5 offers sizes [large, xlarge, 2xlarge, 4xlarge, 12xlarge, 24xlarge]")]
    [TestCase("cache.t3.large", "cache.t3 offers sizes [micro, small, medium]")]
    public void A_cache_node_size_the_family_does_not_offer_is_rejected(string nodeType, string allowed) =>
        Assert.That(Problems("prod", $$"""{ "redis": { "nodeType": "{{nodeType}}" } }"""),
            Has.Member($"environments.prod.data.redis.nodeType: must be an ElastiCache node type cache.<family>.<size>; {allowed} ({CacheSource}), got '{nodeType}'"));

    [TestCase("cache.x9.large")]
    [TestCase("cache.t2.micro")]
    public void An_unknown_or_previous_generation_cache_family_is_rejected(string nodeType) =>
        Assert.That(Problems("prod", $$"""{ "redis": { "nodeType": "{{nodeType}}" } }"""),
            Has.Member($"environments.prod.data.redis.nodeType: must be an ElastiCache node type cache.<family>.<size> with family in [m5, m6g, r5, r6g, t3, t4g] ({CacheSource}), got '{nodeType}'"));

    [Test]
    public void Every_default_class_and_node_type_is_listed()
    {
        foreach (var env in DefaultEnvironments.All)
        {
            Assert.That(AwsFacts.CheckFamilySize(env.Data.Postgres.InstanceClass, "db.", "x", DataConfigValidator.RdsInstanceClasses, DataConfigValidator.RdsInstanceClassesSource), Is.Null, env.Data.Postgres.InstanceClass);
            Assert.That(AwsFacts.CheckFamilySize(env.Data.Redis.NodeType, "cache.", "x", DataConfigValidator.CacheNodeTypes, DataConfigValidator.CacheNodeTypesSource), Is.Null, env.Data.Redis.NodeType);
        }
    }

    [TestCase("postgresql")]
    [TestCase("postgress")]
    public void A_wrong_engine_name_is_rejected(string engine) =>
        Assert.That(Problems("prod", $$"""{ "postgres": { "engine": "{{engine}}" } }"""),
            Has.Member($"environments.prod.data.postgres.engine: must be 'postgres' (the RDS engine name for PostgreSQL), got '{engine}'"));

    [Test]
    public void Retention_zero_in_prod_is_rejected() =>
        Assert.That(Problems("prod", """{ "postgres": { "backupRetentionDays": 0 } }"""),
            Has.Member("environments.prod.data.postgres.backupRetentionDays: below the production-tier minimum of 14 days (0 disables automated backups, point-in-time recovery and read replicas), got 0"));

    [Test]
    public void Retention_forty_is_rejected() =>
        Assert.That(Problems("prod", """{ "postgres": { "backupRetentionDays": 40 } }"""),
            Has.Member("environments.prod.data.postgres.backupRetentionDays: outside 0–35 days (the RDS limit), got 40"));

    [Test]
    public void Single_az_is_rejected_in_prod_but_allowed_in_dev()
    {
        Assert.That(Problems("prod", """{ "postgres": { "multiAz": false } }"""),
            Has.Member("environments.prod.data.postgres.multiAz: prod (production tier) needs a Multi-AZ database; single-AZ is allowed in the development tier only, got False"));
        Assert.That(ConfigLoader.Load("""{ "environments": { "dev": { "data": { "postgres": { "multiAz": false } } } } }""")[0].Data.Postgres.MultiAz, Is.False);
    }

    [Test]
    public void Single_node_redis_with_failover_is_rejected() =>
        Assert.That(Problems("staging", """{ "redis": { "nodes": 1, "automaticFailover": true } }"""),
            Has.Member("environments.staging.data.redis.nodes: must be ≥2 when automaticFailover is enabled, got 1"));

    [Test]
    public void Redis_without_failover_is_rejected_in_prod() =>
        Assert.That(Problems("prod", """{ "redis": { "automaticFailover": false } }"""),
            Has.Member("environments.prod.data.redis.automaticFailover: prod (production tier) needs automatic failover with Multi-AZ; it may be off in the development tier only, got False"));

    [Test]
    public void Redis_limits_are_enforced()
    {
        var problems = Problems("prod", """{ "redis": { "nodes": 7, "nodeType": "m5.large", "snapshotRetentionDays": 40, "engineVersion": "7.1" } }""");
        Assert.That(problems, Has.Member("environments.prod.data.redis.nodes: must be 1–6 (one primary and at most 5 replicas), got 7"));
        Assert.That(problems, Has.Member($"environments.prod.data.redis.nodeType: must be an ElastiCache node type cache.<family>.<size> with family in [m5, m6g, r5, r6g, t3, t4g] ({CacheSource}), got 'm5.large'"));
        Assert.That(problems, Has.Member("environments.prod.data.redis.snapshotRetentionDays: outside 0–35 days (the ElastiCache limit), got 40"));
        Assert.That(problems, Has.Member($"environments.prod.data.redis.engineVersion: must be one of [6.0, 6.2] (the required Redis 6.x; {DataConfigValidator.RedisVersionsSource}), got '7.1'"));
    }

    [Test]
    public void Redis_snapshots_below_seven_days_are_rejected_in_prod() =>
        Assert.That(Problems("prod", """{ "redis": { "snapshotRetentionDays": 3 } }"""),
            Has.Member("environments.prod.data.redis.snapshotRetentionDays: below the production-tier minimum of 7 days, got 3"));

    [TestCase("Bad_Bucket_Name")]
    [TestCase("UPPER")]
    public void An_invalid_bucket_name_is_rejected(string prefix) =>
        Assert.That(Problems("prod", $$"""{ "buckets": { "namePrefix": "{{prefix}}" } }"""),
            Has.Member($"environments.prod.data.buckets.namePrefix: invalid: lowercase letters, digits and '-', starting with a letter, 3–20 characters, got '{prefix}'"));

    [Test]
    public void A_bucket_name_over_63_characters_is_rejected() =>
        Assert.That(Problems("staging", """{ "buckets": { "namePrefix": "abcdefghijklmnopqrst" } }"""),
            Has.Member("environments.staging.data.buckets.namePrefix: gives the bucket name 'abcdefghijklmnopqrst-staging-static-assets-222222222222-us-east-1', which is not a valid S3 name (lowercase letters, digits, '-', 3–63 chars), got 'abcdefghijklmnopqrst'"));

    [Test]
    public void Intelligent_tiering_archive_days_outside_range_are_rejected()
    {
        var problems = Problems("prod", """{ "buckets": { "logArchiveAccessDays": 30, "logDeepArchiveAccessDays": 100 } }""");
        Assert.That(problems, Has.Member("environments.prod.data.buckets.logArchiveAccessDays: outside 90–730 (S3 Intelligent-Tiering ARCHIVE_ACCESS), got 30"));
        Assert.That(problems, Has.Some.StartsWith("environments.prod.data.buckets.logDeepArchiveAccessDays: outside 180–730"));
    }

    [Test]
    public void Storage_windows_and_monitoring_are_checked()
    {
        var problems = Problems("prod", """
            { "postgres": { "allocatedStorageGb": 10, "maxAllocatedStorageGb": 5, "monitoringIntervalSeconds": 7,
                            "backupWindow": "05:15-05:45", "maintenanceWindow": "sun:05:00-sun:06:00" } }
            """);
        Assert.That(problems, Has.Member("environments.prod.data.postgres.allocatedStorageGb: must be at least 20 GiB (gp3 minimum), got 10"));
        Assert.That(problems, Has.Member("environments.prod.data.postgres.maxAllocatedStorageGb: must be at least allocatedStorageGb (10) for storage autoscaling, got 5"));
        Assert.That(problems, Has.Member("environments.prod.data.postgres.monitoringIntervalSeconds: must be one of [1, 5, 10, 15, 30, 60], got 7"));
        Assert.That(problems, Has.Member("environments.prod.data.postgres.maintenanceWindow: must not overlap backupWindow (05:15-05:45), got 'sun:05:00-sun:06:00'"));
    }

    [Test]
    public void An_unsupported_major_version_is_rejected() =>
        Assert.That(Problems("prod", """{ "postgres": { "majorVersion": "12" } }"""),
            Has.Member($"environments.prod.data.postgres.majorVersion: must be one of [13, 14, 15, 16, 17] ({PostgresVersions.Source}), got '12'"));

    [Test]
    public void Postgres_13_warns_about_extended_support_and_16_does_not()
    {
        var today = new DateOnly(2026, 11, 24);
        Assert.That(ConfigValidator.Warnings(DefaultEnvironments.All, today), Has.Member(
            "environments.prod.data.postgres.majorVersion: PostgreSQL 13 left RDS standard support on 2026-02-28 and is billed as RDS Extended Support; plan an upgrade to 16 or 17"));
        var upgraded = DefaultEnvironments.Prod with { Data = DefaultEnvironments.Prod.Data with { Postgres = DefaultEnvironments.Prod.Data.Postgres with { MajorVersion = "16" } } };
        Assert.That(ConfigValidator.Warnings([upgraded], today), Is.Empty);
        Assert.That(ConfigValidator.Warnings(DefaultEnvironments.All, new DateOnly(2026, 2, 1)), Is.Empty, "still in standard support then");
    }

    [Test]
    public void A_literal_database_password_in_config_is_refused() =>
        Assert.That(Problems("prod", """{ "postgres": { "password": "hunter2hunter2hunter2" } }"""),
            Has.Member("environments.prod.data.postgres.password: literal secrets are not allowed in configuration; secrets are sensitive Terraform inputs supplied at apply time (TF_VAR_…), got a secret value"));
}
