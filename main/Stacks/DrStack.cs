using Constructs;
using HashiCorp.Cdktf.Providers.Aws.DbInstanceAutomatedBackupsReplication;

namespace Ecolaura.Tf.App.Stacks;

/// <summary>Producers the dr workspace reads.</summary>
public sealed record DrStackProps
{
    /// <summary>Data (the primary database's ARN, the replica's source).</summary>
    public required DataStack Data { get; init; }
}

/// <summary>
/// Workspace <c>dr</c>, in the environment's DR region (<c>dr.region</c>): the standby the environment fails over to,
/// composed of the constructs the primary region uses (VPC, NACLs, flow logs, security-group graph, EKS cluster, node
/// groups, add-ons, origin load balancer and its WAF) so the regions cannot drift apart, plus the encrypted
/// cross-region read replica of PostgreSQL with its automated backups replicated here, and a cold Redis when the region
/// serves. What stands depends on
/// <see cref="DrConfig.Mode"/> (<see cref="DrSizing"/>): pilot has no node groups and no load balancer, warm runs
/// them at <see cref="DrConfig.WarmNodeScaling"/>, active promotes the replica and runs the primary's scaling.
/// </summary>
/// <remarks>
/// Every resource is in the DR region or global (IAM): nothing here needs the primary region to plan or apply.
/// Applied after data (it reads the primary database's ARN).
/// </remarks>
public sealed class DrStack : EcolauraStack
{
    /// <summary>The apply-time input holding the origin header's value (the same secret as the edge workspace's).</summary>
    public const string OriginSecretInput = EdgeStack.OriginSecretInput;

