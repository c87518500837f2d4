using System.Text.Json.Nodes;

namespace Ecolaura.Tf.Policies.Rules;

/// <summary>ECO-CF-3: aws_cloudfront_distribution: web_acl_id is a CLOUDFRONT-scope WAFv2 ACL with the common, known-bad-inputs and SQLi managed groups, a rate-based rule, metrics and logging</summary>
public sealed class CloudFrontWaf : ResourceRule
{
    /// <inheritdoc />
    public override string Id => "ECO-CF-3";

    /// <inheritdoc />
    public override Severity Severity => Severity.Error;

    /// <inheritdoc />
    public override IReadOnlyList<string> Anchors => ["CKV_AWS_68", "AVD-AWS-0011", "CKV_AWS_175", "CKV_AWS_342", "CKV_AWS_192", "CKV2_AWS_47", "CKV2_AWS_31"];

    /// <inheritdoc />
    public override string Checks => "aws_cloudfront_distribution: web_acl_id is a CLOUDFRONT-scope WAFv2 ACL with the common, known-bad-inputs and SQLi managed groups, a rate-based rule, metrics and logging";

    /// <inheritdoc />
    public override string Why => "WAF guards the CDN; these groups cover OWASP basics, Log4Shell-style inputs and SQL injection.";

    /// <inheritdoc />
    protected override string ResourceType => "aws_cloudfront_distribution";

    /// <inheritdoc />
    protected override IEnumerable<(string Found, string Fix)> Check(TfResource r, StackDocument stack)
    {
        var acl = stack.Referenced(r.Str("web_acl_id"));
        var rules = acl?.Blocks("rule") ?? [];
        var groups = rules.Select(x => TfResource.Value(x["statement"] is JsonArray s ? s.FirstOrDefault()?["managed_rule_group_statement"] : x["statement"]?["managed_rule_group_statement"], "name")).ToArray();
        var required = new[] { "AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet", "AWSManagedRulesSQLiRuleSet" };
        var rateBased = rules.Any(x => (x["statement"] is JsonArray s ? s.FirstOrDefault() : x["statement"])?["rate_based_statement"] is not null);
        var logged = acl is not null && stack.Resources("aws_wafv2_web_acl_logging_configuration").Any(l => StackDocument.Refers(l.Str("resource_arn"), acl));
        foreach (var p in Require(acl is not null && acl.Str("scope") == "CLOUDFRONT", "no CLOUDFRONT-scope WAF ACL attached", "attach the CLOUDFRONT-scope ACL (us-east-1)")) { yield return p; }
        foreach (var p in Require(acl is null || (required.All(groups.Contains) && rateBased), $"ACL groups [{string.Join(", ", groups)}], rate-based {rateBased}", "add the common, known-bad-inputs and SQLi groups and a rate-based rule")) { yield return p; }
        foreach (var p in Require(acl is null || (TfResource.IsTrue(acl.Block("visibility_config")?["cloudwatch_metrics_enabled"]) && logged), "ACL metrics or logging off", "enable visibility_config metrics and an aws_wafv2_web_acl_logging_configuration")) { yield return p; }
    }
}
