using Constructs;
using HashiCorp.Cdktf.Providers.Aws.Provider;
using HashiCorp.Cdktf.Providers.Aws.S3Bucket;
using HashiCorp.Cdktf.Providers.Aws.S3BucketIntelligentTieringConfiguration;
using HashiCorp.Cdktf.Providers.Aws.S3BucketLifecycleConfiguration;
using HashiCorp.Cdktf.Providers.Aws.S3BucketLogging;
using HashiCorp.Cdktf.Providers.Aws.S3BucketOwnershipControls;
using HashiCorp.Cdktf.Providers.Aws.S3BucketPolicy;
using HashiCorp.Cdktf.Providers.Aws.S3BucketPublicAccessBlock;
using HashiCorp.Cdktf.Providers.Aws.S3BucketServerSideEncryptionConfiguration;
using HashiCorp.Cdktf.Providers.Aws.S3BucketVersioning;

namespace Ecolaura.Tf.Shared;

/// <summary>Props of <see cref="SecureBucket"/>.</summary>
public sealed record SecureBucketProps
{
    /// <summary>Globally unique DNS-compliant name (validated by the caller's config checks).</summary>
    public required string BucketName { get; init; }

    /// <summary>How objects are encrypted at rest.</summary>
    public required BucketEncryption Encryption { get; init; }

    /// <summary>Where server access logs go.</summary>
    /// <remarks>Default (null): no access logging; only allowed for the log bucket itself.</remarks>
    public BucketLogTarget? AccessLogs { get; init; }

    /// <summary>Days after which current objects move to INTELLIGENT_TIERING.</summary>
    /// <remarks>Default (null): no transition (e.g. the state bucket, whose objects are tiny).</remarks>
    public int? IntelligentTieringAfterDays { get; init; }

    /// <summary>Opt-in archive tiers of S3 Intelligent-Tiering (objects then need a restore before reading).</summary>
    /// <remarks>Default (null): no archive tiers, every object stays instantly readable.</remarks>
    public ArchiveTiers? ArchiveTiers { get; init; }

    /// <summary>Days after which current objects expire (log buckets).</summary>
    /// <remarks>Default (null): objects never expire.</remarks>
    public int? ExpireAfterDays { get; init; }

    /// <summary>Days after which a non-current version is deleted.</summary>
    /// <remarks>Default: 90.</remarks>
    public int NoncurrentVersionExpiryDays { get; init; } = 90;

    /// <summary>Extra statements beside the TLS-only deny (service access, CloudFront OAC, log delivery).</summary>
    /// <remarks>Default: none.</remarks>
    public IReadOnlyList<Func<string, PolicyStatement>> PolicyStatements { get; init; } = [];

    /// <summary>Adds <c>prevent_destroy</c> to the bucket (data and state buckets).</summary>
    public required bool PreventDestroy { get; init; }

    /// <summary>The provider (region) of the bucket.</summary>
    /// <remarks>Default: the stack's default provider.</remarks>
    public AwsProvider? Provider { get; init; }
}

/// <summary>How a bucket is encrypted at rest.</summary>
/// <param name="KmsKeyArn">The CMK for SSE-KMS with bucket keys; null means SSE-S3.</param>
/// <param name="SseS3Reason">Why SSE-S3 is used (required when <paramref name="KmsKeyArn"/> is null).</param>
public sealed record BucketEncryption(string? KmsKeyArn, string? SseS3Reason)
{
    /// <summary>SSE-KMS with the given CMK and an S3 bucket key.</summary>
    public static BucketEncryption Kms(string keyArn) => new(keyArn, null);

    /// <summary>SSE-S3, only where a delivery service cannot write SSE-KMS objects; the reason is mandatory.</summary>
    public static BucketEncryption S3Managed(string reason) => new(null, reason);
}

/// <summary>Days without access before Intelligent-Tiering moves objects to its archive tiers.</summary>
/// <param name="ArchiveAccessDays">ARCHIVE_ACCESS, 90–730.</param>
/// <param name="DeepArchiveAccessDays">DEEP_ARCHIVE_ACCESS, 180–730.</param>
public sealed record ArchiveTiers(int ArchiveAccessDays, int DeepArchiveAccessDays);

/// <summary>A server-access-log destination.</summary>
/// <param name="BucketName">The log bucket.</param>
/// <param name="Prefix">Key prefix for this bucket's logs.</param>
public sealed record BucketLogTarget(string BucketName, string Prefix);

