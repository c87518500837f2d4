using System.Text.Json.Nodes;

namespace Ecolaura.Tf.Policies.Rules;

/// <summary>ECO-OBS-2: Alarms are enabled and notify SNS; SNS topics are encrypted with a customer-managed key</summary>
public sealed class AlarmsNotifyEncryptedTopics : PolicyRule
{
    /// <inheritdoc />
    public override string Id => "ECO-OBS-2";

    /// <inheritdoc />
    public override Severity Severity => Severity.Error;

    /// <inheritdoc />
    public override IReadOnlyList<string> Anchors => ["CKV_AWS_319", "CKV_AWS_26", "AVD-AWS-0095", "AVD-AWS-0136"];

    /// <inheritdoc />
    public override string Checks => "Alarms are enabled and notify SNS; SNS topics are encrypted with a customer-managed key";

    /// <inheritdoc />
    public override string Why => "Alerts reach PagerDuty and Slack through SNS; CloudWatch cannot publish to a topic under the AWS-managed key.";

    /// <inheritdoc />
    public override IEnumerable<Violation> Evaluate(StackDocument stack)
    {
        foreach (var alarm in stack.Resources("aws_cloudwatch_metric_alarm"))
        {
            if (alarm.Bool("actions_enabled") == false || alarm.List("alarm_actions").Count == 0)
            {
                yield return alarm.Violation("alarm without enabled actions", "send alarm_actions to the foundation's critical or non-critical topic");
            }
        }

        foreach (var topic in stack.Resources("aws_sns_topic"))
        {
            var key = topic.Str("kms_master_key_id");
            if (string.IsNullOrEmpty(key) || key.Contains("alias/aws/sns", StringComparison.Ordinal))
            {
                yield return topic.Violation($"kms_master_key_id = {topic.Show("kms_master_key_id")}", "encrypt the topic with the alerts CMK");
            }
        }
    }
}
