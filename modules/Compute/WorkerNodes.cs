using Constructs;
using Ecolaura.Tf.Shared;
using Ecolaura.Tf.Shared.Config;
using HashiCorp.Cdktf;
using HashiCorp.Cdktf.Providers.Aws.IamRole;
using HashiCorp.Cdktf.Providers.Aws.IamRolePolicyAttachment;

namespace Ecolaura.Tf.Compute;

/// <summary>Props of <see cref="WorkerNodes"/>.</summary>
public sealed record WorkerNodesProps
{
    /// <summary>The groups to create, each a <see cref="NodeGroup"/> named after it.</summary>
    public required IReadOnlyList<NodeGroupConfig> Groups { get; init; }

    /// <summary>The cluster (a token).</summary>
    public required string ClusterName { get; init; }

    /// <summary>The plain cluster name, for tag keys.</summary>
    public required string ClusterNameLiteral { get; init; }

    /// <summary>The cluster's Kubernetes version.</summary>
    public required string KubernetesVersion { get; init; }

    /// <summary>Physical names: <c>ecolaura-prod-compute-nodes</c> (role), <c>ecolaura-prod-compute-&lt;group&gt;</c> (groups, launch templates).</summary>
    public required Naming Names { get; init; }

    /// <summary>Private application subnets in every AZ.</summary>
    public required string[] SubnetIds { get; init; }

    /// <summary>The network's <c>eks_nodes</c> group.</summary>
    public required string SecurityGroupId { get; init; }

    /// <summary>The CMK of the root volumes.</summary>
    public required string VolumeKmsKeyArn { get; init; }

    /// <summary>Share of a group's nodes replaced at once in a rolling update.</summary>
    public required int MaxUnavailablePercentage { get; init; }

    /// <summary>Tags for instances and volumes (the stack's default tags).</summary>
    public required IReadOnlyDictionary<string, string> InstanceTags { get; init; }

    /// <summary>Add-ons nodes need before they can become Ready (VPC CNI, kube-proxy).</summary>
    /// <remarks>Default: none.</remarks>
    public IReadOnlyList<ITerraformDependable> DependsOn { get; init; } = [];
}

/// <summary>
/// The node IAM role and every managed node group. The role has only what the kubelet needs (worker node policy,
/// ECR read-only, SSM for shell access instead of SSH); the CNI policy belongs to the VPC CNI's IRSA role.
/// </summary>
public sealed class WorkerNodes : Construct
{
    /// <summary>The AWS-managed policies of the node role.</summary>
    public static IReadOnlyList<string> NodePolicyArns { get; } =
    [
        "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy",
        "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly",
        "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore",
    ];

    /// <summary>Creates the role and the groups.</summary>
    public WorkerNodes(Construct scope, string id, WorkerNodesProps props) : base(scope, id)
    {
        var role = new IamRole(this, "role", new IamRoleConfig
        {
            Name = props.Names.Of(Workspace.Compute, "nodes"),
            Description = "EKS managed nodes of " + props.ClusterNameLiteral,
            AssumeRolePolicy = PolicyDocument.Of(new PolicyStatement
            {
                Sid = "Ec2Assume",
                Services = ["ec2.amazonaws.com"],
                Actions = ["sts:AssumeRole"],
            }),
        });
        var attachments = NodePolicyArns.Select(arn => (ITerraformDependable)new IamRolePolicyAttachment(
            this, $"role_{arn[(arn.LastIndexOf('/') + 1)..]}", new IamRolePolicyAttachmentConfig { Role = role.Name, PolicyArn = arn })).ToArray();

        var groups = new List<NodeGroup>();
        foreach (var config in props.Groups)
        {
            groups.Add(new NodeGroup(this, config.Name, new NodeGroupProps
            {
                Config = config,
                ClusterName = props.ClusterName,
                ClusterNameLiteral = props.ClusterNameLiteral,
                KubernetesVersion = props.KubernetesVersion,
                Name = props.Names.Of(Workspace.Compute, config.Name),
                NodeRoleArn = role.Arn,
                SubnetIds = props.SubnetIds,
                SecurityGroupId = props.SecurityGroupId,
                VolumeKmsKeyArn = props.VolumeKmsKeyArn,
                MaxUnavailablePercentage = props.MaxUnavailablePercentage,
                InstanceTags = props.InstanceTags,
                DependsOn = [.. attachments, .. props.DependsOn],
            }));
        }

        NodeRoleArn = role.Arn;
        Groups = groups;
    }

    /// <summary>The node IAM role.</summary>
    public string NodeRoleArn { get; }

    /// <summary>The groups, in configuration order.</summary>
    public IReadOnlyList<NodeGroup> Groups { get; }
}
