using System.Text.Json.Nodes;

namespace Ecolaura.Tf.Policies;

/// <summary>Security-group rules in every form Terraform allows (rule resources and inline blocks), normalized.</summary>
public static class SecurityGroupRules
{
    /// <summary>Ingress rules: the resource, port range, protocol and source CIDRs.</summary>
    public static IEnumerable<(TfResource Rule, double From, double To, string Protocol, IReadOnlyList<string> Cidrs)> Ingress(StackDocument stack) =>
        Collect(stack, "aws_vpc_security_group_ingress_rule", "ingress");

    /// <summary>Egress rules: the resource, port range, protocol and destination CIDRs.</summary>
    public static IEnumerable<(TfResource Rule, double From, double To, string Protocol, IReadOnlyList<string> Cidrs)> Egress(StackDocument stack) =>
        Collect(stack, "aws_vpc_security_group_egress_rule", "egress");

    private static IEnumerable<(TfResource, double, double, string, IReadOnlyList<string>)> Collect(StackDocument stack, string ruleType, string direction)
    {
        foreach (var r in stack.Resources(ruleType))
        {
            var cidrs = new[] { r.Str("cidr_ipv4"), r.Str("cidr_ipv6") }.OfType<string>().ToArray();
            yield return (r, r.Num("from_port") ?? 0, r.Num("to_port") ?? 65535, Protocol(r.Str("ip_protocol")), cidrs);
        }

        foreach (var r in stack.Resources("aws_security_group_rule").Where(r => r.Str("type") == direction))
        {
            yield return (r, r.Num("from_port") ?? 0, r.Num("to_port") ?? 65535, Protocol(r.Str("protocol")), r.List("cidr_blocks").Concat(r.List("ipv6_cidr_blocks")).ToArray());
        }

        foreach (var group in stack.Resources("aws_security_group"))
        {
            foreach (var block in group.Blocks(direction))
            {
                var cidrs = (block["cidr_blocks"] as JsonArray ?? []).Concat(block["ipv6_cidr_blocks"] as JsonArray ?? []).Select(TfResource.Value).OfType<string>().ToArray();
                yield return (group, TfResource.Number(block["from_port"]) ?? 0, TfResource.Number(block["to_port"]) ?? 65535, Protocol(TfResource.Value(block, "protocol")), cidrs);
            }
        }
    }

    private static string Protocol(string? protocol) => protocol switch
    {
        "6" => "tcp",
        "17" => "udp",
        "all" or "-1" or null => "-1",
        _ => protocol,
    };
}
