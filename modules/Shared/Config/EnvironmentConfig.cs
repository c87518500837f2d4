namespace Ecolaura.Tf.Shared.Config;

/// <summary>Everything one environment needs; embedded defaults live in <see cref="DefaultEnvironments"/>.</summary>
/// <remarks>An override file (<c>--config</c>) may change any field; the result is validated as a whole before synth.</remarks>
public sealed record EnvironmentConfig
{
    /// <summary>
    /// The environment's name: a DNS-safe identifier (2–16 lower-case letters, digits and '-', starting with a letter,
    /// no trailing or double '-'), unique, used in stack ids, state keys, physical names and the Environment tag.
    /// </summary>
    public required string Name { get; init; }

    /// <summary>The reliability tier every threshold and waiver follows from (<see cref="ReliabilityFloors"/>).</summary>
    public required EnvironmentTier Tier { get; init; }

    /// <summary>
    /// The name of another environment this one shares its AWS account with, or null (the default) for an account of
    /// its own. Two environments may only name the same account (in the same region) when one of them says so here;
    /// physical names stay unique because every one carries the environment name.
    /// </summary>
    /// <remarks>Default: null.</remarks>
    public string? SharesAccountWith { get; init; }

    /// <summary>The 12-digit AWS account; written to every provider's <c>allowed_account_ids</c>.</summary>
    public required string AccountId { get; init; }

    /// <summary>The primary region, e.g. us-east-1.</summary>
    public required string Region { get; init; }

    /// <summary>Cost allocation tag value.</summary>
    public required string CostCenter { get; init; }

    /// <summary>Owning team, written to the <c>Owner</c> tag.</summary>
    public required string Owner { get; init; }

    /// <summary>The primary region's network.</summary>
    public required NetworkConfig Network { get; init; }

    /// <summary>The disaster-recovery region and its network range (reserved now so ranges never overlap).</summary>
    public required DrConfig Dr { get; init; }

    /// <summary>Where Terraform state lives.</summary>
    public required StateConfig State { get; init; }

    /// <summary>Where alarms go.</summary>
    public required AlertingConfig Alerting { get; init; }

    /// <summary>Service-linked roles the account needs before the services would create them (foundation workspace).</summary>
    /// <remarks>Default: the foundation creates AWSServiceRoleForAutoScaling.</remarks>
    public ServiceLinkedRolesConfig ServiceLinkedRoles { get; init; } = new();

    /// <summary>Databases, cache and buckets.</summary>
    public required DataConfig Data { get; init; }

    /// <summary>The EKS cluster, its node groups and access.</summary>
    public required ComputeConfig Compute { get; init; }

    /// <summary>Certificates, DNS, the ALB, CloudFront and WAF.</summary>
    public required EdgeConfig Edge { get; init; }

    /// <summary>Account guardrails, observability and cost controls (CloudTrail, GuardDuty, Security Hub, budget).</summary>
    public required SecurityConfig Security { get; init; }

    /// <summary>What runs on the cluster: chart versions, the applications, monitoring.</summary>
    /// <remarks>Default: <see cref="PlatformConfig"/>'s defaults (every app at image tag 1.0.0).</remarks>
    public PlatformConfig Platform { get; init; } = new();
}
