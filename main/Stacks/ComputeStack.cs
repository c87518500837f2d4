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
/// the add-ons and controllers, and the ECR repositories (replicated into the DR region where the environment has a
/// <c>dr</c> workspace). Applied after network.
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
        var builder = new ClusterBuilder(this, new ClusterBuilderProps
        {
            Names = Names,
            Workspace = Workspace.Compute,
            ClusterName = Names.ClusterName,
            Config = config,
            NodeGroups = config.NodeGroups,
            AccountId = environment.AccountId,
            Region = environment.Region,
            VpcId = network.VpcId,
            AppSubnetIds = network.AppSubnetIds,
            ControlPlaneSecurityGroupId = network.EksControlPlaneSecurityGroupId,
            NodesSecurityGroupId = network.EksNodesSecurityGroupId,
            LogsKmsKeyArn = foundation.LogsKmsKeyArn,
            InstanceTags = DefaultTags,
        });
        var keys = builder.Keys();
        var imagesKey = builder.Key("images_key", "images", "ECR images");
        var (cluster, vpcCniRole, ebsCsiRole, autoscalerRole, loadBalancerRole, _, running) = builder.Build(keys);

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
            DependsOn = [.. running],
        });

        var urls = Repositories.ToDictionary(r => r, r => new ContainerRepository(this, $"ecr_{r}", new ContainerRepositoryProps
        {
            Name = Names.Of(Workspace.Compute, r),
            KmsKeyArn = imagesKey.KeyArn,
        }).RepositoryUrl);

        if (DrSizing.HasWorkspace(environment))
        {
            // The DR cluster pulls from its own region's registry: every push is replicated there (the dr workspace holds
            // the template the replicated repositories are created with).
            _ = new ImageReplication(this, "ecr_replication", new ImageReplicationProps
            {
                RepositoryPrefix = Names.RepositoryPrefix,
                AccountId = environment.AccountId,
                DestinationRegion = environment.Dr.Region,
            });
        }

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
            EbsKmsKeyArn = keys.Volumes.KeyArn,
            FrontendRepositoryUrl = urls["frontend"],
            BackendRepositoryUrl = urls["backend"],
            MicroservicesRepositoryUrl = urls["microservices"],
        };
        Outputs.Publish(this);
    }

    /// <summary>What this workspace publishes.</summary>
    public ComputeOutputs Outputs { get; }
}
