namespace Ecolaura.Tf.Policies.Rules;

/// <summary>
/// ECO-DR-5: the data workspace of an environment that needs DR (staging, prod) has an AWS Backup plan; every rule of
/// every <c>aws_backup_plan</c> copies (<c>copy_action</c>) into an <c>aws_backup_vault</c> of another region than its
/// target vault, encrypted with a CMK and locked by an <c>aws_backup_vault_lock_configuration</c> whose minimum retention
/// does not exceed the copy's; the copy is kept at least as long as the source recovery point.
/// </summary>
public sealed class BackupCopiedToLockedVault : PolicyRule
{
    /// <inheritdoc />
    public override string Id => "ECO-DR-5";

    /// <inheritdoc />
    public override Severity Severity => Severity.Error;

    /// <inheritdoc />
    public override IReadOnlyList<string> Anchors => ["CKV_AWS_166", "REL09-BP01", "REL09-BP02", "AWS Backup Vault Lock"];

    /// <inheritdoc />
    public override string Checks => "An AWS Backup plan (staging, prod data) copies every rule into a locked, CMK-encrypted vault of another region, kept at least as long as the source";

    /// <inheritdoc />
    public override string Why => "A backup in the region it protects dies with it; an unlocked vault lets one principal delete every copy; a copy that expires before its source leaves the DR region with a shorter history than the one it replaces (https://docs.aws.amazon.com/aws-backup/latest/devguide/cross-region-backup.html, https://docs.aws.amazon.com/aws-backup/latest/devguide/vault-lock.html).";

    /// <inheritdoc />
    public override IReadOnlySet<EnvironmentTier> Tiers => TiersWhere(f => f.DrRequired);

    /// <inheritdoc />
    public override IEnumerable<Violation> Evaluate(StackDocument stack)
    {
        if (stack.Workspace != Workspace.Data)
        {
            yield break;
        }

        var plans = stack.Resources("aws_backup_plan").ToArray();
        if (plans.Length == 0)
        {
            yield return new Violation("aws_backup_plan", stack.StackId, "no AWS Backup plan in the data workspace", "back up the database and the application-state bucket (CrossRegionBackup)");
        }

        foreach (var plan in plans)
        {
            foreach (var rule in plan.Blocks("rule"))
            {
                var source = stack.Referenced(TfResource.Value(rule, "target_vault_name"));
                var sourceDays = TfResource.Number(rule["lifecycle"] is System.Text.Json.Nodes.JsonArray l ? l.FirstOrDefault()?["delete_after"] : rule["lifecycle"]?["delete_after"]);
                var copies = rule["copy_action"] is System.Text.Json.Nodes.JsonArray a ? a.OfType<System.Text.Json.Nodes.JsonNode>().ToArray() : [];
                if (copies.Length == 0)
                {
                    yield return plan.Violation($"rule {TfResource.Value(rule, "rule_name")} has no copy_action", "copy every recovery point into the DR-region vault");
                    continue;
                }

                foreach (var copy in copies)
                {
                    var vault = stack.Referenced(TfResource.Value(copy, "destination_vault_arn"));
                    if (vault is not { Type: "aws_backup_vault" } || source is null || stack.RegionOf(vault) == stack.RegionOf(source))
                    {
                        yield return plan.Violation($"copy_action to {TfResource.Value(copy, "destination_vault_arn") ?? "absent"}, not a vault of this stack in another region",
                            "copy into the aws_backup_vault created by the DR-region provider");
                        continue;
                    }

                    if (stack.Referenced(vault.Str("kms_key_arn")) is not { Type: "aws_kms_key" })
                    {
                        yield return plan.Violation($"{vault.Address} kms_key_arn = {vault.Show("kms_key_arn")}", "encrypt the DR vault with a DR-region CMK");
                    }

                    var copyDays = TfResource.Number(copy["lifecycle"] is System.Text.Json.Nodes.JsonArray cl ? cl.FirstOrDefault()?["delete_after"] : copy["lifecycle"]?["delete_after"]);
                    var locks = stack.Resources("aws_backup_vault_lock_configuration").Where(k => StackDocument.Refers(k.Str("backup_vault_name"), vault)).ToArray();
                    if (locks.Length == 0)
                    {
                        yield return plan.Violation($"{vault.Address} has no aws_backup_vault_lock_configuration", "lock the DR vault (governance mode: no changeable_for_days)");
                    }
                    else if (locks.Any(k => k.Num("min_retention_days") is not { } min || copyDays is null || min > copyDays))
                    {
                        yield return plan.Violation($"vault lock min_retention_days {locks[0].Show("min_retention_days")} above the copy's delete_after {copyDays?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "absent"}",
                            "set the lock's minimum retention to at most the copy retention (dr.backup.copyRetentionDays)");
                    }

                    if (copyDays is null || sourceDays is null || copyDays < sourceDays)
                    {
                        yield return plan.Violation($"copy delete_after {copyDays?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "absent"} shorter than the source's {sourceDays?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "absent"}",
                            "keep the DR copy at least as long as the source (dr.backup.copyRetentionDays ≥ dr.backup.retentionDays)");
                    }
                }
            }
        }
    }
}
