using Constructs;
using HashiCorp.Cdktf.Providers.Aws.Cloudtrail;
using HashiCorp.Cdktf.Providers.Aws.CloudwatchLogGroup;
using HashiCorp.Cdktf.Providers.Aws.IamRole;
using HashiCorp.Cdktf.Providers.Aws.IamRolePolicy;

namespace Ecolaura.Tf.Security;

/// <summary>Props of <see cref="AuditTrail"/>.</summary>
public sealed record AuditTrailProps
{
    /// <summary>Names of the environment.</summary>
    public required Naming Names { get; init; }

    /// <summary>The foundation's CMK of CloudWatch log groups (its policy admits CloudWatch Logs of the primary region).</summary>
    public required string LogsKmsKeyArn { get; init; }

    /// <summary>Days the log group keeps events (a CloudWatch retention value, validated ≥ 365).</summary>
    public required int LogRetentionDays { get; init; }

    /// <summary>Days after which log objects in S3 expire.</summary>
    public required int ObjectExpiryDays { get; init; }
}

/// <summary>
/// The account's CloudTrail trail: multi-region with global service events, log-file validation, encrypted with its own
/// CMK (a key policy CloudTrail may use only for this trail), delivered to a dedicated locked-down bucket
/// (<see cref="SecureBucket"/>, server access logs to a second bucket) and to a KMS-encrypted CloudWatch Logs group with
/// retention, where the CIS metric filters read it.
/// </summary>
/// <remarks>
/// Sources: AWS CloudTrail User Guide, "Amazon S3 bucket policy for CloudTrail"
/// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html, "Configure AWS KMS
/// key policies for CloudTrail" https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html
/// and "Sending events to CloudWatch Logs" https://docs.aws.amazon.com/awscloudtrail/latest/userguide/send-cloudtrail-events-to-cloudwatch-logs.html
/// (checked 2026-12-01).
/// </remarks>
public sealed class AuditTrail : Construct
{
    /// <summary>The bucket roles of <see cref="Naming.Bucket"/>: the trail's log files and their server access logs.</summary>
    public static IReadOnlyList<string> BucketRoles { get; } = ["cloudtrail", "cloudtrail-logs"];

