using System.Text.Json.Nodes;

namespace Ecolaura.Tf.Policies.Rules;

/// <summary>ECO-S3-6: Every bucket has object ownership BucketOwnerEnforced (ACLs disabled)</summary>
public sealed class S3OwnerEnforced : ResourceRule
{
    /// <inheritdoc />
    public override string Id => "ECO-S3-6";

    /// <inheritdoc />
    public override Severity Severity => Severity.Warning;

    /// <inheritdoc />
    public override IReadOnlyList<string> Anchors => ["CKV2_AWS_65"];

    /// <inheritdoc />
    public override string Checks => "Every bucket has object ownership BucketOwnerEnforced (ACLs disabled)";

    /// <inheritdoc />
    public override string Why => "ACLs are a second, easily overlooked way to grant access.";

    /// <inheritdoc />
    protected override string ResourceType => "aws_s3_bucket";

    /// <inheritdoc />
    protected override IEnumerable<(string Found, string Fix)> Check(TfResource r, StackDocument stack)
    {
        foreach (var p in Require(stack.Pointing("aws_s3_bucket_ownership_controls", "bucket", r).Any(o => TfResource.Value(o.Block("rule"), "object_ownership") == "BucketOwnerEnforced"), "ACLs not disabled", "add aws_s3_bucket_ownership_controls with BucketOwnerEnforced")) { yield return p; }
    }
}
