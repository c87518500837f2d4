using System.Text.Json.Nodes;
using Ecolaura.Tf.Tests.Support;

namespace Ecolaura.Tf.Tests.Stacks;

/// <summary>The data workspace against docs/requirements.md (database, cache, encryption, S3 Intelligent-Tiering, backups) and the RDS, ElastiCache, S3, KMS and alarm checks.</summary>
public class DataStackTests
{
    private static StackJson Data(EnvironmentName env) => Synthesized.Stack(env, Workspace.Data);

    private static IEnumerable<EnvironmentName> AllEnvironments() => Enum.GetValues<EnvironmentName>();

    private static JsonObject Db(EnvironmentName env) => Data(env).Single("aws_db_instance");

    private static JsonObject Redis(EnvironmentName env) => Data(env).Single("aws_elasticache_replication_group");

    [Test]
    public void Prod_database_is_postgres_13_on_r5_xlarge_and_multi_az()
    {
        var db = Db(EnvironmentName.Prod);
        Assert.Multiple(() =>
        {
            Assert.That(db.Str("engine"), Is.EqualTo("postgres"));
            Assert.That(db.Str("engine_version"), Is.EqualTo("13"));
            Assert.That(db.Str("instance_class"), Is.EqualTo("db.r5.xlarge"));
            Assert.That(db.Bool("multi_az"), Is.True);
        });
    }

    [TestCase(EnvironmentName.Staging)]
    [TestCase(EnvironmentName.Prod)]
    public void Prod_database_is_multi_az(EnvironmentName env) => Assert.That(Db(env).Bool("multi_az"), Is.True);

    [Test]
    public void Backups_are_kept_14_days()
    {
        var db = Db(EnvironmentName.Prod);
        Assert.That(db.Num("backup_retention_period"), Is.EqualTo(14), "point-in-time recovery covers the retention window");
    }

    [TestCaseSource(nameof(AllEnvironments))]
    public void Database_backups_survive_deletion_and_windows_do_not_overlap(EnvironmentName env)
    {
        var db = Db(env);
        Assert.Multiple(() =>
        {
            Assert.That(db.Num("backup_retention_period"), Is.GreaterThanOrEqualTo(env == EnvironmentName.Dev ? 1 : 7));
            Assert.That(db.Bool("skip_final_snapshot"), Is.False);
            Assert.That(db.Str("final_snapshot_identifier"), Is.Not.Empty);
            Assert.That(db.Bool("delete_automated_backups"), Is.False);
            Assert.That(db.Bool("copy_tags_to_snapshot"), Is.True);
            Assert.That(db.Str("backup_window"), Is.EqualTo("03:00-04:00"));
            Assert.That(db.Str("maintenance_window"), Is.EqualTo("sun:05:00-sun:06:00"));
        });
    }

    [TestCaseSource(nameof(AllEnvironments))]
    public void Database_storage_is_encrypted_gp3_with_autoscaling(EnvironmentName env)
    {
        var stack = Data(env);
        var db = Db(env);
        Assert.Multiple(() =>
        {
            Assert.That(db.Bool("storage_encrypted"), Is.True);
            Assert.That(db.Str("kms_key_id"), Is.EqualTo(stack.Ref("aws_kms_key", "rds", "arn")));
            Assert.That(db.Str("storage_type"), Is.EqualTo("gp3"));
            Assert.That(db.Num("max_allocated_storage"), Is.GreaterThan(db.Num("allocated_storage") ?? throw new AssertionException("allocated_storage is not a number")));
        });
    }

