using Constructs;
using HashiCorp.Cdktf;
using HashiCorp.Cdktf.Providers.Kubernetes.DeploymentV1;
using HashiCorp.Cdktf.Providers.Kubernetes.HorizontalPodAutoscalerV2;
using HashiCorp.Cdktf.Providers.Kubernetes.PodDisruptionBudgetV1;
using HashiCorp.Cdktf.Providers.Kubernetes.ServiceV1;

namespace Ecolaura.Tf.Platform;

/// <summary>Props of <see cref="ApplicationWorkload"/>.</summary>
public sealed record ApplicationWorkloadProps
{
    /// <summary>The app (<c>frontend</c>, <c>backend</c>, <c>microservices</c>); also the container name.</summary>
    public required string App { get; init; }

    /// <summary>The Deployment's name: the app, or <c>&lt;app&gt;-&lt;colour&gt;</c> for a colour of a routed app.</summary>
    public required string Name { get; init; }

    /// <summary>The colour, or null for an app the ALB does not route.</summary>
    public DeploymentColor? Color { get; init; }

    /// <summary>The namespace (created by the stack).</summary>
    public required string Namespace { get; init; }

    /// <summary>The full image reference: the compute contract's ECR repository URL, <c>:</c>, and a validated tag.</summary>
    public required string Image { get; init; }

    /// <summary>The validated workload configuration.</summary>
    public required WorkloadConfig Config { get; init; }

    /// <summary>The container port (for routed apps the network's application port, the only one the ALB may reach).</summary>
    public required int Port { get; init; }

    /// <summary>The readiness and liveness path (for routed apps the edge target groups' health-check path).</summary>
    public required string HealthPath { get; init; }

    /// <summary>The node group the pods must run on, and whether it is tainted; null for any untainted node.</summary>
    public (string Name, bool Dedicated)? NodeGroup { get; init; }

    /// <summary>Annotations on the Deployment (not its pods, so changing them never restarts a pod).</summary>
    /// <remarks>Default: none.</remarks>
    public IReadOnlyDictionary<string, string> Annotations { get; init; } = new Dictionary<string, string>();

    /// <summary>What must exist first (the namespace).</summary>
    /// <remarks>Default: none.</remarks>
    public IReadOnlyList<ITerraformDependable> DependsOn { get; init; } = [];
}

/// <summary>
/// One application Deployment with its ClusterIP Service, PodDisruptionBudget and <c>autoscaling/v2</c>
/// HorizontalPodAutoscaler: non-root, read-only root filesystem (a memory-backed <c>/tmp</c>), no privilege
/// escalation, every capability dropped, RuntimeDefault seccomp, no service-account token, requests and limits set,
/// readiness and liveness probes on the health path, spread across zones (hard) and nodes (soft). The HPA owns the
/// replica count after creation (Terraform ignores it).
/// </summary>
public sealed class ApplicationWorkload : Construct
{
    /// <summary>The label naming the app.</summary>
    public const string AppLabel = "app.kubernetes.io/name";

    /// <summary>The label naming the colour of a routed app's pods.</summary>
    public const string ColorLabel = "ecolaura.io/color";

    /// <summary>The UID and GID the containers run as.</summary>
    public const int RunAsUser = 10001;

    /// <summary>The Service port (the TargetGroupBinding names it; ip targets register the pods' container port).</summary>
    public const int ServicePort = 80;

