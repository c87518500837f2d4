using System.Text.Encodings.Web;
using System.Text.Json;
using Amazon.JSII.Runtime.Deputy;
using Constructs;
using HashiCorp.Cdktf;
using HashiCorp.Cdktf.Providers.Aws.CloudwatchDashboard;

namespace Ecolaura.Tf.Security;

/// <summary>One alarm as the dashboard graphs it: by name and region, which is all CloudWatch needs to draw its metric and threshold.</summary>
/// <param name="Name">The alarm name (a literal).</param>
/// <param name="Region">The region the alarm lives in.</param>
/// <param name="Namespace">Its metric namespace (decides the tier row).</param>
/// <param name="Metric">Its metric name.</param>
public sealed record DashboardAlarm(string Name, string Region, string Namespace, string Metric)
{
    /// <summary>
    /// Every <see cref="MetricAlarm"/> of <paramref name="stack"/>, read from its construct tree: an alarm a workspace adds
    /// shows up on the dashboard by itself.
    /// </summary>
    /// <exception cref="InvalidOperationException">An alarm name is not a literal (the dashboard could not name it).</exception>
    public static IEnumerable<DashboardAlarm> In(EcolauraStack stack) =>
        stack.Node.FindAll().OfType<MetricAlarm>().Select(a => a.Props).Select(p => Token.IsUnresolved(p.Name)
            ? throw new InvalidOperationException($"{stack.Node.Id}: alarm '{p.Name}' has a computed name; the operations dashboard needs literal alarm names")
            : new DashboardAlarm(p.Name, p.Provider?.Region ?? stack.Region, p.Namespace, p.Metric));
}

/// <summary>A dashboard row: the alarms of one tier, found by their metric namespace.</summary>
/// <param name="Title">Row heading.</param>
/// <param name="Namespaces">CloudWatch namespaces of the tier.</param>
public sealed record DashboardTier(string Title, IReadOnlyList<string> Namespaces);

/// <summary>Props of <see cref="OperationsDashboard"/>.</summary>
public sealed record OperationsDashboardProps
{
    /// <summary>The dashboard name.</summary>
    public required string Name { get; init; }

    /// <summary>The account of every alarm (each environment has its own).</summary>
    public required string AccountId { get; init; }

    /// <summary>
    /// The environment's alarms, called when the stack is synthesized (every workspace exists by then, including those
    /// created after this one).
    /// </summary>
    public required Func<IEnumerable<DashboardAlarm>> Alarms { get; init; }
}

/// <summary>
/// The environment's CloudWatch dashboard: one row per tier (CloudFront, WAF, ALB, EKS, RDS, Redis, NAT, account security),
/// each with an alarm-status widget and one graph per alarm. Every graph is an alarm annotation (<c>annotations.alarms</c>),
/// so CloudWatch draws the alarm's own metric, statistic and threshold: the dashboard cannot disagree with the alarms,
/// and a new alarm in any workspace appears here on the next synth without touching this code.
/// </summary>
/// <remarks>
/// Decision: read the alarms from the workspaces' constructs at synth time rather than keep a second list of metric
/// definitions. Alarm ARNs are built from their literal names, so the dashboard reads no other workspace's state and
/// this workspace stays right after foundation in the graph. Body format:
/// https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/CloudWatch-Dashboard-Body-Structure.html (checked 2026-12-01).
/// </remarks>
public sealed class OperationsDashboard : Construct
{
    /// <summary>The rows, in the order traffic flows; alarms of any other namespace go to a last "Other" row.</summary>
    public static IReadOnlyList<DashboardTier> Tiers { get; } =
    [
        new("CloudFront", ["AWS/CloudFront"]),
        new("WAF", ["AWS/WAFV2"]),
        new("Route 53 origin failover", ["AWS/Route53"]),
        new("ALB", ["AWS/ApplicationELB"]),
        new("EKS nodes and pods (Container Insights)", [ContainerInsights.Namespace]),
        new("RDS PostgreSQL", ["AWS/RDS"]),
        new("ElastiCache Redis", ["AWS/ElastiCache"]),
        new("NAT gateways", ["AWS/NATGateway"]),
        new("Account security (CIS)", [CisAlarms.Namespace]),
    ];

    /// <summary>Graphs per dashboard row.</summary>
    public const int GraphsPerRow = 3;

    /// <summary>Creates the dashboard; its body is rendered when the stack is synthesized.</summary>
    public OperationsDashboard(Construct scope, string id, OperationsDashboardProps props) : base(scope, id)
    {
        var dashboard = new CloudwatchDashboard(this, "dashboard", new CloudwatchDashboardConfig
        {
            DashboardName = props.Name,
            DashboardBody = Lazy.StringValue(new BodyProducer(() => Render(props.Alarms(), props.AccountId)), null),
        });
        DashboardName = dashboard.DashboardName;
    }

    /// <summary>The dashboard name (a token).</summary>
    public string DashboardName { get; }

    /// <summary>The dashboard body JSON for <paramref name="alarms"/> (ordered by tier, then name).</summary>
    public static string Render(IEnumerable<DashboardAlarm> alarms, string accountId)
    {
        var all = alarms.DistinctBy(a => (a.Region, a.Name)).OrderBy(a => a.Name, StringComparer.Ordinal).ToArray();
        var rows = Tiers.Select(t => (t.Title, Alarms: all.Where(a => t.Namespaces.Contains(a.Namespace)).ToArray())).ToList();
        var other = all.Where(a => !Tiers.Any(t => t.Namespaces.Contains(a.Namespace))).ToArray();
        if (other.Length > 0)
        {
            rows.Add(("Other", other));
        }

        var widgets = new List<object>();
        var y = 0;
        foreach (var (title, tierAlarms) in rows.Where(r => r.Alarms.Length > 0))
        {
            widgets.Add(new { type = "text", x = 0, y, width = 24, height = 1, properties = new { markdown = $"## {title}" } });
            y += 1;
            widgets.Add(new
            {
                type = "alarm",
                x = 0,
                y,
                width = 24,
                height = 2,
                properties = new { title = $"{title}: alarm states", alarms = tierAlarms.Select(a => Arn(a, accountId)).ToArray() },
            });
            y += 2;
            var width = 24 / GraphsPerRow;
            for (var i = 0; i < tierAlarms.Length; i++)
            {
                var alarm = tierAlarms[i];
                widgets.Add(new
                {
                    type = "metric",
                    x = i % GraphsPerRow * width,
                    y = y + i / GraphsPerRow * 6,
                    width,
                    height = 6,
                    properties = new
                    {
                        title = alarm.Name,
                        region = alarm.Region,
                        view = "timeSeries",
                        stacked = false,
                        annotations = new { alarms = new[] { Arn(alarm, accountId) } },
                    },
                });
            }

            y += (tierAlarms.Length + GraphsPerRow - 1) / GraphsPerRow * 6;
        }

        return JsonSerializer.Serialize(new { widgets }, new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    /// <summary><c>arn:aws:cloudwatch:&lt;region&gt;:&lt;account&gt;:alarm:&lt;name&gt;</c>.</summary>
    public static string Arn(DashboardAlarm alarm, string accountId) => $"arn:aws:cloudwatch:{alarm.Region}:{accountId}:alarm:{alarm.Name}";

    private sealed class BodyProducer(Func<string> render) : DeputyBase, IStringProducer
    {
        public string? Produce(IResolveContext context) => render();
    }
}
