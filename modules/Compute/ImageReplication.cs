using Constructs;
using HashiCorp.Cdktf.Providers.Aws.EcrReplicationConfiguration;
using HashiCorp.Cdktf.Providers.Aws.EcrRepositoryCreationTemplate;
using HashiCorp.Cdktf.Providers.Aws.IamRolePolicy;

namespace Ecolaura.Tf.Compute;

/// <summary>Props of <see cref="ImageReplication"/>.</summary>
public sealed record ImageReplicationProps
{
    /// <summary>The repository name prefix replicated, e.g. <c>ecolaura-prod-compute-</c> (ECR <c>PREFIX_MATCH</c>).</summary>
    public required string RepositoryPrefix { get; init; }

    /// <summary>The account whose registry receives the images (the same account: same-account cross-region replication).</summary>
    public required string AccountId { get; init; }

    /// <summary>The destination region (the environment's DR region).</summary>
    public required string DestinationRegion { get; init; }
}

/// <summary>
/// Cross-region replication of the primary registry's images into the DR region (<c>aws_ecr_replication_configuration</c>,
/// in the source region): every push to a repository whose name starts with <see cref="ImageReplicationProps.RepositoryPrefix"/>
/// is copied, so the DR cluster pulls from its own region while the primary region is down. ECR creates the destination
/// repositories on first replication with the settings of the DR region's <see cref="ReplicatedRepositoryTemplate"/>.
/// </summary>
/// <remarks>
/// A registry has one replication configuration per region: this resource owns the whole configuration of the account's
/// primary-region registry, which is why an account may hold only one environment with a DR standby (the configuration
/// validator refuses a second). Only images pushed after the rule exists are replicated; older ones need a re-push.
/// Source: Amazon ECR User Guide, "Private image replication"
/// (https://docs.aws.amazon.com/AmazonECR/latest/userguide/replication.html, checked 2026-12-01).
/// </remarks>
public sealed class ImageReplication : Construct
{
    /// <summary>Creates the replication configuration.</summary>
    public ImageReplication(Construct scope, string id, ImageReplicationProps props) : base(scope, id)
    {
        _ = new EcrReplicationConfiguration(this, "Resource", new EcrReplicationConfigurationConfig
        {
            ReplicationConfiguration = new EcrReplicationConfigurationReplicationConfiguration
            {
                Rule = new[]
                {
                    new EcrReplicationConfigurationReplicationConfigurationRule
                    {
                        Destination = new[]
                        {
                            new EcrReplicationConfigurationReplicationConfigurationRuleDestination { Region = props.DestinationRegion, RegistryId = props.AccountId },
                        },
                        RepositoryFilter = new[]
                        {
                            new EcrReplicationConfigurationReplicationConfigurationRuleRepositoryFilter { Filter = props.RepositoryPrefix, FilterType = "PREFIX_MATCH" },
                        },
                    },
                },
            },
        });
    }
}

/// <summary>Props of <see cref="ReplicatedRepositoryTemplate"/>.</summary>
public sealed record ReplicatedRepositoryTemplateProps
{
    /// <summary>Name of the role ECR assumes to create the replicated repositories (IAM, ≤ 64 characters).</summary>
    public required string RoleName { get; init; }

    /// <summary>The repository name prefix the replication rule copies (the role may create only those repositories).</summary>
    public required string RepositoryPrefix { get; init; }

    /// <summary>The DR-region CMK replicated images are encrypted with.</summary>
    public required string KmsKeyArn { get; init; }

    /// <summary>The account.</summary>
    public required string AccountId { get; init; }

    /// <summary>The region the template lives in (the DR region).</summary>
    public required string Region { get; init; }
}

/// <summary>
/// The DR region's repository creation template for replication (<c>aws_ecr_repository_creation_template</c>, prefix
/// <c>ROOT</c>, applied for <c>REPLICATION</c>): the repositories ECR creates when the first image arrives get the primary's
/// settings — immutable tags, KMS encryption (with the DR region's CMK) and the same lifecycle policy — instead of ECR's
/// defaults (AES256, mutable tags). A template with a KMS key needs a role ECR assumes (<c>custom_role_arn</c>); it may
/// create and replicate into the prefix's repositories only, and use the one key.
/// </summary>
/// <remarks>
/// Template prefixes match a namespace (<c>prod/…</c>), not a name prefix, and the repositories are named
/// <c>ecolaura-&lt;env&gt;-compute-&lt;image&gt;</c>: so the template is the registry's <c>ROOT</c> one, a registry-wide setting
/// like <see cref="ImageReplication"/>. Source: Amazon ECR User Guide, "Templates to control repositories created during a
/// pull through cache, create on push, or replication action" and "Create a custom policy for repository creation
/// templates" (https://docs.aws.amazon.com/AmazonECR/latest/userguide/repository-creation-templates.html, checked 2026-12-01).
/// </remarks>
public sealed class ReplicatedRepositoryTemplate : Construct
{
    /// <summary>The template prefix that matches every repository without a more specific template.</summary>
    public const string RootPrefix = "ROOT";

    /// <summary>Creates the role, its policy and the template.</summary>
    public ReplicatedRepositoryTemplate(Construct scope, string id, ReplicatedRepositoryTemplateProps props) : base(scope, id)
    {
        var role = ServiceRoles.AssumedBy(this, props.RoleName, "ECR creates the DR region's replicated repositories with the template's KMS key",
            "ecr.amazonaws.com", "EcrAssumes");
        _ = new IamRolePolicy(this, "policy", new IamRolePolicyConfig
        {
            Role = role.Id,
            Name = "create-replicated-repositories",
            Policy = PolicyDocument.Of(
                new PolicyStatement
                {
                    Sid = "CreateReplicatedRepositories",
                    Actions = ["ecr:CreateRepository", "ecr:ReplicateImage", "ecr:TagResource"],
                    Resources = [$"arn:aws:ecr:{props.Region}:{props.AccountId}:repository/{props.RepositoryPrefix}*"],
                },
                new PolicyStatement
                {
                    Sid = "UseImagesKey",
                    Actions = ["kms:CreateGrant", "kms:RetireGrant", "kms:DescribeKey"],
                    Resources = [props.KmsKeyArn],
                }),
        });
        _ = new EcrRepositoryCreationTemplate(this, "Resource", new EcrRepositoryCreationTemplateConfig
        {
            Prefix = RootPrefix,
            Description = $"Replicated images of {props.RepositoryPrefix}*: the primary repositories' settings with this region's key",
            AppliedFor = ["REPLICATION"],
            CustomRoleArn = role.Arn,
            ImageTagMutability = "IMMUTABLE",
            EncryptionConfiguration = new[] { new EcrRepositoryCreationTemplateEncryptionConfiguration { EncryptionType = "KMS", KmsKey = props.KmsKeyArn } },
            LifecyclePolicy = ContainerRepository.LifecyclePolicy(ContainerRepository.DefaultUntaggedExpiryDays, ContainerRepository.DefaultKeepTaggedImages),
        });
    }
}
