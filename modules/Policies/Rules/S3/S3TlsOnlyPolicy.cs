using System.Text.Json.Nodes;

namespace Ecolaura.Tf.Policies.Rules;

/// <summary>ECO-S3-5: Every bucket policy denies s3:* without TLS (aws:SecureTransport false) and allows nothing to Principal *</summary>
public sealed class S3TlsOnlyPolicy : ResourceRule
{
    /// <inheritdoc />
    public override string Id => "ECO-S3-5";

    /// <inheritdoc />
    public override Severity Severity => Severity.Error;

    /// <inheritdoc />
    public override IReadOnlyList<string> Anchors => ["CKV_AWS_379", "CIS 2.1.1", "CKV_AWS_70"];

    /// <inheritdoc />
    public override string Checks => "Every bucket policy denies s3:* without TLS (aws:SecureTransport false) and allows nothing to Principal *";

    /// <inheritdoc />
    public override string Why => "Encryption in transit; a public Allow would publish the bucket.";

    /// <inheritdoc />
    protected override string ResourceType => "aws_s3_bucket";

    /// <inheritdoc />
    protected override IEnumerable<(string Found, string Fix)> Check(TfResource r, StackDocument stack)
    {
        var policy = stack.Pointing("aws_s3_bucket_policy", "bucket", r).FirstOrDefault()?.Str("policy");
        var statements = policy is null ? [] : (JsonNode.Parse(policy)?["Statement"] as JsonArray ?? []).OfType<JsonNode>().ToArray();
        var tlsDeny = statements.Any(s => TfResource.Value(s, "Effect") == "Deny" && TfResource.Value(s?["Condition"]?["Bool"], "aws:SecureTransport") == "false");
        foreach (var p in Require(tlsDeny, "no TLS-only deny", "deny s3:* when aws:SecureTransport is false")) { yield return p; }
        foreach (var p in Require(!statements.Any(s => TfResource.Value(s, "Effect") == "Allow" && TfResource.Value(s, "Principal") is "*"), "Allow to Principal *", "grant only named principals")) { yield return p; }
    }
}