    [TestCaseSource(nameof(AllEnvironments))]
    public void Database_has_performance_insights_monitoring_and_log_exports(EnvironmentName env)
    {
        var stack = Data(env);
        var db = Db(env);
        var role = stack.Resource("aws_iam_role", "postgres_monitoring");
        Assert.Multiple(() =>
        {
            Assert.That(db.Bool("performance_insights_enabled"), Is.True);
            Assert.That(db.Str("performance_insights_kms_key_id"), Is.EqualTo(stack.Ref("aws_kms_key", "rds", "arn")));
            Assert.That(db.Num("monitoring_interval"), Is.EqualTo(60));
            Assert.That(db.Str("monitoring_role_arn"), Is.EqualTo(stack.Ref("aws_iam_role", "postgres_monitoring", "arn")));
            Assert.That(StackJson.Document(role["assume_role_policy"]).Arr("Statement")[0]?["Principal"].Str("Service"), Is.EqualTo("monitoring.rds.amazonaws.com"));
            Assert.That(db.Strs("enabled_cloudwatch_logs_exports"), Is.EquivalentTo(new[] { "postgresql", "upgrade" }));
            var groups = stack.Resources("aws_cloudwatch_log_group").Values.Select(g => g.Str("name")).ToArray();
            Assert.That(groups, Does.Contain($"/aws/rds/instance/ecolaura-{env.Id()}-data-postgres/postgresql"));
        });
    }

    [TestCaseSource(nameof(AllEnvironments))]
    public void Database_forces_tls_logs_slow_queries_and_uses_iam_auth(EnvironmentName env)
    {
        var stack = Data(env);
        var db = Db(env);
        var group = stack.Single("aws_db_parameter_group");
        var parameters = group.Arr("parameter").ToDictionary(p => p.Str("name")!, p => p.Str("value"));
        Assert.Multiple(() =>
        {
            Assert.That(group.Str("family"), Is.EqualTo("postgres13"));
            Assert.That(parameters["rds.force_ssl"], Is.EqualTo("1"));
            Assert.That(parameters["log_min_duration_statement"], Is.EqualTo("1000"));
            Assert.That(parameters, Does.ContainKey("log_statement"));
            Assert.That(db.Str("parameter_group_name"), Is.EqualTo(stack.Ref("aws_db_parameter_group", "postgres", "name")));
            Assert.That(db.Bool("iam_database_authentication_enabled"), Is.True);
            Assert.That(db.Str("ca_cert_identifier"), Is.AnyOf("rds-ca-rsa2048-g1", "rds-ca-rsa4096-g1", "rds-ca-ecc384-g1"));
        });
    }

    /// <summary>
    /// Engine upgrades (data.postgres.majorVersion, data.redis.engineVersion) apply in place: RDS needs
    /// allow_major_version_upgrade, and the parameter groups are named after their family and created before the old
    /// ones go, which only works when the modification is applied at once (tests/Upgrades plans the real upgrades).
    /// </summary>
    [TestCaseSource(nameof(AllEnvironments))]
    public void Engine_upgrades_apply_in_place_with_the_flags_the_apis_need(EnvironmentName env)
    {
        var stack = Data(env);
        var db = Db(env);
        var redis = Redis(env);
        var dbGroup = stack.Single("aws_db_parameter_group");
        var cacheGroup = stack.Single("aws_elasticache_parameter_group");
        Assert.Multiple(() =>
        {
            Assert.That(db.Bool("allow_major_version_upgrade"), Is.True);
            Assert.That(db.Bool("apply_immediately"), Is.True);
            Assert.That(dbGroup.Str("name"), Is.EqualTo($"ecolaura-{env.Id()}-data-postgres-pg13"));
            Assert.That(dbGroup["lifecycle"].Bool("create_before_destroy"), Is.True);
            Assert.That(redis.Bool("apply_immediately"), Is.True);
            Assert.That(cacheGroup.Str("family"), Is.EqualTo("redis6.x"));
            Assert.That(cacheGroup.Str("name"), Is.EqualTo($"ecolaura-{env.Id()}-redis-redis6"));
            Assert.That(cacheGroup["lifecycle"].Bool("create_before_destroy"), Is.True);
        });
    }

    [TestCaseSource(nameof(AllEnvironments))]
    public void Database_master_password_is_write_only_and_ephemeral(EnvironmentName env)
    {
        var stack = Data(env);
        var db = Db(env);
        var variable = stack.Root["variable"]?["db_master_password"];
        Assert.Multiple(() =>
        {
            Assert.That(db["password"], Is.Null, "no password attribute: it would be stored in state");
            Assert.That(db["manage_master_user_password"], Is.Null, "RDS refuses cross-region replicas of a source with a managed password");
            Assert.That(db.Str("password_wo"), Is.EqualTo("${var.db_master_password}"));
            Assert.That(db.Num("password_wo_version"), Is.EqualTo(1));
            Assert.That(variable.Bool("ephemeral"), Is.True);
            Assert.That(variable.Bool("sensitive"), Is.True);
            Assert.That(variable?["default"], Is.Null);
        });
    }

