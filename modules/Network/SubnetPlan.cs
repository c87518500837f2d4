
namespace Ecolaura.Tf.Network;

/// <summary>The three subnets of one availability zone.</summary>
/// <param name="Zone">The AZ name, e.g. us-east-1a.</param>
/// <param name="Public">ALB and NAT gateways.</param>
/// <param name="App">EKS nodes and pods.</param>
/// <param name="Data">RDS and ElastiCache.</param>
public sealed record ZoneSubnets(string Zone, Cidr Public, Cidr App, Cidr Data);

/// <summary>The subnet ranges of a VPC: explicit ones from config, or carved from the VPC range.</summary>
/// <remarks>
/// Carving reserves room for four AZs per tier when the VPC has it (REL02-BP03: leave room to expand), app tier
/// first because its blocks are the largest, so every block is aligned without gaps.
/// </remarks>
public sealed class SubnetPlan
{
    /// <summary>The largest app prefix allowed: VPC CNI gives every pod a VPC address, so smaller subnets run dry.</summary>
    public const int MaxAppSubnetPrefix = 20;

    private const int ReservedZones = 4;

    private SubnetPlan(Cidr vpc, IReadOnlyList<ZoneSubnets> zones)
    {
        Vpc = vpc;
        Zones = zones;
    }

    /// <summary>The VPC range.</summary>
    public Cidr Vpc { get; }

    /// <summary>One entry per AZ, in config order.</summary>
    public IReadOnlyList<ZoneSubnets> Zones { get; }

    /// <summary>Plans the subnets of <paramref name="network"/> or explains why it cannot.</summary>
    /// <param name="network">The region's network config (VPC range assumed valid when this is called).</param>
    /// <param name="path">The config path of <paramref name="network"/>, for messages.</param>
    /// <param name="problems">Receives every problem found.</param>
    /// <returns>The plan, or null when there were problems.</returns>
    public static SubnetPlan? TryCreate(NetworkConfig network, string path, ICollection<ValidationProblem> problems)
    {
        if (!Cidr.TryParse(network.VpcCidr, out var vpc, out _))
        {
            return null; // reported by the VPC check
        }

        var zones = network.AvailabilityZones;
        var before = problems.Count;
        CheckPrefix(network.AppSubnetPrefix, vpc, $"{path}.appSubnetPrefix", MaxAppSubnetPrefix,
            $"app subnets hold EKS pod IPs, so the prefix must be /{vpc.Prefix + 1}–/{MaxAppSubnetPrefix}", problems);
        CheckPrefix(network.PublicSubnetPrefix, vpc, $"{path}.publicSubnetPrefix", 28,
            $"must be /{vpc.Prefix + 1}–/28", problems);
        CheckPrefix(network.DataSubnetPrefix, vpc, $"{path}.dataSubnetPrefix", 28,
            $"must be /{vpc.Prefix + 1}–/28", problems);
        if (problems.Count > before || zones.Count == 0)
        {
            return null;
        }

        return network.Subnets is { } explicitRanges
            ? FromExplicit(vpc, zones, explicitRanges, $"{path}.subnets", problems)
            : Carve(vpc, network, path, problems);
    }

    private static void CheckPrefix(int prefix, Cidr vpc, string path, int max, string allowed, ICollection<ValidationProblem> problems)
    {
        if (prefix <= vpc.Prefix || prefix > max)
        {
            problems.Add(new ValidationProblem(path, $"/{prefix}", $"{allowed} inside {vpc}"));
        }
    }

    private static SubnetPlan? Carve(Cidr vpc, NetworkConfig network, string path, ICollection<ValidationProblem> problems)
    {
        var count = network.AvailabilityZones.Count;
        var tiers = new[] { network.AppSubnetPrefix, network.PublicSubnetPrefix, network.DataSubnetPrefix };
        foreach (var slots in new[] { Math.Max(count, ReservedZones), count })
        {
            var needed = tiers.Aggregate(0UL, (sum, prefix) => sum + (ulong)slots * (1UL << (32 - prefix)));
            if (needed > vpc.Size)
            {
                continue;
            }

            // Tiers are allocated largest block first, so each tier starts aligned for its own prefix.
            var order = tiers.Select((prefix, tier) => (prefix, tier)).OrderBy(t => t.prefix).ToArray();
            var starts = new uint[3];
            var cursor = (ulong)vpc.Network;
            foreach (var (prefix, tier) in order)
            {
                starts[tier] = (uint)cursor;
                cursor += (ulong)slots * (1UL << (32 - prefix));
            }

            Cidr At(int tier, int zone) => Cidr.Of(starts[tier] + (uint)zone * (uint)(1UL << (32 - tiers[tier])), tiers[tier]);

            var zones = network.AvailabilityZones
                .Select((zone, i) => new ZoneSubnets(zone, Public: At(1, i), App: At(0, i), Data: At(2, i)))
                .ToArray();
            return new SubnetPlan(vpc, zones);
        }

        problems.Add(new ValidationProblem($"{path}.vpcCidr", network.VpcCidr,
            $"too small for {count} AZs × (one /{network.AppSubnetPrefix} app, one /{network.PublicSubnetPrefix} public and one /{network.DataSubnetPrefix} data subnet); use a larger VPC or longer subnet prefixes"));
        return null;
    }

    private static SubnetPlan? FromExplicit(Cidr vpc, IReadOnlyList<string> zones, SubnetRanges ranges, string path,
        ICollection<ValidationProblem> problems)
    {
        var before = problems.Count;
        var parsed = new Dictionary<string, Cidr[]>();
        var all = new List<(string Path, Cidr Range)>();
        foreach (var (tier, list) in new[] { ("public", ranges.Public), ("app", ranges.App), ("data", ranges.Data) })
        {
            if (list.Count != zones.Count)
            {
                problems.Add(new ValidationProblem($"{path}.{tier}", $"{list.Count} subnets",
                    $"expected one subnet per AZ ({zones.Count})"));
                continue;
            }

            var cidrs = new Cidr[list.Count];
            for (var i = 0; i < list.Count; i++)
            {
                var itemPath = $"{path}.{tier}[{i}]";
                if (!Cidr.TryParse(list[i], out cidrs[i], out var error))
                {
                    problems.Add(new ValidationProblem(itemPath, list[i], $"must be a valid IPv4 CIDR ({error})"));
                    continue;
                }

                if (!vpc.Contains(cidrs[i]))
                {
                    problems.Add(new ValidationProblem(itemPath, list[i], $"must lie within vpcCidr {vpc}"));
                }

                if (tier == "app" && cidrs[i].Prefix > MaxAppSubnetPrefix)
                {
                    problems.Add(new ValidationProblem(itemPath, list[i],
                        $"app subnets hold EKS pod IPs and must be /{MaxAppSubnetPrefix} or larger"));
                }

                foreach (var (otherPath, other) in all.Where(o => o.Range.Overlaps(cidrs[i])))
                {
                    problems.Add(new ValidationProblem(itemPath, list[i], $"must not overlap {otherPath} {other}"));
                }

                all.Add((itemPath, cidrs[i]));
            }

            parsed[tier] = cidrs;
        }

        if (problems.Count > before)
        {
            return null;
        }

        return new SubnetPlan(vpc, zones
            .Select((zone, i) => new ZoneSubnets(zone, parsed["public"][i], parsed["app"][i], parsed["data"][i]))
            .ToArray());
    }
}
