namespace Ecolaura.Tf.Platform;

/// <summary>
/// The platform workspace: what runs on the EKS cluster (add-ons as pinned Helm releases, the applications with their
/// blue/green colours and autoscaling, monitoring).
/// </summary>
/// <remarks>Validated by <see cref="PlatformConfigValidator"/>; the pinned chart versions live in <see cref="ChartPins"/>.</remarks>
public sealed record PlatformConfig
{
    /// <summary>The chart version of every Helm release, each from <see cref="ChartPins.Allowed"/>.</summary>
    /// <remarks>Default: the newest pinned version of each chart.</remarks>
    public ChartVersionsConfig Charts { get; init; } = new();

    /// <summary>The frontend (routed by the edge ALB for every path except <c>/api/*</c> and <c>/ws/*</c>; blue and green).</summary>
    /// <remarks>Default: see <see cref="WorkloadConfig"/>; image tag 1.0.0, port 8080.</remarks>
    public WorkloadConfig Frontend { get; init; } = new();

    /// <summary>The backend (routed for <c>/api/*</c> and <c>/ws/*</c>; blue and green), the specification's Deployment.</summary>
    /// <remarks>Default: 3 replicas; requests 200m / 256Mi, limits 500m / 512Mi; HPA 3–10.</remarks>
    public WorkloadConfig Backend { get; init; } = new();

    /// <summary>The microservices (not routed by the ALB, one colour).</summary>
    /// <remarks>Default: see <see cref="WorkloadConfig"/>.</remarks>
    public WorkloadConfig Microservices { get; init; } = new();

    /// <summary>kube-prometheus-stack: retention and volume sizes.</summary>
    /// <remarks>Default: see <see cref="MonitoringConfig"/>.</remarks>
    public MonitoringConfig Monitoring { get; init; } = new();

    /// <summary>
    /// Secrets Manager names the External Secrets operator syncs into the cluster (never through Terraform state); each
    /// starts with <c>ecolaura/&lt;env&gt;/platform/</c>, which is all its IRSA role may read.
    /// </summary>
    /// <remarks>Default: see <see cref="PlatformSecretsConfig"/>.</remarks>
    public PlatformSecretsConfig Secrets { get; init; } = new();

    /// <summary>The workloads by app name (<c>frontend</c>, <c>backend</c>, <c>microservices</c>) with their field names.</summary>
    public IReadOnlyList<(string Name, WorkloadConfig Config)> Workloads() =>
        [("frontend", Frontend), ("backend", Backend), ("microservices", Microservices)];
}

/// <summary>One application: its image, container shape, probes, placement, disruption budget and autoscaling.</summary>
public sealed record WorkloadConfig
{
    /// <summary>
    /// The image tag every colour runs unless <see cref="ColorImageTags"/> overrides it: an immutable tag (the ECR
    /// repositories refuse overwrites), 1–128 of <c>[A-Za-z0-9_.-]</c>, starting with a letter, digit or <c>_</c>, never <c>latest</c>.
    /// </summary>
    /// <remarks>Default: 1.0.0.</remarks>
    public string ImageTag { get; init; } = "1.0.0";

    /// <summary>
    /// Per-colour image tags overriding <see cref="ImageTag"/>, for a release on the idle colour before traffic moves
    /// to it (routed apps only; see README "Releasing with blue/green").
    /// </summary>
    /// <remarks>Default: none, both colours run <see cref="ImageTag"/>.</remarks>
    public ColorImageTagsConfig ColorImageTags { get; init; } = new();

    /// <summary>The container port the Service and the ALB target group send traffic to, 1024–65535 (non-root).</summary>
    /// <remarks>Default: 8080.</remarks>
    public int Port { get; init; } = 8080;

    /// <summary>The readiness and liveness probe path; routed apps use the edge's health-check path instead.</summary>
    /// <remarks>Default: /healthz.</remarks>
    public string HealthPath { get; init; } = "/healthz";

    /// <summary>Replicas of each colour's Deployment at creation (the HPA owns the count afterwards).</summary>
    /// <remarks>Default: 3.</remarks>
    public int Replicas { get; init; } = 3;

