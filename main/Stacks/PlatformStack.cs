using Constructs;
using HashiCorp.Cdktf;
using HashiCorp.Cdktf.Providers.Kubernetes.NamespaceV1;

namespace Ecolaura.Tf.App.Stacks;

/// <summary>Producers the platform workspace reads.</summary>
public sealed record PlatformStackProps
{
    /// <summary>Network (the VPC id the load balancer controller is given).</summary>
    public required NetworkStack Network { get; init; }

    /// <summary>Compute (cluster endpoint and CA, OIDC provider, add-on IRSA roles, volume CMK, ECR repositories).</summary>
    public required ComputeStack Compute { get; init; }

    /// <summary>Edge (the blue/green target groups the apps register into).</summary>
    public required EdgeStack Edge { get; init; }
}

/// <summary>
/// Workspace <c>platform</c>: what runs on the EKS cluster, through the Kubernetes and Helm providers with exec
/// authentication: the add-ons (load balancer controller, Cluster Autoscaler, metrics-server, External Secrets, the gp3
/// StorageClass), the applications in blue and green with their autoscaling and TargetGroupBindings, and
/// kube-prometheus-stack. Applied last, after compute and edge.
/// </summary>
public sealed class PlatformStack : EcolauraStack
{
    /// <summary>Namespaces of the add-ons the stack creates (kube-system exists).</summary>
    public const string ExternalSecretsNamespace = "external-secrets";

    /// <summary>The monitoring namespace.</summary>
    public const string MonitoringNamespace = "monitoring";

    /// <summary>Composes the workspace.</summary>
    public PlatformStack(Construct scope, EnvironmentConfig environment, PlatformStackProps props)
        : base(scope, environment, Workspace.Platform)
    {
        var network = NetworkOutputs.FromRemoteState(this, props.Network);
        var compute = ComputeOutputs.FromRemoteState(this, props.Compute);
        var edge = EdgeOutputs.FromRemoteState(this, props.Edge);
        Compose(this, environment, new PlatformTarget
        {
            Region = environment.Region,
            ClusterNameLiteral = Names.ClusterName,
            Cluster = new ClusterEndpoint(compute.ClusterName, compute.ClusterEndpoint, compute.ClusterCertificateAuthorityData),
            OidcProviderArn = compute.OidcProviderArn,
            OidcIssuerUrl = compute.OidcIssuerUrl,
            VpcId = network.VpcId,
            LoadBalancerControllerRoleArn = compute.LoadBalancerControllerRoleArn,
            ClusterAutoscalerRoleArn = compute.ClusterAutoscalerRoleArn,
            VolumeKmsKeyArn = compute.EbsKmsKeyArn,
            RepositoryUrls = new Dictionary<string, string>
            {
                ["frontend"] = compute.FrontendRepositoryUrl,
                ["backend"] = compute.BackendRepositoryUrl,
                ["microservices"] = compute.MicroservicesRepositoryUrl,
            },
            TargetGroups = PlatformTarget.BlueGreen(edge.FrontendBlueTargetGroupArn, edge.FrontendGreenTargetGroupArn,
                edge.BackendBlueTargetGroupArn, edge.BackendGreenTargetGroupArn),
        });
    }

