using Constructs;
using HashiCorp.Cdktf.Providers.Aws.BackupPlan;
using HashiCorp.Cdktf.Providers.Aws.BackupSelection;
using HashiCorp.Cdktf.Providers.Aws.BackupVault;
using HashiCorp.Cdktf.Providers.Aws.BackupVaultLockConfiguration;
using HashiCorp.Cdktf.Providers.Aws.IamRolePolicyAttachment;
using HashiCorp.Cdktf.Providers.Aws.Provider;

namespace Ecolaura.Tf.Data;

/// <summary>Props of <see cref="CrossRegionBackup"/>.</summary>
public sealed record CrossRegionBackupProps
{
    /// <summary>Name prefix of the vaults, plan, selection and role, e.g. <c>ecolaura-prod-data-backup</c> (the DR vault adds <c>-dr</c>).</summary>
    public required string Name { get; init; }

    /// <summary>Schedule, retentions and continuous backup (validated: copy retention ≥ source retention).</summary>
    public required DrBackupConfig Config { get; init; }

    /// <summary>ARNs of the resources to protect (the PostgreSQL instance, the application-state bucket).</summary>
    public required IReadOnlyList<string> ResourceArns { get; init; }

    /// <summary>CMK of the source vault, in the primary region.</summary>
    public required string KmsKeyArn { get; init; }

    /// <summary>CMK of the DR vault, in the DR region.</summary>
    public required string DrKmsKeyArn { get; init; }

    /// <summary>The provider of the DR region (the DR vault and its lock).</summary>
    public required AwsProvider DrProvider { get; init; }
}

/// <summary>
/// AWS Backup of the environment's stateful data with a cross-region copy: a source vault (primary region, CMK), a
/// daily plan whose rule keeps <see cref="DrBackupConfig.RetentionDays"/> days and copies every recovery point into a
/// DR-region vault (DR CMK) kept <see cref="DrBackupConfig.EffectiveCopyRetentionDays"/> days, a vault lock on the DR vault in
/// governance mode, a selection of the given resources, and the service role.
/// </summary>
/// <remarks>
/// <para>The vault lock has no <c>changeable_for_days</c>: that is governance mode, where principals with
/// <c>backup:DeleteBackupVaultLockConfiguration</c> can still remove it (compliance mode, with a grace period, is
/// irreversible after it). Its minimum retention is the copy retention, so no recovery point in it can be deleted early.</para>
/// <para>The role carries the AWS managed service-role policies <c>AWSBackupServiceRolePolicyForBackup</c>,
/// <c>AWSBackupServiceRolePolicyForRestores</c>, <c>AWSBackupServiceRolePolicyForS3Backup</c> and
/// <c>AWSBackupServiceRolePolicyForS3Restore</c>: the AWS-maintained least-privilege set of the service (each action is
/// conditioned on resources AWS Backup manages), which is accepted instead of our own copy of it.</para>
/// <para>Sources: AWS Backup Developer Guide, "Creating backup copies across AWS Regions", "AWS Backup Vault Lock",
/// "Continuous backups and point-in-time recovery (PITR)", "Managed policies for AWS Backup"
/// (https://docs.aws.amazon.com/aws-backup/latest/devguide/cross-region-backup.html,
/// https://docs.aws.amazon.com/aws-backup/latest/devguide/vault-lock.html, checked 2026-12-01).</para>
/// </remarks>
public sealed class CrossRegionBackup : Construct
{
    /// <summary>The AWS managed policies of the backup role.</summary>
    public static IReadOnlyList<string> ServiceRolePolicyArns { get; } =
    [
        "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup",
        "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores",
        "arn:aws:iam::aws:policy/AWSBackupServiceRolePolicyForS3Backup",
        "arn:aws:iam::aws:policy/AWSBackupServiceRolePolicyForS3Restore",
    ];

    /// <summary>Creates the vaults, the lock, the plan, the role and the selection.</summary>
    public CrossRegionBackup(Construct scope, string id, CrossRegionBackupProps props) : base(scope, id)
    {
        var config = props.Config;
        var vault = new BackupVault(this, "vault", new BackupVaultConfig
        {
            Name = props.Name,
            KmsKeyArn = props.KmsKeyArn,
            ForceDestroy = false,
            Lifecycle = EcolauraStack.PreventDestroy,
        });
        var drVault = new BackupVault(this, "vault_dr", new BackupVaultConfig
        {
            Name = $"{props.Name}-dr",
            KmsKeyArn = props.DrKmsKeyArn,
            ForceDestroy = false,
            Provider = props.DrProvider,
            Lifecycle = EcolauraStack.PreventDestroy,
        });
        _ = new BackupVaultLockConfiguration(this, "vault_dr_lock", new BackupVaultLockConfigurationConfig
        {
            BackupVaultName = drVault.Name,
            MinRetentionDays = config.EffectiveCopyRetentionDays,
            MaxRetentionDays = DrBackupConfig.MaxRetentionDays,
            Provider = props.DrProvider,
        });

        var plan = new BackupPlan(this, "plan", new BackupPlanConfig
        {
            Name = props.Name,
            Rule = new[]
            {
                new BackupPlanRule
                {
                    RuleName = "daily-with-dr-copy",
                    TargetVaultName = vault.Name,
                    Schedule = config.Schedule,
                    ScheduleExpressionTimezone = "Etc/UTC",
                    StartWindow = 60,
                    CompletionWindow = 360,
                    EnableContinuousBackup = config.ContinuousBackup,
                    Lifecycle = new BackupPlanRuleLifecycle { DeleteAfter = config.RetentionDays },
                    CopyAction = new[]
                    {
                        new BackupPlanRuleCopyAction
                        {
                            DestinationVaultArn = drVault.Arn,
                            Lifecycle = new BackupPlanRuleCopyActionLifecycle { DeleteAfter = config.EffectiveCopyRetentionDays },
                        },
                    },
                },
            },
        });

        var role = ServiceRoles.AssumedBy(this, props.Name, "AWS Backup backs up and restores the environment's database and application-state bucket",
            "backup.amazonaws.com", "BackupAssumes");
        foreach (var arn in ServiceRolePolicyArns)
        {
            _ = new IamRolePolicyAttachment(this, $"role_{arn[(arn.LastIndexOf('/') + 1)..]}", new IamRolePolicyAttachmentConfig
            {
                Role = role.Name,
                PolicyArn = arn,
            });
        }

        _ = new BackupSelection(this, "selection", new BackupSelectionConfig
        {
            Name = props.Name,
            PlanId = plan.Id,
            IamRoleArn = role.Arn,
            Resources = props.ResourceArns.ToArray(),
        });

        VaultArn = vault.Arn;
        DrVaultArn = drVault.Arn;
        PlanId = plan.Id;
    }

    /// <summary>The source vault (a token).</summary>
    public string VaultArn { get; }

    /// <summary>The DR-region vault the copies land in (a token).</summary>
    public string DrVaultArn { get; }

    /// <summary>The plan id (a token).</summary>
    public string PlanId { get; }
}
