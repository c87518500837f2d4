namespace Ecolaura.Tf.Security;

/// <summary>The security workspace's contract: the audit trail, threat detection, the people's groups, the dashboard and the budget.</summary>
[ContractOf(Workspace.Security)]
public sealed record SecurityOutputs : WorkspaceContract<SecurityOutputs>
{
    /// <summary>The account's multi-region trail.</summary>
    [Output("trail_arn", "CloudTrail trail (multi-region, log-file validation, KMS)", "arn:aws:cloudtrail:us-east-1:000000000000:trail/ecolaura-env-security-trail", Source = "aws_cloudtrail.trail.arn")]
    public required string TrailArn { get; init; }

    /// <summary>The bucket holding the trail's log files.</summary>
    [Output("trail_bucket_name", "S3 bucket of the trail's log files", "ecolaura-env-cloudtrail-000000000000-us-east-1", Source = "aws_s3_bucket.trail.bucket")]
    public required string TrailBucketName { get; init; }

    /// <summary>The trail's CloudWatch Logs group (CIS metric filters).</summary>
    [Output("trail_log_group_name", "CloudWatch Logs group of the trail", "/aws/cloudtrail/ecolaura-env-security-trail", Source = "aws_cloudwatch_log_group.trail.name")]
    public required string TrailLogGroupName { get; init; }

    /// <summary>The GuardDuty detector.</summary>
    [Output("guardduty_detector_id", "GuardDuty detector id", "12abc34d567e8fa901bc2d34e56789f0", Source = "aws_guardduty_detector.threats_guardduty.id")]
    public required string GuardDutyDetectorId { get; init; }

    /// <summary>The default EBS encryption key of the primary region.</summary>
    [Output("ebs_default_kms_key_arn", "Default EBS encryption CMK of the primary region", "arn:aws:kms:us-east-1:000000000000:key/00000000-0000-0000-0000-000000000004", Source = "aws_kms_key.account_ebs.arn")]
    public required string EbsDefaultKmsKeyArn { get; init; }

    /// <summary>The IAM groups of the platform's human roles (administrators, developers, read-only).</summary>
    [Output("console_group_names", "IAM groups of people (MFA required)", "ecolaura-env-security-group-{0}", Source = "aws_iam_group.console_*.name")]
    public required string[] ConsoleGroupNames { get; init; }

    /// <summary>The operations dashboard.</summary>
    [Output("dashboard_name", "CloudWatch operations dashboard", "ecolaura-env-operations", Source = "aws_cloudwatch_dashboard.dashboard.dashboard_name")]
    public required string DashboardName { get; init; }

    /// <summary>The monthly cost budget.</summary>
    [Output("budget_name", "AWS Budgets monthly cost budget", "ecolaura-env-security-monthly-cost", Source = "aws_budgets_budget.cost.name")]
    public required string BudgetName { get; init; }
}
