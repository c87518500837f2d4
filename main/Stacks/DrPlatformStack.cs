using Constructs;

namespace Ecolaura.Tf.App.Stacks;

/// <summary>Producers the drplatform workspace reads.</summary>
public sealed record DrPlatformStackProps
{
    /// <summary>Dr (the DR cluster's endpoint, CA, OIDC provider, IRSA roles, volume key, target groups; the DR registry).</summary>
    public required DrStack Dr { get; init; }
}

/// <summary>
/// Workspace <c>drplatform</c>, in the environment's DR region: the platform of <see cref="PlatformStack"/> — add-ons,
/// applications in blue and green, their autoscaling and TargetGroupBindings, monitoring — on the DR cluster, composed by
/// the same <see cref="PlatformStack.Compose"/> so the two regions run the same platform. It reads only the dr workspace's
/// state (in the DR region): images come from the DR region's registry (replicated from the primary), secrets from the DR
/// region's replicas of the <c>ecolaura/&lt;env&gt;/platform/</c> secrets.
/// </summary>
/// <remarks>
/// In <see cref="DrMode.Pilot"/> the DR cluster has no nodes, so the workspace holds only its providers and no resource:
/// going from warm back to pilot then plans the removal of the releases and workloads here (apply this workspace before
/// the dr workspace removes the nodes) instead of leaving them orphaned in a state nobody plans. Applied after dr.
/// </remarks>
public sealed class DrPlatformStack : EcolauraStack
{
    /// <summary>Composes the workspace in the DR region.</summary>
    /// <exception cref="InvalidOperationException">The environment has no dr workspace (<c>dr.mode</c> none).</exception>
    public DrPlatformStack(Construct scope, EnvironmentConfig environment, DrPlatformStackProps props)
        : base(scope, environment, Workspace.DrPlatform, region: environment.Dr.Region)
    {
        if (!DrSizing.HasWorkspace(environment))
        {
            throw new InvalidOperationException($"{environment.Name}: dr.mode is none, so there is no drplatform workspace");
        }

        var dr = DrOutputs.FromRemoteState(this, props.Dr);
        var cluster = new ClusterEndpoint(dr.ClusterName, dr.ClusterEndpoint, dr.ClusterCertificateAuthorityData);
        if (!DrSizing.Serves(environment.Dr.Mode))
        {
            // Pilot: no nodes to run anything on; the providers stay so resources left from warm can be planned away.
            _ = ClusterConnection.Kubernetes(this, cluster);
            _ = ClusterConnection.Helm(this, cluster);
            return;
        }

        Compose(environment, dr, cluster);
    }

    private void Compose(EnvironmentConfig environment, DrOutputs dr, ClusterEndpoint cluster) =>
        PlatformStack.Compose(this, environment, new PlatformTarget
        {
            Region = Region,
            ClusterNameLiteral = Names.DrClusterName,
            Cluster = cluster,
            OidcProviderArn = dr.OidcProviderArn,
            OidcIssuerUrl = dr.OidcIssuerUrl,
            VpcId = dr.VpcId,
            LoadBalancerControllerRoleArn = dr.LoadBalancerControllerRoleArn,
            ClusterAutoscalerRoleArn = dr.ClusterAutoscalerRoleArn,
            VolumeKmsKeyArn = dr.EbsKmsKeyArn,
            RepositoryUrls = new Dictionary<string, string>
            {
                ["frontend"] = dr.FrontendRepositoryUrl,
                ["backend"] = dr.BackendRepositoryUrl,
                ["microservices"] = dr.MicroservicesRepositoryUrl,
            },
            // Optional outputs, published in warm and active (the only modes that get here).
            TargetGroups = PlatformTarget.BlueGreen(dr.FrontendBlueTargetGroupArn!, dr.FrontendGreenTargetGroupArn!,
                dr.BackendBlueTargetGroupArn!, dr.BackendGreenTargetGroupArn!),
        });
}
