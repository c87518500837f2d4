using Constructs;
using HashiCorp.Cdktf;
using HashiCorp.Cdktf.Providers.Aws.AutoscalingGroupTag;
using HashiCorp.Cdktf.Providers.Aws.EksNodeGroup;
using HashiCorp.Cdktf.Providers.Aws.LaunchTemplate;

namespace Ecolaura.Tf.Compute;

/// <summary>What every node group of one cluster shares: where nodes run and how they are built.</summary>
public sealed record NodePlacement
{
    /// <summary>The cluster (a token, so groups are created after it).</summary>
    public required string ClusterName { get; init; }

    /// <summary>The plain cluster name, for tag keys (tag keys cannot be tokens).</summary>
    public required string ClusterNameLiteral { get; init; }

    /// <summary>The cluster's Kubernetes version; nodes follow the control plane.</summary>
    public required string KubernetesVersion { get; init; }

    /// <summary>Private application subnets in every AZ.</summary>
    public required string[] SubnetIds { get; init; }

    /// <summary>The network's <c>eks_nodes</c> group.</summary>
    public required string SecurityGroupId { get; init; }

    /// <summary>The CMK of the root volumes.</summary>
    public required string VolumeKmsKeyArn { get; init; }

    /// <summary>Share of a group's nodes replaced at once in a rolling update.</summary>
    public required int MaxUnavailablePercentage { get; init; }

    /// <summary>Tags for instances and volumes: the provider's default tags do not reach what a group's ASG launches.</summary>
    public required IReadOnlyDictionary<string, string> InstanceTags { get; init; }
}

/// <summary>Props of <see cref="NodeGroup"/>.</summary>
public sealed record NodeGroupProps
{
    /// <summary>The group's configuration (validated: 1 ≤ min ≤ desired ≤ max, spot diversified).</summary>
    public required NodeGroupConfig Config { get; init; }

    /// <summary>Where the nodes run and how they are built.</summary>
    public required NodePlacement Placement { get; init; }

    /// <summary>Physical name of the node group and its launch template.</summary>
    public required string Name { get; init; }

    /// <summary>The node IAM role.</summary>
    public required string NodeRoleArn { get; init; }

    /// <summary>Resources that must exist first (node role policies, the VPC CNI add-on).</summary>
    /// <remarks>Default: none.</remarks>
    public IReadOnlyList<ITerraformDependable> DependsOn { get; init; } = [];
}

/// <summary>
/// One EKS managed node group: AL2023 nodes from a launch template with an encrypted gp3 root volume and IMDSv2 only
/// (hop limit 1: pods use IRSA, never the node role), no SSH, rolling updates, spread over every AZ's app subnet,
/// labelled (and tainted when dedicated), and its ASG tagged for Cluster Autoscaler auto-discovery.
/// </summary>
public sealed class NodeGroup : Construct
{
    /// <summary>The node label every group carries, valued with the group name.</summary>
    public const string GroupLabel = "ecolaura.io/node-group";

    /// <summary>The taint key of dedicated groups (value: the group name, effect NoSchedule).</summary>
    public const string DedicatedTaint = "ecolaura.io/dedicated";

    /// <summary>The label EKS puts on managed nodes with their capacity type.</summary>
    public const string CapacityTypeLabel = "eks.amazonaws.com/capacityType";

