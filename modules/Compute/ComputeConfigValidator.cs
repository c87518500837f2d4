using System.Text.RegularExpressions;

namespace Ecolaura.Tf.Compute;

/// <summary>
/// Bad inputs of <see cref="ComputeConfig"/> that Terraform plans without complaint, so they are ours: a node group with
/// min &gt; max or desired outside [min, max], a SPOT group with one instance type, no on-demand group where the tier
/// needs one, an EKS version outside standard support ("1.99"), a public endpoint in staging or prod or open to a /0
/// range, and a control-plane log retention below 365 days.
/// </summary>
public static partial class ComputeConfigValidator
{
    /// <summary>When <see cref="SupportedKubernetesVersions"/> was last checked against the EKS release calendar.</summary>
    public const string SupportedVersionsChecked = "2026-12-02";

    /// <summary>Source of <see cref="SupportedKubernetesVersions"/>.</summary>
    public static FactSource SupportedVersionsSource { get; } =
        new("Amazon EKS Kubernetes release calendar", "https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html", SupportedVersionsChecked);

    /// <summary>
    /// Kubernetes versions in EKS <em>standard</em> support on <see cref="SupportedVersionsChecked"/>, with the day
    /// standard support ends (EKS release calendar, https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html).
    /// </summary>
    /// <remarks>
    /// 1.32 (ended 2026-03-23), 1.33 (ended 2026-07-29) and 1.34 (ended 2026-12-02) are in extended support, billed at
    /// six times the cluster rate, so a cluster may not choose them: a 1.34 cluster upgrades to 1.35 in place. 1.36
    /// reached EKS on 2026-06-02 (standard support is 14 months from the EKS release). Add a newer version only after
    /// checking its EKS release date on the calendar; remove one on the day its standard support ends.
    /// </remarks>
    public static IReadOnlyDictionary<string, DateOnly> SupportedKubernetesVersions { get; } = new SortedDictionary<string, DateOnly>(StringComparer.Ordinal)
    {
        ["1.35"] = new(2027, 3, 27),
        ["1.36"] = new(2027, 8, 2),
    };

    /// <summary>Every problem of <paramref name="env"/>'s <c>compute</c> section.</summary>
    public static IEnumerable<ValidationProblem> Validate(EnvironmentConfig env, string path)
    {
        var compute = env.Compute;
        var problems = new Problems($"{path}.compute");
        var Problem = problems.Add;

        if (!SupportedKubernetesVersions.ContainsKey(compute.KubernetesVersion))
        {
            Problem("kubernetesVersion", compute.KubernetesVersion,
                $"must be an EKS version in standard support [{string.Join(", ", SupportedKubernetesVersions.Keys)}] ({SupportedVersionsSource})");
        }

        if (!AdminRole().IsMatch(compute.AdminRoleArn))
        {
            Problem("adminRoleArn", compute.AdminRoleArn, "must be an IAM role ARN such as arn:aws:iam::123456789012:role/platform-admin");
        }

        CheckPublicAccess(env, compute.PublicAccessCidrs, Problem);

        if (!AwsFacts.LogRetentionDays.Contains(compute.ControlPlaneLogRetentionDays) || compute.ControlPlaneLogRetentionDays < 365)
        {
            Problem("controlPlaneLogRetentionDays", compute.ControlPlaneLogRetentionDays,
                $"holds the audit log, so it must be a CloudWatch retention value of at least 365 days [{string.Join(", ", AwsFacts.LogRetentionDays.Where(d => d >= 365))}]");
        }

        if (compute.MaxUnavailablePercentage is < 1 or > 100)
        {
            Problem("maxUnavailablePercentage", compute.MaxUnavailablePercentage, "must be 1–100");
        }

        CheckNodeGroups(env, compute.NodeGroups, Problem);
        CheckAddonVersions(compute, Problem);
        return problems;
    }

    /// <summary>Source of the kube-proxy skew rule checked on <see cref="AddonVersionsConfig.KubeProxy"/>.</summary>
    public static FactSource KubeProxySkewSource { get; } = new("Kubernetes Version Skew Policy, kube-proxy", "https://kubernetes.io/releases/version-skew-policy/#kube-proxy", "2026-12-01");

