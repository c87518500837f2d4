using System.Text.Json.Nodes;

namespace Ecolaura.Tf.Policies.Rules;

/// <summary>ECO-VPC-6: Every security group and rule has a description</summary>
public sealed class SecurityGroupDescriptions : PolicyRule
{
    /// <inheritdoc />
    public override string Id => "ECO-VPC-6";

    /// <inheritdoc />
    public override Severity Severity => Severity.Warning;

    /// <inheritdoc />
    public override IReadOnlyList<string> Anchors => ["CKV_AWS_23", "AVD-AWS-0099", "AVD-AWS-0124"];

    /// <inheritdoc />
    public override string Checks => "Every security group and rule has a description";

    /// <inheritdoc />
    public override string Why => "Reviewers and responders must know why a path is open.";

    /// <inheritdoc />
    public override IEnumerable<Violation> Evaluate(StackDocument stack)
    {
        foreach (var r in stack.Resources("aws_security_group").Concat(stack.Resources("aws_vpc_security_group_ingress_rule"))
                     .Concat(stack.Resources("aws_vpc_security_group_egress_rule")).Concat(stack.Resources("aws_security_group_rule")))
        {
            if (string.IsNullOrWhiteSpace(r.Str("description")))
            {
                yield return r.Violation("no description", "describe what the group or rule admits and why");
            }
        }
    }
}
