using Constructs;
using HashiCorp.Cdktf;
using HashiCorp.Cdktf.Providers.Kubernetes.StorageClassV1;

namespace Ecolaura.Tf.Platform;

/// <summary>Props of <see cref="ClusterAddons"/>.</summary>
public sealed record ClusterAddonsProps
{
    /// <summary>The cluster name as a Terraform reference into the compute contract (values).</summary>
    public required string ClusterName { get; init; }

    /// <summary>The plain cluster name, for the autoscaler's auto-discovery tag keys (tag keys cannot be references).</summary>
    public required string ClusterNameLiteral { get; init; }

    /// <summary>The cluster's Kubernetes minor (<c>1.35</c>); picks the Cluster Autoscaler image.</summary>
    public required string KubernetesVersion { get; init; }

    /// <summary>The region: passed to the controllers explicitly, because pods cannot reach IMDS (hop limit 1).</summary>
    public required string Region { get; init; }

    /// <summary>The VPC id: passed to the load balancer controller explicitly for the same reason.</summary>
    public required string VpcId { get; init; }

    /// <summary>IRSA role of kube-system/aws-load-balancer-controller (compute contract).</summary>
    public required string LoadBalancerControllerRoleArn { get; init; }

    /// <summary>IRSA role of kube-system/cluster-autoscaler (compute contract).</summary>
    public required string ClusterAutoscalerRoleArn { get; init; }

    /// <summary>IRSA role of external-secrets/external-secrets (read-only on the platform's Secrets Manager prefix).</summary>
    public required string ExternalSecretsRoleArn { get; init; }

    /// <summary>The CMK of persistent volumes (compute contract).</summary>
    public required string VolumeKmsKeyArn { get; init; }

    /// <summary>The pinned chart versions.</summary>
    public required ChartVersionsConfig Charts { get; init; }

    /// <summary>The namespace External Secrets runs in (created by the stack).</summary>
    public required string ExternalSecretsNamespace { get; init; }

    /// <summary>What the releases wait for (the namespaces).</summary>
    /// <remarks>Default: none.</remarks>
    public IReadOnlyList<ITerraformDependable> DependsOn { get; init; } = [];
}

/// <summary>
/// The cluster add-ons, each a pinned Helm release with its values in one place: the AWS Load Balancer Controller
/// (TargetGroupBindings), the Cluster Autoscaler (auto-discovery by the tags compute puts on each node group's ASG),
/// metrics-server (the HPAs' CPU and memory), the External Secrets operator with one ClusterSecretStore on Secrets
/// Manager, and the default gp3 StorageClass on the EBS CSI driver, encrypted with the compute volume key.
/// </summary>
public sealed class ClusterAddons : Construct
{
    /// <summary>The IRSA role annotation on a service account.</summary>
    public const string RoleArnAnnotation = "eks.amazonaws.com/role-arn";

    /// <summary>The service account of the load balancer controller (compute's IRSA role trusts exactly this one).</summary>
    public const string LoadBalancerControllerServiceAccount = "aws-load-balancer-controller";

    /// <summary>The service account of the Cluster Autoscaler (compute's IRSA role trusts exactly this one).</summary>
    public const string ClusterAutoscalerServiceAccount = "cluster-autoscaler";

    /// <summary>The service account of the External Secrets controller.</summary>
    public const string ExternalSecretsServiceAccount = "external-secrets";

    /// <summary>The ClusterSecretStore every ExternalSecret here reads from.</summary>
    public const string SecretStoreName = "aws-secrets-manager";

    /// <summary>The StorageClass of persistent volumes.</summary>
    public const string StorageClassName = "gp3";

    /// <summary>The EBS CSI driver's provisioner name.</summary>
    public const string EbsCsiProvisioner = "ebs.csi.aws.com";

