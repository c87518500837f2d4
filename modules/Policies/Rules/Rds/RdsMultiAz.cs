using System.Text.Json.Nodes;

namespace Ecolaura.Tf.Policies.Rules;

/// <summary>ECO-RDS-3: aws_db_instance (primary): multi_az = true in staging and prod</summary>
public sealed class RdsMultiAz : ResourceRule
{
    /// <inheritdoc />
    public override string Id => "ECO-RDS-3";

    /// <inheritdoc />
    public override Severity Severity => Severity.Error;

    /// <inheritdoc />
    public override IReadOnlyList<string> Anchors => ["CKV_AWS_157"];

    /// <inheritdoc />
    public override string Checks => "aws_db_instance (primary): multi_az = true in staging and prod";

    /// <inheritdoc />
    public override string Why => "High availability: a standby in a second AZ with automatic failover.";

    /// <inheritdoc />
    public override IReadOnlySet<EnvironmentTier> Tiers => TiersWhere(f => f.PostgresMultiAz);

    /// <inheritdoc />
    protected override string ResourceType => "aws_db_instance";

    /// <inheritdoc />
    protected override IEnumerable<(string Found, string Fix)> Check(TfResource r, StackDocument stack)
    {
        foreach (var p in Require(!(r.Str("replicate_source_db") is null) || r.Bool("multi_az") == true, $"multi_az = {r.Show("multi_az")}", "set data.postgres.multiAz = true")) { yield return p; }
    }
}
