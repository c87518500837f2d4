using System.Text.Json.Nodes;

namespace Ecolaura.Tf.Policies.Rules;

/// <summary>ECO-EKS-2: aws_eks_cluster: all five control-plane log types enabled</summary>
public sealed class EksControlPlaneLogs : ResourceRule
{
    /// <inheritdoc />
    public override string Id => "ECO-EKS-2";

    /// <inheritdoc />
    public override Severity Severity => Severity.Error;

    /// <inheritdoc />
    public override IReadOnlyList<string> Anchors => ["CKV_AWS_37", "AVD-AWS-0038"];

    /// <inheritdoc />
    public override string Checks => "aws_eks_cluster: all five control-plane log types enabled";

    /// <inheritdoc />
    public override string Why => "The audit log is the record of every API call against the cluster.";

    /// <inheritdoc />
    protected override string ResourceType => "aws_eks_cluster";

    /// <inheritdoc />
    protected override IEnumerable<(string Found, string Fix)> Check(TfResource r, StackDocument stack)
    {
        var types = r.List("enabled_cluster_log_types");
        var missing = new[] { "api", "audit", "authenticator", "controllerManager", "scheduler" }.Except(types).ToArray();
        foreach (var p in Require(missing.Length == 0, $"log types missing [{string.Join(", ", missing)}]", "enable api, audit, authenticator, controllerManager and scheduler")) { yield return p; }
    }
}
