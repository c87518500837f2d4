using System.Text.Json.Nodes;
using Ecolaura.Tf.Policies;
using Ecolaura.Tf.Tests.Support;

namespace Ecolaura.Tf.Tests.Policies;

/// <summary>
/// For every rule: the real synthesized stacks comply, and a mutation of the real JSON (one attribute flipped) makes
/// exactly that rule fire at exactly that address.
/// </summary>
public class PolicyRuleTests
{
    private static readonly DateOnly Today = new(2026, 11, 24);

    public static IEnumerable<string> RuleIds() => PolicyPack.Rules.Select(r => r.Id);

    [TestCaseSource(nameof(RuleIds))]
    public void Synthesized_stacks_comply(string ruleId)
    {
        var stacks = Synthesized.StackIds.Select(id => new StackDocument(id, Synthesized.Stack(id).Root));
        var findings = PolicyPack.Evaluate(stacks, [], Today).Findings.Where(f => f.RuleId == ruleId);
        Assert.That(findings.Select(f => f.ToString()), Is.Empty);
    }

    [Test]
    public void Every_rule_has_a_mutation_test() =>
        Assert.That(Mutations().Select(m => (string)m.Arguments[0]!).Distinct(), Is.EquivalentTo(RuleIds()));

    [TestCaseSource(nameof(Mutations))]
    public void Mutation_fires_exactly_that_rule(string ruleId, string stackId, string address, Action<JsonObject> mutate, string[] context)
    {
        var json = Synthesized.Stack(stackId).Root;
        mutate(json);
        // Rules that compare workspaces (StackDocument.Siblings) see the unmutated stacks named in context, which comply.
        var stacks = context.Select(id => new StackDocument(id, Synthesized.Stack(id).Root)).Prepend(new StackDocument(stackId, json));
        var findings = PolicyPack.Evaluate(stacks, [], Today).Findings;
        Assert.That(findings.Select(f => f.RuleId).Distinct(), Is.EqualTo(new[] { ruleId }), string.Join("\n", findings));
        Assert.That(findings.Select(f => f.Violation.Address), Does.Contain(address), string.Join("\n", findings));
    }

    private static JsonObject R(JsonObject root, string type, string name) =>
        root["resource"]?[type]?[name]?.AsObject() ?? throw new AssertionException($"no {type}.{name}");

    private static JsonNode First(JsonNode? block) => block is JsonArray a ? a[0]! : block!;

    private static TestCaseData M(string rule, string stack, string address, Action<JsonObject> mutate, params string[] context) =>
        new TestCaseData(rule, stack, address, mutate, context).SetName($"Mutation_fires_exactly_that_rule({rule} at {stack} {address})");

    /// <summary>A further mutation of a rule at an address that already has one, told apart by <paramref name="label"/>.</summary>
    private static TestCaseData M2(string label, string rule, string stack, string address, Action<JsonObject> mutate) =>
        new TestCaseData(rule, stack, address, mutate, Array.Empty<string>()).SetName($"Mutation_fires_exactly_that_rule({rule} at {stack} {address}: {label})");

    private static Action<JsonObject> Set(string type, string name, string key, JsonNode? value) => j => R(j, type, name)[key] = value;

    private static Action<JsonObject> Remove(string type, string name, string key) => j => R(j, type, name).Remove(key);

    private static Action<JsonObject> Policy(string type, string name, string key, Func<JsonObject, JsonObject> edit) => j =>
    {
        var resource = R(j, type, name);
        resource[key] = edit(JsonNode.Parse(resource[key]!.GetValue<string>())!.AsObject()).ToJsonString();
    };

    private static JsonObject CloudBlock() => new() { ["organization"] = "acme", ["workspaces"] = new JsonObject { ["name"] = "ecolaura-prod-network" } };

