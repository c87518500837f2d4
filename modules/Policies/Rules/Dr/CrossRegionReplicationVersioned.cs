namespace Ecolaura.Tf.Policies.Rules;

/// <summary>
/// ECO-DR-2: every S3 replication configuration replicates between versioned buckets and re-encrypts: its source and
/// each destination bucket have <c>aws_s3_bucket_versioning</c> Enabled in the same stack, SSE-KMS objects are selected
/// (<c>sse_kms_encrypted_objects</c> Enabled) and each destination names a <c>replica_kms_key_id</c>.
/// </summary>
public sealed class CrossRegionReplicationVersioned : PolicyRule
{
    /// <inheritdoc />
    public override string Id => "ECO-DR-2";

    /// <inheritdoc />
    public override Severity Severity => Severity.Error;

    /// <inheritdoc />
    public override IReadOnlyList<string> Anchors => ["CKV_AWS_144", "REL09-BP02", "S3 replication requirements"];

    /// <inheritdoc />
    public override string Checks => "S3 replication: versioning Enabled on the source and every destination, SSE-KMS objects selected, a replica KMS key per destination";

    /// <inheritdoc />
    public override string Why => "S3 refuses replication without versioning at both ends and silently skips SSE-KMS objects unless they are selected and a destination key is given (https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-requirements.html, checked 2026-12-01).";

    /// <inheritdoc />
    public override IEnumerable<Violation> Evaluate(StackDocument stack)
    {
        foreach (var replication in stack.Resources("aws_s3_bucket_replication_configuration"))
        {
            var source = stack.Referenced(replication.Str("bucket"));
            if (!Versioned(stack, source))
            {
                yield return replication.Violation($"source bucket {replication.Show("bucket")} is not versioned in this stack", "replicate from a SecureBucket (versioning Enabled)");
            }

            foreach (var rule in Blocks(replication.Body["rule"]))
            {
                var destination = Blocks(rule["destination"]).FirstOrDefault();
                var target = stack.Referenced(TfResource.Value(destination, "bucket"));
                if (!Versioned(stack, target))
                {
                    yield return replication.Violation($"destination {TfResource.Value(destination, "bucket") ?? "absent"} is not versioned in this stack", "replicate into a SecureBucket (versioning Enabled)");
                }

                if (string.IsNullOrEmpty(TfResource.Value(Blocks(destination?["encryption_configuration"]).FirstOrDefault(), "replica_kms_key_id")))
                {
                    yield return replication.Violation("destination without encryption_configuration.replica_kms_key_id", "encrypt replicas with the destination region's key");
                }

                var selected = Blocks(Blocks(rule["source_selection_criteria"]).FirstOrDefault()?["sse_kms_encrypted_objects"]).FirstOrDefault();
                if (TfResource.Value(selected, "status") != "Enabled")
                {
                    yield return replication.Violation("SSE-KMS objects not selected (source_selection_criteria.sse_kms_encrypted_objects)", "set sse_kms_encrypted_objects.status = Enabled");
                }
            }
        }
    }

    private static bool Versioned(StackDocument stack, TfResource? bucket) =>
        bucket is { Type: "aws_s3_bucket" } && stack.Pointing("aws_s3_bucket_versioning", "bucket", bucket)
            .Any(v => TfResource.Value(Blocks(v.Body["versioning_configuration"]).FirstOrDefault(), "status") == "Enabled");

    private static IEnumerable<System.Text.Json.Nodes.JsonNode> Blocks(System.Text.Json.Nodes.JsonNode? node) => node switch
    {
        System.Text.Json.Nodes.JsonArray array => array.OfType<System.Text.Json.Nodes.JsonNode>(),
        System.Text.Json.Nodes.JsonObject obj => [obj],
        _ => [],
    };
}
