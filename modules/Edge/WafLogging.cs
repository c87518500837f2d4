using Constructs;
using HashiCorp.Cdktf.Providers.Aws.CloudwatchLogGroup;
using HashiCorp.Cdktf.Providers.Aws.CloudwatchLogResourcePolicy;
using HashiCorp.Cdktf.Providers.Aws.Provider;
using HashiCorp.Cdktf.Providers.Aws.Wafv2WebAclLoggingConfiguration;

namespace Ecolaura.Tf.Edge;

/// <summary>Props of <see cref="WafLogging"/>.</summary>
public sealed record WafLoggingProps
{
    /// <summary>The web ACL whose requests are logged.</summary>
    public required string WebAclArn { get; init; }

    /// <summary>The log group name; WAF requires the <c>aws-waf-logs-</c> prefix.</summary>
    public required string LogGroupName { get; init; }

    /// <summary>The CMK of the log group, in the log group's region.</summary>
    public required string KmsKeyArn { get; init; }

    /// <summary>Retention in days (a CloudWatch value, at least 365 for WAF logs).</summary>
    public required int RetentionDays { get; init; }

    /// <summary>Header names (lower case) whose values are replaced by <c>REDACTED</c> in the logs.</summary>
    public required IReadOnlyList<string> RedactedHeaders { get; init; }

    /// <summary>The account (resource-policy conditions).</summary>
    public required string AccountId { get; init; }

    /// <summary>The region of the ACL's logs: us-east-1 for CLOUDFRONT scope, the ALB's region for REGIONAL.</summary>
    public required string Region { get; init; }

    /// <summary>The provider of that region.</summary>
    /// <remarks>Default: the stack's default provider.</remarks>
    public AwsProvider? Provider { get; init; }
}

/// <summary>
/// WAF request logs in a KMS-encrypted CloudWatch log group, with the resource policy that lets the log delivery
/// service write only to that group for this account, and the sensitive headers redacted.
/// </summary>
public sealed class WafLogging : Construct
{
    /// <summary>The prefix AWS WAF requires of its log destinations.</summary>
    public const string LogGroupPrefix = "aws-waf-logs-";

    /// <summary>Creates the log group, its resource policy and the logging configuration.</summary>
    public WafLogging(Construct scope, string id, WafLoggingProps props) : base(scope, id)
    {
        if (!props.LogGroupName.StartsWith(LogGroupPrefix, StringComparison.Ordinal))
        {
            throw new ArgumentException($"WAF log group '{props.LogGroupName}' must start with {LogGroupPrefix}", nameof(props));
        }

        if (!AwsFacts.LogRetentionDays.Contains(props.RetentionDays) || props.RetentionDays < 365)
        {
            throw new ArgumentException($"WAF log group '{props.LogGroupName}': retention {props.RetentionDays} is not a CloudWatch value of at least 365 days", nameof(props));
        }

        var group = new CloudwatchLogGroup(this, "log_group", new CloudwatchLogGroupConfig
        {
            Name = props.LogGroupName,
            RetentionInDays = props.RetentionDays,
            KmsKeyId = props.KmsKeyArn,
            Provider = props.Provider,
        });

        var policy = new CloudwatchLogResourcePolicy(this, "delivery_policy", new CloudwatchLogResourcePolicyConfig
        {
            PolicyName = $"{props.LogGroupName}-delivery",
            PolicyDocument = PolicyDocument.Of(new PolicyStatement
            {
                Sid = "AllowWafLogDelivery",
                Services = ["delivery.logs.amazonaws.com"],
                Actions = ["logs:CreateLogStream", "logs:PutLogEvents"],
                Resources = [$"arn:aws:logs:{props.Region}:{props.AccountId}:log-group:{props.LogGroupName}:log-stream:*"],
                Conditions = new Dictionary<string, IReadOnlyDictionary<string, IReadOnlyList<string>>>
                {
                    ["StringEquals"] = new Dictionary<string, IReadOnlyList<string>> { ["aws:SourceAccount"] = [props.AccountId] },
                    ["ArnLike"] = new Dictionary<string, IReadOnlyList<string>> { ["aws:SourceArn"] = [$"arn:aws:logs:{props.Region}:{props.AccountId}:*"] },
                },
            }),
            Provider = props.Provider,
        });

        _ = new Wafv2WebAclLoggingConfiguration(this, "logging", new Wafv2WebAclLoggingConfigurationConfig
        {
            ResourceArn = props.WebAclArn,
            LogDestinationConfigs = [group.Arn],
            RedactedFields = props.RedactedHeaders.Select(header => new Wafv2WebAclLoggingConfigurationRedactedFields
            {
                SingleHeader = new Wafv2WebAclLoggingConfigurationRedactedFieldsSingleHeader { Name = header },
            }).ToArray(),
            DependsOn = [policy],
            Provider = props.Provider,
        });
        LogGroupName = group.Name;
    }

    /// <summary>The log group's name.</summary>
    public string LogGroupName { get; }
}
