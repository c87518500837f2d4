using System.Text.Json.Nodes;
using Ecolaura.Tf.Tests.Support;

namespace Ecolaura.Tf.Tests.Dr;

/// <summary>
/// The synthesized dr workspace: which environments have one, its region and the primary constructs it reuses, the
/// encrypted cross-region replica, and the modes. The mode tests synthesize prod in pilot, warm (embedded) and active
/// and check the differences are exactly the intended ones and that no mode change removes a database or bucket.
/// </summary>
public class DrStackTests
{
    private static StackJson Dr(EnvironmentName env) => Synthesized.Stack(env, Workspace.Dr);

    private static StackJson ProdDr(DrMode mode) => mode == DefaultEnvironments.Prod.Dr.Mode
        ? Dr(EnvironmentName.Prod)
        : Synthesized.StackWithOverride($$"""{ "environments": { "prod": { "dr": { "mode": "{{mode.ToString().ToLowerInvariant()}}" } } } }""", EnvironmentName.Prod, Workspace.Dr);

    /// <summary>Every resource address of a stack with its body (metadata removed), e.g. <c>aws_db_instance.postgres</c>.</summary>
    private static Dictionary<string, JsonObject> Addresses(StackJson stack) =>
        (stack.Root["resource"]?.AsObject() ?? []).SelectMany(t => t.Value!.AsObject().Select(r =>
        {
            var body = r.Value!.DeepClone().AsObject();
            body.Remove("//");
            return (Address: $"{t.Key}.{r.Key}", Body: body);
        })).ToDictionary(x => x.Address, x => x.Body);

    private static string[] Changed(StackJson before, StackJson after)
    {
        var a = Addresses(before);
        var b = Addresses(after);
        return a.Keys.Intersect(b.Keys).Where(k => !JsonNode.DeepEquals(a[k], b[k])).Order(StringComparer.Ordinal).ToArray();
    }

    private static readonly string[] Stateful = ["aws_db_instance", "aws_s3_bucket", "aws_elasticache_replication_group", "aws_dynamodb_table", "aws_kms_key"];

    [Test]
    public void Only_environments_with_a_dr_mode_have_the_workspace() =>
        Assert.That(Synthesized.StackIds.Where(id => id.EndsWith("-dr", StringComparison.Ordinal)), Is.EqualTo(new[] { "prod-dr", "staging-dr" }));

    [TestCase(EnvironmentName.Staging)]
    [TestCase(EnvironmentName.Prod)]
    public void It_deploys_to_the_dr_region_with_the_primarys_constructs(EnvironmentName env)
    {
        var stack = Dr(env);
        var config = env.Config();
        var providers = stack.Root["provider"]!["aws"]!.AsArray();
        Assert.That(providers.Single(p => p!["alias"] is null)!.Str("region"), Is.EqualTo(config.Dr.Region));
        Assert.That(stack.Single("aws_vpc").Str("cidr_block"), Is.EqualTo(config.Dr.VpcCidr));
        Assert.That(stack.Resources("aws_subnet").Values.Select(s => s.Str("availability_zone")).Distinct().Order(), Is.EqualTo(config.Dr.AvailabilityZones.Order()));
        Assert.That(stack.Resources("aws_nat_gateway"), Has.Count.EqualTo(config.Dr.AvailabilityZones.Count), "NAT per AZ, as the primary's tier requires");
        Assert.That(stack.Single("aws_eks_cluster").Str("name"), Is.EqualTo($"ecolaura-{env.Id()}-dr"));
        Assert.That(stack.Resources("aws_security_group").Keys.Order(), Is.EqualTo(Synthesized.Stack(env, Workspace.Network).Resources("aws_security_group").Keys.Order()),
            "the same security-group graph as the primary network");
        foreach (var key in stack.Resources("aws_kms_key").Values)
        {
            Assert.That(key["provider"], Is.Null, "every key of the dr workspace is in the DR region");
        }
    }

