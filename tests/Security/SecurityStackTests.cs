using System.Text.Json.Nodes;
using Ecolaura.Tf.Tests.Support;

namespace Ecolaura.Tf.Tests.Security;

/// <summary>The security workspace's synthesized JSON: trail, detection, account defaults, people, alarms and cost controls.</summary>
public class SecurityStackTests
{
    private static StackJson Security(EnvironmentName env) => Synthesized.Stack(env, Workspace.Security);

    private static IEnumerable<EnvironmentName> AllEnvironments() => Enum.GetValues<EnvironmentName>();

    private static EnvironmentConfig Config(EnvironmentName env) => DefaultEnvironments.All.Single(e => e.Name == env.Id());

    private static string Remote(string output) => $"${{data.terraform_remote_state.foundation.outputs.{output}}}";

    [TestCaseSource(nameof(AllEnvironments))]
    public void Reads_only_the_foundation_and_is_applied_right_after_it(EnvironmentName env)
    {
        var stack = Security(env);
        Assert.Multiple(() =>
        {
            Assert.That(stack.Root["data"]?["terraform_remote_state"]?.AsObject().Select(p => p.Key), Is.EqualTo(new[] { "foundation" }));
            Assert.That(Synthesized.Manifest["stacks"]?[stack.Id].Strs("dependencies"), Is.EqualTo(new[] { $"{env.Id()}-foundation" }));
            Assert.That(stack.Root["terraform"]?["backend"]?["s3"].Str("key"), Is.EqualTo($"{env.Id()}/security.tfstate"));
        });
    }

    [TestCaseSource(nameof(AllEnvironments))]
    public void The_trail_is_multi_region_validated_encrypted_and_delivered_to_a_locked_bucket_and_a_log_group(EnvironmentName env)
    {
        var stack = Security(env);
        var config = Config(env);
        var trail = stack.Resource("aws_cloudtrail", "trail");
        var trailArn = $"arn:aws:cloudtrail:{config.Region}:{config.AccountId}:trail/ecolaura-{env.Id()}-security-trail";
        var group = stack.Resource("aws_cloudwatch_log_group", "trail");
        var bucketPolicy = StackJson.Document(stack.Resource("aws_s3_bucket_policy", "trail")["policy"]);
        var write = bucketPolicy.Arr("Statement").Single(s => s.Str("Sid") == "CloudTrailWrites");
        var sse = stack.Resource("aws_s3_bucket_server_side_encryption_configuration", "trail_bucket_encryption").Block("rule").Block("apply_server_side_encryption_by_default");
        var keyPolicy = StackJson.Document(stack.Resource("aws_kms_key", "trail")["policy"]);
        var encrypt = keyPolicy.Arr("Statement").Single(s => s.Str("Sid") == "CloudTrailEncryptsLogs");
        Assert.Multiple(() =>
        {
            Assert.That(trail.Bool("is_multi_region_trail"), Is.True);
            Assert.That(trail.Bool("include_global_service_events"), Is.True);
            Assert.That(trail.Bool("enable_log_file_validation"), Is.True);
            Assert.That(trail.Str("kms_key_id"), Is.EqualTo(stack.Ref("aws_kms_key", "trail", "arn")));
            Assert.That(trail.Str("s3_bucket_name"), Is.EqualTo(stack.Ref("aws_s3_bucket", "trail", "bucket")));
            Assert.That(trail.Str("cloud_watch_logs_group_arn"), Is.EqualTo($"{stack.Ref("aws_cloudwatch_log_group", "trail", "arn")}:*"));
            Assert.That(trail.Strs("depends_on"), Does.Contain("aws_s3_bucket_policy.trail"), "CloudTrail checks the bucket policy when the trail is created");
            Assert.That(group.Num("retention_in_days"), Is.EqualTo(365));
            Assert.That(group.Str("kms_key_id"), Is.EqualTo(Remote("logs_kms_key_arn")));
            Assert.That(write?["Principal"].Str("Service"), Is.EqualTo("cloudtrail.amazonaws.com"));
            Assert.That(write?["Condition"]?["StringEquals"].Str("aws:SourceArn"), Is.EqualTo(trailArn));
            Assert.That(write.Str("Resource"), Does.EndWith($"/AWSLogs/{config.AccountId}/*"));
            Assert.That(sse.Str("kms_master_key_id"), Is.EqualTo(stack.Ref("aws_kms_key", "trail", "arn")));
            Assert.That(encrypt?["Condition"]?["StringEquals"].Str("aws:SourceArn"), Is.EqualTo(trailArn));
            Assert.That(encrypt?["Condition"]?["StringLike"].Str("kms:EncryptionContext:aws:cloudtrail:arn"), Is.EqualTo($"arn:aws:cloudtrail:*:{config.AccountId}:trail/*"));
            Assert.That(stack.Resource("aws_s3_bucket_public_access_block", "trail").Bool("restrict_public_buckets"), Is.True);
            Assert.That(stack.Resource("aws_s3_bucket_logging", "trail_bucket_access").Str("target_bucket"), Is.EqualTo(stack.Ref("aws_s3_bucket", "trail_access_logs", "bucket")));
            Assert.That(stack.Resource("aws_s3_bucket", "trail")["lifecycle"].Bool("prevent_destroy"), Is.True);
        });
    }