    [TestCaseSource(nameof(AllEnvironments))]
    public void Database_is_private_protected_and_in_the_data_subnets(EnvironmentName env)
    {
        var stack = Data(env);
        var db = Db(env);
        Assert.Multiple(() =>
        {
            Assert.That(db.Bool("publicly_accessible"), Is.False);
            Assert.That(db.Bool("deletion_protection"), Is.True);
            Assert.That(db["lifecycle"].Bool("prevent_destroy"), Is.True);
            Assert.That(db.Strs("vpc_security_group_ids"), Is.EqualTo(new[] { "${data.terraform_remote_state.network.outputs.database_security_group_id}" }));
            Assert.That(stack.Single("aws_db_subnet_group").Str("subnet_ids"), Is.EqualTo("${data.terraform_remote_state.network.outputs.data_subnet_ids}"));
            Assert.That(db.Bool("auto_minor_version_upgrade"), Is.True);
        });
    }

    [TestCaseSource(nameof(AllEnvironments))]
    public void Connection_secrets_are_encrypted_replicated_to_dr_and_written_write_only(EnvironmentName env)
    {
        var stack = Data(env);
        var secrets = stack.Resources("aws_secretsmanager_secret");
        Assert.That(secrets.Keys.Order(), Is.EqualTo(new[] { "postgres", "redis" }));
        foreach (var (name, secret) in secrets)
        {
            var replica = secret.Block("replica");
            Assert.That(secret.Str("kms_key_id"), Is.EqualTo(stack.Ref("aws_kms_key", "cache", "arn")), name);
            Assert.That(replica.Str("region"), Is.EqualTo("us-west-2"), name);
            Assert.That(replica.Str("kms_key_id"), Is.EqualTo(stack.Ref("aws_kms_key", "dr_secrets", "arn")), name);
        }

        Assert.That(stack.Resource("aws_kms_key", "dr_secrets").Str("provider"), Is.EqualTo("aws.dr"));
        foreach (var version in stack.Resources("aws_secretsmanager_secret_version").Values)
        {
            Assert.That(version["secret_string"], Is.Null);
            Assert.That(version.Str("secret_string_wo"), Does.StartWith("${jsonencode("));
        }
    }

    [Test]
    public void Redis_has_three_nodes_and_automatic_failover()
    {
        var redis = Redis(EnvironmentName.Prod);
        Assert.Multiple(() =>
        {
            Assert.That(redis.Str("engine"), Is.EqualTo("redis"));
            Assert.That(redis.Str("engine_version"), Does.StartWith("6."));
            Assert.That(redis.Str("node_type"), Is.EqualTo("cache.m5.large"));
            Assert.That(redis.Num("num_cache_clusters"), Is.EqualTo(3));
            Assert.That(redis.Bool("automatic_failover_enabled"), Is.True);
            Assert.That(redis.Bool("multi_az_enabled"), Is.True);
        });
    }

