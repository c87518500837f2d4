using System.Text.Json.Nodes;

namespace Ecolaura.Tf.Policies.Rules;

/// <summary>ECO-S3-3: Every bucket has versioning Enabled</summary>
public sealed class S3Versioned : ResourceRule
{
    /// <inheritdoc />
    public override string Id => "ECO-S3-3";

    /// <inheritdoc />
    public override Severity Severity => Severity.Error;

    /// <inheritdoc />
    public override IReadOnlyList<string> Anchors => ["CKV_AWS_21", "AVD-AWS-0090"];

    /// <inheritdoc />
    public override string Checks => "Every bucket has versioning Enabled";

    /// <inheritdoc />
    public override string Why => "Versions recover overwritten or deleted objects and are required on both sides of replication.";

    /// <inheritdoc />
    protected override string ResourceType => "aws_s3_bucket";

    /// <inheritdoc />
    protected override IEnumerable<(string Found, string Fix)> Check(TfResource r, StackDocument stack)
    {
        foreach (var p in Require(stack.Pointing("aws_s3_bucket_versioning", "bucket", r).Any(v => TfResource.Value(v.Body["versioning_configuration"], "status") == "Enabled"), "versioning not enabled", "add aws_s3_bucket_versioning with status Enabled")) { yield return p; }
    }
}