    /// <summary>
    /// Composes the platform of <paramref name="environment"/> on the cluster <paramref name="target"/> describes, directly
    /// in <paramref name="stack"/> so the primary (<see cref="PlatformStack"/>) and the DR region (<see cref="DrPlatformStack"/>)
    /// get the same resources at the same addresses: the providers, External Secrets' IRSA role, the namespaces, the add-ons,
    /// every workload (blue and green behind the target groups for frontend and backend) and monitoring.
    /// </summary>
    /// <param name="stack">The platform stack (its workspace names the External Secrets role).</param>
    /// <param name="environment">The environment (its <c>platform</c>, <c>compute</c>, <c>edge</c> and <c>network</c> settings).</param>
    /// <param name="target">The cluster, region and producer values the platform runs on.</param>
    public static void Compose(EcolauraStack stack, EnvironmentConfig environment, PlatformTarget target)
    {
        var config = environment.Platform;
        _ = ClusterConnection.Kubernetes(stack, target.Cluster);
        _ = ClusterConnection.Helm(stack, target.Cluster);

        var secretPrefix = SecretPrefix(environment);
        var externalSecretsRole = new ServiceAccountRole(stack, "irsa_external_secrets", new ServiceAccountRoleProps
        {
            Name = stack.Names.Of(stack.Workspace, "external-secrets"),
            Description = $"External Secrets: read the Secrets Manager secrets below {secretPrefix}",
            OidcProviderArn = target.OidcProviderArn,
            OidcIssuerHostPath = TerraformExpressions.Local(stack, "oidc_issuer_host", TerraformExpressions.WithoutHttps(target.OidcIssuerUrl)),
            Namespace = ExternalSecretsNamespace,
            ServiceAccount = ClusterAddons.ExternalSecretsServiceAccount,
            Statements =
            [
                new PolicyStatement
                {
                    Sid = "ReadPlatformSecrets",
                    Actions = ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
                    Resources = [$"arn:aws:secretsmanager:{target.Region}:{environment.AccountId}:secret:{secretPrefix}*"],
                },
            ],
        });

        var namespaces = new Dictionary<string, NamespaceV1>();
        foreach (var (name, restricted) in new[] { (ExternalSecretsNamespace, false), (MonitoringNamespace, false) }
                     .Concat(config.Workloads().Select(w => (w.Name, true))))
        {
            namespaces[name] = new NamespaceV1(stack, $"namespace_{name.Replace('-', '_')}", new NamespaceV1Config
            {
                Metadata = new NamespaceV1Metadata
                {
                    Name = name,
                    // The apps meet the restricted Pod Security Standard; node-exporter (monitoring) needs host access.
                    Labels = restricted ? new Dictionary<string, string> { ["pod-security.kubernetes.io/enforce"] = "restricted" } : null,
                },
            });
        }

        var addons = new ClusterAddons(stack, "addons", new ClusterAddonsProps
        {
            ClusterName = target.Cluster.Name,
            ClusterNameLiteral = target.ClusterNameLiteral,
            KubernetesVersion = environment.Compute.KubernetesVersion,
            Region = target.Region,
            VpcId = target.VpcId,
            LoadBalancerControllerRoleArn = target.LoadBalancerControllerRoleArn,
            ClusterAutoscalerRoleArn = target.ClusterAutoscalerRoleArn,
            ExternalSecretsRoleArn = externalSecretsRole.RoleArn,
            VolumeKmsKeyArn = target.VolumeKmsKeyArn,
            Charts = config.Charts,
            ExternalSecretsNamespace = ExternalSecretsNamespace,
            DependsOn = [namespaces[ExternalSecretsNamespace]],
        });

        var repositories = target.RepositoryUrls;
        var routes = new Dictionary<string, (EdgeAppConfig Edge, IReadOnlyDictionary<DeploymentColor, string> TargetGroups)>
        {
            ["frontend"] = (environment.Edge.Frontend, target.TargetGroups[EdgeApp.Frontend]),
            ["backend"] = (environment.Edge.Backend, target.TargetGroups[EdgeApp.Backend]),
        };

        foreach (var (app, workload) in config.Workloads())
        {
            (string Name, bool Dedicated)? group = environment.Compute.NodeGroups.SingleOrDefault(g => g.Name == workload.NodeGroup) is { } nodeGroup
                ? (nodeGroup.Name, nodeGroup.Dedicated)
                : null;
            var objects = new List<IReadOnlyDictionary<string, object?>>
            {
                Monitoring.ExternalSecret(ApplicationWorkload.SecretName(app), app, $"{secretPrefix}{app}"),
            };
            var services = new List<ITerraformDependable> { namespaces[app] };
            if (routes.TryGetValue(app, out var route))
            {
                var weights = BlueGreenWeights.Of(route.Edge);
                foreach (var color in Enum.GetValues<DeploymentColor>())
                {
                    var colorName = PlatformConfigValidator.ColorName(color);
                    var name = $"{app}-{colorName}";
                    var tag = workload.ColorImageTags.Of(color) ?? workload.ImageTag;
                    var workloadConstruct = new ApplicationWorkload(stack, $"{app}_{colorName}", new ApplicationWorkloadProps
                    {
                        App = app,
                        Name = name,
                        Color = color,
                        Namespace = app,
                        Image = $"{repositories[app]}:{tag}",
                        Config = workload,
                        Port = environment.Network.ApplicationPort,
                        HealthPath = route.Edge.HealthCheckPath,
                        NodeGroup = group,
                        Annotations = BlueGreenAnnotations(color == route.Edge.ActiveColor, weights.Of(color)),
                        DependsOn = [namespaces[app]],
                    });
                    services.Add(workloadConstruct.Service);
                    objects.Add(TargetGroupBinding(name, app, route.TargetGroups[color]));
                }
            }
            else
            {
                var workloadConstruct = new ApplicationWorkload(stack, app, new ApplicationWorkloadProps
                {
                    App = app,
                    Name = app,
                    Namespace = app,
                    Image = $"{repositories[app]}:{workload.ImageTag}",
                    Config = workload,
                    Port = workload.Port,
                    HealthPath = workload.HealthPath,
                    NodeGroup = group,
                    DependsOn = [namespaces[app]],
                });
                services.Add(workloadConstruct.Service);
            }

            _ = new CustomResources(stack, $"{app}_bindings", new CustomResourcesProps
            {
                Name = $"{app}-bindings",
                Namespace = app,
                Version = config.Charts.Raw,
                Objects = objects,
                DependsOn = [.. services, addons.LoadBalancerController.Release, addons.SecretStore.Release.Release],
            });
        }

        _ = new Monitoring(stack, "monitoring", new MonitoringProps
        {
            Namespace = MonitoringNamespace,
            Config = config.Monitoring,
            Charts = config.Charts,
            GrafanaAdminSecret = $"{secretPrefix}{config.Secrets.GrafanaAdmin}",
            AlertmanagerReceiversSecret = $"{secretPrefix}{config.Secrets.AlertmanagerReceivers}",
            StorageClassName = ClusterAddons.StorageClassName,
            DependsOn = [namespaces[MonitoringNamespace], addons.SecretStore.Release.Release, addons.StorageClass],
        });
    }

