using System.Text.Json.Nodes;

namespace Ecolaura.Tf.Policies.Rules;

/// <summary>ECO-RDS-9: aws_db_instance: enhanced monitoring (1/5/10/15/30/60 s with a role) and Performance Insights encrypted with a CMK</summary>
public sealed class RdsMonitoring : ResourceRule
{
    /// <inheritdoc />
    public override string Id => "ECO-RDS-9";

    /// <inheritdoc />
    public override Severity Severity => Severity.Warning;

    /// <inheritdoc />
    public override IReadOnlyList<string> Anchors => ["CKV_AWS_118", "CKV_AWS_353", "AVD-AWS-0133", "CKV_AWS_354", "AVD-AWS-0078"];

    /// <inheritdoc />
    public override string Checks => "aws_db_instance: enhanced monitoring (1/5/10/15/30/60 s with a role) and Performance Insights encrypted with a CMK";

    /// <inheritdoc />
    public override string Why => "Performance Insights is on; the query text in it is data and must be encrypted with our key.";

    /// <inheritdoc />
    protected override string ResourceType => "aws_db_instance";

    /// <inheritdoc />
    protected override IEnumerable<(string Found, string Fix)> Check(TfResource r, StackDocument stack)
    {
        foreach (var p in Require(r.Num("monitoring_interval") is 1 or 5 or 10 or 15 or 30 or 60 && r.Str("monitoring_role_arn") is not null, $"monitoring_interval = {r.Show("monitoring_interval")}", "enable enhanced monitoring with its role")) { yield return p; }
        foreach (var p in Require(r.Bool("performance_insights_enabled") == true && r.Str("performance_insights_kms_key_id") is not null, "Performance Insights off or not encrypted with a CMK", "enable Performance Insights with the RDS CMK")) { yield return p; }
    }
}
