using System.Text.Json.Nodes;

namespace Ecolaura.Tf.Policies.Rules;

/// <summary>ECO-REDIS-4: aws_elasticache_replication_group: snapshots kept (staging ≥ 1, prod ≥ 7 days) with a window and a final snapshot</summary>
public sealed class RedisSnapshots : ResourceRule
{
    /// <inheritdoc />
    public override string Id => "ECO-REDIS-4";

    /// <inheritdoc />
    public override Severity Severity => Severity.Error;

    /// <inheritdoc />
    public override IReadOnlyList<string> Anchors => ["AVD-AWS-0050", "CKV_AWS_134"];

    /// <inheritdoc />
    public override string Checks => "aws_elasticache_replication_group: snapshots kept (staging ≥ 1, prod ≥ 7 days) with a window and a final snapshot";

    /// <inheritdoc />
    public override string Why => "Snapshots are the only way back after a bad flush or failover.";

    /// <inheritdoc />
    protected override string ResourceType => "aws_elasticache_replication_group";

    /// <inheritdoc />
    protected override IEnumerable<(string Found, string Fix)> Check(TfResource r, StackDocument stack)
    {
        var floor = stack.Floors.RedisSnapshotRetentionDays;
        foreach (var p in Require((r.Num("snapshot_retention_limit") ?? -1) >= floor && r.Str("snapshot_window") is not null && r.Str("final_snapshot_identifier") is not null, $"snapshot_retention_limit = {r.Show("snapshot_retention_limit")}", $"keep snapshots at least {floor} days with a window and a final snapshot")) { yield return p; }
    }
}