    /// <summary>Composes the workspace in <paramref name="environment"/>'s DR region.</summary>
    /// <exception cref="InvalidOperationException">The environment's <c>dr.mode</c> is none (no dr workspace), or its network was not validated.</exception>
    public DrStack(Construct scope, EnvironmentConfig environment, DrStackProps props)
        : base(scope, environment, Workspace.Dr, region: environment.Dr.Region)
    {
        var mode = environment.Dr.Mode;
        if (!DrSizing.HasWorkspace(environment))
        {
            throw new InvalidOperationException($"{environment.Name}: dr.mode is none, so there is no dr workspace");
        }

        var data = DataOutputs.FromRemoteState(this, props.Data);
        var account = environment.AccountId;
        var region = Region;
        var networkConfig = DrSizing.Network(environment);
        var plan = SubnetPlan.TryCreate(networkConfig, "dr", new List<ValidationProblem>())
            ?? throw new InvalidOperationException("dr config was not validated before synth");
        CustomerManagedKey Key(string id, string role, string description, params PolicyStatement[] statements) =>
            new(this, id, new CustomerManagedKeyProps
            {
                Alias = Names.Of(Workspace.Dr, role),
                Description = $"{description} of {environment.Name} in {region}",
                AccountId = account,
                Statements = statements,
            });

        // KMS keys and SNS topics are regional: the DR region has its own.
        var logsKey = Key("logs_key", "logs", "CloudWatch log groups", LogGroupEncryption.KeyStatement(region, account));
        var pagerDuty = SensitiveInput(
            "pagerduty_integration_url",
            "PagerDuty CloudWatch integration URL (embeds the integration key): set TF_VAR_pagerduty_integration_url at apply time",
            "^https://events\\.pagerduty\\.com/integration/[A-Za-z0-9]+/enqueue$",
            "pagerduty_integration_url must look like https://events.pagerduty.com/integration/<key>/enqueue.");
        var alerts = new AlertTopics(this, "alerts", new AlertTopicsProps
        {
            Names = Names,
            PagerDutyEndpoint = pagerDuty,
            ChatbotProvider = Provider,
            Slack = false,
            NameSuffix = $"-{region}",
        });

        // Network: the primary's settings with the DR range and zones (DrSizing.Network).
        var (vpc, groups, _) = NetworkBuilder.Build(this, new NetworkBuilderProps
        {
            Names = Names,
            Workspace = Workspace.Dr,
            Config = networkConfig,
            Plan = plan,
            ClusterName = Names.DrClusterName,
            Region = region,
            AccountId = account,
            LogsKmsKeyArn = logsKey.KeyArn,
            NonCriticalTopicArn = alerts.NonCriticalTopicArn,
            AlarmsId = "nat_alarms",
        });

        var (wiring, clusterKeys) = ComposeCluster(environment, mode, vpc, groups, logsKey.KeyArn);
        var cluster = wiring.Cluster;

        // Images: the primary registry replicates every push here (compute's ecr_replication); the repositories ECR creates
        // on first replication get the primary's settings and this region's key. In every mode, so the images are here
        // before the day the DR cluster needs them.
        var imagesKey = Key("images_key", "images", "ECR images replicated from the primary region");
        _ = new ReplicatedRepositoryTemplate(this, "ecr_template", new ReplicatedRepositoryTemplateProps
        {
            RoleName = Names.Of(Workspace.Dr, "ecr-replication"),
            RepositoryPrefix = Names.RepositoryPrefix,
            KmsKeyArn = imagesKey.KeyArn,
            AccountId = account,
            Region = region,
        });

        // Cache decision: a cold Redis in the DR region, not an ElastiCache Global Datastore secondary. Redis holds
        // sessions and cache only (docs/dr-runbook.md): after a failover users sign in again and the cache refills, which
        // the RTO allows, while a Global Datastore would double the cache cost in every mode and add a second promotion
        // to the runbook. It stands in warm and active (the DR region serves), with the primary's settings.
        RedisCache? redis = null;
        if (DrSizing.Serves(mode))
        {
            var cacheKey = Key("cache_key", "cache", "ElastiCache at rest", DataStack.ViaService(account, $"elasticache.{region}.amazonaws.com"));
            var redisToken = SensitiveInput(
                "redis_auth_token",
                "Redis AUTH token of the DR cache: the primary's (secret ecolaura/<env>/redis, replicated to the DR region); set TF_VAR_redis_auth_token at apply time",
                "^[A-Za-z0-9!&#$^<>-]{16,128}$",
                "redis_auth_token must be 16–128 characters of letters, digits and !&#$^<>-.");
            redis = new RedisCache(this, "redis", new RedisCacheProps
            {
                ReplicationGroupId = $"{Naming.Project}-{environment.Name}-dr-redis",
                Config = environment.Data.Redis,
                SubnetIds = vpc.DataSubnetIds,
                SecurityGroupId = groups.CacheId,
                KmsKeyArn = cacheKey.KeyArn,
                LogsKmsKeyArn = logsKey.KeyArn,
                AuthToken = redisToken,
            });
        }

        string? postgresAddress = null;
        if (environment.Dr.Database.Replica)
        {
            var rdsKey = Key("rds_key", "rds", "RDS replica storage, Performance Insights and replicated backups",
                DataStack.ViaService(account, $"rds.{region}.amazonaws.com"));
            var replica = new PostgresDatabase(this, "postgres", new PostgresDatabaseProps
            {
                Identifier = Names.Of(Workspace.Dr, "postgres"),
                Config = environment.Data.Postgres with
                {
                    InstanceClass = DrSizing.ReplicaInstanceClass(environment),
                    MajorVersion = DrSizing.ReplicaMajorVersion(environment),
                },
                SubnetIds = vpc.DataSubnetIds,
                SecurityGroupId = groups.DatabaseId,
                KmsKeyArn = rdsKey.KeyArn,
                LogsKmsKeyArn = logsKey.KeyArn,
                AccountId = account,
                // Active mode removes replicate_source_db: the provider promotes the replica in place (see PostgresReplication),
                // then sets the write-only password (the primary's, from the secret's DR-region replica) so it can be rotated.
                Replication = new PostgresReplication(mode == DrMode.Active ? null : data.PostgresArn),
                MasterPassword = mode == DrMode.Active ? SensitiveInput(
                    "db_master_password",
                    "PostgreSQL master password of the promoted DR database, write-only (never in plan or state): the primary's (secret ecolaura/<env>/postgres, replicated to the DR region); set TF_VAR_db_master_password for plan and apply",
                    "^[A-Za-z0-9!#$%^&*()_+=.,:;?~-]{16,128}$",
                    "db_master_password must be 16–128 characters of letters, digits and !#$%^&*()_+=.,:;?~- (no /, @, \", or spaces).",
                    ephemeral: true) : null,
            });

            postgresAddress = replica.Address;

            // The primary's automated backups (snapshots and transaction logs, for point-in-time restore) copied into
            // this region: created in the destination region, so it lives here and survives the primary region's loss.
            _ = new DbInstanceAutomatedBackupsReplication(this, "postgres_backups", new DbInstanceAutomatedBackupsReplicationConfig
            {
                SourceDbInstanceArn = data.PostgresArn,
                KmsKeyId = rdsKey.KeyArn,
                RetentionPeriod = environment.Data.Postgres.BackupRetentionDays,
            });

            _ = new DataAlarms(this, "db_alarms", new DataAlarmsProps
            {
                Name = Names.Of(Workspace.Dr, "alarm"),
                DatabaseIdentifier = replica.InstanceIdentifier,
                AllocatedStorageGb = environment.Data.Postgres.AllocatedStorageGb,
                CacheNodeIds = redis?.NodeIds ?? [],
                CriticalTopicArn = alerts.CriticalTopicArn,
                NonCriticalTopicArn = alerts.NonCriticalTopicArn,
            });
        }

        var alb = DrSizing.Serves(mode) ? ComposeOrigin(environment, data, vpc, groups, logsKey.KeyArn, alerts) : null;

        Outputs = new DrOutputs
        {
            VpcId = vpc.VpcId,
            ClusterName = cluster.ClusterName,
            PostgresAddress = postgresAddress,
            AlbDnsName = alb?.DnsName,
            AlbZoneId = alb?.ZoneId,
            ClusterEndpoint = cluster.ClusterEndpoint,
            ClusterCertificateAuthorityData = cluster.CertificateAuthorityData,
            OidcIssuerUrl = cluster.OidcIssuerUrl,
            OidcProviderArn = cluster.OidcProviderArn,
            ClusterAutoscalerRoleArn = wiring.AutoscalerRole.RoleArn,
            LoadBalancerControllerRoleArn = wiring.LoadBalancerControllerRole.RoleArn,
            EbsKmsKeyArn = clusterKeys.Volumes.KeyArn,
            FrontendRepositoryUrl = Names.DrRepositoryUrl("frontend"),
            BackendRepositoryUrl = Names.DrRepositoryUrl("backend"),
            MicroservicesRepositoryUrl = Names.DrRepositoryUrl("microservices"),
            FrontendBlueTargetGroupArn = alb?.TargetGroups[(EdgeApp.Frontend, DeploymentColor.Blue)].Arn,
            FrontendGreenTargetGroupArn = alb?.TargetGroups[(EdgeApp.Frontend, DeploymentColor.Green)].Arn,
            BackendBlueTargetGroupArn = alb?.TargetGroups[(EdgeApp.Backend, DeploymentColor.Blue)].Arn,
            BackendGreenTargetGroupArn = alb?.TargetGroups[(EdgeApp.Backend, DeploymentColor.Green)].Arn,
        };
        Outputs.Publish(this);
    }

