using System.Text.Json.Nodes;
using Ecolaura.Tf.Tests.Support;

namespace Ecolaura.Tf.Tests.Stacks;

/// <summary>The foundation workspace and the base stack's cross-cutting wiring (state backend, S3, KMS, IAM and alerting checks).</summary>
public class FoundationStackTests
{
    private static StackJson Foundation(EnvironmentName env) => Synthesized.Stack(env, Workspace.Foundation);

    private static IEnumerable<EnvironmentName> AllEnvironments() => Enum.GetValues<EnvironmentName>();

    private static (string Name, JsonObject Bucket) StateBucket(StackJson stack) =>
        stack.Resources("aws_s3_bucket").Single(b => b.Value.Str("bucket")!.EndsWith("-us-east-1", StringComparison.Ordinal)) is var p ? (p.Key, p.Value) : default;

    private static JsonObject For(StackJson stack, string type, string bucketName) =>
        stack.Resources(type).Values.Single(r => r.Str("bucket") == stack.Ref("aws_s3_bucket", bucketName));

    /// <summary>
    /// issue 10: a fresh account could not apply compute, because the node-volume key policy names
    /// AWSServiceRoleForAutoScaling, which KMS requires to exist. The foundation (applied first) now creates exactly the
    /// role the compute workspace names (no custom suffix: EKS node groups use the default role).
    /// </summary>
    [TestCaseSource(nameof(AllEnvironments))]
    public void Foundation_creates_the_autoscaling_service_linked_role_the_compute_key_policy_names(EnvironmentName env)
    {
        var role = Foundation(env).Single("aws_iam_service_linked_role");
        var compute = Synthesized.Stack(env, Workspace.Compute);
        var volumeKey = StackJson.Document(compute.Resource("aws_kms_key", "volumes")["policy"]);
        var principals = volumeKey.Arr("Statement").Select(s => s?["Principal"].Str("AWS")).Where(p => p?.Contains("aws-service-role", StringComparison.Ordinal) == true).Distinct();
        var account = DefaultEnvironments.All.Single(e => e.Name == env.Id()).AccountId;
        Assert.Multiple(() =>
        {
            Assert.That(role.Str("aws_service_name"), Is.EqualTo("autoscaling.amazonaws.com"));
            Assert.That(role["custom_suffix"], Is.Null, "a suffix would create AWSServiceRoleForAutoScaling_<suffix>, which EKS node groups do not use");
            Assert.That(role["lifecycle"].Bool("prevent_destroy"), Is.True);
            Assert.That(principals, Is.EqualTo(new[] { $"arn:aws:iam::{account}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling" }));
            Assert.That(ServiceLinkedRoles.AutoScalingRoleArn(account), Is.EqualTo(principals.Single()));
        });
    }

    /// <summary>Accounts that already have the role read it instead: the plan fails early if it is missing after all.</summary>
    [Test]
    public void An_existing_autoscaling_role_is_read_not_created()
    {
        var stack = Synthesized.StackWithOverride("""{ "environments": { "prod": { "serviceLinkedRoles": { "autoScaling": "existing" } } } }""", EnvironmentName.Prod, Workspace.Foundation);
        Assert.Multiple(() =>
        {
            Assert.That(stack.Resources("aws_iam_service_linked_role"), Is.Empty);
            Assert.That(stack.Root["data"]?["aws_iam_role"]?.AsObject().Single().Value.Str("name"), Is.EqualTo("AWSServiceRoleForAutoScaling"));
        });
    }

    [Test]
    public void An_unknown_service_linked_role_mode_is_rejected() =>
        Assert.That(Assert.Throws<ConfigValidationException>(() => ConfigLoader.Load("""{ "environments": { "prod": { "serviceLinkedRoles": { "autoScaling": "maybe" } } } }"""))!
            .Problems.Select(p => p.ToString()), Is.EqualTo(new[] { "environments.prod.serviceLinkedRoles.autoScaling: must be one of [create, existing], got \"maybe\"" }));

