using Constructs;
using HashiCorp.Cdktf;
using HashiCorp.Cdktf.Providers.Aws.IamRole;
using HashiCorp.Cdktf.Providers.Aws.IamRolePolicyAttachment;

namespace Ecolaura.Tf.Compute;

/// <summary>Props of <see cref="WorkerNodes"/>.</summary>
public sealed record WorkerNodesProps
{
    /// <summary>The groups to create, each a <see cref="NodeGroup"/> named after it.</summary>
    public required IReadOnlyList<NodeGroupConfig> Groups { get; init; }

    /// <summary>Where the nodes run and how they are built (shared by every group).</summary>
    public required NodePlacement Placement { get; init; }

    /// <summary>Physical names: <c>ecolaura-prod-compute-nodes</c> (role), <c>ecolaura-prod-compute-&lt;group&gt;</c> (groups, launch templates).</summary>
    public required Naming Names { get; init; }

    /// <summary>The workspace in the physical names (<c>compute</c>, or <c>dr</c> for the DR region's groups, whose IAM role must not collide with the primary's).</summary>
    /// <remarks>Default: <see cref="Workspace.Compute"/>.</remarks>
    public Workspace NameWorkspace { get; init; } = Workspace.Compute;

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
            Name = props.Names.Of(props.NameWorkspace, "nodes"),
            Description = "EKS managed nodes of " + props.Placement.ClusterNameLiteral,
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
                Placement = props.Placement,
                Name = props.Names.Of(props.NameWorkspace, config.Name),
                NodeRoleArn = role.Arn,
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