    /// <summary>How many minor versions kube-proxy may lag behind the control plane (<see cref="KubeProxySkewSource"/>).</summary>
    public const int KubeProxyMaxMinorSkew = 3;

    private static void CheckAddonVersions(ComputeConfig compute, Action<string, object?, string> problem)
    {
        var cluster = MinorOf(compute.KubernetesVersion);
        foreach (var (addon, field, version) in compute.AddonVersions.ByAddon().Where(a => a.Version is not null))
        {
            var match = AddonVersion().Match(version!);
            if (!match.Success)
            {
                problem($"addonVersions.{field}", version,
                    $"must be an EKS add-on version v<major>.<minor>.<patch>-eksbuild.<n> such as v1.35.0-eksbuild.1 (aws eks describe-addon-versions --addon-name {addon} --kubernetes-version {compute.KubernetesVersion})");
                continue;
            }

            if (addon == EksAddons.KubeProxy && cluster is { } clusterMinor)
            {
                var proxyMinor = int.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
                if (match.Groups[1].Value != "1" || proxyMinor > clusterMinor || proxyMinor < clusterMinor - KubeProxyMaxMinorSkew)
                {
                    problem($"addonVersions.{field}", version,
                        $"kube-proxy must not be newer than the control plane ({compute.KubernetesVersion}) nor more than {KubeProxyMaxMinorSkew} minor versions older, so 1.{clusterMinor - KubeProxyMaxMinorSkew}–1.{clusterMinor} ({KubeProxySkewSource})");
                }
            }
        }
    }

