using Constructs;

namespace Ecolaura.Tf.App.Stacks;

/// <summary>Producers the compute workspace reads.</summary>
public sealed record ComputeStackProps
{
    /// <summary>Foundation (logs key for the control-plane log group).</summary>
    public required FoundationStack Foundation { get; init; }

    /// <summary>Network (app subnets, control-plane and node security groups, VPC for the load balancer controller).</summary>
    public required NetworkStack Network { get; init; }
}

/// <summary>
/// Workspace <c>compute</c>: the EKS cluster with its CMKs, managed node groups, managed add-ons, the IRSA roles of
/// the add-ons and controllers, and the ECR repositories. Applied after network.
/// </summary>
public sealed class ComputeStack : EcolauraStack
{
    /// <summary>The images the platform builds, one ECR repository each.</summary>
    public static IReadOnlyList<string> Repositories { get; } = ["frontend", "backend", "microservices"];

    /// <summary>Composes the workspace and publishes <see cref="ComputeOutputs"/>.</summary>
    public ComputeStack(Construct scope, EnvironmentConfig environment, ComputeStackProps props)
        : base(scope, environment, Workspace.Compute)
    {
        var foundation = FoundationOutputs.FromRemoteState(this, props.Foundation);
        var network = NetworkOutputs.FromRemoteState(this, props.Network);
        var config = environment.Compute;
        CustomerManagedKey Key(string id, string role, string description, IReadOnlyList<PolicyStatement>? statements = null) =>
            new(this, id, new CustomerManagedKeyProps
            {
                Alias = Names.Of(Workspace.Compute, role),
                Description = $"{description} of {Names.ClusterName}",
                AccountId = environment.AccountId,
                Statements = statements ?? [],
            });

        var secretsKey = Key("secrets_key", "secrets", "Kubernetes secrets envelope encryption");
        var volumesKey = Key("volumes_key", "volumes", "EBS volumes of nodes and persistent volumes", AddonPolicies.AutoScalingVolumeKey(environment.AccountId));
        var imagesKey = Key("images_key", "images", "ECR images");

        var cluster = new KubernetesCluster(this, "cluster", new KubernetesClusterProps
        {
            ClusterName = Names.ClusterName,
            RoleName = Names.Of(Workspace.Compute, "cluster"),
            KubernetesVersion = config.KubernetesVersion,
            SubnetIds = network.AppSubnetIds,
            ControlPlaneSecurityGroupId = network.EksControlPlaneSecurityGroupId,
            PublicAccessCidrs = config.PublicAccessCidrs,
            SecretsKmsKeyArn = secretsKey.KeyArn,
            LogsKmsKeyArn = foundation.LogsKmsKeyArn,
            LogRetentionDays = config.ControlPlaneLogRetentionDays,
            AdminRoleArn = config.AdminRoleArn,
        });

        ServiceAccountRole Irsa(string id, string role, string serviceAccount, string description,
            IReadOnlyList<string>? managed = null, IReadOnlyList<PolicyStatement>? statements = null) =>
            new(this, id, new ServiceAccountRoleProps
            {
                Name = Names.Of(Workspace.Compute, role),
                Description = description,
                OidcProviderArn = cluster.OidcProviderArn,
                OidcIssuerHostPath = cluster.OidcIssuerHostPath,
                Namespace = "kube-system",
                ServiceAccount = serviceAccount,
                ManagedPolicyArns = managed ?? [],
                Statements = statements ?? [],
            });

        var addonScope = new AddonScope(environment.Region, environment.AccountId, Names.ClusterName, network.VpcId);
        var vpcCniRole = Irsa("irsa_vpc_cni", "vpc-cni", "aws-node", "VPC CNI: pod ENIs and IPs",
            managed: ["arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy"]);
        var ebsCsiRole = Irsa("irsa_ebs_csi", "ebs-csi-driver", "ebs-csi-controller-sa", "EBS CSI driver: persistent volumes",
            managed: ["arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy"], statements: AddonPolicies.EbsCsiVolumeKey(volumesKey.KeyArn));
        var autoscalerRole = Irsa("irsa_cluster_autoscaler", "cluster-autoscaler", "cluster-autoscaler",
            "Cluster Autoscaler: resize this cluster's node groups", statements: AddonPolicies.ClusterAutoscaler(addonScope));
        var loadBalancerRole = Irsa("irsa_load_balancer_controller", "load-balancer-controller", "aws-load-balancer-controller",
            "AWS Load Balancer Controller: ALBs and target groups of this cluster", statements: AddonPolicies.LoadBalancerController(addonScope));

        // Nodes only become Ready with a CNI and kube-proxy; CoreDNS and the EBS CSI controller need Ready nodes. On an
        // upgrade the same order holds: control plane, then vpc-cni and kube-proxy, then node groups, then the rest.
        var versions = config.AddonVersions;
        var vpcCni = new ClusterAddon(this, "addon_vpc_cni", new ClusterAddonProps
        {
            ClusterName = cluster.ClusterName,
            AddonName = EksAddons.VpcCni,
            AddonVersion = versions.VpcCni,
            ServiceAccountRoleArn = vpcCniRole.RoleArn,
        });
        var kubeProxy = new ClusterAddon(this, "addon_kube_proxy", new ClusterAddonProps
        {
            ClusterName = cluster.ClusterName,
            AddonName = EksAddons.KubeProxy,
            AddonVersion = versions.KubeProxy,
        });
        var nodes = new WorkerNodes(this, "nodes", new WorkerNodesProps
        {
            Groups = config.NodeGroups,
            Names = Names,
            Placement = new NodePlacement
            {
                ClusterName = cluster.ClusterName,
                ClusterNameLiteral = Names.ClusterName,
                KubernetesVersion = cluster.ClusterVersion,
                SubnetIds = network.AppSubnetIds,
                SecurityGroupId = network.EksNodesSecurityGroupId,
                VolumeKmsKeyArn = volumesKey.KeyArn,
                MaxUnavailablePercentage = config.MaxUnavailablePercentage,
                InstanceTags = DefaultTags,
            },
            DependsOn = [vpcCni.Dependable, kubeProxy.Dependable],
        });
        var running = nodes.Groups.Select(g => g.Dependable).ToArray();
        _ = new ClusterAddon(this, "addon_coredns", new ClusterAddonProps
        {
            ClusterName = cluster.ClusterName,
            AddonName = EksAddons.CoreDns,
            AddonVersion = versions.CoreDns,
            DependsOn = running,
        });
        _ = new ClusterAddon(this, "addon_ebs_csi", new ClusterAddonProps
        {
            ClusterName = cluster.ClusterName,
            AddonName = EksAddons.EbsCsiDriver,
            AddonVersion = versions.EbsCsiDriver,
            ServiceAccountRoleArn = ebsCsiRole.RoleArn,
            DependsOn = running,
        });

        // Container Insights with enhanced observability: the node and pod metrics the security workspace's dashboard and
        // alarms read. The agent runs as amazon-cloudwatch:cloudwatch-agent; its log groups are pre-created (KMS, retention)
        // by the security workspace, which is applied first.
        var observabilityRole = new ServiceAccountRole(this, "irsa_cloudwatch_observability", new ServiceAccountRoleProps
        {
            Name = Names.Of(Workspace.Compute, "cloudwatch-observability"),
            Description = "CloudWatch agent and Fluent Bit: Container Insights metrics and logs",
            OidcProviderArn = cluster.OidcProviderArn,
            OidcIssuerHostPath = cluster.OidcIssuerHostPath,
            Namespace = "amazon-cloudwatch",
            ServiceAccount = "cloudwatch-agent",
            ManagedPolicyArns = ["arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy"],
        });
        _ = new ClusterAddon(this, "addon_cloudwatch_observability", new ClusterAddonProps
        {
            ClusterName = cluster.ClusterName,
            AddonName = "amazon-cloudwatch-observability",
            ServiceAccountRoleArn = observabilityRole.RoleArn,
            DependsOn = running,
        });

        var urls = Repositories.ToDictionary(r => r, r => new ContainerRepository(this, $"ecr_{r}", new ContainerRepositoryProps
        {
            Name = Names.Of(Workspace.Compute, r),
            KmsKeyArn = imagesKey.KeyArn,
        }).RepositoryUrl);

        Outputs = new ComputeOutputs
        {
            ClusterName = cluster.ClusterName,
            ClusterEndpoint = cluster.ClusterEndpoint,
            ClusterCertificateAuthorityData = cluster.CertificateAuthorityData,
            OidcIssuerUrl = cluster.OidcIssuerUrl,
            OidcProviderArn = cluster.OidcProviderArn,
            ClusterSecurityGroupId = cluster.ClusterSecurityGroupId,
            NodeSecurityGroupId = network.EksNodesSecurityGroupId,
            VpcCniRoleArn = vpcCniRole.RoleArn,
            EbsCsiDriverRoleArn = ebsCsiRole.RoleArn,
            ClusterAutoscalerRoleArn = autoscalerRole.RoleArn,
            LoadBalancerControllerRoleArn = loadBalancerRole.RoleArn,
            EbsKmsKeyArn = volumesKey.KeyArn,
            FrontendRepositoryUrl = urls["frontend"],
            BackendRepositoryUrl = urls["backend"],
            MicroservicesRepositoryUrl = urls["microservices"],
        };
        Outputs.Publish(this);
    }

    /// <summary>What this workspace publishes.</summary>
    public ComputeOutputs Outputs { get; }
}
