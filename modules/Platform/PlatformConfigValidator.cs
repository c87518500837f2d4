using System.Globalization;
using System.Text.RegularExpressions;

namespace Ecolaura.Tf.Platform;

/// <summary>
/// Checks <see cref="PlatformConfig"/> before synth. Terraform cannot: without a reachable cluster the Kubernetes and
/// Helm providers accept malformed quantities, inverted HPA bounds and unknown chart versions until apply.
/// </summary>
public static partial class PlatformConfigValidator
{
    /// <summary>The apps the edge ALB routes to (two colours each); the others run one colour.</summary>
    public static IReadOnlyList<string> RoutedApps { get; } = ["frontend", "backend"];

    /// <summary><c>blue</c> or <c>green</c>.</summary>
    public static string ColorName(DeploymentColor color) => color.ToString().ToLowerInvariant();

    /// <summary>A CPU quantity: whole or decimal cores (<c>1</c>, <c>0.5</c>) or millicores (<c>200m</c>).</summary>
    [GeneratedRegex(@"^(?<n>[0-9]+(\.[0-9]+)?)(?<unit>m?)$")]
    public static partial Regex CpuQuantity();

    /// <summary>A memory quantity: bytes, or a binary (<c>Ki Mi Gi Ti</c>) or decimal (<c>k M G T</c>) suffix.</summary>
    [GeneratedRegex(@"^(?<n>[0-9]+)(?<unit>Ki|Mi|Gi|Ti|k|M|G|T)?$")]
    public static partial Regex MemoryQuantity();

    /// <summary>An OCI image tag: 1–128 of <c>[A-Za-z0-9_.-]</c>, not starting with <c>.</c> or <c>-</c>.</summary>
    [GeneratedRegex(@"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$")]
    public static partial Regex ImageTag();

    /// <summary>A Prometheus duration: one or more of digits followed by <c>y w d h m s ms</c>, e.g. <c>15d</c> or <c>1w2d</c>.</summary>
    [GeneratedRegex(@"^([0-9]+(ms|y|w|d|h|m|s))+$")]
    public static partial Regex PrometheusDuration();

    /// <summary>A Secrets Manager name suffix: 1–128 of <c>[A-Za-z0-9/_+=.@-]</c>.</summary>
    [GeneratedRegex(@"^[A-Za-z0-9/_+=.@-]{1,128}$")]
    public static partial Regex SecretName();

    /// <summary>A URL path starting with <c>/</c>.</summary>
    [GeneratedRegex(@"^/[A-Za-z0-9/_.~-]*$")]
    private static partial Regex HealthPath();

    /// <summary>Every problem of <c>environments.&lt;env&gt;.platform</c>.</summary>
    public static IEnumerable<ValidationProblem> Validate(EnvironmentConfig env, string path)
    {
        var problems = new Problems($"{path}.platform");
        var config = env.Platform;
        foreach (var (chart, field, version) in config.Charts.ByChart())
        {
            var allowed = ChartPins.Allowed[chart];
            if (!allowed.Contains(version, StringComparer.Ordinal))
            {
                problems.Add($"charts.{field}", version, $"must be a pinned {chart} chart version [{string.Join(", ", allowed)}] (modules/Platform/ChartPins.cs)");
            }
        }

        foreach (var (name, workload) in config.Workloads())
        {
            Workload(env, name, workload, problems);
        }

        var monitoring = config.Monitoring;
        if (!PrometheusDuration().IsMatch(monitoring.PrometheusRetention) || monitoring.PrometheusRetention.All(c => c == '0' || !char.IsDigit(c)))
        {
            problems.Add("monitoring.prometheusRetention", monitoring.PrometheusRetention, "must be a non-zero Prometheus duration: digits and a unit of [ms, s, m, h, d, w, y], e.g. 15d or 1w2d");
        }

        foreach (var (field, value, min) in new[]
        {
            ("monitoring.prometheusVolumeGiB", monitoring.PrometheusVolumeGiB, 10),
            ("monitoring.alertmanagerVolumeGiB", monitoring.AlertmanagerVolumeGiB, 1),
            ("monitoring.grafanaVolumeGiB", monitoring.GrafanaVolumeGiB, 1),
        })
        {
            if (value < min || value > 16384)
            {
                problems.Add(field, value, $"must be a gp3 volume size of {min}–16384 GiB");
            }
        }

        foreach (var (field, value) in new[] { ("secrets.grafanaAdmin", config.Secrets.GrafanaAdmin), ("secrets.alertmanagerReceivers", config.Secrets.AlertmanagerReceivers) })
        {
            if (!SecretName().IsMatch(value))
            {
                problems.Add(field, value, "must be a Secrets Manager name below ecolaura/<env>/platform/: 1–128 of [A-Za-z0-9/_+=.@-]");
            }
        }

        return problems;
    }

