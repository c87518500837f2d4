using System.Text.Json.Nodes;

namespace Ecolaura.Tf.Policies.Rules;

/// <summary>ECO-VPC-8: Every custom NACL is associated with subnets</summary>
public sealed class NaclAssociated : ResourceRule
{
    /// <inheritdoc />
    public override string Id => "ECO-VPC-8";

    /// <inheritdoc />
    public override Severity Severity => Severity.Warning;

    /// <inheritdoc />
    public override IReadOnlyList<string> Anchors => ["CKV2_AWS_1"];

    /// <inheritdoc />
    public override string Checks => "Every custom NACL is associated with subnets";

    /// <inheritdoc />
    public override string Why => "An unattached NACL protects nothing while looking like it does.";

    /// <inheritdoc />
    protected override string ResourceType => "aws_network_acl";

    /// <inheritdoc />
    protected override IEnumerable<(string Found, string Fix)> Check(TfResource r, StackDocument stack)
    {
        foreach (var p in Require(r.List("subnet_ids").Count > 0 || (r.Str("subnet_ids") ?? "").StartsWith("${", StringComparison.Ordinal) || stack.Pointing("aws_network_acl_association", "network_acl_id", r).Any(), "no subnets", "set subnet_ids or add aws_network_acl_association")) { yield return p; }
    }
}
