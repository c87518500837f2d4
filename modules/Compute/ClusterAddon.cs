using Constructs;
using HashiCorp.Cdktf;
using HashiCorp.Cdktf.Providers.Aws.EksAddon;

namespace Ecolaura.Tf.Compute;

/// <summary>Props of <see cref="ClusterAddon"/>.</summary>
public sealed record ClusterAddonProps
{
    /// <summary>The cluster (a token).</summary>
    public required string ClusterName { get; init; }

    /// <summary>The EKS add-on name, e.g. <c>vpc-cni</c>.</summary>
    public required string AddonName { get; init; }

    /// <summary>The add-on version, e.g. <c>v1.35.0-eksbuild.1</c> (validated).</summary>
    /// <remarks>Default: null, EKS's default version for the cluster's Kubernetes version at creation, kept afterwards.</remarks>
    public string? AddonVersion { get; init; }

    /// <summary>The IRSA role of the add-on's service account.</summary>
    /// <remarks>Default: none, the add-on needs no AWS API access (CoreDNS, kube-proxy).</remarks>
    public string? ServiceAccountRoleArn { get; init; }

    /// <summary>Resources that must exist first (node groups for add-ons that run as Deployments).</summary>
    /// <remarks>Default: none.</remarks>
    public IReadOnlyList<ITerraformDependable> DependsOn { get; init; } = [];
}

/// <summary>
/// One EKS managed add-on, at a pinned version or EKS's default version for the cluster's Kubernetes version (no data
/// source, so the plan stays offline). EKS overwrites conflicting fields on create and keeps local changes on update.
/// The add-on refers to the cluster, so a version change is applied after a control-plane upgrade in the same apply.
/// </summary>
public sealed class ClusterAddon : Construct
{
    /// <summary>Creates the add-on.</summary>
    public ClusterAddon(Construct scope, string id, ClusterAddonProps props) : base(scope, id)
    {
        var addon = new EksAddon(this, "Resource", new EksAddonConfig
        {
            ClusterName = props.ClusterName,
            AddonName = props.AddonName,
            AddonVersion = props.AddonVersion,
            ServiceAccountRoleArn = props.ServiceAccountRoleArn,
            ResolveConflictsOnCreate = "OVERWRITE",
            ResolveConflictsOnUpdate = "PRESERVE",
            DependsOn = props.DependsOn.ToArray(),
        });
        AddonArn = addon.Arn;
        Dependable = addon;
    }

    /// <summary>The add-on ARN.</summary>
    public string AddonArn { get; }

    /// <summary>For <c>depends_on</c> of resources that need the add-on running (node groups need the CNI).</summary>
    public ITerraformDependable Dependable { get; }
}