/// <summary>
/// An S3 bucket with every control the S3 policy rules (ECO-S3-*) check: versioning, default encryption, all four public-access
/// blocks, BucketOwnerEnforced, a TLS-only policy, lifecycle (noncurrent expiry, multipart abort, optional
/// Intelligent-Tiering) and access logging.
/// </summary>
public sealed class SecureBucket : Construct
{
    /// <summary>Creates the bucket and its configuration resources.</summary>
    public SecureBucket(Construct scope, string id, SecureBucketProps props) : base(scope, id)
    {
        if (props.Encryption.KmsKeyArn is null && string.IsNullOrWhiteSpace(props.Encryption.SseS3Reason))
        {
            throw new ArgumentException($"bucket {props.BucketName}: SSE-S3 needs a reason", nameof(props));
        }

        var provider = props.Provider;
        var bucket = new S3Bucket(this, "bucket", new S3BucketConfig
        {
            Bucket = props.BucketName,
            ForceDestroy = false,
            Provider = provider,
            Lifecycle = props.PreventDestroy ? EcolauraStack.PreventDestroy : null,
        });
        BucketName = bucket.Bucket;
        BucketArn = bucket.Arn;
        RegionalDomainName = bucket.BucketRegionalDomainName;

        var versioning = new S3BucketVersioningA(this, "versioning", new S3BucketVersioningAConfig
        {
            Bucket = bucket.Id,
            VersioningConfiguration = new S3BucketVersioningVersioningConfiguration { Status = "Enabled" },
            Provider = provider,
        });
        Versioning = versioning;

        _ = new S3BucketServerSideEncryptionConfigurationA(this, "encryption", new S3BucketServerSideEncryptionConfigurationAConfig
        {
            Bucket = bucket.Id,
            Rule = new[]
            {
                new S3BucketServerSideEncryptionConfigurationRuleA
                {
                    ApplyServerSideEncryptionByDefault = new S3BucketServerSideEncryptionConfigurationRuleApplyServerSideEncryptionByDefaultA
                    {
                        SseAlgorithm = props.Encryption.KmsKeyArn is null ? "AES256" : "aws:kms",
                        KmsMasterKeyId = props.Encryption.KmsKeyArn,
                    },
                    BucketKeyEnabled = props.Encryption.KmsKeyArn is not null,
                },
            },
            Provider = provider,
        });

        _ = new S3BucketPublicAccessBlock(this, "public_access_block", new S3BucketPublicAccessBlockConfig
        {
            Bucket = bucket.Id,
            BlockPublicAcls = true,
            BlockPublicPolicy = true,
            IgnorePublicAcls = true,
            RestrictPublicBuckets = true,
            Provider = provider,
        });

        _ = new S3BucketOwnershipControls(this, "ownership", new S3BucketOwnershipControlsConfig
        {
            Bucket = bucket.Id,
            Rule = new S3BucketOwnershipControlsRule { ObjectOwnership = "BucketOwnerEnforced" },
            Provider = provider,
        });

        var statements = new List<PolicyStatement>
        {
            new()
            {
                Sid = "DenyInsecureTransport",
                Deny = true,
                AnyPrincipal = true,
                Actions = ["s3:*"],
                Resources = [bucket.Arn, $"{bucket.Arn}/*"],
                Conditions = PolicyStatement.When("Bool", "aws:SecureTransport", "false"),
            },
        };
        statements.AddRange(props.PolicyStatements.Select(s => s(bucket.Arn)));
        Policy = new S3BucketPolicy(this, "policy", new S3BucketPolicyConfig
        {
            Bucket = bucket.Id,
            Policy = new PolicyDocument(statements).ToJson(),
            Provider = provider,
        });

        var rule = new S3BucketLifecycleConfigurationRule
        {
            Id = "housekeeping",
            Status = "Enabled",
            Filter = new[] { new S3BucketLifecycleConfigurationRuleFilter { Prefix = "" } },
            AbortIncompleteMultipartUpload = new[] { new S3BucketLifecycleConfigurationRuleAbortIncompleteMultipartUpload { DaysAfterInitiation = 7 } },
            NoncurrentVersionExpiration = new[] { new S3BucketLifecycleConfigurationRuleNoncurrentVersionExpiration { NoncurrentDays = props.NoncurrentVersionExpiryDays } },
            Transition = props.IntelligentTieringAfterDays is { } tierDays
                ? new[] { new S3BucketLifecycleConfigurationRuleTransition { Days = tierDays, StorageClass = "INTELLIGENT_TIERING" } }
                : null,
            Expiration = props.ExpireAfterDays is { } expireDays
                ? new[] { new S3BucketLifecycleConfigurationRuleExpiration { Days = expireDays } }
                : null,
        };
        _ = new S3BucketLifecycleConfiguration(this, "lifecycle", new S3BucketLifecycleConfigurationConfig
        {
            Bucket = bucket.Id,
            Rule = new[] { rule },
            DependsOn = [versioning],
            Provider = provider,
        });

        if (props.ArchiveTiers is { } tiers)
        {
            _ = new S3BucketIntelligentTieringConfiguration(this, "archive_tiers", new S3BucketIntelligentTieringConfigurationConfig
            {
                Bucket = bucket.Id,
                Name = "archive",
                Status = "Enabled",
                Tiering = new[]
                {
                    new S3BucketIntelligentTieringConfigurationTiering { AccessTier = "ARCHIVE_ACCESS", Days = tiers.ArchiveAccessDays },
                    new S3BucketIntelligentTieringConfigurationTiering { AccessTier = "DEEP_ARCHIVE_ACCESS", Days = tiers.DeepArchiveAccessDays },
                },
                Provider = provider,
            });
        }

        if (props.AccessLogs is { } logs)
        {
            _ = new S3BucketLoggingA(this, "access_logging", new S3BucketLoggingAConfig
            {
                Bucket = bucket.Id,
                TargetBucket = logs.BucketName,
                TargetPrefix = logs.Prefix,
                Provider = provider,
            });
        }
    }

    /// <summary>The bucket name (a token).</summary>
    public string BucketName { get; }

    /// <summary>The bucket ARN (a token).</summary>
    public string BucketArn { get; }

    /// <summary>The regional domain name (CloudFront S3 origin).</summary>
    public string RegionalDomainName { get; }

    /// <summary>The bucket policy, for <c>depends_on</c> of services that check it when they are configured (CloudTrail).</summary>
    public S3BucketPolicy Policy { get; }

    /// <summary>The versioning resource, for replication's <c>depends_on</c>.</summary>
    public S3BucketVersioningA Versioning { get; }
}
