namespace Ecolaura.Tf.Foundation;

/// <summary>The foundation workspace's contract: state storage, shared CMKs and the alert topics every alarm targets.</summary>
[ContractOf(Workspace.Foundation)]
public sealed record FoundationOutputs : WorkspaceContract<FoundationOutputs>
{
    /// <summary>The Terraform state bucket.</summary>
    [Output("state_bucket_name", "Terraform state bucket", "ecolaura-env-tfstate-000000000000-us-east-1", Source = "aws_s3_bucket.state.bucket")]
    public required string StateBucketName { get; init; }

    /// <summary>The CMK encrypting state and the lock table.</summary>
    [Output("state_kms_key_arn", "CMK of the state bucket and lock table", "arn:aws:kms:us-east-1:000000000000:key/00000000-0000-0000-0000-000000000001", Source = "aws_kms_key.state.arn")]
    public required string StateKmsKeyArn { get; init; }

    /// <summary>The DynamoDB lock table.</summary>
    [Output("lock_table_name", "DynamoDB state lock table", "ecolaura-env-tflock", Source = "aws_dynamodb_table.state_lock.name")]
    public required string LockTableName { get; init; }

    /// <summary>The CMK of CloudWatch log groups in the primary region.</summary>
    [Output("logs_kms_key_arn", "CMK of CloudWatch log groups in the primary region", "arn:aws:kms:us-east-1:000000000000:key/00000000-0000-0000-0000-000000000002", Source = "aws_kms_key.logs.arn")]
    public required string LogsKmsKeyArn { get; init; }

    /// <summary>The CMK of the alert topics (CloudWatch may use it).</summary>
    [Output("alerts_kms_key_arn", "CMK of the alert topics", "arn:aws:kms:us-east-1:000000000000:key/00000000-0000-0000-0000-000000000003", Source = "aws_kms_key.alerts.arn")]
    public required string AlertsKmsKeyArn { get; init; }

    /// <summary>Pages on-call through PagerDuty.</summary>
    [Output("critical_alerts_topic_arn", "SNS topic paging on-call (PagerDuty)", "arn:aws:sns:us-east-1:000000000000:ecolaura-env-foundation-alerts-critical", Source = "aws_sns_topic.alerts_critical.arn")]
    public required string CriticalAlertsTopicArn { get; init; }

    /// <summary>Posts to Slack through AWS Chatbot.</summary>
    [Output("noncritical_alerts_topic_arn", "SNS topic posting to Slack", "arn:aws:sns:us-east-1:000000000000:ecolaura-env-foundation-alerts-noncritical", Source = "aws_sns_topic.alerts_noncritical.arn")]
    public required string NonCriticalAlertsTopicArn { get; init; }

    /// <summary>The critical topic in us-east-1, for CloudFront and WAF alarms; only where the primary region is elsewhere.</summary>
    [Output("us_east_1_critical_alerts_topic_arn", "SNS topic paging on-call, in us-east-1 (CloudFront and WAF alarms)", "arn:aws:sns:us-east-1:000000000000:ecolaura-env-foundation-alerts-critical-us-east-1", Source = "aws_sns_topic.alerts_us_east_1_critical.arn", Optional = true)]
    public string? UsEast1CriticalAlertsTopicArn { get; init; }

    /// <summary>The noncritical topic in us-east-1; only where the primary region is elsewhere.</summary>
    [Output("us_east_1_noncritical_alerts_topic_arn", "SNS topic posting to Slack, in us-east-1 (CloudFront and WAF alarms)", "arn:aws:sns:us-east-1:000000000000:ecolaura-env-foundation-alerts-noncritical-us-east-1", Source = "aws_sns_topic.alerts_us_east_1_noncritical.arn", Optional = true)]
    public string? UsEast1NonCriticalAlertsTopicArn { get; init; }
}
