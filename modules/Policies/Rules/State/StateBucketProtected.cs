using System.Text.Json.Nodes;

namespace Ecolaura.Tf.Policies.Rules;

/// <summary>ECO-STATE-3: The state bucket is versioned and carries lifecycle.prevent_destroy</summary>
public sealed class StateBucketProtected : ResourceRule
{
    /// <inheritdoc />
    public override string Id => "ECO-STATE-3";

    /// <inheritdoc />
    public override Severity Severity => Severity.Error;

    /// <inheritdoc />
    public override IReadOnlyList<string> Anchors => ["CKV_AWS_21", "AVD-AWS-0090"];

    /// <inheritdoc />
    public override string Checks => "The state bucket is versioned and carries lifecycle.prevent_destroy";

    /// <inheritdoc />
    public override string Why => "Versioning recovers a corrupted or deleted state; prevent_destroy stops a stray destroy from deleting every workspace's state.";

    /// <inheritdoc />
    protected override string ResourceType => "aws_s3_bucket";

    /// <inheritdoc />
    protected override IEnumerable<(string Found, string Fix)> Check(TfResource bucket, StackDocument stack)
    {
        if (!(bucket.Str("bucket") ?? "").Contains("-tfstate-", StringComparison.Ordinal) || (bucket.Str("bucket") ?? "").EndsWith("-logs", StringComparison.Ordinal))
        {
            yield break;
        }

        var versioned = stack.Pointing("aws_s3_bucket_versioning", "bucket", bucket)
            .Any(v => TfResource.Value(v.Body["versioning_configuration"], "status") == "Enabled");
        if (!versioned)
        {
            yield return ("state bucket without versioning", "add aws_s3_bucket_versioning with status Enabled");
        }

        if (!bucket.PreventDestroy)
        {
            yield return ("state bucket without prevent_destroy", "set lifecycle.prevent_destroy = true");
        }
    }
}
