using Constructs;
using HashiCorp.Cdktf.Providers.Aws.CloudwatchLogGroup;
using HashiCorp.Cdktf.Providers.Aws.ElasticacheParameterGroup;
using HashiCorp.Cdktf.Providers.Aws.ElasticacheReplicationGroup;
using HashiCorp.Cdktf.Providers.Aws.ElasticacheSubnetGroup;

namespace Ecolaura.Tf.Data;

/// <summary>Props of <see cref="RedisCache"/>.</summary>
public sealed record RedisCacheProps
{
    /// <summary>Replication group id (≤ 40 lowercase characters).</summary>
    public required string ReplicationGroupId { get; init; }

    /// <summary>Node type, node count, failover and snapshots (validated).</summary>
    public required RedisConfig Config { get; init; }

    /// <summary>Private data subnets, one per AZ.</summary>
    public required string[] SubnetIds { get; init; }

    /// <summary>The cache security group from the network workspace.</summary>
    public required string SecurityGroupId { get; init; }

    /// <summary>CMK for encryption at rest.</summary>
    public required string KmsKeyArn { get; init; }

    /// <summary>CMK of the slow-log group.</summary>
    public required string LogsKmsKeyArn { get; init; }

    /// <summary>The AUTH token: a sensitive apply-time input.</summary>
    public required string AuthToken { get; init; }
}

/// <summary>
/// ElastiCache Redis 6.x as docs/requirements.md describes it: a replication group with automatic failover and Multi-AZ,
/// encrypted at rest (CMK) and in transit, AUTH, retained snapshots with a final snapshot, and slow-log delivery to a
/// KMS-encrypted log group.
/// </summary>
/// <remarks>
/// AUTH: provider 5.100.0 has no write-only <c>auth_token</c> for ElastiCache, and IAM authentication needs Redis 7
/// while the requirements fix 6.x, so the token is a sensitive input supplied at apply time: never in the JSON, masked in
/// plans, and kept in state only inside the KMS-encrypted, TLS-only state bucket. Rotation uses
/// <c>auth_token_update_strategy = ROTATE</c> (old and new tokens both valid until the next rotation).
/// </remarks>
public sealed class RedisCache : Construct
{
    /// <summary>Slow-log retention in days.</summary>
    public const int SlowLogRetentionDays = 90;

    /// <summary>
    /// <c>apply_immediately</c> of the replication group: true, so <c>terraform apply</c> is the change window (as for
    /// the database). Deferred to the maintenance window, an engine upgrade would keep showing in plans until then, and
    /// one that changes the parameter group family would fail to delete the old group still in use. Engine upgrades
    /// of a replication group with replicas are rolling (replicas first, then a failover).
    /// </summary>
    public const bool ApplyImmediately = true;

    /// <summary>The ElastiCache parameter group family of a Redis engine version: <c>redis6.x</c> for every 6.x.</summary>
    /// <param name="engineVersion">A version of <see cref="DataConfigValidator.RedisVersions"/>, e.g. <c>6.2</c>.</param>
    /// <exception cref="ArgumentOutOfRangeException">For a version outside 6.x (the validator refuses those first).</exception>
    /// <remarks>Source: ElastiCache User Guide, "Redis OSS-specific parameters" (Redis OSS 6.x: family redis6.x; 7: redis7), https://docs.aws.amazon.com/AmazonElastiCache/latest/red-ug/ParameterGroups.Redis.html (checked 2026-12-01).</remarks>
    public static string ParameterGroupFamily(string engineVersion) => engineVersion.Split('.')[0] switch
    {
        "6" => "redis6.x",
        _ => throw new ArgumentOutOfRangeException(nameof(engineVersion), engineVersion, "only Redis 6.x is supported (DataConfigValidator.RedisVersions)"),
    };

    /// <summary>The parameter group name of an engine version's family: <c>&lt;group id&gt;-redis6</c>.</summary>
    /// <param name="replicationGroupId">The replication group id.</param>
    /// <param name="engineVersion">A version of <see cref="DataConfigValidator.RedisVersions"/>.</param>
    public static string ParameterGroupName(string replicationGroupId, string engineVersion) =>
        $"{replicationGroupId}-{ParameterGroupFamily(engineVersion).Replace(".x", "", StringComparison.Ordinal)}";