    /// <summary>Creates the key, buckets, log group, delivery role and trail.</summary>
    public AuditTrail(Construct scope, string id, AuditTrailProps props) : base(scope, id)
    {
        var names = props.Names;
        var env = names.Environment;
        var account = env.AccountId;
        var region = env.Region;
        TrailName = names.Of(Workspace.Security, "trail");
        var trailArn = $"arn:aws:cloudtrail:{region}:{account}:trail/{TrailName}";
        var thisTrail = PolicyStatement.When("StringEquals", "aws:SourceArn", trailArn);

        var key = new CustomerManagedKey(this, "key", new CustomerManagedKeyProps
        {
            Alias = names.Of(Workspace.Security, "trail"),
            Description = $"CloudTrail log files of {env.Name} (trail {TrailName})",
            AccountId = account,
            Statements =
            [
                new PolicyStatement
                {
                    Sid = "CloudTrailEncryptsLogs",
                    Services = ["cloudtrail.amazonaws.com"],
                    Actions = ["kms:GenerateDataKey*"],
                    Resources = ["*"],
                    Conditions = new Dictionary<string, IReadOnlyDictionary<string, IReadOnlyList<string>>>
                    {
                        ["StringEquals"] = new Dictionary<string, IReadOnlyList<string>> { ["aws:SourceArn"] = [trailArn] },
                        ["StringLike"] = new Dictionary<string, IReadOnlyList<string>>
                        {
                            ["kms:EncryptionContext:aws:cloudtrail:arn"] = [$"arn:aws:cloudtrail:*:{account}:trail/*"],
                        },
                    },
                },
                new PolicyStatement
                {
                    Sid = "CloudTrailDescribesKey",
                    Services = ["cloudtrail.amazonaws.com"],
                    Actions = ["kms:DescribeKey"],
                    Resources = ["*"],
                    Conditions = thisTrail,
                },
            ],
        });
        KmsKeyArn = key.KeyArn;

        var accessLogs = new SecureBucket(this, "access_logs", new SecureBucketProps
        {
            BucketName = names.Bucket(BucketRoles[1]),
            Encryption = BucketEncryption.S3Managed("S3 server access log delivery does not support SSE-KMS targets"),
            ExpireAfterDays = props.ObjectExpiryDays,
            NoncurrentVersionExpiryDays = 30,
            PreventDestroy = true,
            PolicyStatements = [arn => AccessLogDelivery.S3ServerAccessLogs(account, arn, "cloudtrail")],
        });

        var bucket = new SecureBucket(this, "bucket", new SecureBucketProps
        {
            BucketName = names.Bucket(BucketRoles[0]),
            Encryption = BucketEncryption.Kms(key.KeyArn),
            AccessLogs = new BucketLogTarget(accessLogs.BucketName, "cloudtrail/"),
            ExpireAfterDays = props.ObjectExpiryDays,
            NoncurrentVersionExpiryDays = 30,
            PreventDestroy = true,
            PolicyStatements =
            [
                arn => new PolicyStatement
                {
                    Sid = "CloudTrailChecksAcl",
                    Services = ["cloudtrail.amazonaws.com"],
                    Actions = ["s3:GetBucketAcl"],
                    Resources = [arn],
                    Conditions = thisTrail,
                },
                arn => new PolicyStatement
                {
                    Sid = "CloudTrailWrites",
                    Services = ["cloudtrail.amazonaws.com"],
                    Actions = ["s3:PutObject"],
                    Resources = [$"{arn}/AWSLogs/{account}/*"],
                    Conditions = new Dictionary<string, IReadOnlyDictionary<string, IReadOnlyList<string>>>
                    {
                        ["StringEquals"] = new Dictionary<string, IReadOnlyList<string>>
                        {
                            ["aws:SourceArn"] = [trailArn],
                            ["s3:x-amz-acl"] = ["bucket-owner-full-control"],
                        },
                    },
                },
            ],
        });
        BucketName = bucket.BucketName;

        var group = new CloudwatchLogGroup(this, "log_group", new CloudwatchLogGroupConfig
        {
            Name = $"/aws/cloudtrail/{TrailName}",
            RetentionInDays = props.LogRetentionDays,
            KmsKeyId = props.LogsKmsKeyArn,
        });
        LogGroupName = group.Name;

        var role = new IamRole(this, "role", new IamRoleConfig
        {
            Name = names.Of(Workspace.Security, "trail-logs"),
            Description = "CloudTrail delivery into its own log group only",
            AssumeRolePolicy = PolicyDocument.Of(new PolicyStatement
            {
                Sid = "CloudTrailAssumes",
                Services = ["cloudtrail.amazonaws.com"],
                Actions = ["sts:AssumeRole"],
                Conditions = thisTrail,
            }),
        });
        var delivery = new IamRolePolicy(this, "role_policy", new IamRolePolicyConfig
        {
            Role = role.Id,
            Name = "deliver-trail-events",
            Policy = PolicyDocument.Of(new PolicyStatement
            {
                Sid = "WriteOwnLogGroup",
                Actions = ["logs:CreateLogStream", "logs:PutLogEvents"],
                Resources = [$"{group.Arn}:log-stream:*"],
            }),
        });

        var trail = new Cloudtrail(this, "cloudtrail", new CloudtrailConfig
        {
            Name = TrailName,
            S3BucketName = bucket.BucketName,
            IsMultiRegionTrail = true,
            IncludeGlobalServiceEvents = true,
            EnableLogFileValidation = true,
            EnableLogging = true,
            KmsKeyId = key.KeyArn,
            CloudWatchLogsGroupArn = $"{group.Arn}:*",
            CloudWatchLogsRoleArn = role.Arn,
            DependsOn = [bucket.Policy, delivery],
        });
        TrailArn = trail.Arn;
    }

    /// <summary>The trail's name (a literal: <c>ecolaura-&lt;env&gt;-security-trail</c>).</summary>
    public string TrailName { get; }

    /// <summary>The trail's ARN (a token).</summary>
    public string TrailArn { get; }

    /// <summary>The trail's CMK.</summary>
    public string KmsKeyArn { get; }

    /// <summary>The trail's bucket (a token).</summary>
    public string BucketName { get; }

    /// <summary>The trail's log group, where the CIS metric filters run (a token).</summary>
    public string LogGroupName { get; }
}
