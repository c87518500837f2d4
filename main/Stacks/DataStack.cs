using Constructs;
using HashiCorp.Cdktf;

namespace Ecolaura.Tf.App.Stacks;

/// <summary>Producers the data workspace reads.</summary>
public sealed record DataStackProps
{
    /// <summary>Foundation (logs key, alert topics).</summary>
    public required FoundationStack Foundation { get; init; }

    /// <summary>Network (data subnets, database and cache security groups).</summary>
    public required NetworkStack Network { get; init; }
}

/// <summary>Workspace <c>data</c>: KMS keys per data domain, RDS PostgreSQL, ElastiCache Redis, S3 buckets and their alarms.</summary>
public sealed class DataStack : EcolauraStack
{
    /// <summary>Composes the workspace and publishes <see cref="DataOutputs"/>.</summary>
    public DataStack(Construct scope, EnvironmentConfig environment, DataStackProps props)
        : base(scope, environment, Workspace.Data)
    {
        var foundation = FoundationOutputs.FromRemoteState(this, props.Foundation);
        var network = NetworkOutputs.FromRemoteState(this, props.Network);
        var config = environment.Data;
        var account = environment.AccountId;
        var region = environment.Region;

        var rdsKey = Key("rds_key", "rds", "RDS storage and Performance Insights", ViaService(account, $"rds.{region}.amazonaws.com"));
        var s3Key = Key("s3_key", "s3", "Data buckets (static assets, application state)", new PolicyStatement
        {
            Sid = "AllowCloudFrontOriginAccessControl",
            Services = ["cloudfront.amazonaws.com"],
            Actions = ["kms:Decrypt"],
            Resources = ["*"],
            Conditions = PolicyStatement.When("StringLike", "AWS:SourceArn", $"arn:aws:cloudfront::{account}:distribution/*"),
        });
        var cacheKey = Key("cache_key", "cache", "ElastiCache at rest and Secrets Manager secrets",
            ViaService(account, $"elasticache.{region}.amazonaws.com", $"secretsmanager.{region}.amazonaws.com"));
        var drSecretsKey = new CustomerManagedKey(this, "dr_secrets_key", new CustomerManagedKeyProps
        {
            Alias = Names.Of(Workspace.Data, "secrets-dr"),
            Description = $"Replicas of {environment.Name} secrets in {environment.Dr.Region}",
            AccountId = account,
            Statements = [ViaService(account, $"secretsmanager.{environment.Dr.Region}.amazonaws.com")],
            Provider = DrProvider,
        });

        var logs = new SecureBucket(this, "access_logs", new SecureBucketProps
        {
            BucketName = Names.Bucket("access-logs"),
            // S3 server access logging and ALB access logs can only be delivered to SSE-S3 buckets.
            Encryption = BucketEncryption.S3Managed("S3 server access logs and ALB access logs require SSE-S3 destinations"),
            IntelligentTieringAfterDays = config.Buckets.IntelligentTieringAfterDays,
            ArchiveTiers = new ArchiveTiers(config.Buckets.LogArchiveAccessDays, config.Buckets.LogDeepArchiveAccessDays),
            ExpireAfterDays = config.Buckets.AccessLogExpiryDays,
            NoncurrentVersionExpiryDays = config.Buckets.NoncurrentVersionExpiryDays,
            PreventDestroy = true,
            PolicyStatements =
            [
                arn => AccessLogDelivery.S3ServerAccessLogs(account, arn, "s3"),
                // The edge workspace's ALB access logs and CloudFront standard logs (v2) land here too.
                arn => AccessLogDelivery.Alb(region, account, arn),
                arn => AccessLogDelivery.CloudFrontWrite(account, arn),
                arn => AccessLogDelivery.CloudFrontAclCheck(account, arn),
            ],
        });
        var assets = new SecureBucket(this, "static_assets", new SecureBucketProps
        {
            BucketName = Names.Bucket("static-assets"),
            Encryption = BucketEncryption.Kms(s3Key.KeyArn),
            AccessLogs = new BucketLogTarget(logs.BucketName, "s3/static-assets/"),
            IntelligentTieringAfterDays = config.Buckets.IntelligentTieringAfterDays,
            NoncurrentVersionExpiryDays = config.Buckets.NoncurrentVersionExpiryDays,
            PreventDestroy = true,
            PolicyStatements =
            [
                arn => new PolicyStatement
                {
                    Sid = "AllowCloudFrontOriginAccessControl",
                    Services = ["cloudfront.amazonaws.com"],
                    Actions = ["s3:GetObject"],
                    Resources = [$"{arn}/*"],
                    Conditions = PolicyStatement.When("StringLike", "AWS:SourceArn", $"arn:aws:cloudfront::{account}:distribution/*"),
                },
            ],
        });
        var appState = new SecureBucket(this, "app_state", new SecureBucketProps
        {
            BucketName = Names.Bucket("app-state"),
            Encryption = BucketEncryption.Kms(s3Key.KeyArn),
            AccessLogs = new BucketLogTarget(logs.BucketName, "s3/app-state/"),
            IntelligentTieringAfterDays = config.Buckets.IntelligentTieringAfterDays,
            NoncurrentVersionExpiryDays = config.Buckets.NoncurrentVersionExpiryDays,
            PreventDestroy = true,
        });

        var replicas = DrSizing.HasWorkspace(environment) ? ReplicateBuckets(environment, assets, appState, s3Key.KeyArn) : null;

        var dbPassword = SensitiveInput(
            "db_master_password",
            "PostgreSQL master password, write-only (never in plan or state): set TF_VAR_db_master_password for plan and apply; bump data.postgres.passwordVersion to rotate",
            "^[A-Za-z0-9!#$%^&*()_+=.,:;?~-]{16,128}$",
            "db_master_password must be 16–128 characters of letters, digits and !#$%^&*()_+=.,:;?~- (no /, @, \", or spaces).",
            ephemeral: true);
        var postgres = new PostgresDatabase(this, "postgres", new PostgresDatabaseProps
        {
            Identifier = Names.Of(Workspace.Data, "postgres"),
            Config = config.Postgres,
            SubnetIds = network.DataSubnetIds,
            SecurityGroupId = network.DatabaseSecurityGroupId,
            KmsKeyArn = rdsKey.KeyArn,
            LogsKmsKeyArn = foundation.LogsKmsKeyArn,
            MasterPassword = dbPassword,
            AccountId = account,
        });
        var postgresSecret = new ApplicationSecret(this, "postgres_secret", new ApplicationSecretProps
        {
            Name = $"{Naming.Project}/{environment.Name}/postgres",
            Description = "PostgreSQL master credentials and connection details (JSON)",
            KmsKeyArn = cacheKey.KeyArn,
            DrRegion = environment.Dr.Region,
            DrKmsKeyArn = drSecretsKey.KeyArn,
            ValueExpression = Fn.Jsonencode(new Dictionary<string, object>
            {
                ["engine"] = "postgres",
                ["host"] = postgres.Address,
                ["port"] = ServicePorts.Postgres,
                ["dbname"] = PostgresDatabase.DatabaseName,
                ["username"] = PostgresDatabase.MasterUsername,
                ["password"] = dbPassword,
            }),
            ValueVersion = config.Postgres.PasswordVersion,
        });

        var redisToken = SensitiveInput(
            "redis_auth_token",
            "Redis AUTH token: set TF_VAR_redis_auth_token at apply time; bump data.redis.authTokenVersion to rotate",
            "^[A-Za-z0-9!&#$^<>-]{16,128}$",
            "redis_auth_token must be 16–128 characters of letters, digits and !&#$^<>-.");
        var redisId = $"{Naming.Project}-{environment.Name}-redis";
        var redis = new RedisCache(this, "redis", new RedisCacheProps
        {
            ReplicationGroupId = redisId,
            Config = config.Redis,
            SubnetIds = network.DataSubnetIds,
            SecurityGroupId = network.CacheSecurityGroupId,
            KmsKeyArn = cacheKey.KeyArn,
            LogsKmsKeyArn = foundation.LogsKmsKeyArn,
            AuthToken = redisToken,
        });
        var redisSecret = new ApplicationSecret(this, "redis_secret", new ApplicationSecretProps
        {
            Name = $"{Naming.Project}/{environment.Name}/redis",
            Description = "Redis AUTH token and endpoints (JSON)",
            KmsKeyArn = cacheKey.KeyArn,
            DrRegion = environment.Dr.Region,
            DrKmsKeyArn = drSecretsKey.KeyArn,
            ValueExpression = Fn.Jsonencode(new Dictionary<string, object>
            {
                ["primary_endpoint"] = redis.PrimaryEndpoint,
                ["reader_endpoint"] = redis.ReaderEndpoint,
                ["port"] = ServicePorts.Redis,
                ["auth_token"] = redisToken,
            }),
            ValueVersion = config.Redis.AuthTokenVersion,
        });

        _ = new DataAlarms(this, "alarms", new DataAlarmsProps
        {
            Name = Names.Of(Workspace.Data, "alarm"),
            DatabaseIdentifier = postgres.InstanceIdentifier,
            AllocatedStorageGb = config.Postgres.AllocatedStorageGb,
            CacheNodeIds = redis.NodeIds,
            CriticalTopicArn = foundation.CriticalAlertsTopicArn,
            NonCriticalTopicArn = foundation.NonCriticalAlertsTopicArn,
        });

        // AWS Backup with a copy into a locked DR-region vault. Both vaults live here (the DR one through the aws.dr
        // provider), like the bucket replicas: the copy action needs the DR vault's ARN, and the dr workspace reads this
        // one, so a DR vault in the dr workspace would make the graph cyclic. Nothing about it needs a plan during an outage.
        _ = replicas is null ? null : new CrossRegionBackup(this, "backup", new CrossRegionBackupProps
        {
            Name = Names.Of(Workspace.Data, "backup"),
            Config = environment.Dr.Backup,
            ResourceArns = [postgres.Arn, appState.BucketArn],
            KmsKeyArn = Key("backup_key", "backup", "AWS Backup vault", ViaService(account, $"backup.{region}.amazonaws.com")).KeyArn,
            DrKmsKeyArn = new CustomerManagedKey(this, "backup_dr_key", new CustomerManagedKeyProps
            {
                Alias = Names.Of(Workspace.Data, "backup-dr"),
                Description = $"AWS Backup vault of {environment.Name} in {environment.Dr.Region}",
                AccountId = account,
                Statements = [ViaService(account, $"backup.{environment.Dr.Region}.amazonaws.com")],
                Provider = DrProvider,
            }).KeyArn,
            DrProvider = DrProvider,
        });

        Outputs = new DataOutputs
        {
            PostgresAddress = postgres.Address,
            PostgresPort = ServicePorts.Postgres.ToString(System.Globalization.CultureInfo.InvariantCulture),
            PostgresArn = postgres.Arn,
            PostgresSecretArn = postgresSecret.SecretArn,
            RedisPrimaryEndpoint = redis.PrimaryEndpoint,
            RedisReaderEndpoint = redis.ReaderEndpoint,
            RedisPort = ServicePorts.Redis.ToString(System.Globalization.CultureInfo.InvariantCulture),
            RedisSecretArn = redisSecret.SecretArn,
            StaticAssetsBucketName = assets.BucketName,
            StaticAssetsBucketArn = assets.BucketArn,
            StaticAssetsBucketDomainName = assets.RegionalDomainName,
            AppStateBucketName = appState.BucketName,
            AppStateBucketArn = appState.BucketArn,
            AccessLogsBucketName = logs.BucketName,
            AccessLogsBucketArn = logs.BucketArn,
            DrAccessLogsBucketName = replicas?.Logs.BucketName,
            DrStaticAssetsBucketDomainName = replicas?.StaticAssets.RegionalDomainName,
            DrAppStateBucketArn = replicas?.AppState.BucketArn,
            RdsKmsKeyArn = rdsKey.KeyArn,
            S3KmsKeyArn = s3Key.KeyArn,
            CacheKmsKeyArn = cacheKey.KeyArn,
            DatabaseSecurityGroupId = network.DatabaseSecurityGroupId,
            CacheSecurityGroupId = network.CacheSecurityGroupId,
        };
        Outputs.Publish(this);

        CustomerManagedKey Key(string id, string alias, string description, PolicyStatement statement) =>
            new(this, id, new CustomerManagedKeyProps
            {
                Alias = Names.Of(Workspace.Data, alias),
                Description = $"{description} of {environment.Name}",
                AccountId = account,
                Statements = [statement],
            });
    }

