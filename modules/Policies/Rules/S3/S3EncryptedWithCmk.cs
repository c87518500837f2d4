using System.Text.Json.Nodes;

namespace Ecolaura.Tf.Policies.Rules;

/// <summary>ECO-S3-2: Every bucket has default encryption: SSE-KMS with a CMK and bucket keys; SSE-S3 only on log-delivery targets</summary>
public sealed class S3EncryptedWithCmk : ResourceRule
{
    /// <inheritdoc />
    public override string Id => "ECO-S3-2";

    /// <inheritdoc />
    public override Severity Severity => Severity.Error;

    /// <inheritdoc />
    public override IReadOnlyList<string> Anchors => ["CKV_AWS_19", "CKV_AWS_145", "AVD-AWS-0088", "AVD-AWS-0132"];

    /// <inheritdoc />
    public override string Checks => "Every bucket has default encryption: SSE-KMS with a CMK and bucket keys; SSE-S3 only on log-delivery targets";

    /// <inheritdoc />
    public override string Why => "Encryption at rest with a key we control; log delivery services cannot write SSE-KMS.";

    /// <inheritdoc />
    protected override string ResourceType => "aws_s3_bucket";

    /// <inheritdoc />
    protected override IEnumerable<(string Found, string Fix)> Check(TfResource r, StackDocument stack)
    {
        var rule = stack.Pointing("aws_s3_bucket_server_side_encryption_configuration", "bucket", r).FirstOrDefault()?.Block("rule");
        var byDefault = rule?["apply_server_side_encryption_by_default"] is JsonArray a ? a.FirstOrDefault() : rule?["apply_server_side_encryption_by_default"];
        var algorithm = TfResource.Value(byDefault, "sse_algorithm");
        var logTarget = stack.Resources("aws_s3_bucket_logging").Any(l => StackDocument.Refers(l.Str("target_bucket"), r));
        var kmsOk = algorithm == "aws:kms" && TfResource.Value(byDefault, "kms_master_key_id") is not null && TfResource.IsTrue(rule?["bucket_key_enabled"]);
        foreach (var p in Require(kmsOk || (algorithm == "AES256" && logTarget), $"sse_algorithm = {algorithm ?? "absent"}", "use aws:kms with the S3 CMK and bucket_key_enabled (SSE-S3 only for log targets)")) { yield return p; }
    }
}
