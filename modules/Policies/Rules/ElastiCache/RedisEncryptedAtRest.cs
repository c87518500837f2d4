using System.Text.Json.Nodes;

namespace Ecolaura.Tf.Policies.Rules;

/// <summary>ECO-REDIS-1: aws_elasticache_replication_group: at_rest_encryption_enabled with a CMK</summary>
public sealed class RedisEncryptedAtRest : ResourceRule
{
    /// <inheritdoc />
    public override string Id => "ECO-REDIS-1";

    /// <inheritdoc />
    public override Severity Severity => Severity.Error;

    /// <inheritdoc />
    public override IReadOnlyList<string> Anchors => ["CKV_AWS_29", "AVD-AWS-0045", "CKV_AWS_191"];

    /// <inheritdoc />
    public override string Checks => "aws_elasticache_replication_group: at_rest_encryption_enabled with a CMK";

    /// <inheritdoc />
    public override string Why => "Sessions and cached data are customer data.";

    /// <inheritdoc />
    protected override string ResourceType => "aws_elasticache_replication_group";

    /// <inheritdoc />
    protected override IEnumerable<(string Found, string Fix)> Check(TfResource r, StackDocument stack)
    {
        foreach (var p in Require(r.Bool("at_rest_encryption_enabled") == true && !string.IsNullOrEmpty(r.Str("kms_key_id")), $"at_rest_encryption_enabled = {r.Show("at_rest_encryption_enabled")}, kms_key_id = {r.Show("kms_key_id")}", "enable encryption at rest with the cache CMK")) { yield return p; }
    }
}