    /// <summary>Creates the four objects.</summary>
    public ApplicationWorkload(Construct scope, string id, ApplicationWorkloadProps props) : base(scope, id)
    {
        var config = props.Config;
        var labels = new Dictionary<string, string> { [AppLabel] = props.App };
        if (props.Color is { } color)
        {
            labels[ColorLabel] = PlatformConfigValidator.ColorName(color);
        }

        var user = RunAsUser.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var probe = new DeploymentV1SpecTemplateSpecContainerReadinessProbeHttpGet { Path = props.HealthPath, Port = "http" };
        var deployment = new DeploymentV1(this, "deployment", new DeploymentV1Config
        {
            Metadata = new DeploymentV1Metadata
            {
                Name = props.Name,
                Namespace = props.Namespace,
                Labels = labels,
                Annotations = new Dictionary<string, string>(props.Annotations),
            },
            Spec = new DeploymentV1Spec
            {
                Replicas = config.Replicas.ToString(System.Globalization.CultureInfo.InvariantCulture),
                RevisionHistoryLimit = 5,
                Selector = new DeploymentV1SpecSelector { MatchLabels = labels },
                Strategy = new DeploymentV1SpecStrategy
                {
                    Type = "RollingUpdate",
                    RollingUpdate = new DeploymentV1SpecStrategyRollingUpdate { MaxSurge = "25%", MaxUnavailable = "0" },
                },
                Template = new DeploymentV1SpecTemplate
                {
                    Metadata = new DeploymentV1SpecTemplateMetadata { Labels = labels },
                    Spec = new DeploymentV1SpecTemplateSpec
                    {
                        AutomountServiceAccountToken = false,
                        NodeSelector = props.NodeGroup is { } group ? new Dictionary<string, string> { [NodeGroup.GroupLabel] = group.Name } : null,
                        Toleration = props.NodeGroup is { Dedicated: true } dedicated
                            ? new[] { new DeploymentV1SpecTemplateSpecToleration { Key = NodeGroup.DedicatedTaint, Operator = "Equal", Value = dedicated.Name, Effect = "NoSchedule" } }
                            : null,
                        SecurityContext = new DeploymentV1SpecTemplateSpecSecurityContext
                        {
                            RunAsNonRoot = true,
                            RunAsUser = user,
                            RunAsGroup = user,
                            FsGroup = user,
                            SeccompProfile = new DeploymentV1SpecTemplateSpecSecurityContextSeccompProfile { Type = "RuntimeDefault" },
                        },
                        TopologySpreadConstraint = new[]
                        {
                            Spread("topology.kubernetes.io/zone", "DoNotSchedule", labels),
                            Spread("kubernetes.io/hostname", "ScheduleAnyway", labels),
                        },
                        Container = new[]
                        {
                            new DeploymentV1SpecTemplateSpecContainer
                            {
                                Name = props.App,
                                Image = props.Image,
                                ImagePullPolicy = "IfNotPresent",
                                Port = new[] { new DeploymentV1SpecTemplateSpecContainerPort { Name = "http", ContainerPort = props.Port, Protocol = "TCP" } },
                                Resources = new DeploymentV1SpecTemplateSpecContainerResources
                                {
                                    Requests = new Dictionary<string, string> { ["cpu"] = config.Resources.CpuRequest, ["memory"] = config.Resources.MemoryRequest },
                                    Limits = new Dictionary<string, string> { ["cpu"] = config.Resources.CpuLimit, ["memory"] = config.Resources.MemoryLimit },
                                },
                                ReadinessProbe = new DeploymentV1SpecTemplateSpecContainerReadinessProbe
                                {
                                    HttpGet = probe,
                                    PeriodSeconds = 10,
                                    TimeoutSeconds = 2,
                                    FailureThreshold = 3,
                                },
                                LivenessProbe = new DeploymentV1SpecTemplateSpecContainerLivenessProbe
                                {
                                    HttpGet = new DeploymentV1SpecTemplateSpecContainerLivenessProbeHttpGet { Path = props.HealthPath, Port = "http" },
                                    InitialDelaySeconds = 15,
                                    PeriodSeconds = 20,
                                    TimeoutSeconds = 2,
                                    FailureThreshold = 3,
                                },
                                SecurityContext = new DeploymentV1SpecTemplateSpecContainerSecurityContext
                                {
                                    RunAsNonRoot = true,
                                    RunAsUser = user,
                                    Privileged = false,
                                    AllowPrivilegeEscalation = false,
                                    ReadOnlyRootFilesystem = true,
                                    Capabilities = new DeploymentV1SpecTemplateSpecContainerSecurityContextCapabilities { Drop = ["ALL"] },
                                },
                                // Application secrets synced by External Secrets (ecolaura/<env>/platform/<app>), optional.
                                EnvFrom = new[]
                                {
                                    new DeploymentV1SpecTemplateSpecContainerEnvFrom
                                    {
                                        SecretRef = new DeploymentV1SpecTemplateSpecContainerEnvFromSecretRef { Name = SecretName(props.App), Optional = true },
                                    },
                                },
                                VolumeMount = new[] { new DeploymentV1SpecTemplateSpecContainerVolumeMount { Name = "tmp", MountPath = "/tmp" } },
                            },
                        },
                        Volume = new[]
                        {
                            new DeploymentV1SpecTemplateSpecVolume
                            {
                                Name = "tmp",
                                EmptyDir = new DeploymentV1SpecTemplateSpecVolumeEmptyDir { Medium = "Memory", SizeLimit = "64Mi" },
                            },
                        },
                    },
                },
            },
            // The HPA owns the replica count once the Deployment exists.
            Lifecycle = TerraformExpressions.IgnoreChanges("spec[0].replicas"),
            DependsOn = props.DependsOn.ToArray(),
        });

        Service = new ServiceV1(this, "service", new ServiceV1Config
        {
            Metadata = new ServiceV1Metadata { Name = props.Name, Namespace = props.Namespace, Labels = labels },
            Spec = new ServiceV1Spec
            {
                Type = "ClusterIP",
                Selector = labels,
                Port = new[] { new ServiceV1SpecPort { Name = "http", Port = ServicePort, TargetPort = "http", Protocol = "TCP" } },
            },
            DependsOn = props.DependsOn.ToArray(),
        });

        _ = new PodDisruptionBudgetV1(this, "pdb", new PodDisruptionBudgetV1Config
        {
            Metadata = new PodDisruptionBudgetV1Metadata { Name = props.Name, Namespace = props.Namespace, Labels = labels },
            Spec = new PodDisruptionBudgetV1Spec
            {
                MinAvailable = config.MinAvailable.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Selector = new PodDisruptionBudgetV1SpecSelector { MatchLabels = labels },
            },
            DependsOn = props.DependsOn.ToArray(),
        });

        var scaling = config.Autoscaling;
        _ = new HorizontalPodAutoscalerV2(this, "hpa", new HorizontalPodAutoscalerV2Config
        {
            Metadata = new HorizontalPodAutoscalerV2Metadata { Name = props.Name, Namespace = props.Namespace, Labels = labels },
            Spec = new HorizontalPodAutoscalerV2Spec
            {
                MinReplicas = scaling.MinReplicas,
                MaxReplicas = scaling.MaxReplicas,
                ScaleTargetRef = new HorizontalPodAutoscalerV2SpecScaleTargetRef { ApiVersion = "apps/v1", Kind = "Deployment", Name = props.Name },
                Metric = new[]
                {
                    Utilization("cpu", scaling.CpuUtilizationPercent),
                    Utilization("memory", scaling.MemoryUtilizationPercent),
                },
            },
            DependsOn = [deployment],
        });

        ServiceName = props.Name;
        Deployment = deployment;
    }

