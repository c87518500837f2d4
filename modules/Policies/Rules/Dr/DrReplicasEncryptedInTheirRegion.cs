namespace Ecolaura.Tf.Policies.Rules;

/// <summary>
/// ECO-DR-1: every database copy in another region is encrypted with a key of its own region: a cross-region read
/// replica (<c>aws_db_instance</c> with <c>replicate_source_db</c>) has <c>storage_encrypted</c> and a <c>kms_key_id</c>,
/// and a replication of automated backups (<c>aws_db_instance_automated_backups_replication</c>) has a <c>kms_key_id</c>,
/// each naming an <c>aws_kms_key</c> created in the copy's region.
/// </summary>
public sealed class DrReplicasEncryptedInTheirRegion : PolicyRule
{
    /// <inheritdoc />
    public override string Id => "ECO-DR-1";

    /// <inheritdoc />
    public override Severity Severity => Severity.Error;

    /// <inheritdoc />
    public override IReadOnlyList<string> Anchors => ["REL09-BP02", "CKV_AWS_16", "KMS keys are regional"];

    /// <inheritdoc />
    public override string Checks => "Cross-region RDS replicas and replicated automated backups are encrypted with a KMS key created in their own region";

    /// <inheritdoc />
    public override string Why => "RDS needs a key of the destination region to copy encrypted data there; a copy without one is refused or, worse, depends on the region it is meant to survive.";

    /// <inheritdoc />
    public override IEnumerable<Violation> Evaluate(StackDocument stack)
    {
        var copies = stack.Resources("aws_db_instance").Where(r => !string.IsNullOrEmpty(r.Str("replicate_source_db")))
            .Concat(stack.Resources("aws_db_instance_automated_backups_replication"));
        foreach (var copy in copies)
        {
            var key = stack.Referenced(copy.Str("kms_key_id"));
            var encrypted = copy.Type != "aws_db_instance" || copy.Bool("storage_encrypted") == true;
            if (!encrypted || key is not { Type: "aws_kms_key" } || stack.RegionOf(key) != stack.RegionOf(copy))
            {
                yield return copy.Violation(
                    $"kms_key_id = {copy.Show("kms_key_id")}{(encrypted ? "" : ", storage_encrypted not true")} (copy in {stack.RegionOf(copy)})",
                    "encrypt the copy with an aws_kms_key created by the provider of its region (the dr workspace's rds key)");
            }
        }
    }
}
