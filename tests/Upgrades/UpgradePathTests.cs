using System.Text.Json.Nodes;
using Ecolaura.Tf.Tests.Support;

namespace Ecolaura.Tf.Tests.Upgrades;

/// <summary>
/// Every upgrade the product recommends or documents plans as an in-place update of the stateful resource, with the
/// flags and ordering the AWS API needs: the old configuration is applied under mocks and the new one planned against
/// that state (<see cref="UpgradePlan"/>); the three upgrades are planned side by side (<see cref="TerraformRuns"/>). Nothing stateful (database, cache, cluster, bucket, key, table, secret) is
/// replaced or deleted.
/// </summary>
[TestFixture]
[NonParallelizable]
[Category(Categories.Terraform)]
public class UpgradePathTests
{
    /// <summary>Resource types that hold data or identity: an upgrade must never replace or delete one.</summary>
    private static readonly string[] Stateful =
    [
        "aws_db_instance", "aws_elasticache_replication_group", "aws_eks_cluster", "aws_s3_bucket", "aws_kms_key",
        "aws_dynamodb_table", "aws_secretsmanager_secret", "aws_ecr_repository",
    ];

    private static string Prod(string section, string json) => $$"""{ "environments": { "prod": { "{{section}}": {{json}} } } }""";

    /// <summary>The upgrade synth recommends for PostgreSQL past standard support (README: change data.postgres.majorVersion).</summary>
    [Test]
    public void Postgres_major_upgrade_updates_the_instance_in_place_with_the_flag_rds_needs()
    {
        var (before, _) = PostgresUpgrade();
        Assert.That(before.Single("aws_db_instance").Str("engine_version"), Is.EqualTo("13"), "the default is the required PostgreSQL 13");

        var plan = TerraformRuns.Result(Plans.Value[nameof(PostgresUpgrade)]);
        AssertNothingStatefulDeleted(plan);
        var db = plan["aws_db_instance.postgres"];
        var group = plan["aws_db_parameter_group.postgres"];
        Assert.Multiple(() =>
        {
            Assert.That(db.Actions, Is.EqualTo(new[] { "update" }), plan.Summary);
            Assert.That(db.After.Str("engine_version"), Is.EqualTo("16"));
            Assert.That(db.After.Bool("allow_major_version_upgrade"), Is.True,
                "RDS refuses a new major version without AllowMajorVersionUpgrade");
            Assert.That(db.After.Bool("apply_immediately"), Is.True,
                "deferred to the maintenance window, the old parameter group could not be deleted in the same apply");
            Assert.That(db.After.Str("parameter_group_name"), Is.EqualTo("ecolaura-prod-data-postgres-pg16"),
                "the instance moves to the new family's group in the same modification");

            // The new family's group exists before the instance switches to it; the old one goes last.
            Assert.That(group.Actions, Is.EqualTo(new[] { "create", "delete" }), plan.Summary);
            Assert.That(group.After.Str("family"), Is.EqualTo("postgres16"));
            Assert.That(group.After.Str("name"), Is.EqualTo("ecolaura-prod-data-postgres-pg16"));
        });
    }

    /// <summary>The Redis engine upgrade within the required 6.x line.</summary>
    [Test]
    public void Redis_upgrade_from_6_0_to_6_2_updates_the_replication_group_in_place()
    {
        var (_, after) = RedisUpgrade();
        Assert.That(after.Single("aws_elasticache_replication_group").Str("engine_version"), Is.EqualTo("6.2"));

        var plan = TerraformRuns.Result(Plans.Value[nameof(RedisUpgrade)]);
        AssertNothingStatefulDeleted(plan);
        var redis = plan["aws_elasticache_replication_group.redis"];
        Assert.Multiple(() =>
        {
            Assert.That(redis.Actions, Is.EqualTo(new[] { "update" }), plan.Summary);
            Assert.That(redis.After.Str("engine_version"), Is.EqualTo("6.2"));
            Assert.That(redis.After.Bool("apply_immediately"), Is.True);
            // 6.0 and 6.2 share the redis6.x family, so the parameter group stays.
            Assert.That(plan["aws_elasticache_parameter_group.redis"].Actions, Is.EqualTo(new[] { "no-op" }), plan.Summary);
        });
    }

