using System.Text.Json.Nodes;

namespace Ecolaura.Tf.Policies.Rules;

/// <summary>ECO-CF-4: aws_cloudfront_distribution: access logging, S3 origins through OAC, custom origins https-only with TLSv1.2 and a secret header, an HSTS response-headers policy</summary>
public sealed class CloudFrontOrigins : ResourceRule
{
    /// <inheritdoc />
    public override string Id => "ECO-CF-4";

    /// <inheritdoc />
    public override Severity Severity => Severity.Error;

    /// <inheritdoc />
    public override IReadOnlyList<string> Anchors => ["CKV_AWS_86", "AVD-AWS-0010", "CKV2_AWS_46", "CKV2_AWS_72", "CKV2_AWS_54", "CKV2_AWS_32", "CKV_AWS_259"];

    /// <inheritdoc />
    public override string Checks => "aws_cloudfront_distribution: access logging, S3 origins through OAC, custom origins https-only with TLSv1.2 and a secret header, an HSTS response-headers policy";

    /// <inheritdoc />
    public override string Why => "Keeps the bucket private, the ALB reachable only through CloudFront, and browsers on HTTPS.";

    /// <inheritdoc />
    protected override string ResourceType => "aws_cloudfront_distribution";

    /// <inheritdoc />
    protected override IEnumerable<(string Found, string Fix)> Check(TfResource r, StackDocument stack)
    {
        var logged = r.Body["logging_config"] is not null || stack.Resources("aws_cloudwatch_log_delivery_source").Any(s => StackDocument.Refers(s.Str("resource_arn"), r));
        foreach (var p in Require(logged, "no access logging", "enable standard logging (v2 delivery or logging_config)")) { yield return p; }
        foreach (var origin in r.Blocks("origin"))
        {
            var custom = origin["custom_origin_config"] is JsonArray a ? a.FirstOrDefault() : origin["custom_origin_config"];
            var id = TfResource.Value(origin, "origin_id");
            if (custom is null && TfResource.Value(origin, "origin_access_control_id") is null)
            {
                yield return ($"origin {id} without Origin Access Control", "serve the bucket through OAC, never a website endpoint");
            }

            var protocols = custom?["origin_ssl_protocols"] as JsonArray ?? [];
            if (custom is not null && (TfResource.Value(custom, "origin_protocol_policy") != "https-only" || protocols.Select(TfResource.Value).Any(p => p != "TLSv1.2") || (origin["custom_header"] as JsonArray ?? []).Count == 0))
            {
                yield return ($"origin {id}: {custom.ToJsonString()}", "use https-only, TLSv1.2 and the secret origin header");
            }
        }

        var headers = stack.Referenced(TfResource.Value(r.Block("default_cache_behavior"), "response_headers_policy_id"));
        var hsts = headers?.Block("security_headers_config")?["strict_transport_security"];
        var hstsBlock = hsts is JsonArray h ? h.FirstOrDefault() : hsts;
        foreach (var p in Require((TfResource.Number(hstsBlock?["access_control_max_age_sec"]) ?? 0) >= 31536000, "no HSTS response-headers policy of a year or more", "attach a response-headers policy with strict_transport_security")) { yield return p; }
    }
}