    private static void Workload(EnvironmentConfig env, string name, WorkloadConfig workload, Problems problems)
    {
        Tag($"{name}.imageTag", workload.ImageTag, problems);
        var routed = RoutedApps.Contains(name);
        foreach (var color in Enum.GetValues<DeploymentColor>())
        {
            if (workload.ColorImageTags.Of(color) is not { } tag)
            {
                continue;
            }

            if (routed)
            {
                Tag($"{name}.colorImageTags.{ColorName(color)}", tag, problems);
            }
            else
            {
                problems.Add($"{name}.colorImageTags.{ColorName(color)}", tag,
                    $"{name} is not routed by the edge ALB and runs one colour; only [{string.Join(", ", RoutedApps)}] take colour tags");
            }
        }

        if (workload.Port is < 1024 or > 65535)
        {
            problems.Add($"{name}.port", workload.Port, "must be 1024–65535 (containers run as non-root and cannot bind lower ports)");
        }
        else if (routed && workload.Port != env.Network.ApplicationPort)
        {
            problems.Add($"{name}.port", workload.Port, $"must equal network.applicationPort {env.Network.ApplicationPort}, the only port the ALB's security group may reach");
        }

        if (!HealthPath().IsMatch(workload.HealthPath))
        {
            problems.Add($"{name}.healthPath", workload.HealthPath, "must be a URL path starting with '/'");
        }

        if (workload.Replicas < 1)
        {
            problems.Add($"{name}.replicas", workload.Replicas, "must be at least 1");
        }

        var resources = workload.Resources;
        var cpuRequest = Quantity($"{name}.resources.cpuRequest", resources.CpuRequest, CpuQuantity(), "a CPU quantity such as 200m or 1", problems);
        var cpuLimit = Quantity($"{name}.resources.cpuLimit", resources.CpuLimit, CpuQuantity(), "a CPU quantity such as 500m or 2", problems);
        var memoryRequest = Quantity($"{name}.resources.memoryRequest", resources.MemoryRequest, MemoryQuantity(), "a memory quantity such as 256Mi or 1Gi (suffixes Ki, Mi, Gi, Ti, k, M, G, T)", problems);
        var memoryLimit = Quantity($"{name}.resources.memoryLimit", resources.MemoryLimit, MemoryQuantity(), "a memory quantity such as 512Mi or 2Gi (suffixes Ki, Mi, Gi, Ti, k, M, G, T)", problems);
        if (cpuRequest > cpuLimit)
        {
            problems.Add($"{name}.resources.cpuRequest", resources.CpuRequest, $"must not exceed cpuLimit '{resources.CpuLimit}'");
        }

        if (memoryRequest > memoryLimit)
        {
            problems.Add($"{name}.resources.memoryRequest", resources.MemoryRequest, $"must not exceed memoryLimit '{resources.MemoryLimit}'");
        }

        var scaling = workload.Autoscaling;
        if (scaling.MinReplicas < 1)
        {
            problems.Add($"{name}.autoscaling.minReplicas", scaling.MinReplicas, "must be at least 1");
        }
        else if (scaling.MinReplicas > scaling.MaxReplicas)
        {
            problems.Add($"{name}.autoscaling", new Verbatim($"minReplicas {scaling.MinReplicas}, maxReplicas {scaling.MaxReplicas}"), "minReplicas must not exceed maxReplicas");
        }

        if (workload.MinAvailable < 1)
        {
            problems.Add($"{name}.minAvailable", workload.MinAvailable, "must be at least 1");
        }
        else if (scaling.MinReplicas <= workload.MinAvailable)
        {
            problems.Add($"{name}.autoscaling.minReplicas", scaling.MinReplicas,
                $"must exceed the PodDisruptionBudget's minAvailable {workload.MinAvailable}, or a node drain can never evict a pod");
        }

        foreach (var (field, value) in new[] { ("cpuUtilizationPercent", scaling.CpuUtilizationPercent), ("memoryUtilizationPercent", scaling.MemoryUtilizationPercent) })
        {
            if (value is < 1 or > 100)
            {
                problems.Add($"{name}.autoscaling.{field}", value, "must be 1–100 (percent of the request)");
            }
        }

        if (workload.NodeGroup is { } group && env.Compute.NodeGroups.All(g => g.Name != group))
        {
            problems.Add($"{name}.nodeGroup", group, $"must name a node group of compute.nodeGroups [{string.Join(", ", env.Compute.NodeGroups.Select(g => g.Name))}]");
        }
    }

    private static void Tag(string field, string tag, Problems problems)
    {
        if (string.Equals(tag, "latest", StringComparison.OrdinalIgnoreCase))
        {
            problems.Add(field, tag, "must be an immutable release tag, never 'latest' (the ECR repositories refuse to overwrite tags)");
        }
        else if (!ImageTag().IsMatch(tag))
        {
            problems.Add(field, tag, "must be an image tag: 1–128 of [A-Za-z0-9_.-], not starting with '.' or '-'");
        }
    }

    /// <summary>The quantity in base units (cores or bytes), or null (and a problem) when malformed.</summary>
    private static decimal? Quantity(string field, string value, Regex pattern, string allowed, Problems problems)
    {
        var match = pattern.Match(value);
        if (!match.Success)
        {
            problems.Add(field, value, $"must be {allowed}");
            return null;
        }

        return ToBaseUnits(match);
    }

    /// <summary>A quantity matched by <see cref="CpuQuantity"/> or <see cref="MemoryQuantity"/> in cores or bytes.</summary>
    public static decimal ToBaseUnits(Match match)
    {
        var number = decimal.Parse(match.Groups["n"].Value, CultureInfo.InvariantCulture);
        return number * match.Groups["unit"].Value switch
        {
            "m" => 0.001m,
            "Ki" => 1024m,
            "Mi" => 1024m * 1024,
            "Gi" => 1024m * 1024 * 1024,
            "Ti" => 1024m * 1024 * 1024 * 1024,
            "k" => 1e3m,
            "M" => 1e6m,
            "G" => 1e9m,
            "T" => 1e12m,
            _ => 1m,
        };
    }
}
