using System.Text.Json.Nodes;

namespace Ecolaura.Tf.Policies.Rules;

/// <summary>ECO-RDS-11: aws_db_instance: a parameter group with rds.force_ssl = 1 and a current CA (rds-ca-rsa2048-g1, rds-ca-rsa4096-g1, rds-ca-ecc384-g1)</summary>
public sealed class RdsTls : ResourceRule
{
    /// <inheritdoc />
    public override string Id => "ECO-RDS-11";

    /// <inheritdoc />
    public override Severity Severity => Severity.Error;

    /// <inheritdoc />
    public override IReadOnlyList<string> Anchors => ["CKV2_AWS_69", "CKV_AWS_211"];

    /// <inheritdoc />
    public override string Checks => "aws_db_instance: a parameter group with rds.force_ssl = 1 and a current CA (rds-ca-rsa2048-g1, rds-ca-rsa4096-g1, rds-ca-ecc384-g1)";

    /// <inheritdoc />
    public override string Why => "Encryption in transit: no plaintext database connections.";

    /// <inheritdoc />
    protected override string ResourceType => "aws_db_instance";

    /// <inheritdoc />
    protected override IEnumerable<(string Found, string Fix)> Check(TfResource r, StackDocument stack)
    {
        var group = stack.Referenced(r.Str("parameter_group_name"));
        var forced = group?.Blocks("parameter").Any(p => TfResource.Value(p, "name") == "rds.force_ssl" && TfResource.Value(p, "value") == "1") ?? false;
        foreach (var p in Require(!(r.Str("replicate_source_db") is null) || forced, "rds.force_ssl is not 1", "use a parameter group with rds.force_ssl = 1")) { yield return p; }
        foreach (var p in Require(r.Str("ca_cert_identifier") is "rds-ca-rsa2048-g1" or "rds-ca-rsa4096-g1" or "rds-ca-ecc384-g1", $"ca_cert_identifier = {r.Show("ca_cert_identifier")}", "use rds-ca-rsa2048-g1 (or rsa4096/ecc384)")) { yield return p; }
    }
}
