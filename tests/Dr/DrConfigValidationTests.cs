namespace Ecolaura.Tf.Tests.Dr;

/// <summary>
/// Bad inputs of the <c>dr</c> section (issue 11): each is refused before synth with its field path, the bad value and
/// what is allowed. Region equal to the primary and a DR range overlapping a VPC are in ConfigValidationTests.
/// </summary>
public class DrConfigValidationTests
{
    private static IReadOnlyList<string> Problems(string overrideJson)
    {
        var e = Assert.Throws<ConfigValidationException>(() => ConfigLoader.Load(overrideJson))!;
        return e.Problems.Select(p => p.ToString()).ToArray();
    }

    private static string Env(string env, string json) => $$"""{ "environments": { "{{env}}": {{json}} } }""";

    [Test]
    public void The_embedded_modes_follow_the_tiers()
    {
        Assert.That(DefaultEnvironments.All.Select(e => (e.Name, e.Dr.Mode)),
            Is.EqualTo(new[] { ("dev", DrMode.None), ("staging", DrMode.Pilot), ("prod", DrMode.Warm) }));
        Assert.That(DefaultEnvironments.All.Select(DrSizing.HasWorkspace), Is.EqualTo(new[] { false, true, true }));
    }

    [Test]
    public void An_unknown_mode_is_rejected() =>
        Assert.That(Problems(Env("prod", """{ "dr": { "mode": "hot" } }""")),
            Has.Some.StartsWith("environments.prod.dr.mode: must be one of [none, pilot, warm, active]"));

    [TestCase("prod", "production")]
    [TestCase("staging", "staging")]
    public void No_dr_workspace_is_rejected_outside_development(string env, string tier) =>
        Assert.That(Problems(Env(env, """{ "dr": { "mode": "none" } }""")),
            Has.Member($"environments.{env}.dr.mode: {env} ({tier} tier) needs a DR workspace: pilot, warm or active, got 'none'"));

    [Test]
    public void Dev_may_configure_a_dr_workspace() =>
        Assert.That(ConfigLoader.Load(Env("dev", """{ "dr": { "mode": "pilot" } }""")).Single(e => e.Name == "dev").Dr.Mode, Is.EqualTo(DrMode.Pilot));

    [Test]
    public void Active_without_a_replica_is_rejected() =>
        Assert.That(Problems(Env("prod", """{ "dr": { "mode": "active", "database": { "replica": false } } }""")),
            Has.Member("environments.prod.dr.mode: needs dr.database.replica = true: active mode promotes the DR replica, and this environment has none, got 'active'"));

    [Test]
    public void Fewer_than_two_dr_zones_are_rejected() =>
        Assert.That(Problems(Env("dev", """{ "dr": { "availabilityZones": ["us-west-2a"] } }""")),
            Has.Member("environments.dev.dr.availabilityZones: need at least 2 distinct AZs in us-west-2, got [us-west-2a]"));

    [Test]
    public void A_production_dr_region_needs_the_tiers_zones() =>
        Assert.That(Problems(Env("prod", """{ "dr": { "availabilityZones": ["us-west-2a", "us-west-2b"] } }""")),
            Has.Member("environments.prod.dr.availabilityZones: need at least 3 distinct AZs in us-west-2, got [us-west-2a, us-west-2b]"));

    [Test]
    public void A_dr_zone_outside_the_dr_region_is_rejected() =>
        Assert.That(Problems(Env("prod", """{ "dr": { "availabilityZones": ["us-west-2a", "us-west-2b", "us-east-1c"] } }""")),
            Has.Member("environments.prod.dr.availabilityZones: every zone must be in us-west-2 (us-west-2a, us-west-2b, …), got 'us-east-1c'"));

    [Test]
    public void A_dr_range_overlapping_another_environments_vpc_is_rejected() =>
        Assert.That(Problems(Env("prod", """{ "dr": { "vpcCidr": "10.120.0.0/16" } }""")),
            Has.Member("environments.prod.dr.vpcCidr: must not overlap environments.staging.dr.vpcCidr (10.120.0.0/16): VPC ranges stay disjoint across environments and regions, got '10.120.0.0/16'"));