    public static IEnumerable<TestCaseData> Mutations()
    {
        const string db = "aws_db_instance", redis = "aws_elasticache_replication_group";
        const string pdb = "postgres", predis = "redis";

        yield return M("ECO-STATE-1", "prod-network", "terraform.backend.s3", j => j["terraform"]!["backend"]!["s3"]!.AsObject().Remove("use_lockfile"));
        yield return M("ECO-STATE-2", "prod-network", "terraform.backend.s3", j => j["terraform"]!["backend"]!["s3"]!["encrypt"] = false);
        // state.backend = cloud: a cloud block beside a backend, and a token written into the cloud block.
        yield return M("ECO-STATE-1", "prod-network", "terraform.backend", j => j["terraform"]!["cloud"] = CloudBlock());
        yield return M("ECO-STATE-2", "prod-network", "terraform.cloud", j =>
        {
            j["terraform"]!.AsObject().Remove("backend");
            j["terraform"]!["cloud"] = CloudBlock();
            j["terraform"]!["cloud"]!["token"] = "abc.atlasv1.def";
        });
        yield return M("ECO-STATE-3", "dev-foundation", "aws_s3_bucket.state", j => R(j, "aws_s3_bucket", "state").Remove("lifecycle"));
        yield return M("ECO-STATE-4", "prod-foundation", "aws_dynamodb_table.state_lock", Set("aws_dynamodb_table", "state_lock", "deletion_protection_enabled", false));

        yield return M("ECO-VPC-1", "prod-network", "aws_vpc.vpc", Set("aws_flow_log", "flow_logs", "traffic_type", "REJECT"));
        yield return M("ECO-VPC-2", "prod-network", "aws_vpc.vpc", Set("aws_default_security_group", "vpc", "ingress",
            new JsonArray(new JsonObject { ["protocol"] = "-1", ["from_port"] = 0, ["to_port"] = 0, ["self"] = true })));
        yield return M("ECO-VPC-3", "prod-network", "aws_subnet.vpc_public_us-east-1a", Set("aws_subnet", "vpc_public_us-east-1a", "map_public_ip_on_launch", true));
        yield return M("ECO-VPC-4", "prod-network", "aws_vpc_security_group_ingress_rule.sg_database_from_nodes", j =>
        {
            var rule = R(j, "aws_vpc_security_group_ingress_rule", "sg_database_from_nodes");
            rule.Remove("referenced_security_group_id");
            rule["cidr_ipv4"] = "0.0.0.0/0";
        });
        yield return M("ECO-VPC-5", "prod-network", "aws_vpc_security_group_egress_rule.sg_nodes_to_internet_https", j =>
        {
            var rule = R(j, "aws_vpc_security_group_egress_rule", "sg_nodes_to_internet_https");
            rule["ip_protocol"] = "-1";
            rule.Remove("from_port");
            rule.Remove("to_port");
        });
        yield return M("ECO-VPC-6", "prod-network", "aws_security_group.sg_cache", Remove("aws_security_group", "sg_cache", "description"));
        yield return M("ECO-VPC-7", "prod-network", "aws_network_acl.nacl_public", j =>
            R(j, "aws_network_acl", "nacl_public")["ingress"]!.AsArray().Add(new JsonObject
            {
                ["rule_no"] = 999, ["action"] = "allow", ["protocol"] = "tcp", ["cidr_block"] = "0.0.0.0/0", ["from_port"] = 22, ["to_port"] = 22,
            }));
        yield return M("ECO-VPC-8", "prod-network", "aws_network_acl.nacl_data", Set("aws_network_acl", "nacl_data", "subnet_ids", new JsonArray()));
        yield return M("ECO-VPC-9", "prod-network", "aws_default_vpc.legacy", j => j["resource"]!["aws_default_vpc"] = new JsonObject { ["legacy"] = new JsonObject() });
        yield return M("ECO-VPC-10", "prod-network", "aws_route.vpc_app_us-east-1a_internet", j =>
        {
            var route = R(j, "aws_route", "vpc_app_us-east-1a_internet");
            route.Remove("nat_gateway_id");
            route["network_interface_id"] = "eni-0123456789abcdef0";
        });
        yield return M("ECO-VPC-11", "prod-network", "aws_route.vpc_app_us-east-1b_internet",
            Set("aws_route", "vpc_app_us-east-1b_internet", "nat_gateway_id", "${aws_nat_gateway.vpc_nat_us-east-1a.id}"));

        yield return M("ECO-RDS-1", "prod-data", $"{db}.{pdb}", Set(db, pdb, "storage_encrypted", false));
        yield return M("ECO-RDS-2", "prod-data", $"{db}.{pdb}", Set(db, pdb, "publicly_accessible", true));
        yield return M("ECO-RDS-3", "prod-data", $"{db}.{pdb}", Set(db, pdb, "multi_az", false));
        yield return M("ECO-RDS-4", "prod-data", $"{db}.{pdb}", Set(db, pdb, "deletion_protection", false));
        yield return M("ECO-RDS-5", "prod-data", $"{db}.{pdb}", Set(db, pdb, "backup_retention_period", 7));
        yield return M("ECO-RDS-6", "prod-data", $"{db}.{pdb}", Set(db, pdb, "delete_automated_backups", true));
        yield return M("ECO-RDS-7", "prod-data", $"{db}.{pdb}", Set(db, pdb, "auto_minor_version_upgrade", false));
        yield return M("ECO-RDS-8", "prod-data", $"{db}.{pdb}", Set(db, pdb, "enabled_cloudwatch_logs_exports", new JsonArray("postgresql")));
        yield return M("ECO-RDS-9", "prod-data", $"{db}.{pdb}", Set(db, pdb, "monitoring_interval", 0));
        yield return M("ECO-RDS-10", "prod-data", $"{db}.{pdb}", Set(db, pdb, "iam_database_authentication_enabled", false));
        yield return M("ECO-RDS-11", "prod-data", $"{db}.{pdb}", j =>
            First(R(j, "aws_db_parameter_group", "postgres")["parameter"]).AsObject()["value"] = "0");
        yield return M("ECO-RDS-12", "prod-data", $"{db}.{pdb}", j =>
        {
            var instance = R(j, db, pdb);
            instance.Remove("password_wo");
            instance["password"] = "${var.db_master_password}";
        });

        yield return M("ECO-REDIS-1", "prod-data", $"{redis}.{predis}", Set(redis, predis, "at_rest_encryption_enabled", "false"));
        yield return M("ECO-REDIS-2", "prod-data", $"{redis}.{predis}", Set(redis, predis, "transit_encryption_enabled", false));
        yield return M("ECO-REDIS-3", "prod-data", $"{redis}.{predis}", Set(redis, predis, "multi_az_enabled", false));
        yield return M("ECO-REDIS-4", "prod-data", $"{redis}.{predis}", Set(redis, predis, "snapshot_retention_limit", 3));
        yield return M("ECO-REDIS-5", "prod-data", $"{redis}.{predis}", Set(redis, predis, "auto_minor_version_upgrade", "false"));

        yield return M("ECO-S3-1", "prod-data", "aws_s3_bucket.app_state", Set("aws_s3_bucket_public_access_block", "app_state", "restrict_public_buckets", false));
        yield return M("ECO-S3-2", "prod-data", "aws_s3_bucket.app_state", j =>
            First(First(R(j, "aws_s3_bucket_server_side_encryption_configuration", "app_state_encryption")["rule"])["apply_server_side_encryption_by_default"]).AsObject()["sse_algorithm"] = "AES256");
        // dev: prod's app_state replicates, so ECO-DR-2 (versioning on both sides of a replication) would fire with it.
        yield return M("ECO-S3-3", "dev-data", "aws_s3_bucket.app_state", j =>
            R(j, "aws_s3_bucket_versioning", "app_state")["versioning_configuration"]!["status"] = "Suspended");
        yield return M("ECO-S3-4", "prod-data", "aws_s3_bucket.app_state", j => j["resource"]!["aws_s3_bucket_logging"]!.AsObject().Remove("app_state_access"));
        yield return M("ECO-S3-5", "prod-data", "aws_s3_bucket.app_state", Policy("aws_s3_bucket_policy", "app_state", "policy", p =>
        {
            p["Statement"]!.AsArray().Clear();
            p["Statement"]!.AsArray().Add(new JsonObject { ["Sid"] = "Public", ["Effect"] = "Allow", ["Principal"] = "*", ["Action"] = "s3:GetObject", ["Resource"] = "*" });
            return p;
        }));
        yield return M("ECO-S3-6", "prod-data", "aws_s3_bucket.app_state", j =>
            First(R(j, "aws_s3_bucket_ownership_controls", "app_state_ownership")["rule"]).AsObject()["object_ownership"] = "ObjectWriter");
        yield return M("ECO-S3-7", "prod-data", "aws_s3_bucket.access_logs", j =>
            First(R(j, "aws_s3_bucket_intelligent_tiering_configuration", "access_logs_archive_tiers")["tiering"]).AsObject()["days"] = 30);

        yield return M("ECO-KMS-1", "prod-data", "aws_kms_key.s3", Set("aws_kms_key", "s3", "enable_key_rotation", false));
        yield return M("ECO-IAM-1", "prod-data", "aws_iam_role_policy_attachment.postgres_monitoring_policy",
            Set("aws_iam_role_policy_attachment", "postgres_monitoring_policy", "policy_arn", "arn:aws:iam::aws:policy/AdministratorAccess"));
        yield return M("ECO-OBS-1", "prod-data", "aws_cloudwatch_log_group.redis_slow_log", Set("aws_cloudwatch_log_group", "redis_slow_log", "retention_in_days", 45));
        yield return M("ECO-OBS-2", "prod-foundation", "aws_sns_topic.alerts_critical", Set("aws_sns_topic", "alerts_critical", "kms_master_key_id", "alias/aws/sns"));

        const string eks = "aws_eks_cluster";
        yield return M("ECO-EKS-1", "prod-compute", "aws_eks_cluster.cluster", Remove(eks, "cluster", "encryption_config"));
        yield return M("ECO-EKS-2", "prod-compute", "aws_eks_cluster.cluster", Set(eks, "cluster", "enabled_cluster_log_types", new JsonArray("api", "audit")));
        yield return M("ECO-EKS-3", "prod-compute", "aws_eks_cluster.cluster", j =>
        {
            var vpc = First(R(j, eks, "cluster")["vpc_config"]).AsObject();
            vpc["endpoint_public_access"] = true;
            vpc["public_access_cidrs"] = new JsonArray("203.0.113.0/24");
        });
        yield return M("ECO-EKS-4", "dev-compute", "aws_eks_cluster.cluster", j =>
        {
            var vpc = First(R(j, eks, "cluster")["vpc_config"]).AsObject();
            vpc["endpoint_public_access"] = true;
            vpc["public_access_cidrs"] = new JsonArray("0.0.0.0/0");
        });
        yield return M("ECO-EKS-5", "prod-compute", "aws_eks_cluster.cluster", Set(eks, "cluster", "version", "1.99"));
        yield return M("ECO-EKS-6", "prod-compute", "aws_eks_node_group.nodes_general", Set("aws_eks_node_group", "nodes_general", "remote_access",
            new JsonObject { ["ec2_ssh_key"] = "ops" }));
        yield return M("ECO-EKS-7", "prod-compute", "aws_launch_template.nodes_spot", j =>
            First(R(j, "aws_launch_template", "nodes_spot")["metadata_options"]).AsObject()["http_tokens"] = "optional");
        yield return M("ECO-EKS-8", "prod-compute", "aws_iam_role.irsa_cluster_autoscaler", Policy("aws_iam_role", "irsa_cluster_autoscaler", "assume_role_policy", p =>
        {
            var equals = p["Statement"]![0]!["Condition"]!["StringEquals"]!.AsObject();
            var sub = equals.First(c => c.Key.EndsWith(":sub", StringComparison.Ordinal)).Key;
            equals[sub] = "system:serviceaccount:kube-system:*";
            return p;
        }));
        yield return M("ECO-EKS-9", "prod-compute", "aws_eks_node_group.nodes_spot", j =>
            R(j, "aws_eks_node_group", "nodes_spot")["instance_types"] = new JsonArray("t3.large"));

        const string cdn = "aws_cloudfront_distribution", dist = "cdn";
        yield return M("ECO-CF-1", "prod-edge", $"{cdn}.{dist}", j => First(R(j, cdn, dist)["default_cache_behavior"]).AsObject()["viewer_protocol_policy"] = "allow-all");
        yield return M("ECO-CF-2", "prod-edge", $"{cdn}.{dist}", j => First(R(j, cdn, dist)["viewer_certificate"]).AsObject()["minimum_protocol_version"] = "TLSv1");
        yield return M("ECO-CF-3", "prod-edge", $"{cdn}.{dist}", j => R(j, "aws_wafv2_web_acl", "cdn_waf")["rule"]!.AsArray()
            .Remove(R(j, "aws_wafv2_web_acl", "cdn_waf")["rule"]!.AsArray().First(r => r!.ToJsonString().Contains("AWSManagedRulesSQLiRuleSet", StringComparison.Ordinal))));
        yield return M("ECO-CF-4", "prod-edge", $"{cdn}.{dist}", j =>
        {
            var origin = R(j, cdn, dist)["origin"]!.AsArray().First(o => o!["custom_origin_config"] is not null)!;
            First(origin["custom_origin_config"]).AsObject()["origin_protocol_policy"] = "match-viewer";
        });
        yield return M("ECO-ALB-1", "prod-edge", "aws_lb_listener.alb_https", Set("aws_lb_listener", "alb_https", "ssl_policy", "ELBSecurityPolicy-2016-08"));
        yield return M("ECO-ALB-2", "prod-edge", "aws_lb.alb", Set("aws_lb", "alb", "drop_invalid_header_fields", false));
        yield return M("ECO-ALB-3", "prod-edge", "aws_lb.alb", Set("aws_lb", "alb", "enable_deletion_protection", false));
        yield return M("ECO-ALB-4", "prod-edge", "aws_lb_target_group.alb_backend_green", j =>
            First(R(j, "aws_lb_target_group", "alb_backend_green")["health_check"]).AsObject().Remove("path"));

        yield return M("ECO-OBS-3", "prod-data", $"{db}.{pdb}", j => j["resource"]!["aws_cloudwatch_metric_alarm"]!.AsObject().Remove("alarms_rds_free_storage"));
        yield return M("ECO-OBS-4", "prod-edge", "aws_cloudwatch_log_delivery.cdn", j => R(j, "aws_cloudwatch_log_delivery", "cdn")["record_fields"]!.AsArray().RemoveAt(0));
        yield return M("ECO-RDS-13", "prod-data", $"{db}.{pdb}", Set(db, pdb, "allow_major_version_upgrade", false));

        yield return M("ECO-TAG-1", "prod-data", "provider.aws", j => First(j["provider"]!["aws"]![0]!["default_tags"])["tags"]!.AsObject().Remove("CostCenter"));
        yield return M("ECO-SECRET-1", "prod-data", "aws_secretsmanager_secret_version.redis_secret_value",
            Set("aws_secretsmanager_secret_version", "redis_secret_value", "secret_string", "hunter2hunter2hunter2"));
        yield return M("ECO-LIFE-1", "prod-data", "aws_kms_key.rds", Remove("aws_kms_key", "rds", "lifecycle"));
        // The DR key moved to the primary region: the secret replicas in the DR region now name a key of another region.
        yield return M("ECO-ALIAS-1", "prod-data", "aws_secretsmanager_secret.postgres", Remove("aws_kms_key", "dr_secrets", "provider"));
        // prod-foundation: in prod-data the DR backup vault would then share the source vault's region (ECO-DR-5).
        yield return M("ECO-ALIAS-1", "prod-foundation", "provider.aws.dr", j => j["provider"]!["aws"]!.AsArray().Single(p => p?["alias"]?.GetValue<string>() == "dr")!["region"] = "us-east-1");

        // The security workspace (issue 13).
        yield return M("ECO-TRAIL-1", "prod-security", "aws_cloudtrail.trail", Set("aws_cloudtrail", "trail", "is_multi_region_trail", false));
        yield return M("ECO-TRAIL-1", "dev-security", "aws_cloudtrail.trail", Set("aws_cloudtrail", "trail", "enable_log_file_validation", false));
        yield return M("ECO-TRAIL-1", "staging-security", "aws_cloudtrail.trail", Remove("aws_cloudtrail", "trail", "kms_key_id"));
        yield return M("ECO-GD-1", "prod-security", "aws_guardduty_detector.threats_guardduty",
            Set("aws_guardduty_detector_feature", "threats_guardduty_eks_audit_logs", "status", "DISABLED"));
        yield return M("ECO-GD-1", "dev-security", "aws_guardduty_detector.threats_guardduty", Remove("aws_guardduty_detector_feature", "threats_guardduty_s3_data_events", "status"));
        yield return M("ECO-IAM-2", "prod-security", "aws_iam_account_password_policy.account", Set("aws_iam_account_password_policy", "account", "minimum_password_length", 8));
        yield return M("ECO-IAM-2", "prod-security", "aws_iam_account_password_policy.account", Set("aws_iam_account_password_policy", "account", "password_reuse_prevention", 5));
        yield return M("ECO-IAM-3", "prod-security", "aws_iam_group.console_administrators", Policy("aws_iam_policy", "console_require_mfa", "policy", d =>
        {
            var statements = d["Statement"]!.AsArray();
            statements.Remove(statements.Single(s => s!["Effect"]!.GetValue<string>() == "Deny"));
            return d;
        }));
        yield return M("ECO-IAM-3", "prod-security", "aws_iam_group.console_read_only", Remove("aws_iam_group_policy_attachment", "console_read_only_require_mfa", "policy_arn"));
        yield return M("ECO-BUD-1", "prod-security", "aws_budgets_budget.cost", j =>
            R(j, "aws_budgets_budget", "cost")["notification"]!.AsArray().Last()!.AsObject().Remove("subscriber_sns_topic_arns"));
        yield return M("ECO-BUD-1", "staging-security", "aws_budgets_budget.cost", Set("aws_budgets_budget", "cost", "limit_amount", "0"));

        // The platform workspace (issue 12): Kubernetes workloads.
        const string deployment = "kubernetes_deployment_v1";
        JsonObject Container(JsonObject j, string name) => First(First(First(R(j, deployment, name)["spec"])["template"])["spec"])["container"]![0]!.AsObject();
        yield return M("ECO-K8S-1", "prod-platform", "kubernetes_deployment_v1.backend_blue_deployment", j => First(Container(j, "backend_blue_deployment")["security_context"])["privileged"] = true);
        yield return M("ECO-K8S-1", "dev-platform", "kubernetes_deployment_v1.microservices_deployment", j => First(Container(j, "microservices_deployment")["security_context"])["run_as_user"] = "0");
        yield return M("ECO-K8S-1", "staging-platform", "kubernetes_deployment_v1.frontend_green_deployment", j => First(Container(j, "frontend_green_deployment")["security_context"])["allow_privilege_escalation"] = true);
        yield return M("ECO-K8S-2", "prod-platform", "kubernetes_deployment_v1.frontend_blue_deployment", j => First(Container(j, "frontend_blue_deployment")["resources"]).AsObject().Remove("limits"));
        yield return M("ECO-K8S-2", "dev-platform", "kubernetes_deployment_v1.backend_green_deployment", j => First(Container(j, "backend_green_deployment")["resources"])["requests"]!.AsObject().Remove("memory"));
        yield return M("ECO-K8S-3", "prod-platform", "kubernetes_deployment_v1.backend_green_deployment", j => Container(j, "backend_green_deployment")["image"] = "public.ecr.aws/nginx/nginx:1.27");
        yield return M("ECO-K8S-3", "prod-platform", "kubernetes_deployment_v1.microservices_deployment",
            j => Container(j, "microservices_deployment")["image"] = "333333333333.dkr.ecr.us-east-1.amazonaws.com/someone-else:1.0.0");
        yield return M("ECO-K8S-3", "prod-drplatform", "kubernetes_deployment_v1.backend_blue_deployment",
            j => Container(j, "backend_blue_deployment")["image"] = "${data.terraform_remote_state.compute.outputs.ecr_backend_url}:1.0.0");
        yield return M("ECO-K8S-3", "prod-platform", "kubernetes_deployment_v1.frontend_green_deployment",
            j => Container(j, "frontend_green_deployment")["image"] = "${data.terraform_remote_state.dr.outputs.ecr_frontend_url}:1.0.0");
        yield return M("ECO-K8S-4", "prod-platform", "kubernetes_deployment_v1.frontend_blue_deployment",
            j => Container(j, "frontend_blue_deployment")["image"] = "${data.terraform_remote_state.compute.outputs.ecr_frontend_url}:latest");

        // The dr workspace (issue 11).
        yield return M("ECO-DR-1", "prod-dr", "aws_db_instance_automated_backups_replication.postgres_backups",
            Remove("aws_db_instance_automated_backups_replication", "postgres_backups", "kms_key_id"));
        yield return M("ECO-DR-2", "prod-data", "aws_s3_bucket_replication_configuration.replication_app_state",
            j => First(First(R(j, "aws_s3_bucket_replication_configuration", "replication_app_state")["rule"])["destination"]).AsObject().Remove("encryption_configuration"));
        yield return M("ECO-DR-2", "prod-foundation", "aws_s3_bucket_replication_configuration.state_replication_bucket",
            j => First(R(j, "aws_s3_bucket_replication_configuration", "state_replication_bucket")["rule"]).AsObject().Remove("source_selection_criteria"));
        yield return M("ECO-DR-3", "prod-edge", "aws_route53_record.dns_origin_a", Remove("aws_route53_record", "dns_origin_a", "health_check_id"));
        // The DR VPC given the primary VPC's range: only visible next to prod-network.
        yield return M("ECO-DR-4", "prod-dr", "aws_vpc.vpc", j => R(j, "aws_vpc", "vpc")["cidr_block"] = Synthesized.Stack("prod-network").Root["resource"]!["aws_vpc"]!["vpc"]!["cidr_block"]!.DeepClone(), "prod-network");
        yield return M("ECO-DR-5", "prod-data", "aws_backup_plan.backup", j => First(R(j, "aws_backup_plan", "backup")["rule"]).AsObject().Remove("copy_action"));
        yield return M2("copy kept 7 days", "ECO-DR-5", "prod-data", "aws_backup_plan.backup", j =>
            First(First(First(R(j, "aws_backup_plan", "backup")["rule"])["copy_action"])["lifecycle"]).AsObject()["delete_after"] = 7);
        yield return M2("no vault lock", "ECO-DR-5", "prod-data", "aws_backup_plan.backup", j => j["resource"]!["aws_backup_vault_lock_configuration"]!.AsObject().Clear());
    }
}
