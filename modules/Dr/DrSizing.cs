namespace Ecolaura.Tf.Dr;

/// <summary>
/// What an environment's DR region holds in its <see cref="DrMode"/>: the one place the stack, the validator and the
/// tests derive the DR network, node groups and replica settings from, so a mode means the same thing everywhere.
/// </summary>
public static class DrSizing
{
    /// <summary>Whether the environment has a <c>dr</c> workspace (any mode but <see cref="DrMode.None"/>).</summary>
    public static bool HasWorkspace(EnvironmentConfig env) => env.Dr.Mode != DrMode.None;

    /// <summary>Whether the DR region has serving capacity (node groups, load balancer, SECONDARY record): warm or active.</summary>
    public static bool Serves(DrMode mode) => mode is DrMode.Warm or DrMode.Active;

    /// <summary>
    /// The DR network: the primary's settings (subnet prefixes, NAT mode, endpoints, flow-log retention, application
    /// port) with the DR range, zones and prefix list, so both VPCs come from the same constructs and the same rules.
    /// </summary>
    public static NetworkConfig Network(EnvironmentConfig env) => env.Network with
    {
        VpcCidr = env.Dr.VpcCidr,
        AvailabilityZones = env.Dr.AvailabilityZones,
        CloudFrontPrefixListId = env.Dr.CloudFrontPrefixListId,
        Subnets = null, // explicit primary ranges do not fit the DR range: carve from it
    };

    /// <summary>The scaling of every DR node group in <see cref="DrMode.Warm"/>: the configured one, else min = desired = the tier's on-demand floor, max = the primary's largest max.</summary>
    public static NodeGroupScaling WarmScaling(EnvironmentConfig env)
    {
        if (env.Dr.WarmNodeScaling is { } configured)
        {
            return configured;
        }

        var min = env.Floors().OnDemandMinNodes;
        var max = env.Compute.NodeGroups.Select(g => g.Scaling.Max).DefaultIfEmpty(2 * min).Max();
        return new NodeGroupScaling { Min = min, Desired = min, Max = Math.Max(max, 2 * min) };
    }

    /// <summary>The DR node groups of <paramref name="mode"/>: none (pilot), the primary's groups at <see cref="WarmScaling"/> (warm), the primary's groups as configured (active).</summary>
    public static IReadOnlyList<NodeGroupConfig> NodeGroups(EnvironmentConfig env, DrMode mode) => mode switch
    {
        DrMode.Warm => env.Compute.NodeGroups.Select(g => g with { Scaling = WarmScaling(env) }).ToArray(),
        DrMode.Active => env.Compute.NodeGroups,
        _ => [],
    };

    /// <summary>The replica's instance class: <c>dr.database.instanceClass</c>, else the primary's.</summary>
    public static string ReplicaInstanceClass(EnvironmentConfig env) => env.Dr.Database.InstanceClass ?? env.Data.Postgres.InstanceClass;

    /// <summary>The replica's major version: <c>dr.database.majorVersion</c>, else the primary's.</summary>
    public static string ReplicaMajorVersion(EnvironmentConfig env) => env.Dr.Database.MajorVersion ?? env.Data.Postgres.MajorVersion;
}
