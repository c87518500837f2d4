using Constructs;
using HashiCorp.Cdktf.Providers.Aws.DynamodbTable;

namespace Ecolaura.Tf.Foundation;

/// <summary>Props of <see cref="StateStore"/>.</summary>
public sealed record StateStoreProps
{
    /// <summary>Names of the environment (bucket, table, key alias).</summary>
    public required Naming Names { get; init; }
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

        var logs = new SecureBucket(this, "access_logs", new SecureBucketProps
        {
            BucketName = $"{names.StateBucket[..Math.Min(names.StateBucket.Length, 58)]}-logs",
            // S3 server access logging can only deliver to a bucket with SSE-S3 default encryption.
            Encryption = BucketEncryption.S3Managed("S3 server access log delivery does not support SSE-KMS targets"),
            ExpireAfterDays = 365,
            NoncurrentVersionExpiryDays = 30,
            PreventDestroy = true,
            PolicyStatements =
            [
                arn => AccessLogDelivery.S3ServerAccessLogs(env.AccountId, arn, "state"),
            ],
        });

        var bucket = new SecureBucket(this, "bucket", new SecureBucketProps
        {
            BucketName = names.StateBucket,
            Encryption = BucketEncryption.Kms(key.KeyArn),
            AccessLogs = new BucketLogTarget(logs.BucketName, "state/"),
            NoncurrentVersionExpiryDays = 90,
            PreventDestroy = true,
        });

        var table = new DynamodbTable(this, "lock_table", new DynamodbTableConfig
        {
            Name = names.LockTable,
            BillingMode = "PAY_PER_REQUEST",
            HashKey = "LockID",
            Attribute = new[] { new DynamodbTableAttribute { Name = "LockID", Type = "S" } },
            PointInTimeRecovery = new DynamodbTablePointInTimeRecovery { Enabled = true },
            ServerSideEncryption = new DynamodbTableServerSideEncryption { Enabled = true, KmsKeyArn = key.KeyArn },
            DeletionProtectionEnabled = true,
            Lifecycle = EcolauraStack.PreventDestroy,
        });

        BucketName = bucket.BucketName;
        KmsKeyArn = key.KeyArn;
        LockTableName = table.Name;
    }

    /// <summary>The state bucket's name.</summary>
    public string BucketName { get; }

    /// <summary>The state CMK.</summary>
    public string KmsKeyArn { get; }

    /// <summary>The lock table's name.</summary>
    public string LockTableName { get; }
}
