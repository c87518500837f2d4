using System.Text.Json.Nodes;

namespace Ecolaura.Tf.Policies.Rules;

/// <summary>ECO-S3-1: Every bucket has a public access block with all four flags true</summary>
public sealed class S3PublicAccessBlocked : ResourceRule
{
    /// <inheritdoc />
    public override string Id => "ECO-S3-1";

    /// <inheritdoc />
    public override Severity Severity => Severity.Error;

    /// <inheritdoc />
    public override IReadOnlyList<string> Anchors => ["CKV2_AWS_6", "CKV_AWS_53", "CKV_AWS_54", "CKV_AWS_55", "CKV_AWS_56", "AVD-AWS-0086", "AVD-AWS-0087", "AVD-AWS-0091", "AVD-AWS-0093", "AVD-AWS-0094", "CIS 2.1.4"];

    /// <inheritdoc />
    public override string Checks => "Every bucket has a public access block with all four flags true";

    /// <inheritdoc />
    public override string Why => "Static assets are served through CloudFront Origin Access Control, never publicly.";

    /// <inheritdoc />
    protected override string ResourceType => "aws_s3_bucket";

    /// <inheritdoc />
    protected override IEnumerable<(string Found, string Fix)> Check(TfResource r, StackDocument stack)
    {
        var block = stack.Pointing("aws_s3_bucket_public_access_block", "bucket", r).FirstOrDefault();
        var flags = new[] { "block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets" };
        foreach (var p in Require(block is not null && flags.All(f => block.Bool(f) == true), "public access not fully blocked", "add aws_s3_bucket_public_access_block with all four flags true")) { yield return p; }
    }
}