    [TestCaseSource(nameof(AllEnvironments))]
    public void Redis_is_encrypted_authenticated_and_snapshotted(EnvironmentName env)
    {
        var stack = Data(env);
        var redis = Redis(env);
        var delivery = redis.Block("log_delivery_configuration");
        var slowLog = stack.Resource("aws_cloudwatch_log_group", "redis_slow_log");
        Assert.Multiple(() =>
        {
            Assert.That(redis.Str("at_rest_encryption_enabled"), Is.EqualTo("true"));
            Assert.That(redis.Str("kms_key_id"), Is.EqualTo(stack.Ref("aws_kms_key", "cache", "arn")));
            Assert.That(redis.Bool("transit_encryption_enabled"), Is.True);
            Assert.That(redis.Str("auth_token"), Is.EqualTo("${var.redis_auth_token}"));
            Assert.That(stack.Root["variable"]?["redis_auth_token"].Bool("sensitive"), Is.True);
            Assert.That(redis.Num("snapshot_retention_limit"), Is.GreaterThanOrEqualTo(env == EnvironmentName.Prod ? 7 : 1));
            Assert.That(redis.Str("final_snapshot_identifier"), Is.Not.Empty);
            Assert.That(redis["lifecycle"].Bool("prevent_destroy"), Is.True);
            Assert.That(delivery.Str("log_type"), Is.EqualTo("slow-log"));
            Assert.That(delivery.Str("destination"), Is.EqualTo(stack.Ref("aws_cloudwatch_log_group", "redis_slow_log", "name")));
            Assert.That(slowLog.Str("kms_key_id"), Is.EqualTo("${data.terraform_remote_state.foundation.outputs.logs_kms_key_arn}"));
            Assert.That(redis.Strs("security_group_ids"), Is.EqualTo(new[] { "${data.terraform_remote_state.network.outputs.cache_security_group_id}" }));
            Assert.That(redis.Str("parameter_group_name"), Is.EqualTo(stack.Ref("aws_elasticache_parameter_group", "redis", "name")));
            Assert.That(redis.Str("subnet_group_name"), Is.EqualTo(stack.Ref("aws_elasticache_subnet_group", "redis", "name")));
        });
    }

    [TestCaseSource(nameof(AllEnvironments))]
    public void One_rotating_cmk_per_data_domain_with_a_scoped_policy(EnvironmentName env)
    {
        var stack = Data(env);
        var keys = stack.Resources("aws_kms_key");
        var dr = DrSizing.HasWorkspace(env.Config()); // the bucket replicas' key in the DR region
        Assert.That(keys.Keys.Order(), Is.EqualTo(new[] { "cache", "dr_secrets", "rds", "s3" }.Concat(dr ? ["s3_dr", "backup", "backup_dr"] : []).Order()));
        var aliases = stack.Resources("aws_kms_alias").Values.Select(a => a.Str("name")).Order();
        Assert.That(aliases, Is.EqualTo(new[] { "cache", "rds", "s3", "secrets-dr" }.Concat(dr ? ["s3-dr", "backup", "backup-dr"] : []).Select(a => $"alias/ecolaura-{env.Id()}-data-{a}").Order()));
        foreach (var (name, key) in keys)
        {
            var statements = StackJson.Document(key["policy"]).Arr("Statement");
            Assert.Multiple(() =>
            {
                Assert.That(key.Bool("enable_key_rotation"), Is.True, name);
                Assert.That(key.Num("deletion_window_in_days"), Is.EqualTo(30), name);
                Assert.That(key["lifecycle"].Bool("prevent_destroy"), Is.True, name);
                Assert.That(statements.Where(s => s?["Principal"] is JsonValue), Is.Empty, $"{name}: bare * principal");
                Assert.That(statements.Skip(1).Select(s => s?["Condition"]), Has.All.Not.Null, $"{name}: use statements are conditional");
            });
        }
    }

    private static readonly string[] BucketRoles = ["static_assets", "app_state", "access_logs"];