    [TestCase(EnvironmentName.Staging)]
    [TestCase(EnvironmentName.Prod)]
    public void The_replica_is_encrypted_with_a_dr_key_and_matches_the_primary(EnvironmentName env)
    {
        var stack = Dr(env);
        var replica = stack.Resource("aws_db_instance", "postgres");
        var primary = Synthesized.Stack(env, Workspace.Data).Resource("aws_db_instance", "postgres");
        Assert.That(replica.Str("replicate_source_db"), Is.EqualTo("${data.terraform_remote_state.data.outputs.postgres_arn}"));
        Assert.That(replica.Str("kms_key_id"), Is.EqualTo("${aws_kms_key.rds.arn}"));
        Assert.That(replica.Bool("storage_encrypted"), Is.True);
        foreach (var field in new[] { "engine", "engine_version", "instance_class", "multi_az", "deletion_protection" })
        {
            Assert.That(replica[field]!.ToJsonString(), Is.EqualTo(primary[field]!.ToJsonString()), field);
        }

        Assert.That(replica.Num("backup_retention_period"), Is.EqualTo(0), "RDS refuses backups on PostgreSQL 13 replicas");
        Assert.That(replica["password_wo"], Is.Null);
        Assert.That(replica["username"], Is.Null);
        Assert.That(replica.Str("parameter_group_name"), Is.EqualTo("${aws_db_parameter_group.postgres.name}"));
        Assert.That(stack.Single("aws_db_parameter_group").Str("family"), Is.EqualTo("postgres13"));
        Assert.That(stack.Single("aws_db_subnet_group").Strs("subnet_ids"), Has.Count.EqualTo(env.Config().Dr.AvailabilityZones.Count));

        var backups = stack.Single("aws_db_instance_automated_backups_replication");
        Assert.That(backups.Str("source_db_instance_arn"), Is.EqualTo("${data.terraform_remote_state.data.outputs.postgres_arn}"));
        Assert.That(backups.Str("kms_key_id"), Is.EqualTo("${aws_kms_key.rds.arn}"));
        Assert.That(backups.Num("retention_period"), Is.EqualTo(env.Config().Data.Postgres.BackupRetentionDays));
    }

    [Test]
    public void Pilot_has_no_serving_capacity()
    {
        var pilot = ProdDr(DrMode.Pilot);
        Assert.That(pilot.Root["resource"]!.AsObject().Select(t => t.Key),
            Has.None.AnyOf("aws_eks_node_group", "aws_lb", "aws_lb_target_group", "aws_launch_template"));
        Assert.That(pilot.Resources("aws_eks_addon").Keys.Order(), Is.EqualTo(new[] { "addon_kube_proxy", "addon_vpc_cni" }));
        Assert.That(pilot.Resources("aws_eks_cluster"), Has.Count.EqualTo(1));
        Assert.That(pilot.Resources("aws_db_instance"), Has.Count.EqualTo(1));
    }

    [Test]
    public void Pilot_to_warm_only_adds_serving_capacity()
    {
        var pilot = Addresses(ProdDr(DrMode.Pilot));
        var warm = Addresses(ProdDr(DrMode.Warm));
        Assert.That(pilot.Keys.Except(warm.Keys), Is.Empty, "warm removes nothing");
        var added = warm.Keys.Except(pilot.Keys).Select(a => a.Split('.')[0]).Distinct().Order().ToArray();
        Assert.That(added, Is.SubsetOf(new[]
        {
            "aws_acm_certificate", "aws_acm_certificate_validation", "aws_autoscaling_group_tag", "aws_cloudwatch_log_group", "aws_cloudwatch_log_resource_policy",
            "aws_cloudwatch_metric_alarm", "aws_eks_addon", "aws_eks_node_group", "aws_elasticache_parameter_group", "aws_elasticache_replication_group",
            "aws_elasticache_subnet_group", "aws_iam_role", "aws_iam_role_policy_attachment", "aws_kms_alias", "aws_kms_key", "aws_launch_template", "aws_lb",
            "aws_lb_listener", "aws_lb_listener_rule", "aws_lb_target_group", "aws_route53_record", "aws_wafv2_web_acl", "aws_wafv2_web_acl_association",
            "aws_wafv2_web_acl_logging_configuration",
        }), "warm adds serving capacity (nodes, load balancer, cache) and nothing else");
        Assert.That(added, Is.SupersetOf(new[] { "aws_eks_node_group", "aws_lb", "aws_elasticache_replication_group" }));
        Assert.That(Changed(ProdDr(DrMode.Pilot), ProdDr(DrMode.Warm)), Is.Empty, "warm changes nothing that pilot has");
        Assert.That(ProdDr(DrMode.Warm).Resources("aws_eks_node_group").Values.Select(g => g["scaling_config"].Num("min_size")).Distinct(),
            Is.EqualTo(new[] { 2.0 }), "warm runs the reduced on-demand floor");
    }

