using System.Text.Json.Nodes;

namespace Ecolaura.Tf.Policies.Rules;

/// <summary>ECO-RDS-7: aws_db_instance: auto_minor_version_upgrade = true</summary>
public sealed class RdsMinorUpgrades : ResourceRule
{
    /// <inheritdoc />
    public override string Id => "ECO-RDS-7";

    /// <inheritdoc />
    public override Severity Severity => Severity.Warning;

    /// <inheritdoc />
    public override IReadOnlyList<string> Anchors => ["CKV_AWS_226", "CIS 2.3.2"];

    /// <inheritdoc />
    public override string Checks => "aws_db_instance: auto_minor_version_upgrade = true";

    /// <inheritdoc />
    public override string Why => "Minor versions carry security fixes.";

    /// <inheritdoc />
    protected override string ResourceType => "aws_db_instance";

    /// <inheritdoc />
    protected override IEnumerable<(string Found, string Fix)> Check(TfResource r, StackDocument stack)
    {
        foreach (var p in Require(r.Bool("auto_minor_version_upgrade") == true, $"auto_minor_version_upgrade = {r.Show("auto_minor_version_upgrade")}", "set auto_minor_version_upgrade = true")) { yield return p; }
    }
}
