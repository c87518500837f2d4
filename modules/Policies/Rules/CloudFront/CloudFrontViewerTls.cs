using System.Text.Json.Nodes;

namespace Ecolaura.Tf.Policies.Rules;

/// <summary>ECO-CF-2: aws_cloudfront_distribution: an ACM certificate from us-east-1, sni-only, minimum TLSv1.2_2021 or newer, not the default certificate</summary>
public sealed class CloudFrontViewerTls : ResourceRule
{
    /// <inheritdoc />
    public override string Id => "ECO-CF-2";

    /// <inheritdoc />
    public override Severity Severity => Severity.Error;

    /// <inheritdoc />
    public override IReadOnlyList<string> Anchors => ["CKV_AWS_174", "AVD-AWS-0013", "CKV2_AWS_42"];

    /// <inheritdoc />
    public override string Checks => "aws_cloudfront_distribution: an ACM certificate from us-east-1, sni-only, minimum TLSv1.2_2021 or newer, not the default certificate";

    /// <inheritdoc />
    public override string Why => "Old TLS versions and the shared *.cloudfront.net certificate weaken encryption in transit.";

    /// <inheritdoc />
    protected override string ResourceType => "aws_cloudfront_distribution";

    /// <inheritdoc />
    protected override IEnumerable<(string Found, string Fix)> Check(TfResource r, StackDocument stack)
    {
        var viewer = r.Block("viewer_certificate");
        var certificate = stack.Referenced(TfResource.Value(viewer, "acm_certificate_arn"));
        if (certificate?.Type == "aws_acm_certificate_validation")
        {
            certificate = stack.Referenced(certificate.Str("certificate_arn"));
        }

        foreach (var p in Require(certificate is not null && stack.RegionOf(certificate) == "us-east-1", "certificate not an ACM certificate in us-east-1", "issue the CloudFront certificate through EcolauraStack.UsEast1Provider")) { yield return p; }
        foreach (var p in Require(TfResource.Value(viewer, "ssl_support_method") == "sni-only" && TfResource.Value(viewer, "minimum_protocol_version") is "TLSv1.2_2021" or "TLSv1.2_2025" or "TLSv1.3_2025" && !TfResource.IsTrue(viewer?["cloudfront_default_certificate"]), $"viewer_certificate = {viewer?.ToJsonString()}", "use sni-only and TLSv1.2_2021 (or newer)")) { yield return p; }
    }
}
