using System.Text.Json.Nodes;

namespace Ecolaura.Tf.Policies.Rules;

/// <summary>ECO-IAM-1: IAM: no Action * or *:*, no AdministratorAccess/IAMFullAccess attachments, no IAM users, no trust policy open to AWS *</summary>
public sealed class IamLeastPrivilege : PolicyRule
{
    /// <inheritdoc />
    public override string Id => "ECO-IAM-1";

    /// <inheritdoc />
    public override Severity Severity => Severity.Error;

    /// <inheritdoc />
    public override IReadOnlyList<string> Anchors => ["CKV_AWS_62", "CKV_AWS_63", "CKV_AWS_355", "AVD-AWS-0057", "CIS 1.16", "CKV_AWS_274", "CKV2_AWS_56", "CKV_AWS_40", "AVD-AWS-0143", "CIS 1.15", "CKV_AWS_60"];

    /// <inheritdoc />
    public override string Checks => "IAM: no Action * or *:*, no AdministratorAccess/IAMFullAccess attachments, no IAM users, no trust policy open to AWS *";

    /// <inheritdoc />
    public override string Why => "Least privilege: people get access through roles with MFA, not users.";

    /// <inheritdoc />
    public override IEnumerable<Violation> Evaluate(StackDocument stack)
    {
        var documents = stack.Resources("aws_iam_policy").Concat(stack.Resources("aws_iam_role_policy")).Select(p => (p, p.Str("policy")))
            .Concat(stack.Resources("aws_iam_role").Select(p => (p, p.Str("assume_role_policy"))));
        foreach (var (owner, text) in documents)
        {
            if (text is null || !text.TrimStart().StartsWith('{'))
            {
                continue;
            }

            foreach (var s in (JsonNode.Parse(text)?["Statement"] as JsonArray ?? []).OfType<JsonNode>())
            {
                var actions = s["Action"] is JsonArray a ? a.Select(TfResource.Value).ToArray() : [TfResource.Value(s, "Action")];
                if (TfResource.Value(s, "Effect") == "Allow" && actions.Any(x => x is "*" or "*:*"))
                {
                    yield return owner.Violation("a statement allows Action *", "list the actions the role needs");
                }

                if (TfResource.Value(s?["Principal"], "AWS") == "*" || TfResource.Value(s, "Principal") == "*" && TfResource.Value(s, "Effect") == "Allow" && owner.Type == "aws_iam_role")
                {
                    yield return owner.Violation("trust policy open to every AWS principal", "trust named principals only");
                }
            }
        }

        foreach (var attachment in stack.Resources("aws_iam_role_policy_attachment").Where(a => a.Str("policy_arn") is "arn:aws:iam::aws:policy/AdministratorAccess" or "arn:aws:iam::aws:policy/IAMFullAccess"))
        {
            yield return attachment.Violation($"attaches {attachment.Str("policy_arn")}", "attach a scoped policy");
        }

        foreach (var user in new[] { "aws_iam_user", "aws_iam_user_policy", "aws_iam_user_policy_attachment", "aws_iam_access_key" }.SelectMany(stack.Resources))
        {
            yield return user.Violation("IAM users or their keys are managed here", "use roles (SSO with MFA) instead of users");
        }
    }
}
