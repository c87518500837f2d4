using Constructs;
using HashiCorp.Cdktf.Providers.Aws.EbsDefaultKmsKey;
using HashiCorp.Cdktf.Providers.Aws.EbsEncryptionByDefault;
using HashiCorp.Cdktf.Providers.Aws.IamAccountPasswordPolicy;
using HashiCorp.Cdktf.Providers.Aws.S3AccountPublicAccessBlock;

namespace Ecolaura.Tf.Security;

/// <summary>Props of <see cref="AccountGuardrails"/>.</summary>
public sealed record AccountGuardrailsProps
{
    /// <summary>Names of the environment.</summary>
    public required Naming Names { get; init; }

    /// <summary>The IAM password policy (validated against <see cref="CisBaseline"/>).</summary>
    public required PasswordPolicyConfig PasswordPolicy { get; init; }
}

/// <summary>
/// Account-wide settings no workspace should have to remember: EBS encryption by default with a CMK of this account
/// (per region: the primary region's), the account-level S3 public access block (all four settings), and an IAM
/// password policy at least as strong as CIS (length, reuse prevention, all character classes, expiry).
/// </summary>
/// <remarks>
/// Sources: Security Hub controls EC2.7 (EBS default encryption), S3.1 (account public access block), IAM.7/IAM.15/IAM.16
/// (password policy), https://docs.aws.amazon.com/securityhub/latest/userguide/securityhub-controls-reference.html (checked 2026-12-01).
/// Node groups encrypt their volumes with the compute workspace's own CMK through their launch templates; the default
/// key covers every other volume created in the region (console, CLI, a storage class without a key).
/// </remarks>
public sealed class AccountGuardrails : Construct
{
    /// <summary>Creates the settings and the default EBS key.</summary>
    public AccountGuardrails(Construct scope, string id, AccountGuardrailsProps props) : base(scope, id)
    {
        var env = props.Names.Environment;
        var key = new CustomerManagedKey(this, "ebs_key", new CustomerManagedKeyProps
        {
            Alias = props.Names.Of(Workspace.Security, "ebs-default"),
            Description = $"Default EBS encryption key of {env.Name} in {env.Region}",
            AccountId = env.AccountId,
        });
        EbsKmsKeyArn = key.KeyArn;
        var byDefault = new EbsEncryptionByDefault(this, "ebs_encryption", new EbsEncryptionByDefaultConfig { Enabled = true });
        _ = new EbsDefaultKmsKey(this, "ebs_default_key", new EbsDefaultKmsKeyConfig { KeyArn = key.KeyArn, DependsOn = [byDefault] });

        _ = new S3AccountPublicAccessBlock(this, "s3_public_access", new S3AccountPublicAccessBlockConfig
        {
            AccountId = env.AccountId,
            BlockPublicAcls = true,
            BlockPublicPolicy = true,
            IgnorePublicAcls = true,
            RestrictPublicBuckets = true,
        });

        var password = props.PasswordPolicy;
        _ = new IamAccountPasswordPolicy(this, "password_policy", new IamAccountPasswordPolicyConfig
        {
            MinimumPasswordLength = password.MinimumLength,
            PasswordReusePrevention = password.ReusePrevention,
            MaxPasswordAge = password.MaxAgeDays,
            RequireUppercaseCharacters = true,
            RequireLowercaseCharacters = true,
            RequireNumbers = true,
            RequireSymbols = true,
            AllowUsersToChangePassword = true,
            HardExpiry = false,
        });
    }

    /// <summary>The default EBS CMK of the primary region.</summary>
    public string EbsKmsKeyArn { get; }
}
