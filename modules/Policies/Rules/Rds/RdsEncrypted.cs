using System.Text.Json.Nodes;

namespace Ecolaura.Tf.Policies.Rules;

/// <summary>ECO-RDS-1: aws_db_instance: storage_encrypted = true with a customer-managed kms_key_id</summary>
public sealed class RdsEncrypted : ResourceRule
{
    /// <inheritdoc />
    public override string Id => "ECO-RDS-1";

    /// <inheritdoc />
    public override Severity Severity => Severity.Error;

    /// <inheritdoc />
    public override IReadOnlyList<string> Anchors => ["CKV_AWS_16", "AVD-AWS-0080", "CIS 2.3.1"];

    /// <inheritdoc />
    public override string Checks => "aws_db_instance: storage_encrypted = true with a customer-managed kms_key_id";

    /// <inheritdoc />
    public override string Why => "The provider default is unencrypted storage; a CMK keeps key policy and audit in our hands.";

    /// <inheritdoc />
    protected override string ResourceType => "aws_db_instance";

    /// <inheritdoc />
    protected override IEnumerable<(string Found, string Fix)> Check(TfResource r, StackDocument stack)
    {
        foreach (var p in Require(r.Bool("storage_encrypted") == true && !string.IsNullOrEmpty(r.Str("kms_key_id")), $"storage_encrypted = {r.Show("storage_encrypted")}, kms_key_id = {r.Show("kms_key_id")}", "set storage_encrypted = true and kms_key_id = the RDS CMK")) { yield return p; }
    }
}