    [TestCaseSource(nameof(AllEnvironments))]
    public void Guardduty_security_hub_and_access_analyzer_are_on(EnvironmentName env)
    {
        var stack = Security(env);
        var features = stack.Resources("aws_guardduty_detector_feature").Values;
        Assert.Multiple(() =>
        {
            Assert.That(stack.Single("aws_guardduty_detector").Bool("enable"), Is.True);
            Assert.That(features.Select(f => f.Str("name")), Is.EquivalentTo(new[] { "S3_DATA_EVENTS", "EKS_AUDIT_LOGS" }));
            Assert.That(features.Select(f => f.Str("status")).Distinct(), Is.EqualTo(new[] { "ENABLED" }));
            Assert.That(features.Select(f => f.Str("detector_id")).Distinct(), Is.EqualTo(new[] { stack.Ref("aws_guardduty_detector", "threats_guardduty") }));
            Assert.That(stack.Single("aws_securityhub_account").Bool("enable_default_standards"), Is.False);
            Assert.That(stack.Resources("aws_securityhub_standards_subscription").Values.Select(s => s.Str("standards_arn")), Is.EquivalentTo(new[]
            {
                "arn:aws:securityhub:us-east-1::standards/aws-foundational-security-best-practices/v/1.0.0",
                "arn:aws:securityhub:us-east-1::standards/cis-aws-foundations-benchmark/v/3.0.0",
            }));
            Assert.That(stack.Resources("aws_securityhub_standards_subscription").Values.SelectMany(s => s.Strs("depends_on")).Distinct(), Is.EqualTo(new[] { "aws_securityhub_account.threats_securityhub" }));
            Assert.That(stack.Single("aws_accessanalyzer_analyzer").Str("type"), Is.EqualTo("ACCOUNT"));
        });
    }

    [Test]
    public void High_guardduty_findings_page_and_medium_ones_post_to_slack()
    {
        var stack = Security(EnvironmentName.Prod);
        var targets = stack.Resources("aws_cloudwatch_event_target");
        var high = JsonNode.Parse(stack.Resource("aws_cloudwatch_event_rule", "threats_guardduty_high").Str("event_pattern")!)!;
        Assert.Multiple(() =>
        {
            Assert.That(high["detail"]?["severity"]?[0]?["numeric"]?.AsArray().Select(n => n!.ToString()), Is.EqualTo(new[] { ">=", "7" }));
            Assert.That(targets["threats_guardduty_high"].Str("arn"), Is.EqualTo(Remote("critical_alerts_topic_arn")));
            Assert.That(targets["threats_guardduty_medium"].Str("arn"), Is.EqualTo(Remote("noncritical_alerts_topic_arn")));
            Assert.That(targets["threats_securityhub_failed"].Str("arn"), Is.EqualTo(Remote("noncritical_alerts_topic_arn")));
        });
    }

