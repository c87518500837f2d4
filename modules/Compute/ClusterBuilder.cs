using Constructs;
using HashiCorp.Cdktf;

namespace Ecolaura.Tf.Compute;

/// <summary>Props of <see cref="ClusterBuilder"/>.</summary>
public sealed record ClusterBuilderProps
{
    /// <summary>Physical names of the environment.</summary>
    public required Naming Names { get; init; }

    /// <summary>The workspace in the physical names: <c>compute</c> (primary region) or <c>dr</c> (DR region), e.g. <c>ecolaura-prod-dr-vpc-cni</c>.</summary>
    public required Workspace Workspace { get; init; }

    /// <summary>The cluster name (<see cref="Naming.ClusterName"/> or <see cref="Naming.DrClusterName"/>).</summary>
    public required string ClusterName { get; init; }

    /// <summary>Kubernetes version, public endpoint ranges, log retention, admin role, rolling-update share and add-on versions.</summary>
    public required ComputeConfig Config { get; init; }

    /// <summary>The node groups to create; none (the DR region's pilot mode) leaves out the nodes and the add-ons that need running pods (CoreDNS, EBS CSI).</summary>
    public required IReadOnlyList<NodeGroupConfig> NodeGroups { get; init; }

    /// <summary>The 12-digit account id.</summary>
    public required string AccountId { get; init; }

    /// <summary>The cluster's region (the add-on IAM policies are scoped to it).</summary>
    public required string Region { get; init; }

    /// <summary>The VPC (the load balancer controller's policy is scoped to it).</summary>
    public required string VpcId { get; init; }

    /// <summary>Private application subnets of every AZ (control plane ENIs and nodes).</summary>
    public required string[] AppSubnetIds { get; init; }

    /// <summary>The <c>eks_control_plane</c> security group.</summary>
    public required string ControlPlaneSecurityGroupId { get; init; }

    /// <summary>The <c>eks_nodes</c> security group.</summary>
    public required string NodesSecurityGroupId { get; init; }

    /// <summary>CMK of the control-plane log group, in <see cref="Region"/>.</summary>
    public required string LogsKmsKeyArn { get; init; }

    /// <summary>Tags for instances and volumes (the stack's default tags).</summary>
    public required IReadOnlyDictionary<string, string> InstanceTags { get; init; }
}

/// <summary>What <see cref="ClusterBuilder.Build"/> created.</summary>
/// <param name="Cluster">The EKS cluster, its role, OIDC provider and log group.</param>
/// <param name="VpcCniRole">IRSA role of the VPC CNI.</param>
/// <param name="EbsCsiRole">IRSA role of the EBS CSI driver.</param>
/// <param name="AutoscalerRole">IRSA role of the Cluster Autoscaler.</param>
/// <param name="LoadBalancerControllerRole">IRSA role of the AWS Load Balancer Controller.</param>
/// <param name="Nodes">The node role and groups; null when there are no node groups.</param>
/// <param name="Running">What an add-on that needs running pods depends on (every node group; empty without nodes).</param>
public sealed record ClusterWiring(
    KubernetesCluster Cluster,
    ServiceAccountRole VpcCniRole,
    ServiceAccountRole EbsCsiRole,
    ServiceAccountRole AutoscalerRole,
    ServiceAccountRole LoadBalancerControllerRole,
    WorkerNodes? Nodes,
    IReadOnlyList<ITerraformDependable> Running);

/// <summary>The secrets and volumes CMKs of a cluster.</summary>
/// <param name="Secrets">Kubernetes secrets envelope encryption (<c>secrets_key</c>).</param>
/// <param name="Volumes">EBS volumes of nodes and persistent volumes (<c>volumes_key</c>).</param>
public sealed record ClusterKeys(CustomerManagedKey Secrets, CustomerManagedKey Volumes);

/// <summary>
/// The EKS wiring of one region, composed the same way by the compute workspace (primary region) and the dr workspace
/// (DR region), directly in the given scope so both get the same resources at the same addresses: the CMKs
/// (<see cref="Keys"/>: <c>secrets_key</c>, <c>volumes_key</c>), then (<see cref="Build"/>) the cluster
/// (<c>cluster</c>), the IRSA roles of the add-ons and controllers (<c>irsa_vpc_cni</c>, <c>irsa_ebs_csi</c>,
/// <c>irsa_cluster_autoscaler</c>, <c>irsa_load_balancer_controller</c>), the managed add-ons <c>vpc-cni</c> and
/// <c>kube-proxy</c>, the node groups (<c>nodes</c>) and, once nodes exist, CoreDNS and the EBS CSI driver.
/// </summary>
/// <remarks>
/// Order matters on create and on upgrade: nodes only become Ready with a CNI and kube-proxy; CoreDNS and the EBS CSI
/// controller need Ready nodes (https://docs.aws.amazon.com/eks/latest/userguide/managing-add-ons.html).
/// </remarks>
public sealed class ClusterBuilder(Construct scope, ClusterBuilderProps props)
{
    /// <summary>A CMK of the cluster: alias <c>ecolaura-&lt;env&gt;-&lt;workspace&gt;-&lt;role&gt;</c>, described as "<paramref name="description"/> of &lt;cluster&gt;".</summary>
    public CustomerManagedKey Key(string id, string role, string description, IReadOnlyList<PolicyStatement>? statements = null) =>
        new(scope, id, new CustomerManagedKeyProps
        {
            Alias = props.Names.Of(props.Workspace, role),
            Description = $"{description} of {props.ClusterName}",
            AccountId = props.AccountId,
            Statements = statements ?? [],
        });

