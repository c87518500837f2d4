using System.Text.Json.Nodes;

namespace Ecolaura.Tf.Policies.Rules;

/// <summary>ECO-VPC-7: No NACL ingress allow from 0.0.0.0/0 on all protocols or covering ports 20, 21, 22 or 3389</summary>
public sealed class NaclNoInternetAdmin : ResourceRule
{
    /// <inheritdoc />
    public override string Id => "ECO-VPC-7";

    /// <inheritdoc />
    public override Severity Severity => Severity.Error;

    /// <inheritdoc />
    public override IReadOnlyList<string> Anchors => ["CKV_AWS_352", "AVD-AWS-0102", "CKV_AWS_229", "CKV_AWS_230", "CKV_AWS_231", "CKV_AWS_232", "AVD-AWS-0105", "CIS 5.1"];

    /// <inheritdoc />
    public override string Checks => "No NACL ingress allow from 0.0.0.0/0 on all protocols or covering ports 20, 21, 22 or 3389";

    /// <inheritdoc />
    public override string Why => "NACLs are the stateless second layer; they must not re-open what the groups keep shut.";

    /// <inheritdoc />
    protected override string ResourceType => "aws_network_acl";

    /// <inheritdoc />
    protected override IEnumerable<(string Found, string Fix)> Check(TfResource r, StackDocument stack)
    {
        foreach (var rule in r.Blocks("ingress").Where(i => TfResource.Value(i, "cidr_block") == "0.0.0.0/0" && TfResource.Value(i, "action") == "allow"))
        {
            var protocol = TfResource.Value(rule, "protocol");
            var from = TfResource.Number(rule["from_port"]) ?? 0;
            var to = TfResource.Number(rule["to_port"]) ?? 0;
            if (protocol is "-1" or "all")
            {
                yield return ($"rule {TfResource.Value(rule, "rule_no")} allows all protocols from the internet", "allow only the ports the tier serves");
            }
            else if (new[] { 20, 21, 22, 3389 }.Any(port => port >= from && port <= to))
            {
                yield return ($"rule {TfResource.Value(rule, "rule_no")} allows {from}-{to} from the internet, including an admin port", "split the range around 20, 21, 22 and 3389");
            }
        }
    }
}
