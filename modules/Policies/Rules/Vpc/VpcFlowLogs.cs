using System.Text.Json.Nodes;

namespace Ecolaura.Tf.Policies.Rules;

/// <summary>ECO-VPC-1: Every aws_vpc has an aws_flow_log with traffic_type ALL</summary>
public sealed class VpcFlowLogs : ResourceRule
{
    /// <inheritdoc />
    public override string Id => "ECO-VPC-1";

    /// <inheritdoc />
    public override Severity Severity => Severity.Error;

    /// <inheritdoc />
    public override IReadOnlyList<string> Anchors => ["CKV2_AWS_11", "AVD-AWS-0178", "CIS 3.7"];

    /// <inheritdoc />
    public override string Checks => "Every aws_vpc has an aws_flow_log with traffic_type ALL";

    /// <inheritdoc />
    public override string Why => "Flow logs are the only record of who talked to what inside the VPC.";

    /// <inheritdoc />
    protected override string ResourceType => "aws_vpc";

    /// <inheritdoc />
    protected override IEnumerable<(string Found, string Fix)> Check(TfResource r, StackDocument stack)
    {
        foreach (var p in Require(stack.Pointing("aws_flow_log", "vpc_id", r).Any(f => f.Str("traffic_type") == "ALL"), "no flow log of ALL traffic", "add an aws_flow_log with vpc_id = this VPC and traffic_type = ALL")) { yield return p; }
    }
}