    /// <summary>Container requests and limits (Kubernetes quantities).</summary>
    /// <remarks>Default: requests 200m / 256Mi, limits 500m / 512Mi.</remarks>
    public ContainerResourcesConfig Resources { get; init; } = new();

    /// <summary>The <c>autoscaling/v2</c> HorizontalPodAutoscaler of each colour.</summary>
    /// <remarks>Default: 3–10 replicas at 70 % CPU and 80 % memory of requests.</remarks>
    public AutoscalingConfig Autoscaling { get; init; } = new();

    /// <summary>The PodDisruptionBudget's <c>minAvailable</c> (pods); must be below <see cref="AutoscalingConfig.MinReplicas"/> so a node drain can evict.</summary>
    /// <remarks>Default: 2.</remarks>
    public int MinAvailable { get; init; } = 2;

    /// <summary>
    /// The compute node group (its <c>name</c>) the pods must run on: a node selector on <c>ecolaura.io/node-group</c>,
    /// plus a toleration when the group is dedicated (tainted). Must name a group of <c>compute.nodeGroups</c>.
    /// </summary>
    /// <remarks>Default: null, any untainted node.</remarks>
    public string? NodeGroup { get; init; }
}

/// <summary>Image tags of a routed app's colours; an unset colour runs the app's <see cref="WorkloadConfig.ImageTag"/>.</summary>
public sealed record ColorImageTagsConfig
{
    /// <summary>The blue colour's tag.</summary>
    /// <remarks>Default: null, the app's image tag.</remarks>
    public string? Blue { get; init; }

    /// <summary>The green colour's tag.</summary>
    /// <remarks>Default: null, the app's image tag.</remarks>
    public string? Green { get; init; }

    /// <summary>The tag of <paramref name="color"/>, or null when it runs the app's tag.</summary>
    public string? Of(DeploymentColor color) => color == DeploymentColor.Blue ? Blue : Green;
}

/// <summary>Requests and limits of one container, as Kubernetes quantities (CPU <c>200m</c> or <c>1</c>; memory <c>256Mi</c>, <c>1Gi</c>).</summary>
public sealed record ContainerResourcesConfig
{
    /// <summary>CPU request (millicores <c>m</c> or cores).</summary>
    /// <remarks>Default: 200m.</remarks>
    public string CpuRequest { get; init; } = "200m";

    /// <summary>Memory request (bytes with a binary <c>Ki</c>/<c>Mi</c>/<c>Gi</c>/<c>Ti</c> or decimal <c>k</c>/<c>M</c>/<c>G</c>/<c>T</c> suffix).</summary>
    /// <remarks>Default: 256Mi.</remarks>
    public string MemoryRequest { get; init; } = "256Mi";

    /// <summary>CPU limit, at least <see cref="CpuRequest"/>.</summary>
    /// <remarks>Default: 500m.</remarks>
    public string CpuLimit { get; init; } = "500m";

    /// <summary>Memory limit, at least <see cref="MemoryRequest"/>.</summary>
    /// <remarks>Default: 512Mi.</remarks>
    public string MemoryLimit { get; init; } = "512Mi";
}

/// <summary>Bounds and targets of an <c>autoscaling/v2</c> HorizontalPodAutoscaler (metrics from metrics-server).</summary>
public sealed record AutoscalingConfig
{
    /// <summary>Fewest replicas of each colour, at least 1 and above the PDB's <c>minAvailable</c>.</summary>
    /// <remarks>Default: 3.</remarks>
    public int MinReplicas { get; init; } = 3;

    /// <summary>Most replicas of each colour, at least <see cref="MinReplicas"/>.</summary>
    /// <remarks>Default: 10.</remarks>
    public int MaxReplicas { get; init; } = 10;

    /// <summary>Target average CPU utilisation in percent of the request, 1–100.</summary>
    /// <remarks>Default: 70.</remarks>
    public int CpuUtilizationPercent { get; init; } = 70;

    /// <summary>Target average memory utilisation in percent of the request, 1–100.</summary>
    /// <remarks>Default: 80.</remarks>
    public int MemoryUtilizationPercent { get; init; } = 80;
}

/// <summary>kube-prometheus-stack sizing.</summary>
public sealed record MonitoringConfig
{
    /// <summary>How long Prometheus keeps samples: a Prometheus duration, digits and one unit of <c>ms s m h d w y</c> (e.g. <c>15d</c>).</summary>
    /// <remarks>Default: 15d.</remarks>
    public string PrometheusRetention { get; init; } = "15d";

