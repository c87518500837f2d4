using Constructs;
using HashiCorp.Cdktf;
using HashiCorp.Cdktf.Providers.Aws.IamRolePolicy;
using HashiCorp.Cdktf.Providers.Aws.S3BucketReplicationConfiguration;

namespace Ecolaura.Tf.Data;

/// <summary>One source bucket and its replica in the DR region.</summary>
/// <param name="Id">Construct id of the rule, e.g. <c>app_state</c>.</param>
/// <param name="Source">The primary-region bucket (versioned, SSE-KMS).</param>
/// <param name="SourceKmsKeyArn">The CMK of the source's objects (replication decrypts with it).</param>
/// <param name="Replica">The DR-region bucket (versioned, SSE-KMS with <see cref="CrossRegionReplicationProps.ReplicaKmsKeyArn"/>).</param>
public sealed record ReplicatedBucket(string Id, SecureBucket Source, string SourceKmsKeyArn, SecureBucket Replica);

/// <summary>Props of <see cref="CrossRegionReplication"/>.</summary>
public sealed record CrossRegionReplicationProps
{
    /// <summary>Name of the replication IAM role (global: carries the environment's name).</summary>
    public required string RoleName { get; init; }

    /// <summary>The buckets to replicate, one rule each.</summary>
    public required IReadOnlyList<ReplicatedBucket> Buckets { get; init; }

    /// <summary>The DR-region CMK every replica is encrypted with (<c>replica_kms_key_id</c>).</summary>
    public required string ReplicaKmsKeyArn { get; init; }

    /// <summary>S3 Replication Time Control's threshold in minutes (the only value S3 accepts is 15).</summary>
    public const int ReplicationTimeMinutes = 15;
}

/// <summary>
/// S3 cross-region replication of whole buckets into their DR-region replicas: every object and its SSE-KMS copy
/// re-encrypted with the DR key, S3 Replication Time Control (99.99 % of objects within 15 minutes) with replication
/// metrics and events, and delete-marker replication.
/// </summary>
/// <remarks>
/// <para>Delete markers are replicated: a failover must not serve objects the application deleted (sessions, revoked
/// uploads). Deletes of a specific version are never replicated by S3, so a malicious or mistaken delete of versions in
/// the primary leaves the replica's versions until its non-current expiry; the replica is a copy, not a backup (AWS Backup
/// keeps those).</para>
/// <para>Source: Amazon S3 User Guide, "Replicating objects within and across Regions", "Meeting compliance requirements
/// with S3 Replication Time Control", "Replicating delete markers between buckets", "Replicating encrypted objects"
/// (https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication.html, checked 2026-12-01).</para>
/// </remarks>
public sealed class CrossRegionReplication : Construct
{
    /// <summary>Creates the role and one replication configuration per bucket.</summary>
    public CrossRegionReplication(Construct scope, string id, CrossRegionReplicationProps props) : base(scope, id)
    {
        var sources = props.Buckets.Select(b => b.Source.BucketArn).ToArray();
        var replicas = props.Buckets.Select(b => b.Replica.BucketArn).ToArray();
        var role = ServiceRoles.AssumedBy(this, props.RoleName, "S3 replicates the data buckets into their DR-region replicas", "s3.amazonaws.com", "S3Assumes");
        _ = new IamRolePolicy(this, "policy", new IamRolePolicyConfig
        {
            Role = role.Id,
            Name = "replicate",
            Policy = PolicyDocument.Of(
                new PolicyStatement { Sid = "ReadSourceConfiguration", Actions = ["s3:GetReplicationConfiguration", "s3:ListBucket"], Resources = sources },
                new PolicyStatement
                {
                    Sid = "ReadSourceVersions",
                    Actions = ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"],
                    Resources = sources.Select(a => $"{a}/*").ToArray(),
                },
                new PolicyStatement
                {
                    Sid = "WriteReplicas",
                    Actions = ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"],
                    Resources = replicas.Select(a => $"{a}/*").ToArray(),
                },
                new PolicyStatement { Sid = "DecryptSource", Actions = ["kms:Decrypt"], Resources = props.Buckets.Select(b => b.SourceKmsKeyArn).Distinct().ToArray() },
                new PolicyStatement { Sid = "EncryptReplicas", Actions = ["kms:Encrypt", "kms:GenerateDataKey"], Resources = [props.ReplicaKmsKeyArn] }),
        });

        foreach (var bucket in props.Buckets)
        {
            _ = new S3BucketReplicationConfigurationA(this, bucket.Id, new S3BucketReplicationConfigurationAConfig
            {
                Bucket = bucket.Source.BucketName,
                Role = role.Arn,
                Rule = new[]
                {
                    new S3BucketReplicationConfigurationRule
                    {
                        Id = "to-dr-region",
                        Status = "Enabled",
                        Priority = 1,
                        Filter = new S3BucketReplicationConfigurationRuleFilter { Prefix = "" },
                        DeleteMarkerReplication = new S3BucketReplicationConfigurationRuleDeleteMarkerReplication { Status = "Enabled" },
                        SourceSelectionCriteria = new S3BucketReplicationConfigurationRuleSourceSelectionCriteria
                        {
                            SseKmsEncryptedObjects = new S3BucketReplicationConfigurationRuleSourceSelectionCriteriaSseKmsEncryptedObjects { Status = "Enabled" },
                        },
                        Destination = new S3BucketReplicationConfigurationRuleDestination
                        {
                            Bucket = bucket.Replica.BucketArn,
                            StorageClass = "STANDARD",
                            EncryptionConfiguration = new S3BucketReplicationConfigurationRuleDestinationEncryptionConfiguration { ReplicaKmsKeyId = props.ReplicaKmsKeyArn },
                            ReplicationTime = new S3BucketReplicationConfigurationRuleDestinationReplicationTime
                            {
                                Status = "Enabled",
                                Time = new S3BucketReplicationConfigurationRuleDestinationReplicationTimeTime { Minutes = CrossRegionReplicationProps.ReplicationTimeMinutes },
                            },
                            Metrics = new S3BucketReplicationConfigurationRuleDestinationMetrics
                            {
                                Status = "Enabled",
                                EventThreshold = new S3BucketReplicationConfigurationRuleDestinationMetricsEventThreshold { Minutes = CrossRegionReplicationProps.ReplicationTimeMinutes },
                            },
                        },
                    },
                },
                // S3 refuses a replication configuration until versioning is on at both ends.
                DependsOn = [bucket.Source.Versioning, bucket.Replica.Versioning],
            });
        }
    }
}
