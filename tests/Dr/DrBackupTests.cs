using Ecolaura.Tf.Tests.Support;

namespace Ecolaura.Tf.Tests.Dr;

/// <summary>AWS Backup with its copy into a locked DR-region vault, owned by the data workspace, on the synthesized JSON.</summary>
public class DrBackupTests
{
    [TestCase(EnvironmentName.Staging)]
    [TestCase(EnvironmentName.Prod)]
    public void The_data_workspace_backs_up_the_database_and_app_state_with_a_copy_into_a_locked_dr_vault(EnvironmentName env)
    {
        var data = Synthesized.Stack(env, Workspace.Data);
        var backup = env.Config().Dr.Backup;
        var plan = data.Single("aws_backup_plan");
        var rule = plan["rule"]!.AsArray().Single()!;
        Assert.That(rule.Str("schedule"), Is.EqualTo(backup.Schedule));
        Assert.That(rule.Bool("enable_continuous_backup"), Is.True);
        Assert.That(rule["lifecycle"].Num("delete_after"), Is.EqualTo(backup.RetentionDays));
        Assert.That(rule.Str("target_vault_name"), Is.EqualTo(data.Ref("aws_backup_vault", "backup", "name")));
        var copy = rule["copy_action"]!.AsArray().Single()!;
        Assert.That(copy.Str("destination_vault_arn"), Is.EqualTo(data.Ref("aws_backup_vault", "backup_vault_dr", "arn")));
        Assert.That(copy["lifecycle"].Num("delete_after"), Is.EqualTo(backup.EffectiveCopyRetentionDays));

        var drVault = data.Resource("aws_backup_vault", "backup_vault_dr");
        Assert.That(drVault.Str("provider"), Is.EqualTo("aws.dr"));
        Assert.That(drVault.Str("kms_key_arn"), Is.EqualTo(data.Ref("aws_kms_key", "backup_dr", "arn")));
        Assert.That(data.Resource("aws_kms_key", "backup_dr").Str("provider"), Is.EqualTo("aws.dr"), "the DR vault's key is in the DR region");
        Assert.That(data.Resource("aws_backup_vault", "backup")["provider"], Is.Null, "the source vault is in the primary region");
        foreach (var vault in data.Resources("aws_backup_vault").Values)
        {
            Assert.That(vault["lifecycle"]!["prevent_destroy"]!.GetValue<bool>(), Is.True);
        }

        var vaultLock = data.Single("aws_backup_vault_lock_configuration");
        Assert.That(vaultLock.Str("backup_vault_name"), Is.EqualTo(data.Ref("aws_backup_vault", "backup_vault_dr", "name")));
        Assert.That(vaultLock.Str("provider"), Is.EqualTo("aws.dr"));
        Assert.That(vaultLock["changeable_for_days"], Is.Null, "governance mode: no compliance grace period");
        Assert.That(vaultLock.Num("min_retention_days"), Is.EqualTo(backup.EffectiveCopyRetentionDays));

        var selection = data.Single("aws_backup_selection");
        Assert.That(selection.Strs("resources"), Is.EqualTo(new[] { data.Ref("aws_db_instance", "postgres", "arn"), data.Ref("aws_s3_bucket", "app_state", "arn") }));
        Assert.That(selection.Str("iam_role_arn"), Is.EqualTo(data.Ref("aws_iam_role", "backup", "arn")));
        Assert.That(data.Resources("aws_iam_role_policy_attachment").Values.Where(a => a.Str("role") == data.Ref("aws_iam_role", "backup", "name")).Select(a => a.Str("policy_arn")),
            Is.EquivalentTo(CrossRegionBackup.ServiceRolePolicyArns), "only the AWS managed backup and restore service-role policies");
        Assert.That(data.Resources("aws_iam_role_policy").Values.Where(p => p.Str("role")?.Contains("aws_iam_role.backup.", StringComparison.Ordinal) == true), Is.Empty);
    }

    [Test]
    public void Dev_without_a_dr_region_has_no_backup_plan() =>
        Assert.That(Synthesized.Stack(EnvironmentName.Dev, Workspace.Data).Resources("aws_backup_plan"), Is.Empty);
}