    /// <summary>Creates the releases and the StorageClass.</summary>
    public ClusterAddons(Construct scope, string id, ClusterAddonsProps props) : base(scope, id)
    {
        var charts = props.Charts;
        LoadBalancerController = new PinnedRelease(this, "load_balancer_controller", new PinnedReleaseProps
        {
            Name = ChartPins.AwsLoadBalancerController,
            Namespace = "kube-system",
            Chart = ChartPins.AwsLoadBalancerController,
            Version = charts.AwsLoadBalancerController,
            DependsOn = props.DependsOn,
            Values = new Dictionary<string, object?>
            {
                ["clusterName"] = props.ClusterName,
                ["region"] = props.Region,
                ["vpcId"] = props.VpcId,
                ["replicaCount"] = 2,
                ["serviceAccount"] = ServiceAccount(LoadBalancerControllerServiceAccount, props.LoadBalancerControllerRoleArn),
                // Services of type LoadBalancer are not used; the ALB belongs to the edge workspace.
                ["enableServiceMutatorWebhook"] = false,
            },
        });

        var autoscalerImage = ChartPins.ClusterAutoscalerImageTags.TryGetValue(props.KubernetesVersion, out var tag)
            ? tag
            : throw new ArgumentException($"no Cluster Autoscaler image pinned for Kubernetes {props.KubernetesVersion} (ChartPins.ClusterAutoscalerImageTags)", nameof(props));
        ClusterAutoscaler = new PinnedRelease(this, "cluster_autoscaler", new PinnedReleaseProps
        {
            Name = ChartPins.ClusterAutoscaler,
            Namespace = "kube-system",
            Chart = ChartPins.ClusterAutoscaler,
            Version = charts.ClusterAutoscaler,
            DependsOn = props.DependsOn,
            Values = new Dictionary<string, object?>
            {
                ["cloudProvider"] = "aws",
                ["awsRegion"] = props.Region,
                ["autoDiscovery"] = new Dictionary<string, object?>
                {
                    ["clusterName"] = props.ClusterName,
                    ["tags"] = AutoDiscoveryTags(props.ClusterNameLiteral),
                },
                ["image"] = new Dictionary<string, object?> { ["tag"] = autoscalerImage },
                ["rbac"] = new Dictionary<string, object?>
                {
                    ["serviceAccount"] = ServiceAccount(ClusterAutoscalerServiceAccount, props.ClusterAutoscalerRoleArn),
                },
                ["extraArgs"] = new Dictionary<string, object?>
                {
                    ["balance-similar-node-groups"] = true,
                    ["skip-nodes-with-system-pods"] = false,
                    ["expander"] = "least-waste",
                },
            },
        });

        MetricsServer = new PinnedRelease(this, "metrics_server", new PinnedReleaseProps
        {
            Name = ChartPins.MetricsServer,
            Namespace = "kube-system",
            Chart = ChartPins.MetricsServer,
            Version = charts.MetricsServer,
            DependsOn = props.DependsOn,
            Values = new Dictionary<string, object?>
            {
                ["replicas"] = 2,
                ["podDisruptionBudget"] = new Dictionary<string, object?> { ["enabled"] = true, ["minAvailable"] = 1 },
            },
        });

        ExternalSecrets = new PinnedRelease(this, "external_secrets", new PinnedReleaseProps
        {
            Name = ChartPins.ExternalSecrets,
            Namespace = props.ExternalSecretsNamespace,
            Chart = ChartPins.ExternalSecrets,
            Version = charts.ExternalSecrets,
            DependsOn = props.DependsOn,
            Values = new Dictionary<string, object?>
            {
                ["installCRDs"] = true,
                ["serviceAccount"] = ServiceAccount(ExternalSecretsServiceAccount, props.ExternalSecretsRoleArn),
            },
        });

        // No auth block: the controller's own IRSA credentials read Secrets Manager.
        SecretStore = new CustomResources(this, "secret_store", new CustomResourcesProps
        {
            Name = "secret-store",
            Namespace = props.ExternalSecretsNamespace,
            Version = charts.Raw,
            DependsOn = [ExternalSecrets.Release],
            Objects =
            [
                new Dictionary<string, object?>
                {
                    ["apiVersion"] = CustomResources.ExternalSecretsApiVersion,
                    ["kind"] = "ClusterSecretStore",
                    ["metadata"] = new Dictionary<string, object?> { ["name"] = SecretStoreName },
                    ["spec"] = new Dictionary<string, object?>
                    {
                        ["provider"] = new Dictionary<string, object?>
                        {
                            ["aws"] = new Dictionary<string, object?> { ["service"] = "SecretsManager", ["region"] = props.Region },
                        },
                    },
                },
            ],
        });

        StorageClass = new StorageClassV1(this, "gp3", new StorageClassV1Config
        {
            Metadata = new StorageClassV1Metadata
            {
                Name = StorageClassName,
                Annotations = new Dictionary<string, string> { ["storageclass.kubernetes.io/is-default-class"] = "true" },
            },
            StorageProvisioner = EbsCsiProvisioner,
            VolumeBindingMode = "WaitForFirstConsumer",
            AllowVolumeExpansion = true,
            ReclaimPolicy = "Delete",
            Parameters = new Dictionary<string, string>
            {
                ["type"] = "gp3",
                ["fsType"] = "ext4",
                ["encrypted"] = "true",
                ["kmsKeyId"] = props.VolumeKmsKeyArn,
            },
        });
    }

    /// <summary>The tags the autoscaler discovers node groups by: exactly the ones compute puts on every node group's ASG.</summary>
    public static string[] AutoDiscoveryTags(string clusterName) => ["k8s.io/cluster-autoscaler/enabled", AddonPolicies.AutoscalerOwnerTag(clusterName)];

    /// <summary>The AWS Load Balancer Controller release.</summary>
    public PinnedRelease LoadBalancerController { get; }

    /// <summary>The Cluster Autoscaler release.</summary>
    public PinnedRelease ClusterAutoscaler { get; }

    /// <summary>The metrics-server release.</summary>
    public PinnedRelease MetricsServer { get; }

    /// <summary>The External Secrets release (its CRDs come with it).</summary>
    public PinnedRelease ExternalSecrets { get; }

    /// <summary>The ClusterSecretStore.</summary>
    public CustomResources SecretStore { get; }

    /// <summary>The gp3 StorageClass.</summary>
    public StorageClassV1 StorageClass { get; }

    private static Dictionary<string, object?> ServiceAccount(string name, string roleArn) => new()
    {
        ["create"] = true,
        ["name"] = name,
        ["annotations"] = new Dictionary<string, object?> { [RoleArnAnnotation] = roleArn },
    };
}
