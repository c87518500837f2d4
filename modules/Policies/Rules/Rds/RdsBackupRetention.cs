using System.Text.Json.Nodes;

namespace Ecolaura.Tf.Policies.Rules;

/// <summary>ECO-RDS-5: aws_db_instance: backup_retention_period set, at most 35, at least 1 (dev), 7 (staging), 14 (prod); a PostgreSQL read replica before 14 keeps 0</summary>
public sealed class RdsBackupRetention : ResourceRule
{
    /// <inheritdoc />
    public override string Id => "ECO-RDS-5";

    /// <inheritdoc />
    public override Severity Severity => Severity.Error;

    /// <inheritdoc />
    public override IReadOnlyList<string> Anchors => ["CKV_AWS_133", "AVD-AWS-0077", "REL09-BP03"];

    /// <inheritdoc />
    public override string Checks => "aws_db_instance: backup_retention_period set, at most 35, at least 1 (dev), 7 (staging), 14 (prod); a PostgreSQL read replica before 14 keeps 0";

    /// <inheritdoc />
    public override string Why => "Retention is the point-in-time-recovery window; 0 disables backups, PITR and read replicas. RDS refuses automated backups on PostgreSQL read replicas before 14.1 (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_PostgreSQL.Replication.ReadReplicas.html, checked 2026-12-01): their source's backups (and the DR copy of them) cover them, and promotion sets the floor.";

    /// <inheritdoc />
    protected override string ResourceType => "aws_db_instance";

    /// <inheritdoc />
    protected override IEnumerable<(string Found, string Fix)> Check(TfResource r, StackDocument stack)
    {
        var floor = stack.Floors.PostgresBackupRetentionDays;
        var days = r.Num("backup_retention_period");
        if (r.Str("replicate_source_db") is { Length: > 0 } && int.TryParse(r.Str("engine_version")?.Split('.')[0], out var major) && major < PostgresReplication.FirstMajorWithReplicaBackups)
        {
            foreach (var p in Require(days == 0, $"backup_retention_period = {r.Show("backup_retention_period")} on a PostgreSQL {major} read replica", "keep 0: RDS refuses backups on PostgreSQL read replicas before 14.1")) { yield return p; }
            yield break;
        }

        foreach (var p in Require(days is not null && days >= floor && days <= 35, $"backup_retention_period = {r.Show("backup_retention_period")}", $"keep backups {floor}–35 days in the {stack.Tier.Id()} tier")) { yield return p; }
    }
}
