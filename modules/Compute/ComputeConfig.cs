namespace Ecolaura.Tf.Compute;

/// <summary>The EKS cluster of one environment: version, endpoint access, administrators and node groups.</summary>
/// <remarks>Checked by <see cref="ComputeConfigValidator"/> before synth; Terraform accepts most bad values here.</remarks>
public sealed record ComputeConfig
{
    /// <summary>The Kubernetes minor version, e.g. <c>1.35</c>; one of <see cref="ComputeConfigValidator.SupportedKubernetesVersions"/>.</summary>
    public required string KubernetesVersion { get; init; }

    /// <summary>The IAM role that gets cluster-admin through an EKS access entry (AmazonEKSClusterAdminPolicy).</summary>
    /// <remarks>Whoever may assume this role runs kubectl; the Terraform caller gets no implicit admin.</remarks>
    public required string AdminRoleArn { get; init; }

    /// <summary>The managed node groups, each with its own launch template and scaling range.</summary>
    public required IReadOnlyList<NodeGroupConfig> NodeGroups { get; init; }

    /// <summary>Ranges that may reach the public API endpoint (dev only; never a /0).</summary>
    /// <remarks>Default: empty, the endpoint is private only (reach it from inside the VPC, e.g. SSM or VPN).</remarks>
    public IReadOnlyList<string> PublicAccessCidrs { get; init; } = [];

    /// <summary>Retention of the control-plane log group (holds the audit log): a CloudWatch value of at least 365.</summary>
    /// <remarks>Default: 365.</remarks>
    public int ControlPlaneLogRetentionDays { get; init; } = 365;

    /// <summary>Share of a group's nodes replaced at once during a rolling update, 1–100.</summary>
    /// <remarks>Default: 33.</remarks>
    public int MaxUnavailablePercentage { get; init; } = 33;

    /// <summary>Pinned versions of the EKS managed add-ons; an unset one runs the version EKS chose when it was created.</summary>
    /// <remarks>Default: none pinned. EKS never upgrades a managed add-on by itself, so pin them when upgrading the cluster (README).</remarks>
    public AddonVersionsConfig AddonVersions { get; init; } = new();
}

/// <summary>
/// Versions of the EKS managed add-ons (<c>aws eks describe-addon-versions --kubernetes-version &lt;v&gt; --addon-name &lt;name&gt;</c>),
/// each <c>v&lt;major&gt;.&lt;minor&gt;.&lt;patch&gt;-eksbuild.&lt;n&gt;</c>. Changing one updates the add-on in place after the
/// control plane.
/// </summary>
public sealed record AddonVersionsConfig
{
    /// <summary>Version of <c>vpc-cni</c>.</summary>
    /// <remarks>Default: null, EKS's default version at creation.</remarks>
    public string? VpcCni { get; init; }

    /// <summary>Version of <c>kube-proxy</c>: not newer than the control plane and at most 3 minor versions older.</summary>
    /// <remarks>Default: null, EKS's default version at creation.</remarks>
    public string? KubeProxy { get; init; }

    /// <summary>Version of <c>coredns</c>.</summary>
    /// <remarks>Default: null, EKS's default version at creation.</remarks>
    public string? CoreDns { get; init; }

    /// <summary>Version of <c>aws-ebs-csi-driver</c>.</summary>
    /// <remarks>Default: null, EKS's default version at creation.</remarks>
    public string? EbsCsiDriver { get; init; }

    /// <summary>EKS add-on name → pinned version (null when not pinned), in <see cref="EksAddons.All"/> order.</summary>
    public IReadOnlyList<(string Addon, string Field, string? Version)> ByAddon() =>
    [
        (EksAddons.VpcCni, "vpcCni", VpcCni),
        (EksAddons.KubeProxy, "kubeProxy", KubeProxy),
        (EksAddons.CoreDns, "coreDns", CoreDns),
        (EksAddons.EbsCsiDriver, "ebsCsiDriver", EbsCsiDriver),
    ];
}

/// <summary>The EKS managed add-ons every cluster here runs (their EKS add-on names).</summary>
/// <remarks>Source: Amazon EKS User Guide, "AWS add-ons", https://docs.aws.amazon.com/eks/latest/userguide/workloads-add-ons-available-eks.html (checked 2026-12-01).</remarks>
public static class EksAddons
{
    /// <summary>Amazon VPC CNI plugin: pod networking (a DaemonSet; nodes are not Ready without it).</summary>
    public const string VpcCni = "vpc-cni";

    /// <summary>kube-proxy: service routing on every node (a DaemonSet).</summary>
    public const string KubeProxy = "kube-proxy";

    /// <summary>CoreDNS: cluster DNS (a Deployment; needs Ready nodes).</summary>
    public const string CoreDns = "coredns";

    /// <summary>Amazon EBS CSI driver: persistent volumes (its controller is a Deployment; needs Ready nodes).</summary>
    public const string EbsCsiDriver = "aws-ebs-csi-driver";

    /// <summary>Every add-on, in creation order.</summary>
    public static IReadOnlyList<string> All { get; } = [VpcCni, KubeProxy, CoreDns, EbsCsiDriver];
}

/// <summary>One managed node group.</summary>
public sealed record NodeGroupConfig
{
    /// <summary>Short lower-case name, unique in the cluster (<c>general</c>, <c>compute</c>, <c>spot</c>); also the node label value.</summary>
    public required string Name { get; init; }

    /// <summary>On-demand or spot capacity.</summary>
    public required CapacityType CapacityType { get; init; }

    /// <summary>Instance types of one size; spot groups need at least two for capacity diversification.</summary>
    public required IReadOnlyList<string> InstanceTypes { get; init; }

    /// <summary>Node counts: <c>1 ≤ min ≤ desired ≤ max</c>.</summary>
    public required NodeGroupScaling Scaling { get; init; }

    /// <summary>Taint the group so only pods that tolerate <c>ecolaura.io/dedicated=&lt;name&gt;:NoSchedule</c> run there.</summary>
    /// <remarks>Default: false, any pod may be scheduled (pods still target the group by the <c>ecolaura.io/node-group</c> label).</remarks>
    public bool Dedicated { get; init; }

    /// <summary>Size of each node's encrypted gp3 root volume in GiB, 20–16384.</summary>
    /// <remarks>Default: 50.</remarks>
    public int VolumeSizeGiB { get; init; } = 50;
}

/// <summary>Node counts of one group; the Cluster Autoscaler moves the desired count between min and max.</summary>
public sealed record NodeGroupScaling
{
    /// <summary>Fewest nodes (at least 1).</summary>
    public required int Min { get; init; }

    /// <summary>Nodes at creation; Terraform ignores later changes the autoscaler makes.</summary>
    public required int Desired { get; init; }

    /// <summary>Most nodes.</summary>
    public required int Max { get; init; }
}

/// <summary>How a node group buys its instances.</summary>
public enum CapacityType
{
    /// <summary>On-demand instances: system and steady workloads.</summary>
    OnDemand,

    /// <summary>Spot instances: cheaper, may be interrupted with two minutes' notice.</summary>
    Spot,
}

/// <summary>The EKS API spelling of <see cref="CapacityType"/>.</summary>
public static class CapacityTypeExtensions
{
    /// <summary><c>ON_DEMAND</c> or <c>SPOT</c>.</summary>
    public static string ToEks(this CapacityType capacity) => capacity switch
    {
        CapacityType.OnDemand => "ON_DEMAND",
        CapacityType.Spot => "SPOT",
        _ => throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "unknown capacity type"),
    };
}
