using System.Text.Json.Nodes;

namespace Ecolaura.Tf.Policies.Rules;

/// <summary>ECO-RDS-5: aws_db_instance: backup_retention_period set, at most 35, at least 1 (dev), 7 (staging), 14 (prod)</summary>
public sealed class RdsBackupRetention : ResourceRule
{
    /// <inheritdoc />
    public override string Id => "ECO-RDS-5";

    /// <inheritdoc />
    public override Severity Severity => Severity.Error;

    /// <inheritdoc />
    public override IReadOnlyList<string> Anchors => ["CKV_AWS_133", "AVD-AWS-0077", "REL09-BP03"];

    /// <inheritdoc />
    public override string Checks => "aws_db_instance: backup_retention_period set, at most 35, at least 1 (dev), 7 (staging), 14 (prod)";

    /// <inheritdoc />
    public override string Why => "Retention is the point-in-time-recovery window; 0 disables backups, PITR and read replicas.";

    /// <inheritdoc />
    protected override string ResourceType => "aws_db_instance";

    /// <inheritdoc />
    protected override IEnumerable<(string Found, string Fix)> Check(TfResource r, StackDocument stack)
    {
        var floor = stack.Floors.PostgresBackupRetentionDays;
        var days = r.Num("backup_retention_period");
        foreach (var p in Require(days is not null && days >= floor && days <= 35, $"backup_retention_period = {r.Show("backup_retention_period")}", $"keep backups {floor}–35 days in the {stack.Tier.Id()} tier")) { yield return p; }
    }
}
