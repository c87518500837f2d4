using System.Text.Json.Nodes;

namespace Ecolaura.Tf.Policies.Rules;

/// <summary>ECO-EKS-7: Launch templates: IMDSv2 required with hop limit 1</summary>
public sealed class NodeImdsV2 : ResourceRule
{
    /// <inheritdoc />
    public override string Id => "ECO-EKS-7";

    /// <inheritdoc />
    public override Severity Severity => Severity.Error;

    /// <inheritdoc />
    public override IReadOnlyList<string> Anchors => ["CKV_AWS_79", "CKV_AWS_341", "AVD-AWS-0130", "CIS 5.6"];

    /// <inheritdoc />
    public override string Checks => "Launch templates: IMDSv2 required with hop limit 1";

    /// <inheritdoc />
    public override string Why => "Pods must not reach the node's credentials through the metadata service; they use IRSA.";

    /// <inheritdoc />
    protected override string ResourceType => "aws_launch_template";

    /// <inheritdoc />
    protected override IEnumerable<(string Found, string Fix)> Check(TfResource r, StackDocument stack)
    {
        var metadata = r.Block("metadata_options");
        foreach (var p in Require(TfResource.Value(metadata, "http_tokens") == "required" && TfResource.Value(metadata, "http_endpoint") == "enabled" && TfResource.Number(metadata?["http_put_response_hop_limit"]) == 1, $"metadata_options = {metadata?.ToJsonString() ?? "absent"}", "set http_endpoint = enabled, http_tokens = required, http_put_response_hop_limit = 1")) { yield return p; }
    }
}
