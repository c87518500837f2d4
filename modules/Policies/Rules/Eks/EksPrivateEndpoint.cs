using System.Text.Json.Nodes;

namespace Ecolaura.Tf.Policies.Rules;

/// <summary>ECO-EKS-3: aws_eks_cluster in prod: private endpoint on, public endpoint off</summary>
public sealed class EksPrivateEndpoint : ResourceRule
{
    /// <inheritdoc />
    public override string Id => "ECO-EKS-3";

    /// <inheritdoc />
    public override Severity Severity => Severity.Error;

    /// <inheritdoc />
    public override IReadOnlyList<string> Anchors => ["CKV_AWS_39", "AVD-AWS-0040"];

    /// <inheritdoc />
    public override string Checks => "aws_eks_cluster in prod: private endpoint on, public endpoint off";

    /// <inheritdoc />
    public override string Why => "The provider default exposes the Kubernetes API to the internet.";

    /// <inheritdoc />
    public override IReadOnlySet<EnvironmentTier> Tiers => TiersWhere(f => f.PrivateClusterEndpoint);

    /// <inheritdoc />
    protected override string ResourceType => "aws_eks_cluster";

    /// <inheritdoc />
    protected override IEnumerable<(string Found, string Fix)> Check(TfResource r, StackDocument stack)
    {
        var vpc = r.Block("vpc_config");
        foreach (var p in Require(TfResource.IsTrue(vpc?["endpoint_private_access"]) && vpc?["endpoint_public_access"] is JsonValue pub && pub.TryGetValue<bool>(out var open) && !open, $"endpoint_public_access = {vpc?["endpoint_public_access"]?.ToJsonString() ?? "absent (public)"}", "set endpoint_private_access = true and endpoint_public_access = false")) { yield return p; }
    }
}
