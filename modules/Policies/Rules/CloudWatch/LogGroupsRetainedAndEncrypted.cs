using System.Text.Json.Nodes;

namespace Ecolaura.Tf.Policies.Rules;

/// <summary>ECO-OBS-1: aws_cloudwatch_log_group: a CloudWatch retention value (≥ 365 for flow, EKS and WAF logs) and a CMK</summary>
public sealed class LogGroupsRetainedAndEncrypted : ResourceRule
{
    /// <inheritdoc />
    public override string Id => "ECO-OBS-1";

    /// <inheritdoc />
    public override Severity Severity => Severity.Error;

    /// <inheritdoc />
    public override IReadOnlyList<string> Anchors => ["CKV_AWS_66", "CKV_AWS_338", "CKV_AWS_158", "AVD-AWS-0017"];

    /// <inheritdoc />
    public override string Checks => "aws_cloudwatch_log_group: a CloudWatch retention value (≥ 365 for flow, EKS and WAF logs) and a CMK";

    /// <inheritdoc />
    public override string Why => "The provider default keeps logs forever unencrypted; audit trails need a year.";

    /// <inheritdoc />
    protected override string ResourceType => "aws_cloudwatch_log_group";

    /// <inheritdoc />
    protected override IEnumerable<(string Found, string Fix)> Check(TfResource r, StackDocument stack)
    {
        var days = r.Num("retention_in_days");
        var name = r.Str("name") ?? "";
        var audit = name.Contains("flow-logs", StringComparison.Ordinal) || name.StartsWith("/aws/eks/", StringComparison.Ordinal) || name.StartsWith("aws-waf-logs", StringComparison.Ordinal);
        foreach (var p in Require(days is not null && AwsFacts.LogRetentionDays.Contains((int)days.Value) && (!audit || days >= 365), $"retention_in_days = {r.Show("retention_in_days")}", "set a CloudWatch retention value (≥ 365 for flow, EKS and WAF logs)")) { yield return p; }
        foreach (var p in Require(!string.IsNullOrEmpty(r.Str("kms_key_id")), "no kms_key_id", "encrypt the log group with the logs CMK")) { yield return p; }
    }
}