    /// <summary>Creates the secrets and volumes CMKs (before the caller's other keys, so their order in the JSON is stable).</summary>
    public ClusterKeys Keys() => new(
        Key("secrets_key", "secrets", "Kubernetes secrets envelope encryption"),
        Key("volumes_key", "volumes", "EBS volumes of nodes and persistent volumes", AddonPolicies.AutoScalingVolumeKey(props.AccountId)));

    /// <summary>Creates the cluster, the add-on roles, the add-ons and the node groups.</summary>
    public ClusterWiring Build(ClusterKeys keys)
    {
        var config = props.Config;
        var cluster = new KubernetesCluster(scope, "cluster", new KubernetesClusterProps
        {
            ClusterName = props.ClusterName,
            RoleName = props.Names.Of(props.Workspace, "cluster"),
            KubernetesVersion = config.KubernetesVersion,
            SubnetIds = props.AppSubnetIds,
            ControlPlaneSecurityGroupId = props.ControlPlaneSecurityGroupId,
            PublicAccessCidrs = config.PublicAccessCidrs,
            SecretsKmsKeyArn = keys.Secrets.KeyArn,
            LogsKmsKeyArn = props.LogsKmsKeyArn,
            LogRetentionDays = config.ControlPlaneLogRetentionDays,
            AdminRoleArn = config.AdminRoleArn,
        });

        ServiceAccountRole Irsa(string id, string role, string serviceAccount, string description,
            IReadOnlyList<string>? managed = null, IReadOnlyList<PolicyStatement>? statements = null) =>
            new(scope, id, new ServiceAccountRoleProps
            {
                Name = props.Names.Of(props.Workspace, role),
                Description = description,
                OidcProviderArn = cluster.OidcProviderArn,
                OidcIssuerHostPath = cluster.OidcIssuerHostPath,
                Namespace = "kube-system",
                ServiceAccount = serviceAccount,
                ManagedPolicyArns = managed ?? [],
                Statements = statements ?? [],
            });

        var addonScope = new AddonScope(props.Region, props.AccountId, props.ClusterName, props.VpcId);
        var vpcCniRole = Irsa("irsa_vpc_cni", "vpc-cni", "aws-node", "VPC CNI: pod ENIs and IPs",
            managed: ["arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy"]);
        var ebsCsiRole = Irsa("irsa_ebs_csi", "ebs-csi-driver", "ebs-csi-controller-sa", "EBS CSI driver: persistent volumes",
            managed: ["arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy"], statements: AddonPolicies.EbsCsiVolumeKey(keys.Volumes.KeyArn));
        var autoscalerRole = Irsa("irsa_cluster_autoscaler", "cluster-autoscaler", "cluster-autoscaler",
            "Cluster Autoscaler: resize this cluster's node groups", statements: AddonPolicies.ClusterAutoscaler(addonScope));
        var loadBalancerRole = Irsa("irsa_load_balancer_controller", "load-balancer-controller", "aws-load-balancer-controller",
            "AWS Load Balancer Controller: ALBs and target groups of this cluster", statements: AddonPolicies.LoadBalancerController(addonScope));

        var versions = config.AddonVersions;
        var vpcCni = new ClusterAddon(scope, "addon_vpc_cni", new ClusterAddonProps
        {
            ClusterName = cluster.ClusterName,
            AddonName = EksAddons.VpcCni,
            AddonVersion = versions.VpcCni,
            ServiceAccountRoleArn = vpcCniRole.RoleArn,
        });
        var kubeProxy = new ClusterAddon(scope, "addon_kube_proxy", new ClusterAddonProps
        {
            ClusterName = cluster.ClusterName,
            AddonName = EksAddons.KubeProxy,
            AddonVersion = versions.KubeProxy,
        });

        if (props.NodeGroups.Count == 0)
        {
            // No nodes, so no add-on that waits for running pods (CoreDNS, EBS CSI controller).
            return new ClusterWiring(cluster, vpcCniRole, ebsCsiRole, autoscalerRole, loadBalancerRole, null, []);
        }

        var nodes = new WorkerNodes(scope, "nodes", new WorkerNodesProps
        {
            Groups = props.NodeGroups,
            Names = props.Names,
            NameWorkspace = props.Workspace,
            Placement = new NodePlacement
            {
                ClusterName = cluster.ClusterName,
                ClusterNameLiteral = props.ClusterName,
                KubernetesVersion = cluster.ClusterVersion,
                SubnetIds = props.AppSubnetIds,
                SecurityGroupId = props.NodesSecurityGroupId,
                VolumeKmsKeyArn = keys.Volumes.KeyArn,
                MaxUnavailablePercentage = config.MaxUnavailablePercentage,
                InstanceTags = props.InstanceTags,
            },
            DependsOn = [vpcCni.Dependable, kubeProxy.Dependable],
        });
        var running = nodes.Groups.Select(g => g.Dependable).ToArray();
        _ = new ClusterAddon(scope, "addon_coredns", new ClusterAddonProps
        {
            ClusterName = cluster.ClusterName,
            AddonName = EksAddons.CoreDns,
            AddonVersion = versions.CoreDns,
            DependsOn = running,
        });
        _ = new ClusterAddon(scope, "addon_ebs_csi", new ClusterAddonProps
        {
            ClusterName = cluster.ClusterName,
            AddonName = EksAddons.EbsCsiDriver,
            AddonVersion = versions.EbsCsiDriver,
            ServiceAccountRoleArn = ebsCsiRole.RoleArn,
            DependsOn = running,
        });
        return new ClusterWiring(cluster, vpcCniRole, ebsCsiRole, autoscalerRole, loadBalancerRole, nodes, running);
    }
}