    /// <summary>Creates the launch template, node group and ASG tags.</summary>
    public NodeGroup(Construct scope, string id, NodeGroupProps props) : base(scope, id)
    {
        var config = props.Config;
        var placement = props.Placement;
        var tags = new Dictionary<string, string>(placement.InstanceTags) { ["Name"] = props.Name };
        var template = new LaunchTemplate(this, "launch_template", new LaunchTemplateConfig
        {
            Name = props.Name,
            Description = $"Nodes of EKS node group {props.Name}",
            UpdateDefaultVersion = true,
            VpcSecurityGroupIds = [placement.SecurityGroupId],
            BlockDeviceMappings = new[]
            {
                new LaunchTemplateBlockDeviceMappings
                {
                    DeviceName = "/dev/xvda",
                    Ebs = new LaunchTemplateBlockDeviceMappingsEbs
                    {
                        VolumeSize = config.VolumeSizeGiB,
                        VolumeType = "gp3",
                        Iops = 3000,
                        Throughput = 125,
                        Encrypted = "true",
                        KmsKeyId = placement.VolumeKmsKeyArn,
                        DeleteOnTermination = "true",
                    },
                },
            },
            MetadataOptions = new LaunchTemplateMetadataOptions
            {
                HttpEndpoint = "enabled",
                HttpTokens = "required",
                HttpPutResponseHopLimit = 1,
                InstanceMetadataTags = "disabled",
            },
            TagSpecifications = new[]
            {
                new LaunchTemplateTagSpecifications { ResourceType = "instance", Tags = tags },
                new LaunchTemplateTagSpecifications { ResourceType = "volume", Tags = tags },
                new LaunchTemplateTagSpecifications { ResourceType = "network-interface", Tags = tags },
            },
        });

        var capacity = config.CapacityType.ToEks();
        var group = new EksNodeGroup(this, "Resource", new EksNodeGroupConfig
        {
            ClusterName = placement.ClusterName,
            NodeGroupName = props.Name,
            Version = placement.KubernetesVersion,
            NodeRoleArn = props.NodeRoleArn,
            SubnetIds = placement.SubnetIds,
            AmiType = "AL2023_x86_64_STANDARD",
            CapacityType = capacity,
            InstanceTypes = config.InstanceTypes.ToArray(),
            ScalingConfig = new EksNodeGroupScalingConfig
            {
                MinSize = config.Scaling.Min,
                DesiredSize = config.Scaling.Desired,
                MaxSize = config.Scaling.Max,
            },
            UpdateConfig = new EksNodeGroupUpdateConfig { MaxUnavailablePercentage = placement.MaxUnavailablePercentage },
            LaunchTemplate = new EksNodeGroupLaunchTemplate
            {
                Id = template.Id,
                Version = TerraformExpressions.AsString(template.LatestVersion),
            },
            Labels = new Dictionary<string, string> { [GroupLabel] = config.Name },
            Taint = config.Dedicated
                ? new[] { new EksNodeGroupTaint { Key = DedicatedTaint, Value = config.Name, Effect = "NO_SCHEDULE" } }
                : null,
            NodeRepairConfig = new EksNodeGroupNodeRepairConfig { Enabled = true },
            // The Cluster Autoscaler owns the desired count once the group exists.
            Lifecycle = TerraformExpressions.IgnoreChanges("scaling_config[0].desired_size"),
            DependsOn = props.DependsOn.ToArray(),
        });

        // Managed node groups do not copy their tags to the ASG they create, so tag the ASG itself.
        var asgName = group.Resources.Get(0).AutoscalingGroups.Get(0).Name;
        const string nodeTemplate = "k8s.io/cluster-autoscaler/node-template";
        var asgTags = new List<(string Id, string Key, string Value)>
        {
            ("autoscaler_enabled", "k8s.io/cluster-autoscaler/enabled", "true"),
            ("autoscaler_owner", AddonPolicies.AutoscalerOwnerTag(placement.ClusterNameLiteral), "owned"),
            ("autoscaler_label_group", $"{nodeTemplate}/label/{GroupLabel}", config.Name),
            ("autoscaler_label_capacity", $"{nodeTemplate}/label/{CapacityTypeLabel}", capacity),
        };
        if (config.Dedicated)
        {
            asgTags.Add(("autoscaler_taint_dedicated", $"{nodeTemplate}/taint/{DedicatedTaint}", $"{config.Name}:NoSchedule"));
        }

        foreach (var (tagId, key, value) in asgTags)
        {
            _ = new AutoscalingGroupTagA(this, tagId, new AutoscalingGroupTagAConfig
            {
                AutoscalingGroupName = asgName,
                Tag = new AutoscalingGroupTagTag { Key = key, Value = value, PropagateAtLaunch = false },
            });
        }

        NodeGroupArn = group.Arn;
        AutoScalingGroupName = asgName;
        Dependable = group;
    }

    /// <summary>The node group ARN.</summary>
    public string NodeGroupArn { get; }

    /// <summary>The ASG EKS created for the group.</summary>
    public string AutoScalingGroupName { get; }

    /// <summary>For <c>depends_on</c> of resources that need running nodes (CoreDNS, EBS CSI controller).</summary>
    public ITerraformDependable Dependable { get; }
}
