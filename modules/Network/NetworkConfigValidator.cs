namespace Ecolaura.Tf.Network;

/// <summary>Checks the primary VPC: zones, range, NAT redundancy, flow-log retention, prefix list, port and subnet plan.</summary>
/// <remarks>Terraform accepts overlapping subnets, subnets outside the VPC and zones of another region, so these are ours.</remarks>
public static class NetworkConfigValidator
{
    /// <summary>Every problem of <paramref name="env"/>'s <c>network</c> section.</summary>
    public static IEnumerable<ValidationProblem> Validate(EnvironmentConfig env, string path)
    {
        var problems = new Problems(path);
        var floors = env.Floors();
        if (AwsFacts.Regions.Contains(env.Region))
        {
            RegionChecks.Zones(env.Network.AvailabilityZones, env.Region, floors.AvailabilityZones, "network.availabilityZones", problems);
        }

        RegionChecks.Vpc(env.Network.VpcCidr, "network.vpcCidr", problems);
        if (floors.NatGatewayPerAz && env.Network.NatGateways != NatGatewayMode.PerAz)
        {
            problems.Add("network.natGateways", "single", $"{env.Name} ({env.Tier.Id()} tier) needs one NAT gateway per AZ (per-az); a single gateway is allowed in the development tier only");
        }

        if (!AwsFacts.LogRetentionDays.Contains(env.Network.FlowLogRetentionDays) || env.Network.FlowLogRetentionDays < 365)
        {
            problems.Add("network.flowLogRetentionDays", env.Network.FlowLogRetentionDays,
                $"must be a CloudWatch retention value of at least 365 days [{string.Join(", ", AwsFacts.LogRetentionDays.Where(d => d >= 365))}]");
        }

        RegionChecks.PrefixList(env.Network.CloudFrontPrefixListId, "network.cloudFrontPrefixListId", problems);
        if (env.Network.ApplicationPort is < 1024 or > 65535)
        {
            problems.Add("network.applicationPort", env.Network.ApplicationPort, "must be an unprivileged port, 1024–65535");
        }

        var subnetProblems = new List<ValidationProblem>();
        SubnetPlan.TryCreate(env.Network, $"{path}.network", subnetProblems);
        return problems.Concat(subnetProblems);
    }
}
