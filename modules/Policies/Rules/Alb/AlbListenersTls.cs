using System.Text.Json.Nodes;

namespace Ecolaura.Tf.Policies.Rules;

/// <summary>ECO-ALB-1: aws_lb_listener: HTTPS with a certificate and an allow-listed TLS 1.3 policy; HTTP only as a 301 redirect to HTTPS</summary>
public sealed class AlbListenersTls : ResourceRule
{
    /// <inheritdoc />
    public override string Id => "ECO-ALB-1";

    /// <inheritdoc />
    public override Severity Severity => Severity.Error;

    /// <inheritdoc />
    public override IReadOnlyList<string> Anchors => ["CKV_AWS_2", "AVD-AWS-0054", "CKV2_AWS_20", "CKV_AWS_103", "CKV2_AWS_74", "AVD-AWS-0047"];

    /// <inheritdoc />
    public override string Checks => "aws_lb_listener: HTTPS with a certificate and an allow-listed TLS 1.3 policy; HTTP only as a 301 redirect to HTTPS";

    /// <inheritdoc />
    public override string Why => "TLS terminates at the ALB; the provider default policy (2016-08) allows TLS 1.0.";

    /// <inheritdoc />
    protected override string ResourceType => "aws_lb_listener";

    /// <inheritdoc />
    protected override IEnumerable<(string Found, string Fix)> Check(TfResource r, StackDocument stack)
    {
        var protocol = r.Str("protocol");
        if (protocol == "HTTPS")
        {
            foreach (var p in Require(EdgeConfigValidator.AllowedSslPolicies.Contains(r.Str("ssl_policy") ?? "") && r.Str("certificate_arn") is not null, $"ssl_policy = {r.Show("ssl_policy")}", $"use one of [{string.Join(", ", EdgeConfigValidator.AllowedSslPolicies)}] and a certificate")) { yield return p; }
        }
        else
        {
            var action = r.Block("default_action");
            var redirect = action?["redirect"] is JsonArray a ? a.FirstOrDefault() : action?["redirect"];
            foreach (var p in Require(TfResource.Value(action, "type") == "redirect" && TfResource.Value(redirect, "protocol") == "HTTPS" && TfResource.Value(redirect, "status_code") == "HTTP_301", $"{protocol} listener that does not redirect to HTTPS", "answer HTTP with a 301 to HTTPS")) { yield return p; }
        }
    }
}
