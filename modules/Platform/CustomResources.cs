using Constructs;
using HashiCorp.Cdktf;

namespace Ecolaura.Tf.Platform;

/// <summary>Props of <see cref="CustomResources"/>.</summary>
public sealed record CustomResourcesProps
{
    /// <summary>The Helm release name.</summary>
    public required string Name { get; init; }

    /// <summary>The release's namespace (objects without their own namespace land here).</summary>
    public required string Namespace { get; init; }

    /// <summary>The raw chart version (<see cref="ChartVersionsConfig.Raw"/>).</summary>
    public required string Version { get; init; }

    /// <summary>The Kubernetes objects, each a tree with <c>apiVersion</c>, <c>kind</c>, <c>metadata</c> and <c>spec</c>.</summary>
    public required IReadOnlyList<IReadOnlyDictionary<string, object?>> Objects { get; init; }

    /// <summary>The controllers that own the objects' CRDs and webhooks.</summary>
    /// <remarks>Default: none.</remarks>
    public IReadOnlyList<ITerraformDependable> DependsOn { get; init; } = [];
}

/// <summary>
/// Custom resources (TargetGroupBinding, ClusterSecretStore, ExternalSecret) as one release of the pinned raw chart,
/// never as <c>kubernetes_manifest</c>: that resource reads the CRD's schema from the cluster at plan time, so a
/// workspace using it cannot plan before the cluster and the CRDs exist, or without network access to the API. A Helm
/// release plans from its values alone; the API server validates the objects at apply.
/// </summary>
public sealed class CustomResources : Construct
{
    /// <summary>The External Secrets API of the pinned operator (<c>external-secrets.io/v1</c>).</summary>
    public const string ExternalSecretsApiVersion = "external-secrets.io/v1";

    /// <summary>The AWS Load Balancer Controller's TargetGroupBinding API.</summary>
    public const string TargetGroupBindingApiVersion = "elbv2.k8s.aws/v1beta1";

    /// <summary>Creates the release.</summary>
    public CustomResources(Construct scope, string id, CustomResourcesProps props) : base(scope, id)
    {
        Release = new PinnedRelease(this, "release", new PinnedReleaseProps
        {
            Name = props.Name,
            Namespace = props.Namespace,
            Chart = ChartPins.Raw,
            Version = props.Version,
            DependsOn = props.DependsOn,
            Values = new Dictionary<string, object?> { ["resources"] = props.Objects },
        });
    }

    /// <summary>The release (values and <c>depends_on</c>).</summary>
    public PinnedRelease Release { get; }
}
