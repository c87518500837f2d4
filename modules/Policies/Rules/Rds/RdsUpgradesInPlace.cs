namespace Ecolaura.Tf.Policies.Rules;

/// <summary>ECO-RDS-13: aws_db_instance: allow_major_version_upgrade and apply_immediately, parameter group created before destroyed</summary>
public sealed class RdsUpgradesInPlace : ResourceRule
{
    /// <inheritdoc />
    public override string Id => "ECO-RDS-13";

    /// <inheritdoc />
    public override Severity Severity => Severity.Error;

    /// <inheritdoc />
    public override IReadOnlyList<string> Anchors => ["README Upgrades"];

    /// <inheritdoc />
    public override string Checks => "aws_db_instance: allow_major_version_upgrade = true, apply_immediately = true, its aws_db_parameter_group has create_before_destroy";

    /// <inheritdoc />
    public override string Why => "The recommended major upgrade (data.postgres.majorVersion) must apply: RDS refuses a new major without AllowMajorVersionUpgrade, and the old family's parameter group can only go once the instance has left it.";

    /// <inheritdoc />
    protected override string ResourceType => "aws_db_instance";

    /// <inheritdoc />
    protected override IEnumerable<(string Found, string Fix)> Check(TfResource r, StackDocument stack)
    {
        if (r.Str("replicate_source_db") is not null)
        {
            yield break;
        }

        foreach (var p in Require(r.Bool("allow_major_version_upgrade") == true, $"allow_major_version_upgrade = {r.Show("allow_major_version_upgrade")}", "set allow_major_version_upgrade = true")) { yield return p; }
        foreach (var p in Require(r.Bool("apply_immediately") == true, $"apply_immediately = {r.Show("apply_immediately")}", "set apply_immediately = true (the apply is the change window)")) { yield return p; }
        var group = stack.Referenced(r.Str("parameter_group_name"));
        var createsFirst = group?.Body["lifecycle"]?["create_before_destroy"] is { } cbd && TfResource.IsTrue(cbd);
        foreach (var p in Require(group is null || createsFirst, "its parameter group lacks create_before_destroy", "set create_before_destroy on the parameter group (named after its family)")) { yield return p; }
    }
}
