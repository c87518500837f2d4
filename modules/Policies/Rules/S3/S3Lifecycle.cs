using System.Text.Json.Nodes;

namespace Ecolaura.Tf.Policies.Rules;

/// <summary>ECO-S3-7: Every bucket has lifecycle rules aborting incomplete multipart uploads and expiring noncurrent versions; Intelligent-Tiering archive days within 90–730 / 180–730</summary>
public sealed class S3Lifecycle : ResourceRule
{
    /// <inheritdoc />
    public override string Id => "ECO-S3-7";

    /// <inheritdoc />
    public override Severity Severity => Severity.Warning;

    /// <inheritdoc />
    public override IReadOnlyList<string> Anchors => ["CKV2_AWS_61", "CKV_AWS_300", "S3 Intelligent-Tiering docs"];

    /// <inheritdoc />
    public override string Checks => "Every bucket has lifecycle rules aborting incomplete multipart uploads and expiring noncurrent versions; Intelligent-Tiering archive days within 90–730 / 180–730";

    /// <inheritdoc />
    public override string Why => "Cost control: S3 Intelligent-Tiering and no unbounded version or upload growth.";

    /// <inheritdoc />
    protected override string ResourceType => "aws_s3_bucket";

    /// <inheritdoc />
    protected override IEnumerable<(string Found, string Fix)> Check(TfResource r, StackDocument stack)
    {
        var rules = stack.Pointing("aws_s3_bucket_lifecycle_configuration", "bucket", r).SelectMany(l => l.Blocks("rule")).ToArray();
        foreach (var p in Require(rules.Any(x => x["abort_incomplete_multipart_upload"] is not null) && rules.Any(x => x["noncurrent_version_expiration"] is not null), "lifecycle without multipart abort or noncurrent expiry", "add both to the bucket lifecycle")) { yield return p; }
        foreach (var tiering in stack.Pointing("aws_s3_bucket_intelligent_tiering_configuration", "bucket", r).SelectMany(t => t.Blocks("tiering")))
        {
            var days = TfResource.Number(tiering["days"]) ?? 0;
            var tier = TfResource.Value(tiering, "access_tier");
            var ok = tier == "ARCHIVE_ACCESS" ? days is >= 90 and <= 730 : days is >= 180 and <= 730;
                foreach (var p in Require(ok, $"{tier} after {days} days", "use 90–730 days for ARCHIVE_ACCESS and 180–730 for DEEP_ARCHIVE_ACCESS")) { yield return p; }
        }
    }
}