    /// <summary>What this workspace publishes.</summary>
    public DrOutputs Outputs { get; }

    /// <summary>The EKS cluster, its CMKs, add-ons and IRSA roles (<see cref="ClusterBuilder"/>, as in compute); node groups (and the add-ons that need nodes) only when the region serves.</summary>
    private (ClusterWiring Wiring, ClusterKeys Keys) ComposeCluster(EnvironmentConfig environment, DrMode mode, VpcNetwork vpc, SecurityGroupGraph groups, string logsKeyArn)
    {
        var builder = new ClusterBuilder(this, new ClusterBuilderProps
        {
            Names = Names,
            Workspace = Workspace.Dr,
            ClusterName = Names.DrClusterName,
            Config = environment.Compute,
            NodeGroups = DrSizing.NodeGroups(environment, mode),
            AccountId = environment.AccountId,
            Region = Region,
            VpcId = vpc.VpcId,
            AppSubnetIds = vpc.AppSubnetIds,
            ControlPlaneSecurityGroupId = groups.ControlPlaneId,
            NodesSecurityGroupId = groups.NodesId,
            LogsKmsKeyArn = logsKeyArn,
            InstanceTags = DefaultTags,
        });
        var keys = builder.Keys();
        return (builder.Build(keys), keys);
    }

