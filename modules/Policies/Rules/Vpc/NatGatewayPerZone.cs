using System.Text.Json.Nodes;

namespace Ecolaura.Tf.Policies.Rules;

/// <summary>ECO-VPC-11: One NAT gateway per AZ, each app route table using the NAT gateway of its own AZ (staging, prod)</summary>
public sealed class NatGatewayPerZone : PolicyRule
{
    /// <inheritdoc />
    public override string Id => "ECO-VPC-11";

    /// <inheritdoc />
    public override Severity Severity => Severity.Error;

    /// <inheritdoc />
    public override IReadOnlyList<string> Anchors => ["WA REL10-BP01", "REL11-BP05"];

    /// <inheritdoc />
    public override string Checks => "One NAT gateway per AZ, each app route table using the NAT gateway of its own AZ (staging, prod)";

    /// <inheritdoc />
    public override string Why => "A single NAT gateway takes every AZ's egress down with its own AZ.";

    /// <inheritdoc />
    public override IReadOnlySet<EnvironmentTier> Tiers => TiersWhere(f => f.NatGatewayPerAz);

    /// <inheritdoc />
    public override IEnumerable<Violation> Evaluate(StackDocument stack)
    {
        var publicSubnets = stack.Resources("aws_subnet").Where(s => s.Body["tags"]?["Tier"]?.GetValue<string>() == "public").ToArray();
        var nats = stack.Resources("aws_nat_gateway").ToArray();
        if (publicSubnets.Length > 0 && nats.Length < publicSubnets.Length)
        {
            var first = nats.FirstOrDefault() ?? publicSubnets[0];
            yield return first.Violation($"{nats.Length} NAT gateway(s) for {publicSubnets.Length} AZs", "create one NAT gateway per AZ (network.natGateways = per-az)");
        }

        foreach (var route in stack.Resources("aws_route").Where(r => r.Str("nat_gateway_id") is not null))
        {
            var nat = stack.Referenced(route.Str("nat_gateway_id"));
            var natZone = stack.Referenced(nat?.Str("subnet_id"))?.Str("availability_zone");
            var table = stack.Referenced(route.Str("route_table_id"));
            var tableZones = stack.Resources("aws_route_table_association").Where(a => StackDocument.Refers(a.Str("route_table_id"), table!))
                .Select(a => stack.Referenced(a.Str("subnet_id"))?.Str("availability_zone")).Distinct().ToArray();
            if (natZone is null || tableZones.Any(z => z != natZone))
            {
                yield return route.Violation($"routes subnets in [{string.Join(", ", tableZones)}] through a NAT gateway in {natZone ?? "an unknown AZ"}", "route each AZ through the NAT gateway in the same AZ");
            }
        }
    }
}