    [TestCaseSource(nameof(AllEnvironments))]
    public void State_bucket_is_versioned_encrypted_private_and_protected(EnvironmentName env)
    {
        var stack = Foundation(env);
        var (name, bucket) = StateBucket(stack);
        var sse = For(stack, "aws_s3_bucket_server_side_encryption_configuration", name).Block("rule");
        var pab = For(stack, "aws_s3_bucket_public_access_block", name);
        var policy = StackJson.Document(For(stack, "aws_s3_bucket_policy", name)["policy"]);
        var lifecycle = For(stack, "aws_s3_bucket_lifecycle_configuration", name).Block("rule");
        Assert.Multiple(() =>
        {
            Assert.That(bucket["lifecycle"].Bool("prevent_destroy"), Is.True);
            Assert.That(For(stack, "aws_s3_bucket_versioning", name)["versioning_configuration"].Str("status"), Is.EqualTo("Enabled"));
            Assert.That(sse.Block("apply_server_side_encryption_by_default").Str("sse_algorithm"), Is.EqualTo("aws:kms"));
            Assert.That(sse.Block("apply_server_side_encryption_by_default").Str("kms_master_key_id"), Is.EqualTo(stack.Ref("aws_kms_key", "state", "arn")));
            Assert.That(sse.Bool("bucket_key_enabled"), Is.True);
            foreach (var flag in new[] { "block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets" })
            {
                Assert.That(pab.Bool(flag), Is.True, flag);
            }

            Assert.That(For(stack, "aws_s3_bucket_ownership_controls", name).Block("rule").Str("object_ownership"), Is.EqualTo("BucketOwnerEnforced"));
            var deny = policy.Arr("Statement").Single(s => s.Str("Sid") == "DenyInsecureTransport");
            Assert.That(deny.Str("Effect"), Is.EqualTo("Deny"));
            Assert.That(deny?["Condition"]?["Bool"].Str("aws:SecureTransport"), Is.EqualTo("false"));
            Assert.That(lifecycle.Block("noncurrent_version_expiration").Num("noncurrent_days"), Is.EqualTo(90));
            Assert.That(lifecycle.Block("abort_incomplete_multipart_upload").Num("days_after_initiation"), Is.EqualTo(7));
            Assert.That(For(stack, "aws_s3_bucket_logging", name).Str("target_bucket"), Does.StartWith("${aws_s3_bucket.state_access_logs"));
        });
    }

    [TestCaseSource(nameof(AllEnvironments))]
    public void Lock_table_is_recoverable_encrypted_and_protected(EnvironmentName env)
    {
        var tables = Foundation(env).Resources("aws_dynamodb_table");
        Assert.That(tables.Keys.Order(), Is.EqualTo(DrSizing.HasWorkspace(env.Config()) ? new[] { "state_dr_lock", "state_lock" } : ["state_lock"]),
            "a dr workspace locks its state in the DR region");
        foreach (var table in tables.Values)
        Assert.Multiple(() =>
        {
            Assert.That(table.Str("hash_key"), Is.EqualTo("LockID"));
            Assert.That(table.Arr("attribute").Single().Str("type"), Is.EqualTo("S"));
            Assert.That(table.Str("billing_mode"), Is.EqualTo("PAY_PER_REQUEST"));
            Assert.That(table.Block("point_in_time_recovery").Bool("enabled"), Is.True);
            Assert.That(table.Block("server_side_encryption").Bool("enabled"), Is.True);
            Assert.That(table.Block("server_side_encryption").Str("kms_key_arn"), Does.StartWith("${aws_kms_key."));
            Assert.That(table.Bool("deletion_protection_enabled"), Is.True);
            Assert.That(table["lifecycle"].Bool("prevent_destroy"), Is.True);
        });
    }

    [TestCaseSource(nameof(AllEnvironments))]
    public void Every_key_rotates_has_a_30_day_window_and_an_explicit_policy(EnvironmentName env)
    {
        var keys = Foundation(env).Resources("aws_kms_key");
        Assert.That(keys.Keys.Order(), Is.EqualTo(new[] { "alerts", "logs", "state" }.Concat(DrSizing.HasWorkspace(env.Config()) ? ["state_dr"] : []).Order()));
        foreach (var (name, key) in keys)
        {
            Assert.That(key.Bool("enable_key_rotation"), Is.True, name);
            Assert.That(key.Num("deletion_window_in_days"), Is.EqualTo(30), name);
            Assert.That(key["lifecycle"].Bool("prevent_destroy"), Is.True, name);
            var statements = StackJson.Document(key["policy"]).Arr("Statement");
            Assert.That(statements.Where(s => s?["Principal"] is JsonValue), Is.Empty, $"{name}: no bare * principal");
            Assert.That(statements.Where(s => s?["Principal"]?["Service"] is not null).Select(s => s?["Condition"]), Has.All.Not.Null, $"{name}: service statements carry conditions");
        }
    }

