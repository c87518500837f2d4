using System.Text.Json.Nodes;

namespace Ecolaura.Tf.Policies.Rules;

/// <summary>ECO-VPC-5: No security-group egress to 0.0.0.0/0 on all protocols; internet egress only on TCP 443/80</summary>
public sealed class NoOpenEgress : PolicyRule
{
    /// <inheritdoc />
    public override string Id => "ECO-VPC-5";

    /// <inheritdoc />
    public override Severity Severity => Severity.Error;

    /// <inheritdoc />
    public override IReadOnlyList<string> Anchors => ["CKV_AWS_382", "AVD-AWS-0104"];

    /// <inheritdoc />
    public override string Checks => "No security-group egress to 0.0.0.0/0 on all protocols; internet egress only on TCP 443/80";

    /// <inheritdoc />
    public override string Why => "Open egress lets a compromised workload exfiltrate anywhere; databases and caches need none.";

    /// <inheritdoc />
    public override IEnumerable<Violation> Evaluate(StackDocument stack)
    {
        foreach (var (rule, from, to, protocol, cidrs) in SecurityGroupRules.Egress(stack))
        {
            if (cidrs.Any(c => c is "0.0.0.0/0" or "::/0") && (protocol != "tcp" || from != to || from is not (443 or 80)))
            {
                yield return rule.Violation($"egress {protocol} {from}-{to} to the internet", "allow internet egress only on TCP 443 (and 80 if needed) from the node group");
            }
        }
    }
}
