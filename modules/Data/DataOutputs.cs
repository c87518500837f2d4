using Ecolaura.Tf.Shared;

namespace Ecolaura.Tf.Data;

/// <summary>The data workspace's contract: endpoints, secrets, buckets and keys that compute, edge and dr use.</summary>
/// <param name="PostgresAddress">Database host name.</param>
/// <param name="PostgresPort">Database port.</param>
/// <param name="PostgresArn">Instance ARN (source of the DR replica).</param>
/// <param name="PostgresSecretArn">Secret with the master credentials and connection details.</param>
/// <param name="RedisPrimaryEndpoint">Redis writes.</param>
/// <param name="RedisReaderEndpoint">Redis reads.</param>
/// <param name="RedisPort">Redis port.</param>
/// <param name="RedisSecretArn">Secret with the AUTH token.</param>
/// <param name="StaticAssetsBucketName">CloudFront's S3 origin.</param>
/// <param name="StaticAssetsBucketArn">Its ARN.</param>
/// <param name="StaticAssetsBucketDomainName">Its regional domain name (origin domain).</param>
/// <param name="AppStateBucketName">Application state.</param>
/// <param name="AppStateBucketArn">Its ARN.</param>
/// <param name="AccessLogsBucketName">Access logs of buckets, ALB and CloudFront.</param>
/// <param name="AccessLogsBucketArn">Its ARN.</param>
/// <param name="RdsKmsKeyArn">RDS storage and Performance Insights key.</param>
/// <param name="S3KmsKeyArn">Data bucket key.</param>
/// <param name="CacheKmsKeyArn">ElastiCache and Secrets Manager key.</param>
/// <param name="DatabaseSecurityGroupId">The database security group the instance uses.</param>
/// <param name="CacheSecurityGroupId">The cache security group the replication group uses.</param>
public sealed record DataOutputs(
    string PostgresAddress,
    string PostgresPort,
    string PostgresArn,
    string PostgresSecretArn,
    string RedisPrimaryEndpoint,
    string RedisReaderEndpoint,
    string RedisPort,
    string RedisSecretArn,
    string StaticAssetsBucketName,
    string StaticAssetsBucketArn,
    string StaticAssetsBucketDomainName,
    string AppStateBucketName,
    string AppStateBucketArn,
    string AccessLogsBucketName,
    string AccessLogsBucketArn,
    string RdsKmsKeyArn,
    string S3KmsKeyArn,
    string CacheKmsKeyArn,
    string DatabaseSecurityGroupId,
    string CacheSecurityGroupId) : IWorkspaceContract
{
    private const string Arn = "arn:aws:{0}:us-east-1:000000000000:{1}";

    /// <summary>All outputs with their example values.</summary>
    public static readonly IReadOnlyList<OutputSpec> Specs =
    [
        S("postgres_address", "Database host", "ecolaura-env-data-postgres.c0abcdefghij.us-east-1.rds.amazonaws.com"),
        S("postgres_port", "Database port", "5432"),
        S("postgres_arn", "Database instance ARN (DR replica source)", "arn:aws:rds:us-east-1:000000000000:db:ecolaura-env-data-postgres"),
        S("postgres_secret_arn", "Secret with database credentials", "arn:aws:secretsmanager:us-east-1:000000000000:secret:ecolaura/env/postgres-AbCdEf"),
        S("redis_primary_endpoint", "Redis primary endpoint", "master.ecolaura-env-redis.abcdef.use1.cache.amazonaws.com"),
        S("redis_reader_endpoint", "Redis reader endpoint", "replica.ecolaura-env-redis.abcdef.use1.cache.amazonaws.com"),
        S("redis_port", "Redis port", "6379"),
        S("redis_secret_arn", "Secret with the Redis AUTH token", "arn:aws:secretsmanager:us-east-1:000000000000:secret:ecolaura/env/redis-AbCdEf"),
        S("static_assets_bucket_name", "Static assets bucket (CloudFront origin)", "ecolaura-env-static-assets-000000000000-us-east-1"),
        S("static_assets_bucket_arn", "Static assets bucket ARN", "arn:aws:s3:::ecolaura-env-static-assets-000000000000-us-east-1"),
        S("static_assets_bucket_domain_name", "Static assets bucket regional domain", "ecolaura-env-static-assets-000000000000-us-east-1.s3.us-east-1.amazonaws.com"),
        S("app_state_bucket_name", "Application state bucket", "ecolaura-env-app-state-000000000000-us-east-1"),
        S("app_state_bucket_arn", "Application state bucket ARN", "arn:aws:s3:::ecolaura-env-app-state-000000000000-us-east-1"),
        S("access_logs_bucket_name", "Access log bucket", "ecolaura-env-access-logs-000000000000-us-east-1"),
        S("access_logs_bucket_arn", "Access log bucket ARN", "arn:aws:s3:::ecolaura-env-access-logs-000000000000-us-east-1"),
        S("rds_kms_key_arn", "RDS CMK", string.Format(Arn, "kms", "key/00000000-0000-0000-0000-000000000011")),
        S("s3_kms_key_arn", "Data bucket CMK", string.Format(Arn, "kms", "key/00000000-0000-0000-0000-000000000012")),
        S("cache_kms_key_arn", "ElastiCache and Secrets Manager CMK", string.Format(Arn, "kms", "key/00000000-0000-0000-0000-000000000013")),
        S("database_security_group_id", "Database security group", "sg-0a1b2c3d4e5f60004"),
        S("cache_security_group_id", "Cache security group", "sg-0a1b2c3d4e5f60005"),
    ];

    /// <inheritdoc />
    public static Workspace Producer => Workspace.Data;

    /// <inheritdoc />
    public static IReadOnlyList<OutputSpec> Outputs => Specs;

    private string[] Values =>
    [
        PostgresAddress, PostgresPort, PostgresArn, PostgresSecretArn, RedisPrimaryEndpoint, RedisReaderEndpoint, RedisPort,
        RedisSecretArn, StaticAssetsBucketName, StaticAssetsBucketArn, StaticAssetsBucketDomainName, AppStateBucketName,
        AppStateBucketArn, AccessLogsBucketName, AccessLogsBucketArn, RdsKmsKeyArn, S3KmsKeyArn, CacheKmsKeyArn,
        DatabaseSecurityGroupId, CacheSecurityGroupId,
    ];

    /// <summary>Writes every output of the contract to <paramref name="stack"/>.</summary>
    public void Publish(EcolauraStack stack)
    {
        foreach (var (spec, value) in Specs.Zip(Values))
        {
            stack.Publish(spec, value);
        }
    }

    /// <summary>Reads the contract from <paramref name="producer"/>'s state in <paramref name="consumer"/>.</summary>
    public static DataOutputs FromRemoteState(EcolauraStack consumer, EcolauraStack producer)
    {
        var v = Specs.Select(spec => consumer.ReadString(producer, spec)).ToArray();
        return new DataOutputs(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11], v[12], v[13], v[14],
            v[15], v[16], v[17], v[18], v[19]);
    }

    private static OutputSpec S(string name, string description, string example) =>
        new(Workspace.Data, name, OutputKind.String, description, example);
}