    [Test]
    public void Warm_to_active_promotes_the_replica_and_scales_the_node_groups_in_place()
    {
        var warm = ProdDr(DrMode.Warm);
        var active = ProdDr(DrMode.Active);
        Assert.That(Addresses(active).Keys.Order(), Is.EqualTo(Addresses(warm).Keys.Order()), "nothing added or removed");
        Assert.That(Changed(warm, active), Is.EqualTo(new[]
        {
            "aws_db_instance.postgres", "aws_eks_node_group.nodes_compute", "aws_eks_node_group.nodes_general", "aws_eks_node_group.nodes_spot",
        }));

        var promoted = active.Resource("aws_db_instance", "postgres");
        var replica = warm.Resource("aws_db_instance", "postgres");
        Assert.That(promoted["replicate_source_db"], Is.Null, "removing replicate_source_db promotes in place");
        Assert.That(promoted.Num("backup_retention_period"), Is.EqualTo(DefaultEnvironments.Prod.Data.Postgres.BackupRetentionDays));
        Assert.That(promoted.Bool("multi_az"), Is.True);
        Assert.That(promoted.Bool("deletion_protection"), Is.True);
        Assert.That(promoted.Str("password_wo"), Is.EqualTo("${var.db_master_password}"), "the promoted primary manages its password like the primary");
        Assert.That(active.Root["variable"]!["db_master_password"]!["ephemeral"]!.GetValue<bool>(), Is.True);
        replica.Remove("replicate_source_db");
        replica.Remove("backup_retention_period");
        promoted.Remove("backup_retention_period");
        promoted.Remove("password_wo");
        promoted.Remove("password_wo_version");
        replica.Remove("//");
        promoted.Remove("//");
        Assert.That(JsonNode.DeepEquals(replica, promoted), Is.True, "promotion changes replicate_source_db, backup_retention_period and the write-only password only");
        Assert.That(active.Resources("aws_eks_node_group").Values.Select(g => g["scaling_config"].Num("min_size")).Distinct(), Is.EqualTo(new[] { 3.0 }));
    }

    [TestCase(DrMode.Pilot)]
    [TestCase(DrMode.Warm)]
    [TestCase(DrMode.Active)]
    public void Every_mode_keeps_the_stateful_resources_protected(DrMode mode)
    {
        var stack = ProdDr(mode);
        foreach (var type in Stateful)
        {
            foreach (var (name, body) in stack.Resources(type))
            {
                Assert.That(body["lifecycle"]?["prevent_destroy"]?.GetValue<bool>() ?? type == "aws_kms_key", Is.True, $"{type}.{name} in {mode}");
            }
        }

        Assert.That(stack.Resources("aws_db_instance").Keys, Is.EqualTo(new[] { "postgres" }), $"{mode}: the same database address in every mode");
    }

    [Test]
    public void The_data_workspace_replicates_its_buckets_into_the_dr_region()
    {
        var data = Synthesized.Stack(EnvironmentName.Prod, Workspace.Data);
        var buckets = data.Resources("aws_s3_bucket");
        foreach (var source in new[] { "static_assets", "app_state" })
        {
            var replica = buckets[$"{source}_dr"];
            Assert.That(replica.Str("provider"), Is.EqualTo("aws.dr"));
            Assert.That(replica["lifecycle"]!["prevent_destroy"]!.GetValue<bool>(), Is.True);
            Assert.That(data.Resource("aws_s3_bucket_versioning", $"{source}_dr")["versioning_configuration"].Str("status"), Is.EqualTo("Enabled"));
            var encryption = data.Resource("aws_s3_bucket_server_side_encryption_configuration", $"{source}_dr_encryption")["rule"]![0]!;
            Assert.That(encryption["apply_server_side_encryption_by_default"].Str("kms_master_key_id"), Is.EqualTo("${aws_kms_key.s3_dr.arn}"));

            var rule = data.Resource("aws_s3_bucket_replication_configuration", $"replication_{source}")["rule"]![0]!;
            var destination = rule["destination"]!;
            Assert.That(destination.Str("bucket"), Is.EqualTo($"${{aws_s3_bucket.{source}_dr.arn}}"));
            Assert.That(destination["encryption_configuration"].Str("replica_kms_key_id"), Is.EqualTo("${aws_kms_key.s3_dr.arn}"));
            Assert.That(destination["replication_time"].Str("status"), Is.EqualTo("Enabled"));
            Assert.That(destination["replication_time"]!["time"].Num("minutes"), Is.EqualTo(15));
            Assert.That(destination["metrics"].Str("status"), Is.EqualTo("Enabled"));
            Assert.That(rule["delete_marker_replication"].Str("status"), Is.EqualTo("Enabled"));
            Assert.That(rule["source_selection_criteria"]!["sse_kms_encrypted_objects"].Str("status"), Is.EqualTo("Enabled"));
        }

        Assert.That(data.Resource("aws_kms_key", "s3_dr").Str("provider"), Is.EqualTo("aws.dr"));
        Assert.That(Synthesized.Stack(EnvironmentName.Dev, Workspace.Data).Resources("aws_s3_bucket_replication_configuration"), Is.Empty, "dev has no DR region");
    }
}

