using System.Text.Json.Nodes;

namespace Ecolaura.Tf.Policies.Rules;

/// <summary>ECO-STATE-4: DynamoDB lock tables: hash_key LockID (S), point-in-time recovery, SSE with a CMK, deletion protection</summary>
public sealed class LockTableHardened : ResourceRule
{
    /// <inheritdoc />
    public override string Id => "ECO-STATE-4";

    /// <inheritdoc />
    public override Severity Severity => Severity.Error;

    /// <inheritdoc />
    public override IReadOnlyList<string> Anchors => ["CKV_AWS_28", "AVD-AWS-0024", "CKV_AWS_119", "AVD-AWS-0025"];

    /// <inheritdoc />
    public override string Checks => "DynamoDB lock tables: hash_key LockID (S), point-in-time recovery, SSE with a CMK, deletion protection";

    /// <inheritdoc />
    public override string Why => "The lock table guards every apply; losing or exposing it breaks locking for the whole environment.";

    /// <inheritdoc />
    protected override string ResourceType => "aws_dynamodb_table";

    /// <inheritdoc />
    protected override IEnumerable<(string Found, string Fix)> Check(TfResource table, StackDocument stack)
    {
        foreach (var p in Require(table.Str("hash_key") == "LockID" && table.Blocks("attribute").Any(a => TfResource.Value(a, "type") == "S"), $"hash_key = {table.Show("hash_key")}", "use hash_key LockID of type S")) { yield return p; }
        foreach (var p in Require(TfResource.IsTrue(table.Block("point_in_time_recovery")?["enabled"]), "point-in-time recovery off", "enable point_in_time_recovery")) { yield return p; }
        var sse = table.Block("server_side_encryption");
        foreach (var p in Require(TfResource.IsTrue(sse?["enabled"]) && !string.IsNullOrEmpty(TfResource.Value(sse, "kms_key_arn")), "no SSE with a CMK", "set server_side_encryption { enabled = true, kms_key_arn = <CMK> }")) { yield return p; }
        foreach (var p in Require(table.Bool("deletion_protection_enabled") == true, "deletion protection off", "set deletion_protection_enabled = true")) { yield return p; }
    }
}
