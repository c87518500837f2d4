using Constructs;
using HashiCorp.Cdktf.Providers.Aws.Provider;
using HashiCorp.Cdktf.Providers.Aws.Wafv2WebAcl;

namespace Ecolaura.Tf.Edge;

/// <summary>Props of <see cref="CdnWebAcl"/>.</summary>
public sealed record CdnWebAclProps
{
    /// <summary>The ACL name, also its metric name (letters, digits, '-' and '_').</summary>
    public required string Name { get; init; }

    /// <summary>Requests per client IP per 5 minutes before the rate-based rule blocks it.</summary>
    public required int RateLimit { get; init; }

    /// <summary>The us-east-1 provider: CLOUDFRONT-scope ACLs exist only there.</summary>
    public required AwsProvider UsEast1Provider { get; init; }
}

/// <summary>
/// The CLOUDFRONT-scope WAF ACL in front of the distribution (checkov CKV_AWS_68, Trivy AVD-AWS-0011): default allow; AWS managed IP
/// reputation, common, known-bad-inputs and SQL injection rule groups with their own actions; a per-IP rate-based block;
/// CloudWatch metrics and sampled requests on for the ACL and every rule.
/// </summary>
public sealed class CdnWebAcl : Construct
{
    /// <summary>The AWS managed rule groups, in evaluation order.</summary>
    public static IReadOnlyList<string> ManagedRuleGroups { get; } =
    [
        "AWSManagedRulesAmazonIpReputationList",
        "AWSManagedRulesCommonRuleSet",
        "AWSManagedRulesKnownBadInputsRuleSet",
        "AWSManagedRulesSQLiRuleSet",
    ];

    /// <summary>The rate-based rule's name.</summary>
    public const string RateLimitRule = "RateLimitPerIp";

    /// <summary>Creates the ACL.</summary>
    public CdnWebAcl(Construct scope, string id, CdnWebAclProps props) : base(scope, id)
    {
        var rules = new List<Wafv2WebAclRule>();
        foreach (var group in ManagedRuleGroups)
        {
            rules.Add(new Wafv2WebAclRule
            {
                Name = group,
                Priority = rules.Count,
                // "none" keeps each managed rule's own action (block), as opposed to "count".
                OverrideAction = new Wafv2WebAclRuleOverrideAction { None = new Wafv2WebAclRuleOverrideActionNone() },
                Statement = new Dictionary<string, object>
                {
                    ["managed_rule_group_statement"] = new Dictionary<string, object> { ["name"] = group, ["vendor_name"] = "AWS" },
                },
                VisibilityConfig = Visibility(group),
            });
        }

        rules.Add(new Wafv2WebAclRule
        {
            Name = RateLimitRule,
            Priority = rules.Count,
            Action = new Wafv2WebAclRuleAction { Block = new Wafv2WebAclRuleActionBlock() },
            Statement = new Dictionary<string, object>
            {
                ["rate_based_statement"] = new Dictionary<string, object>
                {
                    ["limit"] = props.RateLimit,
                    ["aggregate_key_type"] = "IP",
                    ["evaluation_window_sec"] = 300,
                },
            },
            VisibilityConfig = Visibility(RateLimitRule),
        });

        var acl = new Wafv2WebAcl(this, "acl", new Wafv2WebAclConfig
        {
            Name = props.Name,
            Description = "In front of the CloudFront distribution",
            Scope = "CLOUDFRONT",
            DefaultAction = new Wafv2WebAclDefaultAction { Allow = new Wafv2WebAclDefaultActionAllow() },
            Rule = rules.ToArray(),
            VisibilityConfig = new Wafv2WebAclVisibilityConfig
            {
                CloudwatchMetricsEnabled = true,
                MetricName = props.Name,
                SampledRequestsEnabled = true,
            },
            Provider = props.UsEast1Provider,
        });
        WebAclArn = acl.Arn;
        WebAclName = acl.Name;

        static Wafv2WebAclRuleVisibilityConfig Visibility(string metric) => new()
        {
            CloudwatchMetricsEnabled = true,
            MetricName = metric,
            SampledRequestsEnabled = true,
        };
    }

    /// <summary>The ACL ARN (the distribution's <c>web_acl_id</c>).</summary>
    public string WebAclArn { get; }

    /// <summary>The ACL name (the WebACL dimension of its metrics).</summary>
    public string WebAclName { get; }
}
