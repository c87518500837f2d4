using System.Text.Json.Nodes;

namespace Ecolaura.Tf.Policies.Rules;

/// <summary>ECO-EKS-1: aws_eks_cluster: encryption_config for secrets with a customer-managed key</summary>
public sealed class EksSecretsEncrypted : ResourceRule
{
    /// <inheritdoc />
    public override string Id => "ECO-EKS-1";

    /// <inheritdoc />
    public override Severity Severity => Severity.Error;

    /// <inheritdoc />
    public override IReadOnlyList<string> Anchors => ["CKV_AWS_58", "AVD-AWS-0039"];

    /// <inheritdoc />
    public override string Checks => "aws_eks_cluster: encryption_config for secrets with a customer-managed key";

    /// <inheritdoc />
    public override string Why => "Kubernetes secrets are only base64 in etcd without envelope encryption.";

    /// <inheritdoc />
    protected override string ResourceType => "aws_eks_cluster";

    /// <inheritdoc />
    protected override IEnumerable<(string Found, string Fix)> Check(TfResource r, StackDocument stack)
    {
        var encryption = r.Block("encryption_config");
        var resources = encryption?["resources"] as JsonArray ?? [];
        foreach (var p in Require(resources.Any(x => TfResource.Value(x) == "secrets") && !string.IsNullOrEmpty(TfResource.Value(encryption?["provider"] is JsonArray a ? a.FirstOrDefault() : encryption?["provider"], "key_arn")), "secrets not envelope-encrypted with a CMK", "set encryption_config { resources = [secrets], provider { key_arn = <CMK> } }")) { yield return p; }
    }
}
