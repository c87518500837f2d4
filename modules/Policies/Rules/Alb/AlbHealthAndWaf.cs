using System.Text.Json.Nodes;

namespace Ecolaura.Tf.Policies.Rules;

/// <summary>ECO-ALB-4: HTTP target groups have complete health checks; an internet-facing ALB has a REGIONAL WAFv2 association</summary>
public sealed class AlbHealthAndWaf : PolicyRule
{
    /// <inheritdoc />
    public override string Id => "ECO-ALB-4";

    /// <inheritdoc />
    public override Severity Severity => Severity.Error;

    /// <inheritdoc />
    public override IReadOnlyList<string> Anchors => ["CKV_AWS_261", "CKV2_AWS_28"];

    /// <inheritdoc />
    public override string Checks => "HTTP target groups have complete health checks; an internet-facing ALB has a REGIONAL WAFv2 association";

    /// <inheritdoc />
    public override string Why => "Blue-green switches and autoscaling rely on health checks; the ALB is internet-facing, so it gets its own WAF.";

    /// <inheritdoc />
    public override IEnumerable<Violation> Evaluate(StackDocument stack)
    {
        foreach (var group in stack.Resources("aws_lb_target_group"))
        {
            var check = group.Block("health_check");
            var complete = TfResource.Value(check, "path") is not null && TfResource.Value(check, "matcher") is not null
                && TfResource.Number(check?["healthy_threshold"]) is not null && TfResource.Number(check?["unhealthy_threshold"]) is not null && TfResource.Number(check?["interval"]) is not null;
            if (!complete)
            {
                yield return group.Violation($"health_check = {check?.ToJsonString() ?? "absent"}", "set path, matcher, thresholds and interval");
            }
        }

        foreach (var lb in stack.Resources("aws_lb").Where(l => l.Bool("internal") != true))
        {
            if (!stack.Resources("aws_wafv2_web_acl_association").Any(a => StackDocument.Refers(a.Str("resource_arn"), lb)))
            {
                yield return lb.Violation("internet-facing ALB without a WAF association", "associate a REGIONAL WAFv2 ACL");
            }
        }
    }
}
