using System.Text.Json.Nodes;

namespace Ecolaura.Tf.Policies.Rules;

/// <summary>ECO-VPC-2: Every VPC adopts its default security group with no ingress and no egress</summary>
public sealed class DefaultSecurityGroupClosed : ResourceRule
{
    /// <inheritdoc />
    public override string Id => "ECO-VPC-2";

    /// <inheritdoc />
    public override Severity Severity => Severity.Error;

    /// <inheritdoc />
    public override IReadOnlyList<string> Anchors => ["CKV2_AWS_12", "AVD-AWS-0173", "CIS 5.4"];

    /// <inheritdoc />
    public override string Checks => "Every VPC adopts its default security group with no ingress and no egress";

    /// <inheritdoc />
    public override string Why => "Anything launched without a group lands in the default one; AWS's default allows all traffic between members and all egress.";

    /// <inheritdoc />
    protected override string ResourceType => "aws_vpc";

    /// <inheritdoc />
    protected override IEnumerable<(string Found, string Fix)> Check(TfResource r, StackDocument stack)
    {
        foreach (var p in Require(stack.Pointing("aws_default_security_group", "vpc_id", r).Any(d => d.Body["ingress"] is null && d.Body["egress"] is null), "default security group not adopted empty", "add aws_default_security_group with no ingress or egress blocks")) { yield return p; }
    }
}