    /// <summary>The DR origin: its certificate, the load balancer with blue/green target groups, its WAF, logs and alarms.</summary>
    private OriginLoadBalancer ComposeOrigin(EnvironmentConfig environment, DataOutputs data, VpcNetwork vpc, SecurityGroupGraph groups, string logsKeyArn, AlertTopics alerts)
    {
        var config = environment.Edge;
        var account = environment.AccountId;
        var name = Names.Of(Workspace.Dr, "").TrimEnd('-'); // ecolaura-<env>-dr
        var originName = EdgeConfigValidator.OriginDomainName(config);
        var originSecret = SensitiveInput(
            OriginSecretInput,
            $"Value of the {config.OriginVerifyHeaderName} header CloudFront adds to origin requests and the ALB requires: the edge workspace's value (set TF_VAR_{OriginSecretInput} for plan and apply)",
            "^[A-Za-z0-9_-]{32,128}$",
            $"{OriginSecretInput} must be 32–128 characters of letters, digits, '_' and '-' (ALB rule values treat * and ? as wildcards).");

        var certificate = new DnsValidatedCertificate(this, "origin_certificate", new DnsValidatedCertificateProps
        {
            DomainNames = [originName],
            HostedZoneId = config.HostedZoneId,
        });
        var alb = new OriginLoadBalancer(this, "alb", new OriginLoadBalancerProps
        {
            Name = name,
            VpcId = vpc.VpcId,
            SubnetIds = vpc.PublicSubnetIds,
            SecurityGroupId = groups.AlbId,
            ApplicationPort = environment.Network.ApplicationPort,
            CertificateArn = certificate.CertificateArn,
            SslPolicy = config.SslPolicy,
            IdleTimeoutSeconds = config.IdleTimeoutSeconds,
            DeletionProtection = config.DeletionProtection,
            // The data workspace keeps a log bucket in this region (ELB delivers only to its own region).
            AccessLogsBucketName = data.DrAccessLogsBucketName!,
            Frontend = config.Frontend,
            Backend = config.Backend,
            OriginHeaderName = config.OriginVerifyHeaderName,
            OriginHeaderValue = originSecret,
        });
        var waf = new OriginWebAcl(this, "alb_waf", new OriginWebAclProps
        {
            Name = $"{name}-alb",
            LoadBalancerArn = alb.LoadBalancerArn,
            OriginHeaderName = config.OriginVerifyHeaderName,
            OriginHeaderValue = originSecret,
        });
        _ = new WafLogging(this, "alb_waf_logs", new WafLoggingProps
        {
            WebAclArn = waf.WebAclArn,
            LogGroupName = $"{WafLogging.LogGroupPrefix}{name}-alb",
            KmsKeyArn = logsKeyArn,
            RetentionDays = config.WafLogRetentionDays,
            RedactedHeaders = [config.OriginVerifyHeaderName.ToLowerInvariant(), "authorization", "cookie"],
            AccountId = account,
            Region = Region,
        });
        _ = new EdgeAlarms(this, "alb_alarms", new EdgeAlarmsProps
        {
            Name = Names.Of(Workspace.Dr, "alarm"),
            LoadBalancerArnSuffix = alb.LoadBalancerArnSuffix,
            TargetGroups = alb.TargetGroups,
            CriticalTopicArn = alerts.CriticalTopicArn,
            NonCriticalTopicArn = alerts.NonCriticalTopicArn,
        });

        // The SECONDARY of the origin's failover pair (the edge workspace owns the health-checked PRIMARY): Route 53
        // answers with this load balancer while the PRIMARY's health check fails, without a Terraform run. Route 53 is
        // global, so this record is planned from the DR region alone.
        _ = new AliasRecords(this, "dns", new AliasRecordsProps
        {
            HostedZoneId = config.HostedZoneId,
            Names = [("origin", originName)],
            TargetDnsName = alb.DnsName,
            TargetZoneId = alb.ZoneId,
            Ipv6 = false,
            EvaluateTargetHealth = true,
            Failover = new FailoverRouting("SECONDARY", FailoverRouting.SecondarySetIdentifier),
        });
        return alb;
    }
}
