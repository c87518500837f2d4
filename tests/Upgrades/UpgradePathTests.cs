using System.Text.Json.Nodes;
using Ecolaura.Tf.Tests.Support;

namespace Ecolaura.Tf.Tests.Upgrades;

/// <summary>
/// Every upgrade the product recommends or documents plans as an in-place update of the stateful resource, with the
/// flags and ordering the AWS API needs: the old configuration is applied under mocks and the new one planned against
/// that state (<see cref="UpgradePlan"/>). Nothing stateful (database, cache, cluster, bucket, key, table, secret) is
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
        var before = Synthesized.Stack(EnvironmentName.Prod, Workspace.Data);
        Assert.That(before.Single("aws_db_instance").Str("engine_version"), Is.EqualTo("13"), "the default is the required PostgreSQL 13");
        var after = Synthesized.StackWithOverride(Prod("data", """{ "postgres": { "majorVersion": "16" } }"""), EnvironmentName.Prod, Workspace.Data);

        var plan = UpgradePlan.Run(before, after);
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
        var before = Synthesized.StackWithOverride(Prod("data", """{ "redis": { "engineVersion": "6.0" } }"""), EnvironmentName.Prod, Workspace.Data);
        var after = Synthesized.Stack(EnvironmentName.Prod, Workspace.Data);
        Assert.That(after.Single("aws_elasticache_replication_group").Str("engine_version"), Is.EqualTo("6.2"));

        var plan = UpgradePlan.Run(before, after);
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
        var (older, newer) = (versions[^2], versions[^1]);
        var before = Synthesized.StackWithOverride(Prod("compute", $$"""{ "kubernetesVersion": "{{older}}" }"""), EnvironmentName.Prod, Workspace.Compute);
        var kubeProxy = $"v{newer}.3-eksbuild.2";
        var after = Synthesized.StackWithOverride(Prod("compute", $$"""{ "kubernetesVersion": "{{newer}}", "addonVersions": { "kubeProxy": "{{kubeProxy}}" } }"""), EnvironmentName.Prod, Workspace.Compute);

        var plan = UpgradePlan.Run(before, after);
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

    private static void AssertNothingStatefulDeleted(UpgradePlan.Result plan) =>
        Assert.That(plan.Changes.Values.Where(c => Stateful.Contains(c.Type) && (c.Deletes || c.Actions.Contains("create"))).Select(c => c.ToString()),
            Is.Empty, $"an upgrade must not replace or delete stateful resources:\n{plan.Summary}");
}
