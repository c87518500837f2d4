namespace Ecolaura.Tf.Policies.Rules;

/// <summary>ECO-TRAIL-1: The security workspace has a trail; every aws_cloudtrail is multi-region with global service events, log-file validation, a CMK, CloudWatch Logs delivery and logging on</summary>
public sealed class TrailHardened : PolicyRule
{
    /// <inheritdoc />
    public override string Id => "ECO-TRAIL-1";

    /// <inheritdoc />
    public override Severity Severity => Severity.Error;

    /// <inheritdoc />
    public override IReadOnlyList<string> Anchors => ["CIS 3.1", "CIS 3.2", "CIS 3.4", "CIS 3.7", "CKV_AWS_67", "CKV_AWS_36", "CKV_AWS_35", "CKV2_AWS_10", "AVD-AWS-0014", "AVD-AWS-0015", "AVD-AWS-0016", "AVD-AWS-0162", "Security Hub CloudTrail.1, .2, .4, .5"];

    /// <inheritdoc />
    public override string Checks => "The security workspace has a trail; every aws_cloudtrail is multi-region with global service events, log-file validation, a CMK, CloudWatch Logs delivery and logging on";

    /// <inheritdoc />
    public override string Why => "An account without a complete, tamper-evident, encrypted audit trail cannot answer who did what; the CIS alarms read the trail's log group.";

    /// <inheritdoc />
    public override IEnumerable<Violation> Evaluate(StackDocument stack)
    {
        var trails = stack.Resources("aws_cloudtrail").ToArray();
        if (stack.Workspace == Workspace.Security && trails.Length == 0)
        {
            yield return new Violation("aws_cloudtrail", stack.StackId, "no trail in the security workspace", "add the AuditTrail construct");
        }

        foreach (var trail in trails)
        {
            if (trail.Bool("is_multi_region_trail") != true)
            {
                yield return trail.Violation($"is_multi_region_trail = {trail.Show("is_multi_region_trail")}", "set is_multi_region_trail = true");
            }

            if (trail.Bool("include_global_service_events") == false)
            {
                yield return trail.Violation("include_global_service_events = false", "record IAM and other global service events");
            }

            if (trail.Bool("enable_log_file_validation") != true)
            {
                yield return trail.Violation($"enable_log_file_validation = {trail.Show("enable_log_file_validation")}", "set enable_log_file_validation = true (digest files prove logs were not changed)");
            }

            if (string.IsNullOrEmpty(trail.Str("kms_key_id")))
            {
                yield return trail.Violation("no kms_key_id", "encrypt log files with the trail's CMK");
            }

            if (string.IsNullOrEmpty(trail.Str("cloud_watch_logs_group_arn")) || string.IsNullOrEmpty(trail.Str("cloud_watch_logs_role_arn")))
            {
                yield return trail.Violation("no CloudWatch Logs delivery", "deliver events to an encrypted log group (cloud_watch_logs_group_arn and _role_arn)");
            }

            if (trail.Bool("enable_logging") == false)
            {
                yield return trail.Violation("enable_logging = false", "keep logging on");
            }
        }
    }
}