    /// <summary>
    /// An EKS minor upgrade (one minor at a time, the allow-list's older version to its newer one) with kube-proxy pinned
    /// to the new minor in the same change: the control plane, then the add-ons and node groups (both refer to the
    /// cluster), all in place; no add-on is re-created.
    /// </summary>
    [Test]
    public void Eks_minor_upgrade_updates_cluster_then_node_groups_in_place()
    {
        var versions = ComputeConfigValidator.SupportedKubernetesVersions.Keys.ToArray();
        Assert.That(versions, Has.Length.GreaterThanOrEqualTo(2), "an upgrade needs two supported versions");
        var newer = versions[^1];
        var kubeProxy = KubeProxy(newer);
        var (_, after) = EksUpgrade();

        var plan = TerraformRuns.Result(Plans.Value[nameof(EksUpgrade)]);
        AssertNothingStatefulDeleted(plan);
        var cluster = plan["aws_eks_cluster.cluster"];
        var groups = plan.Changes.Values.Where(c => c.Type == "aws_eks_node_group").ToArray();
        var addons = plan.Changes.Values.Where(c => c.Type == "aws_eks_addon").ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(cluster.Actions, Is.EqualTo(new[] { "update" }), plan.Summary);
            Assert.That(cluster.After.Str("version"), Is.EqualTo(newer));
            Assert.That(groups, Has.Length.EqualTo(3));
            foreach (var group in groups)
            {
                Assert.That(group.Actions, Is.EqualTo(new[] { "update" }), group.ToString());
                Assert.That(group.After.Str("version"), Is.EqualTo(newer), group.ToString());
            }

            Assert.That(addons, Has.Length.EqualTo(5), "vpc-cni, kube-proxy, coredns, ebs-csi and amazon-cloudwatch-observability (Container Insights)");
            Assert.That(addons.Where(a => a.Deletes), Is.Empty, "deleting an add-on removes pod networking or DNS from a live cluster");
            var proxy = plan["aws_eks_addon.addon_kube_proxy"];
            Assert.That(proxy.Actions, Is.EqualTo(new[] { "update" }), plan.Summary);
            Assert.That(proxy.After.Str("addon_version"), Is.EqualTo(kubeProxy));
        });

        // Order: node groups take the cluster's version attribute and add-ons its name, so Terraform updates them after
        // the control plane; node groups wait for vpc-cni and kube-proxy, CoreDNS and the EBS CSI driver for the nodes.
        foreach (var (name, group) in after.Resources("aws_eks_node_group"))
        {
            Assert.That(group.Str("version"), Is.EqualTo(after.Ref("aws_eks_cluster", "cluster", "version")), name);
            Assert.That(group.Strs("depends_on"), Is.SupersetOf(new[] { "aws_eks_addon.addon_vpc_cni", "aws_eks_addon.addon_kube_proxy" }), name);
        }

        foreach (var (name, addon) in after.Resources("aws_eks_addon"))
        {
            Assert.That(addon.Str("cluster_name"), Is.EqualTo(after.Ref("aws_eks_cluster", "cluster", "name")), name);
        }
    }

    /// <summary>PostgreSQL 13 (the default) to 16.</summary>
    private static (StackJson Before, StackJson After) PostgresUpgrade() =>
        (Synthesized.Stack(EnvironmentName.Prod, Workspace.Data),
         Synthesized.StackWithOverride(Prod("data", """{ "postgres": { "majorVersion": "16" } }"""), EnvironmentName.Prod, Workspace.Data));

    /// <summary>Redis 6.0 to 6.2 (the default).</summary>
    private static (StackJson Before, StackJson After) RedisUpgrade() =>
        (Synthesized.StackWithOverride(Prod("data", """{ "redis": { "engineVersion": "6.0" } }"""), EnvironmentName.Prod, Workspace.Data),
         Synthesized.Stack(EnvironmentName.Prod, Workspace.Data));

    /// <summary>The allow-list's older Kubernetes version to its newer one, kube-proxy pinned to the newer minor.</summary>
    private static (StackJson Before, StackJson After) EksUpgrade()
    {
        var versions = ComputeConfigValidator.SupportedKubernetesVersions.Keys.ToArray();
        var (older, newer) = versions.Length >= 2 ? (versions[^2], versions[^1]) : throw new AssertionException("an upgrade needs two supported versions");
        return (Synthesized.StackWithOverride(Prod("compute", $$"""{ "kubernetesVersion": "{{older}}" }"""), EnvironmentName.Prod, Workspace.Compute),
                Synthesized.StackWithOverride(Prod("compute", $$"""{ "kubernetesVersion": "{{newer}}", "addonVersions": { "kubeProxy": "{{KubeProxy(newer)}}" } }"""), EnvironmentName.Prod, Workspace.Compute));
    }

    /// <summary>The kube-proxy add-on version pinned for a Kubernetes minor.</summary>
    private static string KubeProxy(string minor) => $"v{minor}.3-eksbuild.2";

    /// <summary>
    /// Every test's upgrade plan, all started together when the first test asks (<see cref="UpgradePlan.Start"/>), by
    /// the name of the method that makes its stacks; each task synthesizes its override files first.
    /// </summary>
    private static readonly Lazy<IReadOnlyDictionary<string, Task<UpgradePlan.Result>>> Plans = new(() => TerraformRuns.Detached(() =>
        new Dictionary<string, Func<(StackJson Before, StackJson After)>>
        {
            [nameof(PostgresUpgrade)] = PostgresUpgrade,
            [nameof(RedisUpgrade)] = RedisUpgrade,
            [nameof(EksUpgrade)] = EksUpgrade,
        }.ToDictionary(u => u.Key, u => Task.Run(() =>
        {
            var (before, after) = u.Value();
            return UpgradePlan.Start(before, after);
        }))));

    /// <summary>Every plan this fixture started has ended (<see cref="TerraformRuns.WaitAll{TKey, TValue}"/>).</summary>
    [OneTimeTearDown]
    public void WaitForThePlans() => TerraformRuns.WaitAll(Plans);

    private static void AssertNothingStatefulDeleted(UpgradePlan.Result plan) =>
        Assert.That(plan.Changes.Values.Where(c => Stateful.Contains(c.Type) && (c.Deletes || c.Actions.Contains("create"))).Select(c => c.ToString()),
            Is.Empty, $"an upgrade must not replace or delete stateful resources:\n{plan.Summary}");
}
