namespace Ecolaura.Tf.Shared;

/// <summary>The Terraform workspaces, one state file each (<c>&lt;env&gt;/&lt;workspace&gt;.tfstate</c>).</summary>
public enum Workspace
{
    /// <summary>State bucket, lock table, shared CMKs and alert topics; applied first with a local backend.</summary>
    Foundation,

    /// <summary>Account guardrails (CloudTrail, GuardDuty, Security Hub, IAM baseline), the operations dashboard and cost controls.</summary>
    Security,

    /// <summary>VPC, subnets, routing, NACLs, flow logs, endpoints and the security-group graph.</summary>
    Network,

    /// <summary>RDS PostgreSQL, ElastiCache Redis, S3 buckets and their keys.</summary>
    Data,

    /// <summary>EKS cluster, node groups, add-on IAM and ECR.</summary>
    Compute,

    /// <summary>ALB, CloudFront, WAF, certificates and DNS.</summary>
    Edge,

    /// <summary>Resources in the disaster-recovery region.</summary>
    Dr,

    /// <summary>What runs on the cluster: add-ons as Helm releases, the applications, monitoring (Kubernetes and Helm providers).</summary>
    Platform,

    /// <summary>
    /// The platform of the DR region: the same add-ons, applications and monitoring as <see cref="Platform"/>, on the DR
    /// cluster (empty in pilot mode, which has no nodes). Exists wherever <see cref="Dr"/> does.
    /// </summary>
    DrPlatform,
}

/// <summary>Lower-case names used in stack ids, state keys, physical names and tags.</summary>
public static class NameExtensions
{
    /// <summary><c>foundation</c>, <c>network</c>, …, <c>drplatform</c> (never a '-', see <see cref="ParseStackId"/>).</summary>
    public static string Id(this Workspace workspace) => workspace.ToString().ToLowerInvariant();

    /// <summary>
    /// Whether the workspace lives in the environment's DR region (<see cref="Workspace.Dr"/>, <see cref="Workspace.DrPlatform"/>):
    /// its state, lock and every state it reads are in the DR region, so it plans and applies while the primary region is down.
    /// </summary>
    public static bool InDrRegion(this Workspace workspace) => workspace is Workspace.Dr or Workspace.DrPlatform;

    /// <summary><c>development</c>, <c>staging</c> or <c>production</c>.</summary>
    public static string Id(this Config.EnvironmentTier tier) => tier.ToString().ToLowerInvariant();

    /// <summary>The reliability floors of the environment's tier.</summary>
    public static Config.ReliabilityFloors Floors(this Config.EnvironmentConfig env) => Config.ReliabilityFloors.For(env.Tier);

    /// <summary>
    /// Splits a stack id (<c>&lt;environment&gt;-&lt;workspace&gt;</c>) at its last '-': environment names may contain
    /// hyphens (<c>load-test</c>), workspace ids never do.
    /// </summary>
    /// <exception cref="ArgumentException">The id has no '-' or names no known workspace.</exception>
    public static (string Environment, Workspace Workspace) ParseStackId(string stackId)
    {
        var dash = stackId.LastIndexOf('-');
        return dash > 0 && Enum.TryParse<Workspace>(stackId[(dash + 1)..], ignoreCase: true, out var workspace)
            ? (stackId[..dash], workspace)
            : throw new ArgumentException($"'{stackId}' is not a stack id <environment>-<workspace>", nameof(stackId));
    }
}
