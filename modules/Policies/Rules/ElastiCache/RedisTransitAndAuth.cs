using System.Text.Json.Nodes;

namespace Ecolaura.Tf.Policies.Rules;

/// <summary>ECO-REDIS-2: aws_elasticache_replication_group: transit encryption and AUTH from an input (or user groups), never a literal token</summary>
public sealed class RedisTransitAndAuth : ResourceRule
{
    /// <inheritdoc />
    public override string Id => "ECO-REDIS-2";

    /// <inheritdoc />
    public override Severity Severity => Severity.Error;

    /// <inheritdoc />
    public override IReadOnlyList<string> Anchors => ["CKV_AWS_30", "AVD-AWS-0051", "CKV_AWS_31"];

    /// <inheritdoc />
    public override string Checks => "aws_elasticache_replication_group: transit encryption and AUTH from an input (or user groups), never a literal token";

    /// <inheritdoc />
    public override string Why => "Without TLS and AUTH anyone in the VPC can read sessions.";

    /// <inheritdoc />
    protected override string ResourceType => "aws_elasticache_replication_group";

    /// <inheritdoc />
    protected override IEnumerable<(string Found, string Fix)> Check(TfResource r, StackDocument stack)
    {
        foreach (var p in Require(r.Bool("transit_encryption_enabled") == true, $"transit_encryption_enabled = {r.Show("transit_encryption_enabled")}", "enable transit encryption")) { yield return p; }
        foreach (var p in Require((r.Str("auth_token") ?? "").StartsWith("${var.", StringComparison.Ordinal) || r.List("user_group_ids").Count > 0, "auth_token missing or literal", "set auth_token = var.redis_auth_token (sensitive input)")) { yield return p; }
    }
}