    /// <summary>The minor of a <c>1.&lt;minor&gt;</c> Kubernetes version, or null when it is not one.</summary>
    private static int? MinorOf(string kubernetesVersion) =>
        kubernetesVersion.StartsWith("1.", StringComparison.Ordinal) && int.TryParse(kubernetesVersion[2..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var minor)
            ? minor
            : null;

    private static void CheckPublicAccess(EnvironmentConfig env, IReadOnlyList<string> cidrs, Action<string, object?, string> problem)
    {
        if (cidrs.Count > 0 && env.Floors().PrivateClusterEndpoint)
        {
            problem("publicAccessCidrs", cidrs,
                $"{env.Name} ({env.Tier.Id()} tier) keeps the cluster endpoint private; a public endpoint (from listed ranges) is allowed in the development tier only");
        }

        for (var i = 0; i < cidrs.Count; i++)
        {
            if (!Cidr.TryParse(cidrs[i], out var range, out var error))
            {
                problem($"publicAccessCidrs[{i}]", cidrs[i], $"must be a valid IPv4 CIDR ({error})");
            }
            else if (range.Prefix == 0)
            {
                problem($"publicAccessCidrs[{i}]", cidrs[i], "must not open the API endpoint to the whole internet (a /0 range)");
            }
        }
    }

    private static void CheckNodeGroups(EnvironmentConfig env, IReadOnlyList<NodeGroupConfig> groups, Action<string, object?, string> problem)
    {
        if (groups.Count == 0)
        {
            problem("nodeGroups", Array.Empty<string>(), "need at least one node group");
            return;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < groups.Count; i++)
        {
            var group = groups[i];
            var validName = GroupName().IsMatch(group.Name);
            var at = $"nodeGroups[{(validName ? group.Name : i.ToString())}]";
            if (!validName)
            {
                problem($"{at}.name", group.Name, "must be 1–16 lower-case letters, digits or '-', starting with a letter");
            }
            else if (group.Name == "role")
            {
                problem($"{at}.name", group.Name, "is reserved for the node IAM role");
            }
            else if (!seen.Add(group.Name))
            {
                problem($"{at}.name", group.Name, "must be unique in the cluster");
            }

            CheckInstanceTypes(group, at, problem);
            CheckScaling(env, group.Scaling, at, problem);
            if (group.VolumeSizeGiB is < 20 or > 16384)
            {
                problem($"{at}.volumeSizeGiB", group.VolumeSizeGiB, "must be 20–16384 GiB (the AL2023 root volume needs at least 20)");
            }
        }

        var onDemand = groups.Where(g => g.CapacityType == CapacityType.OnDemand).ToArray();
        var floors = env.Floors();
        if (floors.OnDemandGroupRequired && onDemand.Length == 0)
        {
            problem("nodeGroups", groups.Select(g => $"{g.Name} ({g.CapacityType.ToEks()})"),
                $"{env.Name} ({env.Tier.Id()} tier) needs at least one on-demand group (system workloads must not depend on spot capacity)");
        }
        else if (onDemand.Length > 0 && onDemand.All(g => g.Scaling.Min < floors.OnDemandMinNodes))
        {
            problem("nodeGroups", onDemand.Select(g => $"{g.Name} (min {g.Scaling.Min})"),
                $"{env.Name} ({env.Tier.Id()} tier) needs an on-demand group with min ≥ {floors.OnDemandMinNodes} so system workloads survive the loss of a node");
        }
    }

    private static void CheckInstanceTypes(NodeGroupConfig group, string at, Action<string, object?, string> problem)
    {
        var types = group.InstanceTypes;
        if (types.Count == 0)
        {
            problem($"{at}.instanceTypes", Array.Empty<string>(), "need at least one instance type");
            return;
        }

        foreach (var type in types)
        {
            if (AwsFacts.CheckFamilySize(type, "", "an x86_64 EC2 instance type (the nodes run AL2023_x86_64_STANDARD)", AwsFacts.Ec2InstanceSizes, AwsFacts.Ec2InstanceTypesSource) is { } allowed)
            {
                problem($"{at}.instanceTypes", type, allowed);
            }
        }

        if (types.Distinct(StringComparer.Ordinal).Count() != types.Count)
        {
            problem($"{at}.instanceTypes", types, "must not repeat an instance type");
        }

        if (group.CapacityType == CapacityType.Spot && types.Distinct(StringComparer.Ordinal).Count() < 2)
        {
            problem($"{at}.instanceTypes", types, "need at least 2 instance types for SPOT (capacity diversification)");
        }

        var sizes = types.Where(t => InstanceType().IsMatch(t)).Select(t => t[(t.IndexOf('.') + 1)..]).Distinct(StringComparer.Ordinal).Count();
        if (sizes > 1)
        {
            problem($"{at}.instanceTypes", types,
                "must all be one size (e.g. t3.large, t3a.large, m5.large): the Cluster Autoscaler sizes a group by its first type");
        }
    }

    /// <summary>Checks one scaling range: min ≥ 1, min ≤ desired ≤ max, and the tier's headroom (the DR workspace's warm scaling uses it too).</summary>
    internal static void CheckScaling(EnvironmentConfig env, NodeGroupScaling scaling, string at, Action<string, object?, string> problem)
    {
        var value = new Verbatim($"min {scaling.Min}, desired {scaling.Desired}, max {scaling.Max}");
        var field = $"{at}.scaling";
        if (scaling.Min < 1)
        {
            problem(field, value, $"min ({scaling.Min}) must be at least 1");
        }

        if (scaling.Min > scaling.Max)
        {
            problem(field, value, $"min ({scaling.Min}) > max ({scaling.Max})");
        }
        else if (scaling.Desired < scaling.Min || scaling.Desired > scaling.Max)
        {
            problem(field, value, $"desired ({scaling.Desired}) outside [min ({scaling.Min}), max ({scaling.Max})]");
        }
        else if (env.Floors().NodeGroupHeadroom && scaling.Max < 2 * scaling.Min)
        {
            problem(field, value, $"{env.Name} ({env.Tier.Id()} tier) needs max ≥ 2 × min for scaling headroom, max ({scaling.Max}) < {2 * scaling.Min}");
        }
    }

    [GeneratedRegex(@"^arn:aws:iam::[0-9]{12}:role/[A-Za-z0-9+=,.@_/-]{1,512}$")]
    private static partial Regex AdminRole();

    [GeneratedRegex("^[a-z][a-z0-9-]{0,15}$")]
    private static partial Regex GroupName();

    [GeneratedRegex("^[a-z][a-z0-9-]*\\.[a-z0-9]+$")]
    private static partial Regex InstanceType();

    [GeneratedRegex(@"^v([0-9]+)\.([0-9]+)\.([0-9]+)-eksbuild\.([0-9]+)$")]
    private static partial Regex AddonVersion();
}
