using Constructs;
using HashiCorp.Cdktf.Providers.Aws.Wafv2WebAcl;
using HashiCorp.Cdktf.Providers.Aws.Wafv2WebAclAssociation;

namespace Ecolaura.Tf.Edge;

/// <summary>Props of <see cref="OriginWebAcl"/>.</summary>
public sealed record OriginWebAclProps
{
    /// <summary>The ACL name, also its metric name.</summary>
    public required string Name { get; init; }

    /// <summary>The ALB it protects.</summary>
    public required string LoadBalancerArn { get; init; }

    /// <summary>The header CloudFront adds to origin requests.</summary>
    public required string OriginHeaderName { get; init; }

    /// <summary>Its secret value (a sensitive variable reference, never a literal).</summary>
    public required string OriginHeaderValue { get; init; }
}

/// <summary>
/// A REGIONAL WAF ACL on the internet-facing ALB (checkov CKV2_AWS_28): default block, allowing only
/// requests that carry CloudFront's secret origin header. With the ALB security group (CloudFront's origin-facing prefix
/// list) and the listener's header rule, it is the third lock on the origin; the inspection itself happens at CloudFront.
/// </summary>
public sealed class OriginWebAcl : Construct
{
    /// <summary>The rule that lets CloudFront's requests through.</summary>
    public const string AllowRule = "AllowCloudFrontOriginHeader";

    /// <summary>Creates the ACL and associates it with the ALB.</summary>
    public OriginWebAcl(Construct scope, string id, OriginWebAclProps props) : base(scope, id)
    {
        var acl = new Wafv2WebAcl(this, "acl", new Wafv2WebAclConfig
        {
            Name = props.Name,
            Description = "On the ALB: only CloudFront's origin requests pass",
            Scope = "REGIONAL",
            DefaultAction = new Wafv2WebAclDefaultAction { Block = new Wafv2WebAclDefaultActionBlock() },
            Rule = new[]
            {
                new Wafv2WebAclRule
                {
                    Name = AllowRule,
                    Priority = 0,
                    Action = new Wafv2WebAclRuleAction { Allow = new Wafv2WebAclRuleActionAllow() },
                    Statement = new Dictionary<string, object>
                    {
                        ["byte_match_statement"] = new Dictionary<string, object>
                        {
                            ["search_string"] = props.OriginHeaderValue,
                            ["positional_constraint"] = "EXACTLY",
                            ["field_to_match"] = new Dictionary<string, object>
                            {
                                ["single_header"] = new Dictionary<string, object> { ["name"] = props.OriginHeaderName.ToLowerInvariant() },
                            },
                            ["text_transformation"] = new Dictionary<string, object> { ["priority"] = 0, ["type"] = "NONE" },
                        },
                    },
                    VisibilityConfig = new Wafv2WebAclRuleVisibilityConfig
                    {
                        CloudwatchMetricsEnabled = true,
                        MetricName = AllowRule,
                        // Sampled requests would show the header's value in the console; redaction applies to logs only.
                        SampledRequestsEnabled = false,
                    },
                },
            },
            VisibilityConfig = new Wafv2WebAclVisibilityConfig
            {
                CloudwatchMetricsEnabled = true,
                MetricName = props.Name,
                SampledRequestsEnabled = false,
            },
        });
        _ = new Wafv2WebAclAssociation(this, "association", new Wafv2WebAclAssociationConfigA
        {
            ResourceArn = props.LoadBalancerArn,
            WebAclArn = acl.Arn,
        });
        WebAclArn = acl.Arn;
    }

    /// <summary>The ACL ARN.</summary>
    public string WebAclArn { get; }
}
