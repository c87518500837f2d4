using System.Text.Json.Nodes;

namespace Ecolaura.Tf.Policies.Rules;

/// <summary>ECO-RDS-6: aws_db_instance (primary): final snapshot, automated backups kept on delete, tags copied, backup and maintenance windows set</summary>
public sealed class RdsSnapshots : ResourceRule
{
    /// <inheritdoc />
    public override string Id => "ECO-RDS-6";

    /// <inheritdoc />
    public override Severity Severity => Severity.Error;

    /// <inheritdoc />
    public override IReadOnlyList<string> Anchors => ["CKV2_AWS_60"];

    /// <inheritdoc />
    public override string Checks => "aws_db_instance (primary): final snapshot, automated backups kept on delete, tags copied, backup and maintenance windows set";

    /// <inheritdoc />
    public override string Why => "A destroy must leave a restorable copy; windows keep backups and patching apart.";

    /// <inheritdoc />
    protected override string ResourceType => "aws_db_instance";

    /// <inheritdoc />
    protected override IEnumerable<(string Found, string Fix)> Check(TfResource r, StackDocument stack)
    {
        if (!(r.Str("replicate_source_db") is null))
        {
            yield break;
        }

        foreach (var p in Require(r.Bool("skip_final_snapshot") == false && !string.IsNullOrEmpty(r.Str("final_snapshot_identifier")), "no final snapshot", "set skip_final_snapshot = false and final_snapshot_identifier")) { yield return p; }
        foreach (var p in Require(r.Bool("delete_automated_backups") == false, $"delete_automated_backups = {r.Show("delete_automated_backups")}", "set delete_automated_backups = false")) { yield return p; }
        foreach (var p in Require(r.Bool("copy_tags_to_snapshot") == true, $"copy_tags_to_snapshot = {r.Show("copy_tags_to_snapshot")}", "set copy_tags_to_snapshot = true")) { yield return p; }
        foreach (var p in Require(r.Str("backup_window") is not null && r.Str("maintenance_window") is not null, "backup or maintenance window unset", "set both windows (validated not to overlap)")) { yield return p; }
    }
}
