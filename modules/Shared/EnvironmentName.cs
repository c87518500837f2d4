namespace Ecolaura.Tf.Shared;

/// <summary>The environments the project deploys; thresholds in validation and policy are keyed by them.</summary>
public enum EnvironmentName
{
    /// <summary>Small and cheap: one NAT gateway, smaller classes, waivers on some reliability rows.</summary>
    Dev,

    /// <summary>Production-shaped at lower scale.</summary>
    Staging,

    /// <summary>The sizes of docs/requirements.md and every reliability threshold.</summary>
    Prod,
}

/// <summary>The Terraform workspaces, one state file each (<c>&lt;env&gt;/&lt;workspace&gt;.tfstate</c>).</summary>
public enum Workspace
{
    /// <summary>State bucket, lock table, shared CMKs and alert topics; applied first with a local backend.</summary>
    Foundation,

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
}

/// <summary>Lower-case names used in stack ids, state keys, physical names and tags.</summary>
public static class NameExtensions
{
    /// <summary><c>dev</c>, <c>staging</c> or <c>prod</c>.</summary>
    public static string Id(this EnvironmentName env) => env.ToString().ToLowerInvariant();

    /// <summary><c>foundation</c>, <c>network</c>, …</summary>
    public static string Id(this Workspace workspace) => workspace.ToString().ToLowerInvariant();

    /// <summary>The reliability tier of an environment: dev is development, staging is staging, prod is production.</summary>
    public static Config.EnvironmentTier Tier(this EnvironmentName env) => env switch
    {
        EnvironmentName.Prod => Config.EnvironmentTier.Production,
        EnvironmentName.Staging => Config.EnvironmentTier.Staging,
        _ => Config.EnvironmentTier.Development,
    };

    /// <summary>The reliability floors of the environment's tier.</summary>
    public static Config.ReliabilityFloors Floors(this Config.EnvironmentConfig env) => Config.ReliabilityFloors.For(env.Name.Tier());
}
