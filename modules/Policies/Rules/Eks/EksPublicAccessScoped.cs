using System.Text.Json.Nodes;

namespace Ecolaura.Tf.Policies.Rules;

/// <summary>ECO-EKS-4: aws_eks_cluster: a public endpoint, where allowed, lists public_access_cidrs and none is a /0</summary>
public sealed class EksPublicAccessScoped : ResourceRule
{
    /// <inheritdoc />
    public override string Id => "ECO-EKS-4";

    /// <inheritdoc />
    public override Severity Severity => Severity.Error;

    /// <inheritdoc />
    public override IReadOnlyList<string> Anchors => ["CKV_AWS_38", "AVD-AWS-0041"];

    /// <inheritdoc />
    public override string Checks => "aws_eks_cluster: a public endpoint, where allowed, lists public_access_cidrs and none is a /0";

    /// <inheritdoc />
    public override string Why => "An API open to the world invites credential stuffing and zero-days.";

    /// <inheritdoc />
    protected override string ResourceType => "aws_eks_cluster";

    /// <inheritdoc />
    protected override IEnumerable<(string Found, string Fix)> Check(TfResource r, StackDocument stack)
    {
        var vpc = r.Block("vpc_config");
        var open = !(vpc?["endpoint_public_access"] is JsonValue pub && pub.TryGetValue<bool>(out var on) && !on);
        var cidrs = vpc?["public_access_cidrs"] as JsonArray ?? [];
        foreach (var p in Require(!open || (cidrs.Count > 0 && cidrs.All(c => !(TfResource.Value(c) ?? "").EndsWith("/0", StringComparison.Ordinal))), $"public endpoint open to [{string.Join(", ", cidrs.Select(TfResource.Value))}]", "list the office/VPN ranges in compute.publicAccessCidrs, or keep the endpoint private")) { yield return p; }
    }
}