    /// <summary>Creates the replication group and its subnet group, parameter group and slow-log group.</summary>
    public RedisCache(Construct scope, string id, RedisCacheProps props) : base(scope, id)
    {
        var config = props.Config;
        var subnets = new ElasticacheSubnetGroup(this, "subnet_group", new ElasticacheSubnetGroupConfig
        {
            Name = props.ReplicationGroupId,
            Description = "Private data subnets of every AZ",
            SubnetIds = props.SubnetIds,
        });
        // Named after its family: an engine upgrade that changes the family creates the new group first
        // (create_before_destroy), moves the replication group to it with the engine version, then deletes the old one.
        var family = ParameterGroupFamily(config.EngineVersion);
        var parameters = new ElasticacheParameterGroup(this, "parameter_group", new ElasticacheParameterGroupConfig
        {
            Name = ParameterGroupName(props.ReplicationGroupId, config.EngineVersion),
            Family = family,
            Description = "Sessions and cache: evict keys with a TTL first; log commands slower than 10 ms",
            Parameter = new[]
            {
                new ElasticacheParameterGroupParameter { Name = "maxmemory-policy", Value = "volatile-lru" },
                new ElasticacheParameterGroupParameter { Name = "slowlog-log-slower-than", Value = "10000" },
            },
            Lifecycle = new HashiCorp.Cdktf.TerraformResourceLifecycle { CreateBeforeDestroy = true },
        });
        var slowLog = new CloudwatchLogGroup(this, "slow_log", new CloudwatchLogGroupConfig
        {
            Name = $"/aws/elasticache/{props.ReplicationGroupId}/slow-log",
            RetentionInDays = SlowLogRetentionDays,
            KmsKeyId = props.LogsKmsKeyArn,
        });

        var group = new ElasticacheReplicationGroup(this, "replication_group", new ElasticacheReplicationGroupConfig
        {
            ReplicationGroupId = props.ReplicationGroupId,
            Description = "Ecolaura cache and session store",
            Engine = "redis",
            EngineVersion = config.EngineVersion,
            NodeType = config.NodeType,
            NumCacheClusters = config.Nodes,
            AutomaticFailoverEnabled = config.AutomaticFailover,
            MultiAzEnabled = config.AutomaticFailover,
            Port = ServicePorts.Redis,
            ParameterGroupName = parameters.Name,
            SubnetGroupName = subnets.Name,
            SecurityGroupIds = [props.SecurityGroupId],
            AtRestEncryptionEnabled = "true",
            KmsKeyId = props.KmsKeyArn,
            TransitEncryptionEnabled = true,
            AuthToken = props.AuthToken,
            AuthTokenUpdateStrategy = "ROTATE",
            SnapshotRetentionLimit = config.SnapshotRetentionDays,
            SnapshotWindow = "01:00-02:00",
            MaintenanceWindow = "sun:06:30-sun:07:30",
            FinalSnapshotIdentifier = $"{props.ReplicationGroupId}-final",
            AutoMinorVersionUpgrade = "true",
            ApplyImmediately = ApplyImmediately,
            LogDeliveryConfiguration = new[]
            {
                new ElasticacheReplicationGroupLogDeliveryConfiguration
                {
                    Destination = slowLog.Name,
                    DestinationType = "cloudwatch-logs",
                    LogFormat = "json",
                    LogType = "slow-log",
                },
            },
            Lifecycle = EcolauraStack.PreventDestroy,
        });

        PrimaryEndpoint = group.PrimaryEndpointAddress;
        ReaderEndpoint = group.ReaderEndpointAddress;
        NodeIds = Enumerable.Range(1, config.Nodes).Select(n => $"{props.ReplicationGroupId}-{n:000}").ToArray();
    }

    /// <summary>Primary endpoint (writes).</summary>
    public string PrimaryEndpoint { get; }

    /// <summary>Reader endpoint (reads spread over replicas).</summary>
    public string ReaderEndpoint { get; }

    /// <summary>Cache cluster ids of the nodes (<c>&lt;group&gt;-001</c> is the initial primary), for per-node alarms.</summary>
    public IReadOnlyList<string> NodeIds { get; }
}