    [TestCaseSource(nameof(AllEnvironments))]
    public void Every_bucket_is_versioned_encrypted_private_tls_only_and_protected(EnvironmentName env)
    {
        var stack = Data(env);
        foreach (var role in BucketRoles)
        {
            var bucket = stack.Resource("aws_s3_bucket", role);
            JsonObject For(string type) => stack.Resources(type).Values.Single(r => r.Str("bucket") == stack.Ref("aws_s3_bucket", role));
            var sse = For("aws_s3_bucket_server_side_encryption_configuration").Block("rule");
            var pab = For("aws_s3_bucket_public_access_block");
            var policy = StackJson.Document(For("aws_s3_bucket_policy")["policy"]).Arr("Statement");
            Assert.Multiple(() =>
            {
                Assert.That(bucket.Str("bucket"), Is.EqualTo($"ecolaura-{env.Id()}-{role.Replace('_', '-')}-{DefaultEnvironments.All.Single(e => e.Name == env.Id()).AccountId}-us-east-1"));
                Assert.That(bucket["lifecycle"].Bool("prevent_destroy"), Is.True, role);
                Assert.That(For("aws_s3_bucket_versioning")["versioning_configuration"].Str("status"), Is.EqualTo("Enabled"), role);
                Assert.That(new[] { "block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets" }.Select(f => pab.Bool(f)), Has.All.True, role);
                Assert.That(For("aws_s3_bucket_ownership_controls").Block("rule").Str("object_ownership"), Is.EqualTo("BucketOwnerEnforced"), role);
                Assert.That(policy.Single(s => s.Str("Sid") == "DenyInsecureTransport")?["Condition"]?["Bool"].Str("aws:SecureTransport"), Is.EqualTo("false"), role);
                Assert.That(policy.Where(s => s.Str("Effect") == "Allow" && s?["Principal"] is JsonValue), Is.Empty, $"{role}: Allow to Principal *");
                if (role == "access_logs")
                {
                    Assert.That(sse.Block("apply_server_side_encryption_by_default").Str("sse_algorithm"), Is.EqualTo("AES256"), "log delivery needs SSE-S3");
                }
                else
                {
                    Assert.That(sse.Block("apply_server_side_encryption_by_default").Str("sse_algorithm"), Is.EqualTo("aws:kms"), role);
                    Assert.That(sse.Block("apply_server_side_encryption_by_default").Str("kms_master_key_id"), Is.EqualTo(stack.Ref("aws_kms_key", "s3", "arn")), role);
                    Assert.That(sse.Bool("bucket_key_enabled"), Is.True, role);
                    Assert.That(For("aws_s3_bucket_logging").Str("target_bucket"), Is.EqualTo(stack.Ref("aws_s3_bucket", "access_logs", "bucket")), role);
                }
            });
        }
    }

    [TestCaseSource(nameof(AllEnvironments))]
    public void Every_bucket_moves_to_intelligent_tiering_and_cleans_up(EnvironmentName env)
    {
        var stack = Data(env);
        foreach (var role in BucketRoles)
        {
            var rule = stack.Resources("aws_s3_bucket_lifecycle_configuration").Values
                .Single(r => r.Str("bucket") == stack.Ref("aws_s3_bucket", role)).Block("rule");
            Assert.Multiple(() =>
            {
                Assert.That(rule.Block("transition").Str("storage_class"), Is.EqualTo("INTELLIGENT_TIERING"), role);
                Assert.That(rule.Block("noncurrent_version_expiration").Num("noncurrent_days"), Is.EqualTo(90), role);
                Assert.That(rule.Block("abort_incomplete_multipart_upload").Num("days_after_initiation"), Is.EqualTo(7), role);
            });
        }

        var tiers = stack.Resource("aws_s3_bucket_intelligent_tiering_configuration", "access_logs_archive_tiers");
        Assert.That(stack.Resources("aws_s3_bucket_intelligent_tiering_configuration").Values.Select(t => t.Str("bucket")),
            Is.EquivalentTo(new[] { stack.Ref("aws_s3_bucket", "access_logs") }.Concat(DrSizing.HasWorkspace(env.Config()) ? [stack.Ref("aws_s3_bucket", "access_logs_dr")] : [])),
            "only logs (and their DR-region twin) opt into archive tiers");
        Assert.That(tiers.Arr("tiering").Select(t => (t.Str("access_tier"), t.Num("days"))),
            Is.EquivalentTo(new[] { ("ARCHIVE_ACCESS", (double?)90), ("DEEP_ARCHIVE_ACCESS", (double?)180) }));
    }

    [Test]
    public void Static_assets_admit_only_cloudfront_of_this_account()
    {
        var stack = Data(EnvironmentName.Prod);
        var policy = StackJson.Document(stack.Resources("aws_s3_bucket_policy").Values
            .Single(p => p.Str("bucket") == stack.Ref("aws_s3_bucket", "static_assets"))["policy"]);
        var allow = policy.Arr("Statement").Single(s => s.Str("Effect") == "Allow");
        Assert.That(allow?["Principal"].Str("Service"), Is.EqualTo("cloudfront.amazonaws.com"));
        Assert.That(allow.Str("Action"), Is.EqualTo("s3:GetObject"));
        Assert.That(allow?["Condition"]?["StringLike"].Str("AWS:SourceArn"), Is.EqualTo("arn:aws:cloudfront::333333333333:distribution/*"));
    }

