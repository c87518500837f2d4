using System.Text.Json.Nodes;

namespace Ecolaura.Tf.Policies.Rules;

/// <summary>ECO-RDS-2: aws_db_instance: publicly_accessible = false and a DB subnet group</summary>
public sealed class RdsPrivate : ResourceRule
{
    /// <inheritdoc />
    public override string Id => "ECO-RDS-2";

    /// <inheritdoc />
    public override Severity Severity => Severity.Error;

    /// <inheritdoc />
    public override IReadOnlyList<string> Anchors => ["CKV_AWS_17", "AVD-AWS-0180", "CIS 2.3.3"];

    /// <inheritdoc />
    public override string Checks => "aws_db_instance: publicly_accessible = false and a DB subnet group";

    /// <inheritdoc />
    public override string Why => "A database reachable from the internet is one leaked password from a breach.";

    /// <inheritdoc />
    protected override string ResourceType => "aws_db_instance";

    /// <inheritdoc />
    protected override IEnumerable<(string Found, string Fix)> Check(TfResource r, StackDocument stack)
    {
        foreach (var p in Require(r.Bool("publicly_accessible") == false && (r.Str("db_subnet_group_name") is not null || r.Str("replicate_source_db") is not null), $"publicly_accessible = {r.Show("publicly_accessible")}", "set publicly_accessible = false and place it in the private data subnets")) { yield return p; }
    }
}
