using System.Text.Json.Nodes;

namespace Ecolaura.Tf.Policies.Rules;

/// <summary>ECO-REDIS-3: aws_elasticache_replication_group: automatic failover, Multi-AZ and at least 2 nodes (staging, prod)</summary>
public sealed class RedisFailover : ResourceRule
{
    /// <inheritdoc />
    public override string Id => "ECO-REDIS-3";

    /// <inheritdoc />
    public override Severity Severity => Severity.Error;

    /// <inheritdoc />
    public override IReadOnlyList<string> Anchors => ["CKV2_AWS_50"];

    /// <inheritdoc />
    public override string Checks => "aws_elasticache_replication_group: automatic failover, Multi-AZ and at least 2 nodes (staging, prod)";

    /// <inheritdoc />
    public override string Why => "A 3-node cluster with automatic failover: losing the primary node promotes a replica instead of losing the cache.";

    /// <inheritdoc />
    public override IReadOnlySet<EnvironmentTier> Tiers => TiersWhere(f => f.RedisFailover);

    /// <inheritdoc />
    protected override string ResourceType => "aws_elasticache_replication_group";

    /// <inheritdoc />
    protected override IEnumerable<(string Found, string Fix)> Check(TfResource r, StackDocument stack)
    {
        foreach (var p in Require(r.Bool("automatic_failover_enabled") == true && r.Bool("multi_az_enabled") == true && (r.Num("num_cache_clusters") ?? 0) >= 2, $"failover = {r.Show("automatic_failover_enabled")}, multi_az = {r.Show("multi_az_enabled")}, nodes = {r.Show("num_cache_clusters")}", "enable automatic failover and Multi-AZ with ≥ 2 nodes")) { yield return p; }
    }
}