    [TestCaseSource(nameof(AllEnvironments))]
    public void Alert_topics_use_a_cmk_cloudwatch_may_use(EnvironmentName env)
    {
        var stack = Foundation(env);
        var topics = stack.Resources("aws_sns_topic");
        Assert.That(topics.Keys.Order(), Is.EqualTo(new[] { "alerts_critical", "alerts_noncritical" }));
        Assert.That(topics.Values.Select(t => t.Str("kms_master_key_id")), Has.All.EqualTo(stack.Ref("aws_kms_key", "alerts", "arn")));
        var keyPolicy = StackJson.Document(stack.Resource("aws_kms_key", "alerts")["policy"]);
        var cloudwatch = keyPolicy.Arr("Statement").Single(s => s.Str("Sid") == "AllowAlarmPublishers");
        Assert.That(cloudwatch?["Principal"].Strs("Service"), Does.Contain("cloudwatch.amazonaws.com"));
        Assert.That(cloudwatch.Strs("Action"), Is.SupersetOf(new[] { "kms:Decrypt", "kms:GenerateDataKey*" }));
    }

    [TestCaseSource(nameof(AllEnvironments))]
    public void Critical_alerts_page_pagerduty_and_others_reach_slack(EnvironmentName env)
    {
        var stack = Foundation(env);
        var subscription = stack.Single("aws_sns_topic_subscription");
        var slack = stack.Single("aws_chatbot_slack_channel_configuration");
        var config = DefaultEnvironments.All.Single(e => e.Name == env.Id());
        Assert.Multiple(() =>
        {
            Assert.That(subscription.Str("topic_arn"), Is.EqualTo(stack.Ref("aws_sns_topic", "alerts_critical", "arn")));
            Assert.That(subscription.Str("protocol"), Is.EqualTo("https"));
            Assert.That(subscription.Str("endpoint"), Is.EqualTo("${var.pagerduty_integration_url}"), "the integration URL is an apply-time input");
            Assert.That(stack.Root["variable"]?["pagerduty_integration_url"].Bool("sensitive"), Is.True);
            Assert.That(slack.Strs("sns_topic_arns"), Is.EqualTo(new[] { stack.Ref("aws_sns_topic", "alerts_noncritical", "arn") }));
            Assert.That(slack.Str("slack_channel_id"), Is.EqualTo(config.Alerting.SlackChannelId));
            Assert.That(slack.Strs("guardrail_policy_arns"), Is.EqualTo(new[] { "arn:aws:iam::aws:policy/CloudWatchReadOnlyAccess" }));
            Assert.That(slack.Str("provider"), Is.EqualTo("aws.us_west_2"));
        });
    }

    [TestCaseSource(nameof(AllEnvironments))]
    public void Foundation_bootstraps_on_a_local_backend(EnvironmentName env)
    {
        var backend = Foundation(env).Root["terraform"]!["backend"]!.AsObject();
        Assert.That(backend.Select(b => b.Key), Is.EqualTo(new[] { "local" }));
        // Relative to cdktf.out/stacks/<id>/: the state survives a new synth, which replaces cdktf.out.
        Assert.That(backend["local"].Str("path"), Is.EqualTo($"../../../bootstrap-state/{env.Id()}-foundation.tfstate"));
    }

