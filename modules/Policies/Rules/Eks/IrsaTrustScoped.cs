using System.Text.Json.Nodes;

namespace Ecolaura.Tf.Policies.Rules;

/// <summary>ECO-EKS-8: IRSA roles: AssumeRoleWithWebIdentity from the cluster's OIDC provider with StringEquals on sub (one service account, no wildcard) and aud = sts.amazonaws.com</summary>
public sealed class IrsaTrustScoped : ResourceRule
{
    /// <inheritdoc />
    public override string Id => "ECO-EKS-8";

    /// <inheritdoc />
    public override Severity Severity => Severity.Error;

    /// <inheritdoc />
    public override IReadOnlyList<string> Anchors => ["CKV_AWS_60", "CKV_AWS_61", "AWS EKS IRSA docs"];

    /// <inheritdoc />
    public override string Checks => "IRSA roles: AssumeRoleWithWebIdentity from the cluster's OIDC provider with StringEquals on sub (one service account, no wildcard) and aud = sts.amazonaws.com";

    /// <inheritdoc />
    public override string Why => "Without both conditions any pod, or any cluster using the provider, could assume the role.";

    /// <inheritdoc />
    protected override string ResourceType => "aws_iam_role";

    /// <inheritdoc />
    protected override IEnumerable<(string Found, string Fix)> Check(TfResource r, StackDocument stack)
    {
        var policy = r.Str("assume_role_policy");
        if (policy is null || !policy.Contains("AssumeRoleWithWebIdentity", StringComparison.Ordinal))
        {
            yield break;
        }

        foreach (var statement in (JsonNode.Parse(policy)?["Statement"] as JsonArray ?? []).OfType<JsonNode>())
        {
            var equals = statement["Condition"]?["StringEquals"] as JsonObject ?? [];
            var sub = equals.FirstOrDefault(c => c.Key.EndsWith(":sub", StringComparison.Ordinal)).Value;
            var aud = equals.FirstOrDefault(c => c.Key.EndsWith(":aud", StringComparison.Ordinal)).Value;
            var subject = TfResource.Value(sub) ?? "";
            var ok = TfResource.Value(statement["Principal"], "Federated") is not null && subject.StartsWith("system:serviceaccount:", StringComparison.Ordinal)
                && !subject.Contains('*') && TfResource.Value(aud) == "sts.amazonaws.com" && statement["Condition"]?["StringLike"] is null;
            if (!ok)
            {
                yield return ($"trust conditions sub = '{subject}', aud = '{TfResource.Value(aud)}'", "require StringEquals on <issuer>:sub = system:serviceaccount:<ns>:<sa> and <issuer>:aud = sts.amazonaws.com");
            }
        }
    }
}