    /// <summary>The Secret (synced by an ExternalSecret) whose keys become the app's environment variables.</summary>
    public static string SecretName(string app) => $"{app}-env";

    /// <summary>The Service's name (a TargetGroupBinding's <c>serviceRef</c>).</summary>
    public string ServiceName { get; }

    /// <summary>The Service.</summary>
    public ServiceV1 Service { get; }

    /// <summary>The Deployment.</summary>
    public DeploymentV1 Deployment { get; }

    private static DeploymentV1SpecTemplateSpecTopologySpreadConstraint Spread(string key, string whenUnsatisfiable, Dictionary<string, string> labels) => new()
    {
        TopologyKey = key,
        MaxSkew = 1,
        WhenUnsatisfiable = whenUnsatisfiable,
        LabelSelector = new[] { new DeploymentV1SpecTemplateSpecTopologySpreadConstraintLabelSelector { MatchLabels = labels } },
    };

    private static HorizontalPodAutoscalerV2SpecMetric Utilization(string resource, int percent) => new()
    {
        Type = "Resource",
        Resource = new HorizontalPodAutoscalerV2SpecMetricResource
        {
            Name = resource,
            Target = new HorizontalPodAutoscalerV2SpecMetricResourceTarget { Type = "Utilization", AverageUtilization = percent },
        },
    };
}