    [Test]
    public void A_replica_class_other_than_the_primarys_needs_the_override()
    {
        Assert.That(Problems(Env("prod", """{ "dr": { "database": { "instanceClass": "db.r5.large" } } }""")),
            Has.Member("environments.prod.dr.database.instanceClass: differs from the primary's data.postgres.instanceClass (db.r5.xlarge): a promoted replica must carry the primary's load; set dr.database.allowDifferentFromPrimary = true to mean it, got 'db.r5.large'"));
        var allowed = ConfigLoader.Load(Env("prod", """{ "dr": { "database": { "instanceClass": "db.r5.large", "allowDifferentFromPrimary": true } } }""")).Single(e => e.Name == "prod");
        Assert.That(DrSizing.ReplicaInstanceClass(allowed), Is.EqualTo("db.r5.large"));
    }

    [Test]
    public void A_replica_version_other_than_the_primarys_needs_the_override() =>
        Assert.That(Problems(Env("prod", """{ "dr": { "database": { "majorVersion": "16" } } }""")),
            Has.Member("environments.prod.dr.database.majorVersion: differs from the primary's data.postgres.majorVersion (13): a cross-region replica runs its source's major version; set dr.database.allowDifferentFromPrimary = true only while an upgrade moves both, got '16'"));

    [Test]
    public void A_warm_scaling_below_the_on_demand_floor_is_rejected() =>
        Assert.That(Problems(Env("prod", """{ "dr": { "warmNodeScaling": { "min": 1, "desired": 1, "max": 4 } } }""")),
            Has.Member("environments.prod.dr.warmNodeScaling: prod (production tier) needs min ≥ 2 on its on-demand groups, in the DR region too, got min 1"));

    [Test]
    public void A_warm_scaling_outside_its_range_is_rejected() =>
        Assert.That(Problems(Env("prod", """{ "dr": { "warmNodeScaling": { "min": 3, "desired": 9, "max": 6 } } }""")),
            Has.Member("environments.prod.dr.warmNodeScaling.scaling: desired (9) outside [min (3), max (6)], got min 3, desired 9, max 6"));

    [Test]
    public void Warm_scaling_defaults_to_the_on_demand_floor_and_the_primarys_max()
    {
        var prod = DefaultEnvironments.Prod;
        Assert.That(DrSizing.WarmScaling(prod), Is.EqualTo(new NodeGroupScaling { Min = 2, Desired = 2, Max = 20 }), "reduced: the primary runs min 3");
        Assert.That(DrSizing.NodeGroups(prod, DrMode.Pilot), Is.Empty);
        Assert.That(DrSizing.NodeGroups(prod, DrMode.Active), Is.EqualTo(prod.Compute.NodeGroups));
    }

    [Test]
    public void A_backup_copy_kept_shorter_than_its_source_is_rejected() =>
        Assert.That(Problems(Env("prod", """{ "dr": { "backup": { "retentionDays": 35, "copyRetentionDays": 14 } } }""")),
            Has.Member("environments.prod.dr.backup.copyRetentionDays: is shorter than dr.backup.retentionDays (35): the DR-region copy must be kept at least as long as the source recovery point, got 14"));

    [Test]
    public void A_continuous_backup_retention_above_35_days_is_rejected() =>
        Assert.That(Problems(Env("prod", """{ "dr": { "backup": { "retentionDays": 60 } } }""")),
            Has.Member("environments.prod.dr.backup.retentionDays: must be 1–35 days with continuous backup (AWS Backup keeps point-in-time recovery at most 35 days), got 60"));

    [Test]
    public void A_backup_schedule_that_is_not_a_six_field_cron_is_rejected() =>
        Assert.That(Problems(Env("prod", """{ "dr": { "backup": { "schedule": "rate(1 day)" } } }""")),
            Has.Member("environments.prod.dr.backup.schedule: must be an AWS Backup cron expression with six fields, e.g. cron(0 5 ? * * *), got 'rate(1 day)'"));

    [Test]
    public void A_longer_copy_retention_is_accepted()
    {
        var prod = ConfigLoader.Load(Env("prod", """{ "dr": { "backup": { "copyRetentionDays": 90 } } }""")).Single(e => e.Name == "prod");
        Assert.That((prod.Dr.Backup.RetentionDays, prod.Dr.Backup.EffectiveCopyRetentionDays), Is.EqualTo((35, 90)));
    }
}
