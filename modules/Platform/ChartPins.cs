namespace Ecolaura.Tf.Platform;

/// <summary>
/// The Helm charts the platform installs: each chart's repository and the dated list of versions a configuration may
/// pin (<c>platform.charts.*</c>). A version outside the list is refused before synth, so an upgrade is a reviewed change
/// here first. Versions were taken from the charts' published releases as seen in public Terraform and Helm code that
/// pins them (checked 2026-12-02 with the project's code search; the chart repositories themselves are not reachable
/// from the build machine); re-check a version against its repository's <c>index.yaml</c> before adding it.
/// </summary>
public static class ChartPins
{
    /// <summary>AWS Load Balancer Controller; repository https://aws.github.io/eks-charts.</summary>
    public const string AwsLoadBalancerController = "aws-load-balancer-controller";

    /// <summary>Cluster Autoscaler; repository https://kubernetes.github.io/autoscaler.</summary>
    public const string ClusterAutoscaler = "cluster-autoscaler";

    /// <summary>metrics-server; repository https://kubernetes-sigs.github.io/metrics-server/.</summary>
    public const string MetricsServer = "metrics-server";

    /// <summary>External Secrets Operator; repository https://charts.external-secrets.io.</summary>
    public const string ExternalSecrets = "external-secrets";

    /// <summary>kube-prometheus-stack; repository https://prometheus-community.github.io/helm-charts.</summary>
    public const string KubePrometheusStack = "kube-prometheus-stack";

    /// <summary>bedag's raw chart (renders the objects listed under <c>resources</c>); repository https://bedag.github.io/helm-charts/.</summary>
    public const string Raw = "raw";

    /// <summary>Chart → repository URL.</summary>
    public static IReadOnlyDictionary<string, string> Repositories { get; } = new Dictionary<string, string>
    {
        [AwsLoadBalancerController] = "https://aws.github.io/eks-charts",
        [ClusterAutoscaler] = "https://kubernetes.github.io/autoscaler",
        [MetricsServer] = "https://kubernetes-sigs.github.io/metrics-server/",
        [ExternalSecrets] = "https://charts.external-secrets.io",
        [KubePrometheusStack] = "https://prometheus-community.github.io/helm-charts",
        [Raw] = "https://bedag.github.io/helm-charts/",
    };

    /// <summary>Chart → the versions a configuration may pin, oldest first (checked 2026-12-02, see the class remarks).</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Allowed { get; } = new Dictionary<string, IReadOnlyList<string>>
    {
        [AwsLoadBalancerController] = ["1.13.4", "1.14.0"],
        [ClusterAutoscaler] = ["9.43.2", "9.53.0"],
        [MetricsServer] = ["3.12.2", "3.13.0"],
        [ExternalSecrets] = ["0.19.2"],
        [KubePrometheusStack] = ["70.4.1"],
        [Raw] = ["2.0.0", "2.0.2"],
    };

    /// <summary>The newest allowed version of <paramref name="chart"/> (the default).</summary>
    /// <exception cref="KeyNotFoundException">Not a chart of this list.</exception>
    public static string Newest(string chart) => Allowed[chart][^1];

    /// <summary>
    /// The Cluster Autoscaler image tag for each EKS Kubernetes minor of <see cref="ComputeConfigValidator.SupportedKubernetesVersions"/>:
    /// the autoscaler's minor must equal the cluster's. Source: the kubernetes/autoscaler release notes
    /// (https://github.com/kubernetes/autoscaler/releases, images <c>registry.k8s.io/autoscaling/cluster-autoscaler</c>; checked 2026-12-02).
    /// </summary>
    public static IReadOnlyDictionary<string, string> ClusterAutoscalerImageTags { get; } = new Dictionary<string, string>
    {
        ["1.35"] = "v1.35.0",
        ["1.36"] = "v1.36.1",
    };
}
