using System.Text.Json.Nodes;

namespace Ecolaura.Tf.Policies.Rules;

/// <summary>ECO-EKS-6: aws_eks_node_group: no remote_access (SSH) block</summary>
public sealed class EksNoSshToNodes : ResourceRule
{
    /// <inheritdoc />
    public override string Id => "ECO-EKS-6";

    /// <inheritdoc />
    public override Severity Severity => Severity.Error;

    /// <inheritdoc />
    public override IReadOnlyList<string> Anchors => ["CKV_AWS_100"];

    /// <inheritdoc />
    public override string Checks => "aws_eks_node_group: no remote_access (SSH) block";

    /// <inheritdoc />
    public override string Why => "Nodes are reached through SSM, never SSH keys.";

    /// <inheritdoc />
    protected override string ResourceType => "aws_eks_node_group";

    /// <inheritdoc />
    protected override IEnumerable<(string Found, string Fix)> Check(TfResource r, StackDocument stack)
    {
        foreach (var p in Require(r.Body["remote_access"] is null, "remote_access is configured", "remove remote_access; use SSM Session Manager")) { yield return p; }
    }
}
