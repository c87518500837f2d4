using System.Text.Json.Nodes;

namespace Ecolaura.Tf.Policies.Rules;

/// <summary>ECO-CF-1: aws_cloudfront_distribution: every cache behaviour uses redirect-to-https or https-only</summary>
public sealed class CloudFrontHttpsOnly : ResourceRule
{
    /// <inheritdoc />
    public override string Id => "ECO-CF-1";

    /// <inheritdoc />
    public override Severity Severity => Severity.Error;

    /// <inheritdoc />
    public override IReadOnlyList<string> Anchors => ["CKV_AWS_34", "AVD-AWS-0012"];

    /// <inheritdoc />
    public override string Checks => "aws_cloudfront_distribution: every cache behaviour uses redirect-to-https or https-only";

    /// <inheritdoc />
    public override string Why => "Viewers must use HTTPS; allow-all would serve sessions in clear text.";

    /// <inheritdoc />
    protected override string ResourceType => "aws_cloudfront_distribution";

    /// <inheritdoc />
    protected override IEnumerable<(string Found, string Fix)> Check(TfResource r, StackDocument stack)
    {
        foreach (var behaviour in r.Blocks("default_cache_behavior").Concat(r.Blocks("ordered_cache_behavior")))
        {
            var policy = TfResource.Value(behaviour, "viewer_protocol_policy");
            if (policy is not ("redirect-to-https" or "https-only"))
            {
                yield return ($"{TfResource.Value(behaviour, "path_pattern") ?? "default"} behaviour has viewer_protocol_policy = {policy ?? "absent"}", "use redirect-to-https");
            }
        }
    }
}
