using System.Reflection;
using System.Text;

namespace Ecolaura.Tf.Docs;

/// <summary>
/// The Markdown tables of how the environments differ, generated from the code so they cannot drift: the reliability
/// floors of each tier (every property of <see cref="ReliabilityFloors"/>) and the main sizes of the embedded
/// configuration (<see cref="ConfigLoader.Load"/> without an override).
/// </summary>
public static class EnvironmentTables
{
    /// <summary>Both tables with a line of text before each, ending with a newline.</summary>
    public static string Render()
    {
        var environments = ConfigLoader.Load();
        var text = new StringBuilder();
        text.Append("Reliability floors per tier (`ReliabilityFloors`; \"required\" or the minimum, \"—\" where the tier waives it):\n\n");
        var tiers = Enum.GetValues<EnvironmentTier>();
        Row(text, ["floor", .. tiers.Select(t => $"{t.ToString().ToLowerInvariant()} ({string.Join(", ", environments.Where(e => e.Tier == t).Select(e => e.Name))})")]);
        Row(text, ["---", .. tiers.Select(_ => "---")]);
        foreach (var property in typeof(ReliabilityFloors).GetProperties(BindingFlags.Public | BindingFlags.Instance).OrderBy(p => p.MetadataToken))
        {
            Row(text, [$"`{property.Name}`", .. tiers.Select(t => Show(property.GetValue(ReliabilityFloors.For(t))))]);
        }

        text.Append("\nSizes of the embedded configuration (`DefaultEnvironments`; an override file can change them within the floors):\n\n");
        Row(text, ["setting", .. environments.Select(e => e.Name)]);
        Row(text, ["---", .. environments.Select(_ => "---")]);
        var rows = new (string Name, Func<EnvironmentConfig, object?> Value)[]
        {
            ("regions (primary, DR)", e => $"{e.Region}, {e.Dr.Region}"),
            ("availability zones", e => e.Network.AvailabilityZones.Count),
            ("VPC range", e => e.Network.VpcCidr),
            ("NAT gateways", e => e.Network.NatGateways),
            ("interface VPC endpoints", e => e.Network.InterfaceEndpoints),
            ("PostgreSQL", e => $"{e.Data.Postgres.MajorVersion}, {e.Data.Postgres.InstanceClass}{(e.Data.Postgres.MultiAz ? ", Multi-AZ" : ", single-AZ")}"),
            ("PostgreSQL backups (days)", e => e.Data.Postgres.BackupRetentionDays),
            ("Redis", e => $"{e.Data.Redis.EngineVersion}, {e.Data.Redis.NodeType} × {e.Data.Redis.Nodes}{(e.Data.Redis.AutomaticFailover ? ", failover" : "")}"),
            ("Redis snapshots (days)", e => e.Data.Redis.SnapshotRetentionDays),
            ("EKS version", e => e.Compute.KubernetesVersion),
            ("node groups (min–max nodes)", e => string.Join(", ", e.Compute.NodeGroups.Select(g => $"{g.Name} {g.Scaling.Min}–{g.Scaling.Max}"))),
            ("EKS public endpoint ranges", e => e.Compute.PublicAccessCidrs.Count == 0 ? "none (private only)" : string.Join(", ", e.Compute.PublicAccessCidrs)),
            ("ALB deletion protection", e => e.Edge.DeletionProtection),
            ("CloudFront price class", e => e.Edge.PriceClass),
            ("ALB idle timeout (s)", e => e.Edge.IdleTimeoutSeconds),
        };
        foreach (var (name, value) in rows)
        {
            Row(text, [name, .. environments.Select(e => value(e) is bool yes ? (yes ? "yes" : "no") : Show(value(e)))]);
        }

        return text.ToString();
    }

    private static string Show(object? value) => value switch
    {
        true => "required",
        false => "—",
        null => "—",
        _ => value.ToString()!.Replace("|", "\\|", StringComparison.Ordinal),
    };

    private static void Row(StringBuilder text, IEnumerable<string> cells) => text.Append("| ").AppendJoin(" | ", cells).Append(" |\n");
}