/// <summary>
/// Terraform state survives the primary region: the dr workspace's backend and every state it reads are in the DR
/// region (the foundation's DR state bucket, into which the primary state bucket replicates).
/// </summary>
public class DrStateRegionTests
{
    /// <summary>Every region a stack's backend and remote-state reads name, with where each is named.</summary>
    public static IEnumerable<(string Where, string? Region, string? Bucket)> StateLocations(StackJson stack)
    {
        var backend = stack.Root["terraform"]!["backend"]!["s3"]!;
        yield return ("terraform.backend.s3", backend.Str("region"), backend.Str("bucket"));
        yield return ("terraform.backend.s3.kms_key_id", backend.Str("kms_key_id")?.Split(':')[3], backend.Str("bucket"));
        foreach (var (name, read) in stack.Root["data"]?["terraform_remote_state"]?.AsObject() ?? [])
        {
            yield return ($"data.terraform_remote_state.{name}", read!["config"].Str("region"), read["config"].Str("bucket"));
        }
    }

    [TestCase(EnvironmentName.Staging, Workspace.Dr, "data")]
    [TestCase(EnvironmentName.Prod, Workspace.Dr, "data")]
    [TestCase(EnvironmentName.Staging, Workspace.DrPlatform, "dr")]
    [TestCase(EnvironmentName.Prod, Workspace.DrPlatform, "dr")]
    public void The_dr_region_workspaces_plan_from_the_dr_region_only(EnvironmentName env, Workspace workspace, string producer)
    {
        var config = env.Config();
        var stack = Synthesized.Stack(env, workspace);
        var locations = StateLocations(stack).ToArray();
        Assert.That(locations.Select(l => l.Where), Does.Contain($"data.terraform_remote_state.{producer}"), "the test sees the remote-state reads");
        foreach (var (where, region, bucket) in locations)
        {
            Assert.That(region, Is.EqualTo(config.Dr.Region), $"{where} points at {region}, not the DR region");
            Assert.That(bucket, Does.EndWith($"-{config.Dr.Region}"), $"{where} reads bucket {bucket}");
        }

        Assert.That(stack.Root["provider"]!["aws"]!.AsArray().Select(p => p.Str("region")).Distinct(), Is.EqualTo(new[] { config.Dr.Region }),
            $"no aws provider of {workspace.Id()} needs the primary region");
        Assert.That(Enum.GetValues<Workspace>().Where(w => w.InDrRegion()), Is.EqualTo(new[] { Workspace.Dr, Workspace.DrPlatform }),
            "every DR-region workspace is a case of this test");
    }

    [Test]
    public void The_check_fails_on_a_primary_region_read()
    {
        var stack = Synthesized.Stack(EnvironmentName.Prod, Workspace.Dr);
        stack.Root["data"]!["terraform_remote_state"]!["data"]!["config"]!["region"] = "us-east-1";
        Assert.That(StateLocations(stack).Where(l => l.Region != "us-west-2").Select(l => l.Where), Is.EqualTo(new[] { "data.terraform_remote_state.data" }));
    }

    [TestCase(EnvironmentName.Staging)]
    [TestCase(EnvironmentName.Prod)]
    public void The_primary_state_bucket_replicates_into_the_dr_state_bucket(EnvironmentName env)
    {
        var config = env.Config();
        var foundation = Synthesized.Stack(env, Workspace.Foundation);
        var drBucket = foundation.Resource("aws_s3_bucket", "state_dr");
        Assert.That(drBucket.Str("bucket"), Is.EqualTo($"ecolaura-{env.Id()}-tfstate-{config.AccountId}-{config.Dr.Region}"));
        Assert.That(drBucket.Str("provider"), Is.EqualTo("aws.dr"));
        Assert.That(foundation.Resource("aws_dynamodb_table", "state_dr_lock").Str("provider"), Is.EqualTo("aws.dr"));
        var rule = foundation.Resource("aws_s3_bucket_replication_configuration", "state_replication_bucket")["rule"]![0]!;
        Assert.That(rule["destination"].Str("bucket"), Is.EqualTo("${aws_s3_bucket.state_dr.arn}"));
        Assert.That(rule["destination"]!["encryption_configuration"].Str("replica_kms_key_id"), Is.EqualTo("${aws_kms_key.state_dr.arn}"));
        var backend = Synthesized.Stack(env, Workspace.Dr).Root["terraform"]!["backend"]!["s3"]!;
        Assert.That(backend.Str("bucket"), Is.EqualTo(drBucket.Str("bucket")));
        Assert.That(backend.Str("dynamodb_table"), Is.EqualTo(foundation.Resource("aws_dynamodb_table", "state_dr_lock").Str("name")));
    }

    [Test]
    public void Dev_keeps_its_state_in_one_region() =>
        Assert.That(Synthesized.Stack(EnvironmentName.Dev, Workspace.Foundation).Resources("aws_s3_bucket").Keys, Has.None.Contains("dr"));
}