    /// <summary>The Secrets Manager prefix the platform's secrets live under and External Secrets may read: <c>ecolaura/&lt;env&gt;/platform/</c>.</summary>
    public static string SecretPrefix(EnvironmentConfig environment) => $"{Naming.Project}/{environment.Name}/{Workspace.Platform.Id()}/";

    /// <summary>The annotation saying whether a colour takes traffic (<c>active</c> or <c>idle</c>).</summary>
    public const string TrafficAnnotation = "ecolaura.io/traffic";

    /// <summary>The annotation with the colour's ALB forward weight (0–100), the edge listener's value.</summary>
    public const string WeightAnnotation = "ecolaura.io/traffic-weight";

    private static Dictionary<string, string> BlueGreenAnnotations(bool active, int weight) => new()
    {
        [TrafficAnnotation] = active ? "active" : "idle",
        [WeightAnnotation] = weight.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>A TargetGroupBinding registering the pods behind Service <paramref name="service"/> (ip targets) into an edge target group.</summary>
    public static Dictionary<string, object?> TargetGroupBinding(string service, string ns, string targetGroupArn) => new()
    {
        ["apiVersion"] = CustomResources.TargetGroupBindingApiVersion,
        ["kind"] = "TargetGroupBinding",
        ["metadata"] = new Dictionary<string, object?> { ["name"] = service, ["namespace"] = ns },
        ["spec"] = new Dictionary<string, object?>
        {
            ["serviceRef"] = new Dictionary<string, object?> { ["name"] = service, ["port"] = ApplicationWorkload.ServicePort },
            ["targetGroupARN"] = targetGroupArn,
            ["targetType"] = "ip",
        },
    };
}

/// <summary>The cluster a platform runs on, and the producer values that differ between the primary and the DR region.</summary>
public sealed record PlatformTarget
{
    /// <summary>The cluster's region (providers' exec auth, the controllers' region, the secrets' ARNs).</summary>
    public required string Region { get; init; }

    /// <summary>The cluster name as a literal (discovery tags and the autoscaler's auto-discovery need it at synth time).</summary>
    public required string ClusterNameLiteral { get; init; }

    /// <summary>Name, API endpoint and base64 CA (references into the producer's contract).</summary>
    public required ClusterEndpoint Cluster { get; init; }

    /// <summary>The cluster's IAM OIDC provider ARN.</summary>
    public required string OidcProviderArn { get; init; }

    /// <summary>The cluster's OIDC issuer URL (https).</summary>
    public required string OidcIssuerUrl { get; init; }

    /// <summary>The VPC the load balancer controller is given.</summary>
    public required string VpcId { get; init; }

    /// <summary>IRSA role of the AWS Load Balancer Controller.</summary>
    public required string LoadBalancerControllerRoleArn { get; init; }

    /// <summary>IRSA role of the Cluster Autoscaler.</summary>
    public required string ClusterAutoscalerRoleArn { get; init; }

    /// <summary>CMK of the gp3 StorageClass's volumes.</summary>
    public required string VolumeKmsKeyArn { get; init; }

    /// <summary>Repository URL of each image (<c>frontend</c>, <c>backend</c>, <c>microservices</c>), in the cluster's region.</summary>
    public required IReadOnlyDictionary<string, string> RepositoryUrls { get; init; }

    /// <summary>The blue and green target groups of frontend and backend (the TargetGroupBindings' targets).</summary>
    public required IReadOnlyDictionary<EdgeApp, IReadOnlyDictionary<DeploymentColor, string>> TargetGroups { get; init; }

    /// <summary>The <see cref="TargetGroups"/> of four target group ARNs.</summary>
    public static IReadOnlyDictionary<EdgeApp, IReadOnlyDictionary<DeploymentColor, string>> BlueGreen(
        string frontendBlue, string frontendGreen, string backendBlue, string backendGreen) =>
        new Dictionary<EdgeApp, IReadOnlyDictionary<DeploymentColor, string>>
        {
            [EdgeApp.Frontend] = new Dictionary<DeploymentColor, string> { [DeploymentColor.Blue] = frontendBlue, [DeploymentColor.Green] = frontendGreen },
            [EdgeApp.Backend] = new Dictionary<DeploymentColor, string> { [DeploymentColor.Blue] = backendBlue, [DeploymentColor.Green] = backendGreen },
        };
}
