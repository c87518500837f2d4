using System.Text.Json.Nodes;

namespace Ecolaura.Tf.Policies.Rules;

/// <summary>ECO-RDS-10: aws_db_instance: iam_database_authentication_enabled = true</summary>
public sealed class RdsIamAuth : ResourceRule
{
    /// <inheritdoc />
    public override string Id => "ECO-RDS-10";

    /// <inheritdoc />
    public override Severity Severity => Severity.Warning;

    /// <inheritdoc />
    public override IReadOnlyList<string> Anchors => ["CKV_AWS_161", "AVD-AWS-0176"];

    /// <inheritdoc />
    public override string Checks => "aws_db_instance: iam_database_authentication_enabled = true";

    /// <inheritdoc />
    public override string Why => "Short-lived IAM tokens beat long-lived database passwords for people and services.";

    /// <inheritdoc />
    protected override string ResourceType => "aws_db_instance";

    /// <inheritdoc />
    protected override IEnumerable<(string Found, string Fix)> Check(TfResource r, StackDocument stack)
    {
        foreach (var p in Require(r.Bool("iam_database_authentication_enabled") == true, $"iam_database_authentication_enabled = {r.Show("iam_database_authentication_enabled")}", "enable IAM database authentication")) { yield return p; }
    }
}