    [TestCaseSource(nameof(AllEnvironments))]
    public void Account_defaults_encrypt_ebs_block_public_s3_and_require_cis_passwords(EnvironmentName env)
    {
        var stack = Security(env);
        var password = stack.Single("aws_iam_account_password_policy");
        var block = stack.Single("aws_s3_account_public_access_block");
        Assert.Multiple(() =>
        {
            Assert.That(stack.Single("aws_ebs_encryption_by_default").Bool("enabled"), Is.True);
            Assert.That(stack.Single("aws_ebs_default_kms_key").Str("key_arn"), Is.EqualTo(stack.Ref("aws_kms_key", "account_ebs", "arn")));
            foreach (var flag in new[] { "block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets" })
            {
                Assert.That(block.Bool(flag), Is.True, flag);
            }

            Assert.That(password.Num("minimum_password_length"), Is.EqualTo(14));
            Assert.That(password.Num("password_reuse_prevention"), Is.EqualTo(24));
            Assert.That(password.Num("max_password_age"), Is.EqualTo(90));
            foreach (var flag in new[] { "require_uppercase_characters", "require_lowercase_characters", "require_numbers", "require_symbols" })
            {
                Assert.That(password.Bool(flag), Is.True, flag);
            }
        });
    }

    [Test]
    public void A_stronger_password_policy_from_configuration_is_written()
    {
        var stack = Synthesized.StackWithOverride("""{ "environments": { "dev": { "security": { "passwordPolicy": { "minimumLength": 20 }, "activateCostAllocationTags": false } } } }""", EnvironmentName.Dev, Workspace.Security);
        Assert.Multiple(() =>
        {
            Assert.That(stack.Single("aws_iam_account_password_policy").Num("minimum_password_length"), Is.EqualTo(20));
            Assert.That(stack.Resources("aws_ce_cost_allocation_tag"), Is.Empty, "activateCostAllocationTags = false defers the tags");
        });
    }

