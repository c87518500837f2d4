namespace Ecolaura.Tf.Data;

/// <summary>The data workspace's contract: endpoints, secrets, buckets and keys that compute, edge and dr use.</summary>
[ContractOf(Workspace.Data)]
public sealed record DataOutputs : WorkspaceContract<DataOutputs>
{
    /// <summary>Database host name.</summary>
    [Output("postgres_address", "Database host", "ecolaura-env-data-postgres.c0abcdefghij.us-east-1.rds.amazonaws.com", Source = "aws_db_instance.postgres.address")]
    public required string PostgresAddress { get; init; }

    /// <summary>Database port.</summary>
    [Output("postgres_port", "Database port", "5432")]
    public required string PostgresPort { get; init; }

    /// <summary>Instance ARN (source of the DR replica).</summary>
    [Output("postgres_arn", "Database instance ARN (DR replica source)", "arn:aws:rds:us-east-1:000000000000:db:ecolaura-env-data-postgres", Source = "aws_db_instance.postgres.arn")]
    public required string PostgresArn { get; init; }

    /// <summary>Secret with the master credentials and connection details.</summary>
    [Output("postgres_secret_arn", "Secret with database credentials", "arn:aws:secretsmanager:us-east-1:000000000000:secret:ecolaura/env/postgres-AbCdEf", Source = "aws_secretsmanager_secret.postgres.arn")]
    public required string PostgresSecretArn { get; init; }

    /// <summary>Redis writes.</summary>
    [Output("redis_primary_endpoint", "Redis primary endpoint", "master.ecolaura-env-redis.abcdef.use1.cache.amazonaws.com", Source = "aws_elasticache_replication_group.redis.primary_endpoint_address")]
    public required string RedisPrimaryEndpoint { get; init; }

    /// <summary>Redis reads.</summary>
    [Output("redis_reader_endpoint", "Redis reader endpoint", "replica.ecolaura-env-redis.abcdef.use1.cache.amazonaws.com", Source = "aws_elasticache_replication_group.redis.reader_endpoint_address")]
    public required string RedisReaderEndpoint { get; init; }

    /// <summary>Redis port.</summary>
    [Output("redis_port", "Redis port", "6379")]
    public required string RedisPort { get; init; }

    /// <summary>Secret with the AUTH token.</summary>
    [Output("redis_secret_arn", "Secret with the Redis AUTH token", "arn:aws:secretsmanager:us-east-1:000000000000:secret:ecolaura/env/redis-AbCdEf", Source = "aws_secretsmanager_secret.redis.arn")]
    public required string RedisSecretArn { get; init; }

    /// <summary>CloudFront's S3 origin.</summary>
    [Output("static_assets_bucket_name", "Static assets bucket (CloudFront origin)", "ecolaura-env-static-assets-000000000000-us-east-1", Source = "aws_s3_bucket.static_assets.bucket")]
    public required string StaticAssetsBucketName { get; init; }

    /// <summary>Its ARN.</summary>
    [Output("static_assets_bucket_arn", "Static assets bucket ARN", "arn:aws:s3:::ecolaura-env-static-assets-000000000000-us-east-1", Source = "aws_s3_bucket.static_assets.arn")]
    public required string StaticAssetsBucketArn { get; init; }

    /// <summary>Its regional domain name (origin domain).</summary>
    [Output("static_assets_bucket_domain_name", "Static assets bucket regional domain", "ecolaura-env-static-assets-000000000000-us-east-1.s3.us-east-1.amazonaws.com", Source = "aws_s3_bucket.static_assets.bucket_regional_domain_name")]
    public required string StaticAssetsBucketDomainName { get; init; }

    /// <summary>Application state.</summary>
    [Output("app_state_bucket_name", "Application state bucket", "ecolaura-env-app-state-000000000000-us-east-1", Source = "aws_s3_bucket.app_state.bucket")]
    public required string AppStateBucketName { get; init; }

