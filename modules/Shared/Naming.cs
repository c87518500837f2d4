
namespace Ecolaura.Tf.Shared;

/// <summary>Physical names of one environment: <c>ecolaura-&lt;env&gt;-&lt;workspace&gt;-&lt;role&gt;</c>, and the state names.</summary>
/// <remarks>The only place names are composed, so tests and later workspaces can derive them (e.g. the EKS cluster name for subnet tags).</remarks>
public sealed class Naming(EnvironmentConfig environment)
{
    /// <summary>The project prefix of every name.</summary>
    public const string Project = "ecolaura";

    /// <summary>The environment the names belong to.</summary>
    public EnvironmentConfig Environment { get; } = environment;

    /// <summary><c>ecolaura-prod-network-vpc</c>.</summary>
    public string Of(Workspace workspace, string role) => $"{Project}-{Environment.Name}-{workspace.Id()}-{role}";

    /// <summary>The state bucket: globally unique through account id and region (≤ 63 characters).</summary>
    public string StateBucket => $"{Project}-{Environment.Name}-tfstate-{Environment.AccountId}-{Environment.Region}";

    /// <summary>The DynamoDB lock table.</summary>
    public string LockTable => $"{Project}-{Environment.Name}-tflock";

    /// <summary>Alias of the state CMK; the backend refers to it by alias ARN so no key id is needed before it exists.</summary>
    public string StateKeyAlias => $"alias/{Project}-{Environment.Name}-tfstate";

    /// <summary>The alias ARN of the state CMK in the primary region.</summary>
    public string StateKeyAliasArn => $"arn:aws:kms:{Environment.Region}:{Environment.AccountId}:{StateKeyAlias}";

    /// <summary>The state object key of a workspace: <c>prod/network.tfstate</c>.</summary>
    public string StateKey(Workspace workspace) => $"{Environment.Name}/{workspace.Id()}.tfstate";

    /// <summary>A data bucket: <c>&lt;prefix&gt;-&lt;env&gt;-&lt;role&gt;-&lt;account&gt;-&lt;region&gt;</c>, globally unique (≤ 63 characters validated).</summary>
    public string Bucket(string role) =>
        $"{Environment.Data.Buckets.NamePrefix}-{Environment.Name}-{role}-{Environment.AccountId}-{Environment.Region}";

    /// <summary>A data bucket's DR-region replica: <see cref="Bucket"/> with the DR region.</summary>
    public string DrBucket(string role) =>
        $"{Environment.Data.Buckets.NamePrefix}-{Environment.Name}-{role}-{Environment.AccountId}-{Environment.Dr.Region}";

    /// <summary>The EKS cluster name (needed by network for subnet discovery tags before compute exists).</summary>
    public string ClusterName => $"{Project}-{Environment.Name}";

    /// <summary>The DR region's EKS cluster name (<c>ecolaura-prod-dr</c>), distinct from the primary's so kubeconfigs and tags never mix them up.</summary>
    public string DrClusterName => $"{ClusterName}-dr";

    /// <summary>The DR region's state bucket (the primary state bucket replicates into it; the <c>dr</c> workspace's backend).</summary>
    public string DrStateBucket => $"{Project}-{Environment.Name}-tfstate-{Environment.AccountId}-{Environment.Dr.Region}";

    /// <summary>The DR region's DynamoDB lock table (same name as the primary's, in the DR region).</summary>
    public string DrLockTable => LockTable;

    /// <summary>The alias ARN of the DR region's state CMK (same alias as the primary's, in the DR region).</summary>
    public string DrStateKeyAliasArn => $"arn:aws:kms:{Environment.Dr.Region}:{Environment.AccountId}:{StateKeyAlias}";

    /// <summary>The name prefix of the environment's ECR repositories (<c>ecolaura-prod-compute-</c>), which the registry replicates into the DR region.</summary>
    public string RepositoryPrefix => Of(Workspace.Compute, "");

    /// <summary>
    /// The URL of repository <paramref name="role"/> (<c>frontend</c>, …) in the DR region's registry
    /// (<c>&lt;account&gt;.dkr.ecr.&lt;dr region&gt;.amazonaws.com/ecolaura-prod-compute-frontend</c>), where replication puts its images.
    /// </summary>
    public string DrRepositoryUrl(string role) => $"{Environment.AccountId}.dkr.ecr.{Environment.Dr.Region}.amazonaws.com/{RepositoryPrefix}{role}";

    /// <summary>The stack id and output directory name: <c>prod-network</c>.</summary>
    public string StackId(Workspace workspace) => $"{Environment.Name}-{workspace.Id()}";

    /// <summary>
    /// The HCP Terraform workspace of a stack when <c>state.backend</c> is <c>cloud</c>:
    /// <c>&lt;state.cloud.workspacePrefix&gt;&lt;env&gt;-&lt;workspace&gt;</c>, e.g. <c>ecolaura-prod-network</c>.
    /// </summary>
    public string CloudWorkspace(Workspace workspace) => $"{Environment.State.Cloud.WorkspacePrefix}{StackId(workspace)}";
}