    [TestCaseSource(nameof(AllEnvironments))]
    public void Console_groups_deny_everything_without_mfa_and_use_aws_managed_policies(EnvironmentName env)
    {
        var stack = Security(env);
        var policy = StackJson.Document(stack.Resource("aws_iam_policy", "console_require_mfa")["policy"]);
        var deny = policy.Arr("Statement").Single(s => s.Str("Effect") == "Deny");
        var attachments = stack.Resources("aws_iam_group_policy_attachment").Values.ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(stack.Resources("aws_iam_group").Values.Select(g => g.Str("name")),
                Is.EqualTo(new[] { "administrators", "developers", "read-only" }.Select(r => $"ecolaura-{env.Id()}-security-{r}")));
            Assert.That(deny?["Condition"]?["BoolIfExists"].Str("aws:MultiFactorAuthPresent"), Is.EqualTo("false"));
            Assert.That(deny.Str("Resource"), Is.EqualTo("*"));
            Assert.That(deny?["Action"], Is.Null);
            Assert.That(deny.Strs("NotAction"), Does.Contain("iam:EnableMFADevice").And.Contain("sts:GetSessionToken").And.Not.Contain("iam:DeactivateMFADevice"));
            Assert.That(policy.ToJsonString(), Does.Contain("user/$${aws:username}"), "escaped so Terraform passes the IAM variable through");
            foreach (var group in stack.Resources("aws_iam_group").Keys)
            {
                var own = attachments.Where(a => a.Str("group") == stack.Ref("aws_iam_group", group, "name")).Select(a => a.Str("policy_arn")).ToArray();
                Assert.That(own, Does.Contain(stack.Ref("aws_iam_policy", "console_require_mfa", "arn")), group);
                Assert.That(own.Where(a => !a!.StartsWith("${", StringComparison.Ordinal)), Is.Not.Empty.And.All.StartsWith("arn:aws:iam::aws:policy/"), group);
            }

            Assert.That(attachments.Select(a => a.Str("policy_arn")), Has.None.EqualTo("arn:aws:iam::aws:policy/AdministratorAccess"));
            Assert.That(new[] { "aws_iam_user", "aws_iam_user_policy", "aws_iam_access_key", "aws_iam_group_membership", "aws_iam_user_group_membership" }.SelectMany(t => stack.Resources(t).Keys), Is.Empty);
        });
    }

    [TestCaseSource(nameof(AllEnvironments))]
    public void Cis_metric_filters_each_have_an_alarm_into_the_foundation_topics(EnvironmentName env)
    {
        var stack = Security(env);
        var filters = stack.Resources("aws_cloudwatch_log_metric_filter");
        var alarms = stack.Resources("aws_cloudwatch_metric_alarm");
        Assert.That(filters.Keys, Is.EquivalentTo(CisAlarms.Filters.Select(f => $"cis_{f.Id}")));
        Assert.Multiple(() =>
        {
            foreach (var (name, filter) in filters)
            {
                var transformation = filter.Block("metric_transformation");
                var alarm = alarms[name];
                Assert.That(filter.Str("log_group_name"), Is.EqualTo(stack.Ref("aws_cloudwatch_log_group", "trail", "name")), name);
                Assert.That(alarm.Str("metric_name"), Is.EqualTo(transformation.Str("name")), name);
                Assert.That(alarm.Str("namespace"), Is.EqualTo(transformation.Str("namespace")), name);
                Assert.That(alarm.Num("threshold"), Is.EqualTo(1), name);
                Assert.That(alarm.Str("comparison_operator"), Is.EqualTo("GreaterThanOrEqualToThreshold"), name);
                var topic = name == "cis_root_use" ? "critical_alerts_topic_arn" : "noncritical_alerts_topic_arn";
                Assert.That(alarm.Strs("alarm_actions"), Is.EqualTo(new[] { Remote(topic) }), name);
            }

            foreach (var required in new[] { "root_use", "unauthorized_api_calls", "console_signin_without_mfa", "iam_policy_changes", "cloudtrail_changes", "kms_key_disabled_or_deleted", "security_group_changes", "nacl_changes" })
            {
                Assert.That(filters.ContainsKey($"cis_{required}"), required);
            }

            Assert.That(filters["cis_root_use"].Str("pattern"), Does.Contain("$.userIdentity.type = \"Root\""));
            Assert.That(filters["cis_console_signin_without_mfa"].Str("pattern"), Does.Contain("$.additionalEventData.MFAUsed != \"Yes\""));
        });
    }

    [TestCaseSource(nameof(AllEnvironments))]
    public void Container_insights_log_groups_are_precreated_encrypted_and_expire(EnvironmentName env)
    {
        var stack = Security(env);
        var groups = stack.Resources("aws_cloudwatch_log_group").Values.Where(g => g.Str("name")!.StartsWith("/aws/containerinsights/", StringComparison.Ordinal)).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(groups.Select(g => g.Str("name")), Is.EquivalentTo(ContainerInsights.LogGroups.Select(g => $"/aws/containerinsights/ecolaura-{env.Id()}/{g}")));
            Assert.That(groups.Select(g => g.Str("kms_key_id")).Distinct(), Is.EqualTo(new[] { Remote("logs_kms_key_arn") }));
            Assert.That(groups.Select(g => g.Num("retention_in_days")).Distinct(), Is.EqualTo(new double?[] { 30 }));
            Assert.That(stack.Resources("aws_cloudwatch_metric_alarm").Values.Where(a => a.Str("namespace") == "ContainerInsights").Select(a => a["dimensions"].Str("ClusterName")).Distinct(),
                Is.EqualTo(new[] { $"ecolaura-{env.Id()}" }));
        });
    }

    [TestCaseSource(nameof(AllEnvironments))]
    public void Budget_notifies_slack_on_forecast_and_actual_and_pages_over_the_limit(EnvironmentName env)
    {
        var stack = Security(env);
        var budget = stack.Single("aws_budgets_budget");
        var notifications = budget.Arr("notification").Select(n => $"{n.Str("notification_type")} > {n.Num("threshold")} % -> {string.Join(",", n.Strs("subscriber_sns_topic_arns"))}").ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(budget.Str("budget_type"), Is.EqualTo("COST"));
            Assert.That(budget.Str("time_unit"), Is.EqualTo("MONTHLY"));
            Assert.That(budget.Str("limit_amount"), Is.EqualTo(Config(env).Security.Budget.MonthlyLimit.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            Assert.That(budget.Str("limit_unit"), Is.EqualTo("USD"));
            Assert.That(notifications, Is.EquivalentTo(new[]
            {
                $"FORECASTED > 100 % -> {Remote("noncritical_alerts_topic_arn")}",
                $"ACTUAL > 80 % -> {Remote("noncritical_alerts_topic_arn")}",
                $"ACTUAL > 100 % -> {Remote("critical_alerts_topic_arn")}",
            }));
            var subscription = stack.Single("aws_ce_anomaly_subscription");
            Assert.That(subscription.Str("frequency"), Is.EqualTo("IMMEDIATE"));
            Assert.That(subscription.Arr("subscriber").Single().Str("address"), Is.EqualTo(Remote("noncritical_alerts_topic_arn")));
            Assert.That(subscription.Strs("monitor_arn_list"), Is.EqualTo(new[] { stack.Ref("aws_ce_anomaly_monitor", "cost", "arn") }));
            Assert.That(stack.Single("aws_ce_anomaly_monitor").Str("monitor_dimension"), Is.EqualTo("SERVICE"));
            Assert.That(stack.Resources("aws_ce_cost_allocation_tag").Values.Select(t => t.Str("tag_key")),
                Is.EquivalentTo(new[] { "Project", "Application", "Environment", "Workspace", "ManagedBy", "CostCenter", "Owner" }));
        });
    }

    [Test]
    public void Budgets_and_cost_anomaly_detection_may_publish_to_the_foundation_topics()
    {
        var foundation = Synthesized.Stack(EnvironmentName.Prod, Workspace.Foundation);
        foreach (var (name, policy) in foundation.Resources("aws_sns_topic_policy"))
        {
            var publish = StackJson.Document(policy["policy"]).Arr("Statement").Single(s => s.Str("Sid") == "AlarmPublishersPublish");
            Assert.That(publish?["Principal"].Strs("Service"), Does.Contain("budgets.amazonaws.com").And.Contain("costalerts.amazonaws.com"), name);
        }
    }

    [TestCaseSource(nameof(AllEnvironments))]
    public void Compute_runs_container_insights_with_its_own_irsa_role(EnvironmentName env)
    {
        var compute = Synthesized.Stack(env, Workspace.Compute);
        var addon = compute.Resource("aws_eks_addon", "addon_cloudwatch_observability");
        var trust = StackJson.Document(compute.Resource("aws_iam_role", "irsa_cloudwatch_observability")["assume_role_policy"]);
        Assert.Multiple(() =>
        {
            Assert.That(addon.Str("addon_name"), Is.EqualTo("amazon-cloudwatch-observability"));
            Assert.That(addon.Str("service_account_role_arn"), Is.EqualTo(compute.Ref("aws_iam_role", "irsa_cloudwatch_observability", "arn")));
            Assert.That(addon.Strs("depends_on"), Has.Some.StartsWith("aws_eks_node_group."), "its DaemonSets need nodes");
            Assert.That(trust.ToJsonString(), Does.Contain("system:serviceaccount:amazon-cloudwatch:cloudwatch-agent"));
            Assert.That(compute.Resources("aws_iam_role_policy_attachment").Values.Select(a => a.Str("policy_arn")), Does.Contain("arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy"));
        });
    }
}