    /// <summary>What this workspace publishes.</summary>
    public DataOutputs Outputs { get; }

    /// <summary>The DR-region replicas of the data buckets and their access-log bucket.</summary>
    private sealed record Replicas(SecureBucket Logs, SecureBucket StaticAssets, SecureBucket AppState);

    /// <summary>
    /// The static-assets and application-state buckets replicated into versioned, KMS-encrypted buckets of the DR region
    /// (<see cref="CrossRegionReplication"/>). They live here, not in the dr workspace: a replication rule belongs to its
    /// source bucket and S3 refuses it until the destination exists, and nothing about a replica needs a plan during a
    /// primary-region outage (the replicas are already there, and the dr workspace never reads them from state).
    /// </summary>
    private Replicas ReplicateBuckets(EnvironmentConfig environment, SecureBucket assets, SecureBucket appState, string s3KeyArn)
    {
        var account = environment.AccountId;
        var drRegion = environment.Dr.Region;
        var buckets = environment.Data.Buckets;
        var key = new CustomerManagedKey(this, "s3_dr_key", new CustomerManagedKeyProps
        {
            Alias = Names.Of(Workspace.Data, "s3-dr"),
            Description = $"Replicas of the data buckets of {environment.Name} in {drRegion}",
            AccountId = account,
            Statements =
            [
                new PolicyStatement
                {
                    Sid = "AllowCloudFrontOriginAccessControl",
                    Services = ["cloudfront.amazonaws.com"],
                    Actions = ["kms:Decrypt"],
                    Resources = ["*"],
                    Conditions = PolicyStatement.When("StringLike", "AWS:SourceArn", $"arn:aws:cloudfront::{account}:distribution/*"),
                },
            ],
            Provider = DrProvider,
        });
        var logs = new SecureBucket(this, "access_logs_dr", new SecureBucketProps
        {
            BucketName = Names.DrBucket("access-logs"),
            Encryption = BucketEncryption.S3Managed("S3 server access logs and ALB access logs require SSE-S3 destinations"),
            IntelligentTieringAfterDays = buckets.IntelligentTieringAfterDays,
            ArchiveTiers = new ArchiveTiers(buckets.LogArchiveAccessDays, buckets.LogDeepArchiveAccessDays),
            ExpireAfterDays = buckets.AccessLogExpiryDays,
            NoncurrentVersionExpiryDays = buckets.NoncurrentVersionExpiryDays,
            PreventDestroy = true,
            Provider = DrProvider,
            PolicyStatements =
            [
                arn => AccessLogDelivery.S3ServerAccessLogs(account, arn, "s3"),
                // The dr workspace's load balancer logs here.
                arn => AccessLogDelivery.Alb(drRegion, account, arn),
            ],
        });
        SecureBucket Replica(string id, string role, IReadOnlyList<Func<string, PolicyStatement>> statements) => new(this, id, new SecureBucketProps
        {
            BucketName = Names.DrBucket(role),
            Encryption = BucketEncryption.Kms(key.KeyArn),
            AccessLogs = new BucketLogTarget(logs.BucketName, $"s3/{role}/"),
            IntelligentTieringAfterDays = buckets.IntelligentTieringAfterDays,
            NoncurrentVersionExpiryDays = buckets.NoncurrentVersionExpiryDays,
            PreventDestroy = true,
            Provider = DrProvider,
            PolicyStatements = statements,
        });
        var assetsReplica = Replica("static_assets_dr", "static-assets",
        [
            arn => new PolicyStatement
            {
                Sid = "AllowCloudFrontOriginAccessControl",
                Services = ["cloudfront.amazonaws.com"],
                Actions = ["s3:GetObject"],
                Resources = [$"{arn}/*"],
                Conditions = PolicyStatement.When("StringLike", "AWS:SourceArn", $"arn:aws:cloudfront::{account}:distribution/*"),
            },
        ]);
        var appStateReplica = Replica("app_state_dr", "app-state", []);
        _ = new CrossRegionReplication(this, "replication", new CrossRegionReplicationProps
        {
            RoleName = Names.Of(Workspace.Data, "s3-replication"),
            ReplicaKmsKeyArn = key.KeyArn,
            Buckets =
            [
                new ReplicatedBucket("static_assets", assets, s3KeyArn, assetsReplica),
                new ReplicatedBucket("app_state", appState, s3KeyArn, appStateReplica),
            ],
        });
        return new Replicas(logs, assetsReplica, appStateReplica);
    }

    /// <summary>Lets the account's principals use a key only through the named services.</summary>
    internal static PolicyStatement ViaService(string account, params string[] services) => new()
    {
        Sid = "AllowUseThroughService",
        AwsPrincipals = [$"arn:aws:iam::{account}:root"],
        Actions = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:CreateGrant", "kms:DescribeKey"],
        Resources = ["*"],
        Conditions = new Dictionary<string, IReadOnlyDictionary<string, IReadOnlyList<string>>>
        {
            ["StringEquals"] = new Dictionary<string, IReadOnlyList<string>> { ["kms:ViaService"] = services, ["kms:CallerAccount"] = [account] },
        },
    };
}
