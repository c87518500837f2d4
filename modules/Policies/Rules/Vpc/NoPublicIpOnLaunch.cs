using System.Text.Json.Nodes;

namespace Ecolaura.Tf.Policies.Rules;

/// <summary>ECO-VPC-3: Subnets set map_public_ip_on_launch = false explicitly</summary>
public sealed class NoPublicIpOnLaunch : ResourceRule
{
    /// <inheritdoc />
    public override string Id => "ECO-VPC-3";

    /// <inheritdoc />
    public override Severity Severity => Severity.Error;

    /// <inheritdoc />
    public override IReadOnlyList<string> Anchors => ["CKV_AWS_130", "AVD-AWS-0164"];

    /// <inheritdoc />
    public override string Checks => "Subnets set map_public_ip_on_launch = false explicitly";

    /// <inheritdoc />
    public override string Why => "A public address on launch exposes instances directly; NAT gateways use EIPs and the ALB manages its own addresses.";

    /// <inheritdoc />
    protected override string ResourceType => "aws_subnet";

    /// <inheritdoc />
    protected override IEnumerable<(string Found, string Fix)> Check(TfResource r, StackDocument stack)
    {
        foreach (var p in Require(r.Bool("map_public_ip_on_launch") == false, $"map_public_ip_on_launch = {r.Show("map_public_ip_on_launch")}", "set map_public_ip_on_launch = false")) { yield return p; }
    }
}
