using Ecolaura.Tf.Shared;

namespace Ecolaura.Tf.Foundation;

/// <summary>The foundation workspace's contract: state storage, shared CMKs and the alert topics every alarm targets.</summary>
/// <param name="StateBucketName">The Terraform state bucket.</param>
/// <param name="StateKmsKeyArn">The CMK encrypting state and the lock table.</param>
/// <param name="LockTableName">The DynamoDB lock table.</param>
/// <param name="LogsKmsKeyArn">The CMK of CloudWatch log groups in the primary region.</param>
/// <param name="AlertsKmsKeyArn">The CMK of the alert topics (CloudWatch may use it).</param>
/// <param name="CriticalAlertsTopicArn">Pages on-call through PagerDuty.</param>
/// <param name="NonCriticalAlertsTopicArn">Posts to Slack through AWS Chatbot.</param>
public sealed record FoundationOutputs(
    string StateBucketName,
    string StateKmsKeyArn,
    string LockTableName,
    string LogsKmsKeyArn,
    string AlertsKmsKeyArn,
    string CriticalAlertsTopicArn,
    string NonCriticalAlertsTopicArn) : IWorkspaceContract
{
    /// <summary>state_bucket_name.</summary>
    public static readonly OutputSpec StateBucketNameOutput = Spec("state_bucket_name", "Terraform state bucket", "ecolaura-env-tfstate-000000000000-us-east-1");

    /// <summary>state_kms_key_arn.</summary>
    public static readonly OutputSpec StateKmsKeyArnOutput = Spec("state_kms_key_arn", "CMK of the state bucket and lock table", "arn:aws:kms:us-east-1:000000000000:key/00000000-0000-0000-0000-000000000001");

    /// <summary>lock_table_name.</summary>
    public static readonly OutputSpec LockTableNameOutput = Spec("lock_table_name", "DynamoDB state lock table", "ecolaura-env-tflock");

    /// <summary>logs_kms_key_arn.</summary>
    public static readonly OutputSpec LogsKmsKeyArnOutput = Spec("logs_kms_key_arn", "CMK of CloudWatch log groups in the primary region", "arn:aws:kms:us-east-1:000000000000:key/00000000-0000-0000-0000-000000000002");

    /// <summary>alerts_kms_key_arn.</summary>
    public static readonly OutputSpec AlertsKmsKeyArnOutput = Spec("alerts_kms_key_arn", "CMK of the alert topics", "arn:aws:kms:us-east-1:000000000000:key/00000000-0000-0000-0000-000000000003");

    /// <summary>critical_alerts_topic_arn.</summary>
    public static readonly OutputSpec CriticalAlertsTopicArnOutput = Spec("critical_alerts_topic_arn", "SNS topic paging on-call (PagerDuty)", "arn:aws:sns:us-east-1:000000000000:ecolaura-env-foundation-alerts-critical");

    /// <summary>noncritical_alerts_topic_arn.</summary>
    public static readonly OutputSpec NonCriticalAlertsTopicArnOutput = Spec("noncritical_alerts_topic_arn", "SNS topic posting to Slack", "arn:aws:sns:us-east-1:000000000000:ecolaura-env-foundation-alerts-noncritical");

    /// <inheritdoc />
    public static Workspace Producer => Workspace.Foundation;

    /// <inheritdoc />
    public static IReadOnlyList<OutputSpec> Outputs { get; } =
    [
        StateBucketNameOutput, StateKmsKeyArnOutput, LockTableNameOutput, LogsKmsKeyArnOutput, AlertsKmsKeyArnOutput,
        CriticalAlertsTopicArnOutput, NonCriticalAlertsTopicArnOutput,
    ];

    /// <summary>Writes every output of the contract to <paramref name="stack"/>.</summary>
    public void Publish(EcolauraStack stack)
    {
        stack.Publish(StateBucketNameOutput, StateBucketName);
        stack.Publish(StateKmsKeyArnOutput, StateKmsKeyArn);
        stack.Publish(LockTableNameOutput, LockTableName);
        stack.Publish(LogsKmsKeyArnOutput, LogsKmsKeyArn);
        stack.Publish(AlertsKmsKeyArnOutput, AlertsKmsKeyArn);
        stack.Publish(CriticalAlertsTopicArnOutput, CriticalAlertsTopicArn);
        stack.Publish(NonCriticalAlertsTopicArnOutput, NonCriticalAlertsTopicArn);
    }

    /// <summary>Reads the contract from <paramref name="producer"/>'s state in <paramref name="consumer"/>.</summary>
    public static FoundationOutputs FromRemoteState(EcolauraStack consumer, EcolauraStack producer) => new(
        consumer.ReadString(producer, StateBucketNameOutput),
        consumer.ReadString(producer, StateKmsKeyArnOutput),
        consumer.ReadString(producer, LockTableNameOutput),
        consumer.ReadString(producer, LogsKmsKeyArnOutput),
        consumer.ReadString(producer, AlertsKmsKeyArnOutput),
        consumer.ReadString(producer, CriticalAlertsTopicArnOutput),
        consumer.ReadString(producer, NonCriticalAlertsTopicArnOutput));

    private static OutputSpec Spec(string name, string description, string example) =>
        new(Workspace.Foundation, name, OutputKind.String, description, example);
}