    [Test]
    public void Foundation_moves_to_s3_once_migrated()
    {
        var config = DefaultEnvironments.Prod with { State = new StateConfig { FoundationBackend = FoundationBackend.S3 } };
        var dir = Path.Combine(Path.GetTempPath(), $"ecolaura-migrated-{Environment.ProcessId}");
        var app = new EcolauraApp(dir);
        _ = new global::Ecolaura.Tf.App.Stacks.FoundationStack(app.App, config);
        app.Synth();
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "stacks", "prod-foundation", "cdk.tf.json")))!;
        Assert.That(json["terraform"]?["backend"]?["s3"].Str("key"), Is.EqualTo("prod/foundation.tfstate"));
    }

    [TestCaseSource(nameof(AllEnvironments))]
    public void Workspaces_keep_state_in_s3_encrypted_with_lockfile_and_lock_table(EnvironmentName env)
    {
        var stack = Synthesized.Stack(env, Workspace.Network);
        var s3 = stack.Root["terraform"]?["backend"]?["s3"];
        var config = DefaultEnvironments.All.Single(e => e.Name == env.Id());
        Assert.Multiple(() =>
        {
            Assert.That(s3.Str("bucket"), Is.EqualTo($"ecolaura-{env.Id()}-tfstate-{config.AccountId}-us-east-1"));
            Assert.That(s3.Str("key"), Is.EqualTo($"{env.Id()}/network.tfstate"));
            Assert.That(s3.Str("region"), Is.EqualTo("us-east-1"));
            Assert.That(s3.Bool("encrypt"), Is.True);
            Assert.That(s3.Str("kms_key_id"), Is.EqualTo($"arn:aws:kms:us-east-1:{config.AccountId}:alias/ecolaura-{env.Id()}-tfstate"));
            Assert.That(s3.Bool("use_lockfile"), Is.True);
            Assert.That(s3.Str("dynamodb_table"), Is.EqualTo($"ecolaura-{env.Id()}-tflock"));
            Assert.That(s3?["access_key"], Is.Null);
            Assert.That(s3?["secret_key"], Is.Null);
        });
    }

    [Test]
    public void Backend_kms_alias_is_the_alias_the_foundation_creates()
    {
        var alias = Foundation(EnvironmentName.Prod).Resource("aws_kms_alias", "state_key").Str("name");
        var backendKey = Synthesized.Stack(EnvironmentName.Prod, Workspace.Network).Root["terraform"]?["backend"]?["s3"].Str("kms_key_id");
        Assert.That(backendKey, Does.EndWith(":" + alias));
    }

    [Test]
    public void Every_stack_pins_terraform_and_the_provider_and_tags_everything()
    {
        foreach (var id in Synthesized.StackIds)
        {
            var json = Synthesized.Stack(id).Root;
            var env = DefaultEnvironments.All.Single(e => e.Name == id.Split('-')[0]);
            Assert.That(json["terraform"].Str("required_version"), Is.EqualTo($"~> {TerraformVersion.Pinned}"), id);
            Assert.That(json["terraform"]?["required_providers"]?["aws"].Str("version"), Is.EqualTo("5.100.0"), id);
            foreach (var provider in json["provider"]!["aws"]!.AsArray())
            {
                Assert.That(provider.Strs("allowed_account_ids"), Is.EqualTo(new[] { env.AccountId }), id);
                var tags = provider.Block("default_tags")?["tags"];
                foreach (var key in new[] { "Project", "Environment", "Workspace", "ManagedBy", "CostCenter", "Owner", "Application" })
                {
                    Assert.That(tags.Str(key), Is.Not.Null.And.Not.Empty, $"{id} provider {provider.Str("alias") ?? "default"} tag {key}");
                }

                Assert.That(tags.Str("Workspace"), Is.EqualTo(id.Split('-')[1]));
            }
        }
    }

    [Test]
    public void A_kms_alias_in_the_reserved_aws_namespace_is_refused()
    {
        var app = new EcolauraApp(Path.Combine(Path.GetTempPath(), $"ecolaura-kms-{Environment.ProcessId}"));
        var stack = new global::Ecolaura.Tf.App.Stacks.FoundationStack(app.App, DefaultEnvironments.Dev with { Name = "dev" });
        var e = Assert.Throws<ArgumentException>(() => _ = new CustomerManagedKey(stack, "bad", new CustomerManagedKeyProps
        {
            Alias = "aws/ecolaura", Description = "x", AccountId = "111111111111",
        }));
        Assert.That(e!.Message, Does.Contain("KMS alias 'aws/ecolaura': the alias/aws/ prefix is reserved for AWS-managed keys"));
    }

    [Test]
    public void Terraform_version_pin_comes_from_the_terraform_version_file()
    {
        var file = File.ReadAllText(Path.Combine(ContractTests.FindRepoRoot(), ".terraform-version")).Trim();
        Assert.That(TerraformVersion.Pinned, Is.EqualTo(file));
        Assert.That(Version.Parse(file), Is.GreaterThanOrEqualTo(new Version(1, 11)), "use_lockfile needs Terraform 1.11");
    }
}
