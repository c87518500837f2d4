using System.Text.Json.Nodes;

namespace Ecolaura.Tf.Policies.Rules;

/// <summary>ECO-S3-4: Every bucket except log-delivery targets logs access to a log bucket</summary>
public sealed class S3AccessLogged : ResourceRule
{
    /// <inheritdoc />
    public override string Id => "ECO-S3-4";

    /// <inheritdoc />
    public override Severity Severity => Severity.Warning;

    /// <inheritdoc />
    public override IReadOnlyList<string> Anchors => ["CKV_AWS_18", "AVD-AWS-0089"];

    /// <inheritdoc />
    public override string Checks => "Every bucket except log-delivery targets logs access to a log bucket";

    /// <inheritdoc />
    public override string Why => "Access logs answer who read or changed data.";

    /// <inheritdoc />
    protected override string ResourceType => "aws_s3_bucket";

    /// <inheritdoc />
    protected override IEnumerable<(string Found, string Fix)> Check(TfResource r, StackDocument stack)
    {
        var logTarget = stack.Resources("aws_s3_bucket_logging").Any(l => StackDocument.Refers(l.Str("target_bucket"), r));
        foreach (var p in Require(logTarget || stack.Pointing("aws_s3_bucket_logging", "bucket", r).Any(), "no server access logging", "add aws_s3_bucket_logging to the access-logs bucket")) { yield return p; }
    }
}