    /// <summary>Its ARN.</summary>
    [Output("app_state_bucket_arn", "Application state bucket ARN", "arn:aws:s3:::ecolaura-env-app-state-000000000000-us-east-1", Source = "aws_s3_bucket.app_state.arn")]
    public required string AppStateBucketArn { get; init; }

    /// <summary>Access logs of buckets, ALB and CloudFront.</summary>
    [Output("access_logs_bucket_name", "Access log bucket", "ecolaura-env-access-logs-000000000000-us-east-1", Source = "aws_s3_bucket.access_logs.bucket")]
    public required string AccessLogsBucketName { get; init; }

    /// <summary>Its ARN.</summary>
    [Output("access_logs_bucket_arn", "Access log bucket ARN", "arn:aws:s3:::ecolaura-env-access-logs-000000000000-us-east-1", Source = "aws_s3_bucket.access_logs.arn")]
    public required string AccessLogsBucketArn { get; init; }

    /// <summary>The DR-region access-log bucket (replica buckets' access logs, the DR load balancer's logs); only where a dr workspace exists.</summary>
    [Output("dr_access_logs_bucket_name", "Access log bucket in the DR region", "ecolaura-env-access-logs-000000000000-us-west-2", Source = "aws_s3_bucket.access_logs_dr.bucket", Optional = true)]
    public string? DrAccessLogsBucketName { get; init; }

    /// <summary>The DR replica of the static-assets bucket (CloudFront's failover origin); only where a dr workspace exists.</summary>
    [Output("dr_static_assets_bucket_domain_name", "Regional domain name of the static-assets replica in the DR region", "ecolaura-env-static-assets-000000000000-us-west-2.s3.us-west-2.amazonaws.com", Source = "aws_s3_bucket.static_assets_dr.bucket_regional_domain_name", Optional = true)]
    public string? DrStaticAssetsBucketDomainName { get; init; }

    /// <summary>The DR replica of the application-state bucket; only where a dr workspace exists.</summary>
    [Output("dr_app_state_bucket_arn", "Application-state replica bucket ARN in the DR region", "arn:aws:s3:::ecolaura-env-app-state-000000000000-us-west-2", Source = "aws_s3_bucket.app_state_dr.arn", Optional = true)]
    public string? DrAppStateBucketArn { get; init; }

    /// <summary>RDS storage and Performance Insights key.</summary>
    [Output("rds_kms_key_arn", "RDS CMK", "arn:aws:kms:us-east-1:000000000000:key/00000000-0000-0000-0000-000000000011", Source = "aws_kms_key.rds.arn")]
    public required string RdsKmsKeyArn { get; init; }

    /// <summary>Data bucket key.</summary>
    [Output("s3_kms_key_arn", "Data bucket CMK", "arn:aws:kms:us-east-1:000000000000:key/00000000-0000-0000-0000-000000000012", Source = "aws_kms_key.s3.arn")]
    public required string S3KmsKeyArn { get; init; }

    /// <summary>ElastiCache and Secrets Manager key.</summary>
    [Output("cache_kms_key_arn", "ElastiCache and Secrets Manager CMK", "arn:aws:kms:us-east-1:000000000000:key/00000000-0000-0000-0000-000000000013", Source = "aws_kms_key.cache.arn")]
    public required string CacheKmsKeyArn { get; init; }

    /// <summary>The database security group the instance uses.</summary>
    [Output("database_security_group_id", "Database security group", "sg-0a1b2c3d4e5f60004", Source = "data.terraform_remote_state.network.outputs.database_security_group_id")]
    public required string DatabaseSecurityGroupId { get; init; }

    /// <summary>The cache security group the replication group uses.</summary>
    [Output("cache_security_group_id", "Cache security group", "sg-0a1b2c3d4e5f60005", Source = "data.terraform_remote_state.network.outputs.cache_security_group_id")]
    public required string CacheSecurityGroupId { get; init; }
}
