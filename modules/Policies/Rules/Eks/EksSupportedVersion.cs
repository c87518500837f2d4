using System.Text.Json.Nodes;

namespace Ecolaura.Tf.Policies.Rules;

/// <summary>ECO-EKS-5: aws_eks_cluster: version in the project's EKS standard-support allow-list</summary>
public sealed class EksSupportedVersion : ResourceRule
{
    /// <inheritdoc />
    public override string Id => "ECO-EKS-5";

    /// <inheritdoc />
    public override Severity Severity => Severity.Error;

    /// <inheritdoc />
    public override IReadOnlyList<string> Anchors => ["CKV_AWS_339"];

    /// <inheritdoc />
    public override string Checks => "aws_eks_cluster: version in the project's EKS standard-support allow-list";

    /// <inheritdoc />
    public override string Why => "Versions past standard support cost extended-support fees and stop receiving fixes.";

    /// <inheritdoc />
    protected override string ResourceType => "aws_eks_cluster";

    /// <inheritdoc />
    protected override IEnumerable<(string Found, string Fix)> Check(TfResource r, StackDocument stack)
    {
        foreach (var p in Require(ComputeConfigValidator.SupportedKubernetesVersions.ContainsKey(r.Str("version") ?? ""), $"version = {r.Show("version")}", $"use one of [{string.Join(", ", ComputeConfigValidator.SupportedKubernetesVersions.Keys)}]")) { yield return p; }
    }
}
