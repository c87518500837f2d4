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
        var config = environment.Platform;
        var cluster = new ClusterEndpoint(compute.ClusterName, compute.ClusterEndpoint, compute.ClusterCertificateAuthorityData);
        _ = ClusterConnection.Kubernetes(this, cluster);
        _ = ClusterConnection.Helm(this, cluster);

        var secretPrefix = SecretPrefix(environment);
        var externalSecretsRole = new ServiceAccountRole(this, "irsa_external_secrets", new ServiceAccountRoleProps
        {
            Name = Names.Of(Workspace.Platform, "external-secrets"),
            Description = $"External Secrets: read the Secrets Manager secrets below {secretPrefix}",
            OidcProviderArn = compute.OidcProviderArn,
            OidcIssuerHostPath = TerraformExpressions.Local(this, "oidc_issuer_host", TerraformExpressions.WithoutHttps(compute.OidcIssuerUrl)),
            Namespace = ExternalSecretsNamespace,
            ServiceAccount = ClusterAddons.ExternalSecretsServiceAccount,
            Statements =
            [
                new PolicyStatement
                {
                    Sid = "ReadPlatformSecrets",
                    Actions = ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
                    Resources = [$"arn:aws:secretsmanager:{environment.Region}:{environment.AccountId}:secret:{secretPrefix}*"],
                },
            ],
        });

        var namespaces = new Dictionary<string, NamespaceV1>();
        foreach (var (name, restricted) in new[] { (ExternalSecretsNamespace, false), (MonitoringNamespace, false) }
                     .Concat(config.Workloads().Select(w => (w.Name, true))))
        {
            namespaces[name] = new NamespaceV1(this, $"namespace_{name.Replace('-', '_')}", new NamespaceV1Config
            {
                Metadata = new NamespaceV1Metadata
                {
                    Name = name,
                    // The apps meet the restricted Pod Security Standard; node-exporter (monitoring) needs host access.
                    Labels = restricted ? new Dictionary<string, string> { ["pod-security.kubernetes.io/enforce"] = "restricted" } : null,
                },
            });
        }

        var addons = new ClusterAddons(this, "addons", new ClusterAddonsProps
        {
            ClusterName = compute.ClusterName,
            ClusterNameLiteral = Names.ClusterName,
            KubernetesVersion = environment.Compute.KubernetesVersion,
            Region = environment.Region,
            VpcId = network.VpcId,
            LoadBalancerControllerRoleArn = compute.LoadBalancerControllerRoleArn,
            ClusterAutoscalerRoleArn = compute.ClusterAutoscalerRoleArn,
            ExternalSecretsRoleArn = externalSecretsRole.RoleArn,
            VolumeKmsKeyArn = compute.EbsKmsKeyArn,
            Charts = config.Charts,
            ExternalSecretsNamespace = ExternalSecretsNamespace,
            DependsOn = [namespaces[ExternalSecretsNamespace]],
        });

        var repositories = new Dictionary<string, string>
        {
            ["frontend"] = compute.FrontendRepositoryUrl,
            ["backend"] = compute.BackendRepositoryUrl,
            ["microservices"] = compute.MicroservicesRepositoryUrl,
        };
        var routes = new Dictionary<string, (EdgeAppConfig Edge, IReadOnlyDictionary<DeploymentColor, string> TargetGroups)>
        {
            ["frontend"] = (environment.Edge.Frontend, new Dictionary<DeploymentColor, string>
            {
                [DeploymentColor.Blue] = edge.FrontendBlueTargetGroupArn,
                [DeploymentColor.Green] = edge.FrontendGreenTargetGroupArn,
            }),
            ["backend"] = (environment.Edge.Backend, new Dictionary<DeploymentColor, string>
            {
                [DeploymentColor.Blue] = edge.BackendBlueTargetGroupArn,
                [DeploymentColor.Green] = edge.BackendGreenTargetGroupArn,
            }),
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
                    var workloadConstruct = new ApplicationWorkload(this, $"{app}_{colorName}", new ApplicationWorkloadProps
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
                var workloadConstruct = new ApplicationWorkload(this, app, new ApplicationWorkloadProps
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

            _ = new CustomResources(this, $"{app}_bindings", new CustomResourcesProps
            {
                Name = $"{app}-bindings",
                Namespace = app,
                Version = config.Charts.Raw,
                Objects = objects,
                DependsOn = [.. services, addons.LoadBalancerController.Release, addons.SecretStore.Release.Release],
            });
        }

        _ = new Monitoring(this, "monitoring", new MonitoringProps
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