    [TestCaseSource(nameof(AllEnvironments))]
    public void Alarms_cover_the_database_and_every_cache_node(EnvironmentName env)
    {
        var stack = Data(env);
        var alarms = stack.Resources("aws_cloudwatch_metric_alarm").Values.ToArray();
        var nodes = DefaultEnvironments.All.Single(e => e.Name == env.Id()).Data.Redis.Nodes;
        string Topic(string severity) => $"${{data.terraform_remote_state.foundation.outputs.{severity}_alerts_topic_arn}}";
        (string?, string?) Of(JsonObject a) => (a.Str("metric_name"), a.Strs("alarm_actions").Single());

        Assert.Multiple(() =>
        {
            Assert.That(alarms.Select(Of), Is.SupersetOf(new[]
            {
                ("CPUUtilization", Topic("critical")), ("FreeStorageSpace", Topic("critical")),
                ("FreeableMemory", Topic("noncritical")), ("DatabaseConnections", Topic("noncritical")),
            }));
            Assert.That(alarms.Count(a => a.Str("metric_name") == "EngineCPUUtilization"), Is.EqualTo(nodes));
            Assert.That(alarms.Count(a => a.Str("metric_name") == "DatabaseMemoryUsagePercentage"), Is.EqualTo(nodes));
            Assert.That(alarms.Count(a => a.Str("metric_name") == "Evictions"), Is.EqualTo(nodes));
            Assert.That(alarms.Count(a => a.Str("metric_name") == "ReplicationLag"), Is.EqualTo(nodes - 1));
            Assert.That(alarms.Select(a => a.Bool("actions_enabled")), Has.All.True);
            Assert.That(alarms.Select(a => a.Strs("ok_actions").Count), Has.All.EqualTo(1));
        });
    }

    [TestCaseSource(nameof(AllEnvironments))]
    public void No_literal_secret_appears_in_the_json(EnvironmentName env)
    {
        var secretKeys = new[] { "password", "auth_token", "secret_key", "access_key", "private_key", "token", "password_wo", "secret_string_wo", "secret_string" };
        var literals = new List<string>();
        void Walk(JsonNode? node, string path)
        {
            switch (node)
            {
                case JsonObject obj:
                    foreach (var (key, child) in obj)
                    {
                        if (secretKeys.Contains(key) && child is JsonValue v && v.TryGetValue<string>(out var text) && !text.StartsWith("${", StringComparison.Ordinal))
                        {
                            literals.Add($"{path}.{key}");
                        }

                        Walk(child, $"{path}.{key}");
                    }

                    break;
                case JsonArray array:
                    for (var i = 0; i < array.Count; i++)
                    {
                        Walk(array[i], $"{path}[{i}]");
                    }

                    break;
            }
        }

        Walk(Data(env).Root, Data(env).Id);
        Assert.That(literals, Is.Empty);
        Assert.That(Data(env).Root.ToJsonString(), Does.Not.Contain(OfflineWorkspace.TestInputs["db_master_password"]));
    }

    [Test]
    public void Dev_is_small_and_single_az()
    {
        var db = Db(EnvironmentName.Dev);
        var redis = Redis(EnvironmentName.Dev);
        Assert.That(db.Bool("multi_az"), Is.False);
        Assert.That(db.Str("instance_class"), Is.EqualTo("db.t4g.medium"));
        Assert.That(redis.Num("num_cache_clusters"), Is.EqualTo(1));
        Assert.That(redis.Bool("automatic_failover_enabled"), Is.False);
    }

    [Test]
    public void Data_reads_network_and_foundation()
    {
        var dependencies = Synthesized.Manifest["stacks"]!["prod-data"].Strs("dependencies");
        Assert.That(dependencies, Is.EquivalentTo(new[] { "prod-foundation", "prod-network" }));
    }
}
