using Constructs;
using HashiCorp.Cdktf.Providers.Aws.DynamodbTable;
using HashiCorp.Cdktf.Providers.Aws.Provider;

namespace Ecolaura.Tf.Foundation;

/// <summary>Props of <see cref="StateStore"/>.</summary>
public sealed record StateStoreProps
{
    /// <summary>Names of the environment (bucket, table, key alias).</summary>
    public required Naming Names { get; init; }

    /// <summary>
    /// The DR region's provider: when set, a second bucket, key and lock table stand in the DR region and the primary
    /// bucket replicates every state file into it, so the <c>dr</c> workspace can plan and apply during a primary-region
    /// outage (its backend and every state it reads are there).
    /// </summary>
    /// <remarks>Default (null): no DR copy (an environment without a dr workspace).</remarks>
    public AwsProvider? DrProvider { get; init; }
}

/// <summary>
/// Where every other workspace keeps its state: a versioned, KMS-encrypted, TLS-only bucket that logs access to its own
/// log bucket, and the DynamoDB lock table (kept beside <c>use_lockfile</c> as the user asked), both prevent_destroy.
/// </summary>
public sealed class StateStore : Construct
{
    /// <summary>Creates the key, buckets and table.</summary>
    public StateStore(Construct scope, string id, StateStoreProps props) : base(scope, id)
    {
        var names = props.Names;
        var env = names.Environment;
        var key = new CustomerManagedKey(this, "key", new CustomerManagedKeyProps
        {
            Alias = names.StateKeyAlias["alias/".Length..],
            Description = $"Terraform state of {env.Name} (bucket objects and lock table)",
            AccountId = env.AccountId,
        });

        var (bucket, table) = Store("", names.StateBucket, key, provider: null);
        if (props.DrProvider is { } dr)
        {
            var drKey = new CustomerManagedKey(this, "dr_key", new CustomerManagedKeyProps
            {
                Alias = names.StateKeyAlias["alias/".Length..],
                Description = $"Terraform state of {env.Name} in {env.Dr.Region} (replicated state files, the dr workspace's state, its lock table)",
                AccountId = env.AccountId,
                Provider = dr,
            });
            var (drBucket, _) = Store("dr_", names.DrStateBucket, drKey, dr);
            _ = new CrossRegionReplication(this, "replication", new CrossRegionReplicationProps
            {
                RoleName = names.Of(Workspace.Foundation, "state-replication"),
                ReplicaKmsKeyArn = drKey.KeyArn,
                Buckets = [new ReplicatedBucket("bucket", bucket, key.KeyArn, drBucket)],
            });
            DrBucketName = drBucket.BucketName;
        }

        BucketName = bucket.BucketName;
        KmsKeyArn = key.KeyArn;
        LockTableName = table.Name;

        (SecureBucket Bucket, DynamodbTable Table) Store(string prefix, string bucketName, CustomerManagedKey storeKey, AwsProvider? provider)
        {
            var logs = new SecureBucket(this, $"{prefix}access_logs", new SecureBucketProps
            {
                BucketName = $"{bucketName[..Math.Min(bucketName.Length, 58)]}-logs",
                // S3 server access logging can only deliver to a bucket with SSE-S3 default encryption.
                Encryption = BucketEncryption.S3Managed("S3 server access log delivery does not support SSE-KMS targets"),
                ExpireAfterDays = 365,
                NoncurrentVersionExpiryDays = 30,
                PreventDestroy = true,
                Provider = provider,
                PolicyStatements =
                [
                    arn => AccessLogDelivery.S3ServerAccessLogs(env.AccountId, arn, "state"),
                ],
            });

            var bucket = new SecureBucket(this, $"{prefix}bucket", new SecureBucketProps
            {
                BucketName = bucketName,
                Encryption = BucketEncryption.Kms(storeKey.KeyArn),
                AccessLogs = new BucketLogTarget(logs.BucketName, "state/"),
                NoncurrentVersionExpiryDays = 90,
                PreventDestroy = true,
                Provider = provider,
            });

            var table = new DynamodbTable(this, $"{prefix}lock_table", new DynamodbTableConfig
            {
                Name = names.LockTable,
                BillingMode = "PAY_PER_REQUEST",
                HashKey = "LockID",
                Attribute = new[] { new DynamodbTableAttribute { Name = "LockID", Type = "S" } },
                PointInTimeRecovery = new DynamodbTablePointInTimeRecovery { Enabled = true },
                ServerSideEncryption = new DynamodbTableServerSideEncryption { Enabled = true, KmsKeyArn = storeKey.KeyArn },
                Provider = provider,
                DeletionProtectionEnabled = true,
                Lifecycle = EcolauraStack.PreventDestroy,
            });
            return (bucket, table);
        }
    }

    /// <summary>The state bucket's name.</summary>
    public string BucketName { get; }

    /// <summary>The state CMK.</summary>
    public string KmsKeyArn { get; }

    /// <summary>The lock table's name.</summary>
    public string LockTableName { get; }

    /// <summary>The DR region's state bucket, or null without <see cref="StateStoreProps.DrProvider"/>.</summary>
    public string? DrBucketName { get; }
}
