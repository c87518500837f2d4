using System.Text.Json.Nodes;

namespace Ecolaura.Tf.Policies.Rules;

/// <summary>ECO-VPC-4: No security-group ingress from 0.0.0.0/0 or ::/0 except TCP 443/80 (the ALB); never SSH, RDP or all ports</summary>
public sealed class NoInternetIngress : PolicyRule
{
    /// <inheritdoc />
    public override string Id => "ECO-VPC-4";

    /// <inheritdoc />
    public override Severity Severity => Severity.Error;

    /// <inheritdoc />
    public override IReadOnlyList<string> Anchors => ["CKV_AWS_24", "CKV_AWS_25", "CKV_AWS_277", "AVD-AWS-0107", "CIS 5.2", "CIS 5.3"];

    /// <inheritdoc />
    public override string Checks => "No security-group ingress from 0.0.0.0/0 or ::/0 except TCP 443/80 (the ALB); never SSH, RDP or all ports";

    /// <inheritdoc />
    public override string Why => "Only the load balancer faces the internet, and here only CloudFront's prefix list reaches it.";

    /// <inheritdoc />
    public override IEnumerable<Violation> Evaluate(StackDocument stack)
    {
        foreach (var (rule, from, to, protocol, cidrs) in SecurityGroupRules.Ingress(stack))
        {
            if (!cidrs.Any(c => c is "0.0.0.0/0" or "::/0"))
            {
                continue;
            }

            if (protocol != "tcp" || from != to || from is not (443 or 80))
            {
                yield return rule.Violation($"ingress {protocol} {from}-{to} from the internet", "admit the internet only on TCP 443/80 to the ALB (prefer the CloudFront prefix list)");
            }
        }
    }
}
