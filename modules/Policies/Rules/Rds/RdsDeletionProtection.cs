using System.Text.Json.Nodes;

namespace Ecolaura.Tf.Policies.Rules;

/// <summary>ECO-RDS-4: aws_db_instance: deletion_protection = true and lifecycle.prevent_destroy (staging, prod)</summary>
public sealed class RdsDeletionProtection : ResourceRule
{
    /// <inheritdoc />
    public override string Id => "ECO-RDS-4";

    /// <inheritdoc />
    public override Severity Severity => Severity.Error;

    /// <inheritdoc />
    public override IReadOnlyList<string> Anchors => ["CKV_AWS_293", "AVD-AWS-0177"];

    /// <inheritdoc />
    public override string Checks => "aws_db_instance: deletion_protection = true and lifecycle.prevent_destroy (staging, prod)";

    /// <inheritdoc />
    public override string Why => "Two independent locks against deleting the system of record.";

    /// <inheritdoc />
    public override IReadOnlySet<EnvironmentTier> Tiers => TiersWhere(f => f.DeletionProtection);

    /// <inheritdoc />
    protected override string ResourceType => "aws_db_instance";

    /// <inheritdoc />
    protected override IEnumerable<(string Found, string Fix)> Check(TfResource r, StackDocument stack)
    {
        foreach (var p in Require(r.Bool("deletion_protection") == true && r.PreventDestroy, $"deletion_protection = {r.Show("deletion_protection")}, prevent_destroy = {r.PreventDestroy}", "set deletion_protection = true and lifecycle.prevent_destroy = true")) { yield return p; }
    }
}
