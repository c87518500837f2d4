using System.Text.Json.Nodes;

namespace Ecolaura.Tf.Policies.Rules;

/// <summary>ECO-VPC-10: Default routes go to an internet gateway (public tier) or a NAT gateway (private tiers), never an instance</summary>
public sealed class InternetRoutesUseGateways : ResourceRule
{
    /// <inheritdoc />
    public override string Id => "ECO-VPC-10";

    /// <inheritdoc />
    public override Severity Severity => Severity.Error;

    /// <inheritdoc />
    public override IReadOnlyList<string> Anchors => ["CKV2_AWS_35"];

    /// <inheritdoc />
    public override string Checks => "Default routes go to an internet gateway (public tier) or a NAT gateway (private tiers), never an instance";

    /// <inheritdoc />
    public override string Why => "An instance as a router is a single, unpatched point of failure and interception.";

    /// <inheritdoc />
    protected override string ResourceType => "aws_route";

    /// <inheritdoc />
    protected override IEnumerable<(string Found, string Fix)> Check(TfResource r, StackDocument stack)
    {
        foreach (var p in Require(r.Str("destination_cidr_block") != "0.0.0.0/0" || r.Str("gateway_id") is not null || r.Str("nat_gateway_id") is not null, "default route to an instance or interface", "route 0.0.0.0/0 to the internet gateway or a NAT gateway")) { yield return p; }
    }
}