    /// <summary>Prometheus' gp3 volume in GiB, 10–16384.</summary>
    /// <remarks>Default: 50.</remarks>
    public int PrometheusVolumeGiB { get; init; } = 50;

    /// <summary>Alertmanager's gp3 volume in GiB, 1–16384.</summary>
    /// <remarks>Default: 5.</remarks>
    public int AlertmanagerVolumeGiB { get; init; } = 5;

    /// <summary>Grafana's gp3 volume in GiB, 1–16384.</summary>
    /// <remarks>Default: 10.</remarks>
    public int GrafanaVolumeGiB { get; init; } = 10;
}

/// <summary>The Secrets Manager secrets synced into the cluster, by name below <c>ecolaura/&lt;env&gt;/platform/</c>.</summary>
public sealed record PlatformSecretsConfig
{
    /// <summary>Grafana's admin login: a JSON secret with keys <c>admin-user</c> and <c>admin-password</c>.</summary>
    /// <remarks>Default: grafana-admin.</remarks>
    public string GrafanaAdmin { get; init; } = "grafana-admin";

    /// <summary>
    /// Alertmanager's receivers, the same ones the CloudWatch alarms notify: a JSON secret with keys
    /// <c>pagerduty-routing-key</c> (the PagerDuty Events API v2 key of the critical service) and <c>slack-webhook-url</c>.
    /// </summary>
    /// <remarks>Default: alertmanager-receivers.</remarks>
    public string AlertmanagerReceivers { get; init; } = "alertmanager-receivers";
}

/// <summary>The version of each pinned chart; every value must be in <see cref="ChartPins.Allowed"/>.</summary>
public sealed record ChartVersionsConfig
{
    /// <summary>aws-load-balancer-controller (https://aws.github.io/eks-charts).</summary>
    /// <remarks>Default: the newest pinned version.</remarks>
    public string AwsLoadBalancerController { get; init; } = ChartPins.Newest(ChartPins.AwsLoadBalancerController);

    /// <summary>cluster-autoscaler (https://kubernetes.github.io/autoscaler).</summary>
    /// <remarks>Default: the newest pinned version.</remarks>
    public string ClusterAutoscaler { get; init; } = ChartPins.Newest(ChartPins.ClusterAutoscaler);

    /// <summary>metrics-server (https://kubernetes-sigs.github.io/metrics-server/).</summary>
    /// <remarks>Default: the newest pinned version.</remarks>
    public string MetricsServer { get; init; } = ChartPins.Newest(ChartPins.MetricsServer);

    /// <summary>external-secrets (https://charts.external-secrets.io).</summary>
    /// <remarks>Default: the newest pinned version.</remarks>
    public string ExternalSecrets { get; init; } = ChartPins.Newest(ChartPins.ExternalSecrets);

    /// <summary>kube-prometheus-stack (https://prometheus-community.github.io/helm-charts).</summary>
    /// <remarks>Default: the newest pinned version.</remarks>
    public string KubePrometheusStack { get; init; } = ChartPins.Newest(ChartPins.KubePrometheusStack);

    /// <summary>raw (https://bedag.github.io/helm-charts/): renders the custom resources (TargetGroupBinding, ExternalSecret).</summary>
    /// <remarks>Default: the newest pinned version.</remarks>
    public string Raw { get; init; } = ChartPins.Newest(ChartPins.Raw);

    /// <summary>Chart name → (config field, configured version), in release order.</summary>
    public IReadOnlyList<(string Chart, string Field, string Version)> ByChart() =>
    [
        (ChartPins.AwsLoadBalancerController, "awsLoadBalancerController", AwsLoadBalancerController),
        (ChartPins.ClusterAutoscaler, "clusterAutoscaler", ClusterAutoscaler),
        (ChartPins.MetricsServer, "metricsServer", MetricsServer),
        (ChartPins.ExternalSecrets, "externalSecrets", ExternalSecrets),
        (ChartPins.KubePrometheusStack, "kubePrometheusStack", KubePrometheusStack),
        (ChartPins.Raw, "raw", Raw),
    ];
}
