using System.Text.Json.Nodes;
using Ecolaura.Tf.Security;

namespace Ecolaura.Tf.Policies.Rules;

/// <summary>ECO-IAM-3: Every aws_iam_group has a customer-managed policy attached whose Deny with NotAction applies to Resource * while aws:MultiFactorAuthPresent is false (BoolIfExists)</summary>
public sealed class ConsoleMfaRequired : PolicyRule
{
    /// <inheritdoc />
    public override string Id => "ECO-IAM-3";

    /// <inheritdoc />
    public override Severity Severity => Severity.Error;

    /// <inheritdoc />
    public override IReadOnlyList<string> Anchors => ["CIS 1.10", "Security Hub IAM.5", "IAM User Guide: reference_policies_examples_iam_mfa-selfmanage"];

    /// <inheritdoc />
    public override string Checks => "Every aws_iam_group has a customer-managed policy attached whose Deny with NotAction applies to Resource * while aws:MultiFactorAuthPresent is false (BoolIfExists)";

    /// <inheritdoc />
    public override string Why => "The spec enforces MFA for all console access: a stolen password alone must open nothing but MFA enrolment.";

    /// <inheritdoc />
    public override IEnumerable<Violation> Evaluate(StackDocument stack)
    {
        var enforcing = stack.Resources("aws_iam_policy").Where(p => DeniesWithoutMfa(p.Str("policy"))).ToArray();
        foreach (var group in stack.Resources("aws_iam_group"))
        {
            var attached = stack.Resources("aws_iam_group_policy_attachment")
                .Where(a => StackDocument.Refers(a.Str("group"), group))
                .Any(a => enforcing.Any(p => StackDocument.Refers(a.Str("policy_arn"), p)));
            if (!attached)
            {
                yield return group.Violation("no attached policy denies access without MFA", "attach the require-mfa policy (ConsoleGroups) to the group");
            }
        }
    }

    private static bool DeniesWithoutMfa(string? policy)
    {
        if (policy is null || !policy.TrimStart().StartsWith('{'))
        {
            return false;
        }

        return (JsonNode.Parse(policy)?["Statement"] as JsonArray ?? []).OfType<JsonNode>().Any(s =>
            TfResource.Value(s, "Effect") == "Deny"
            && s["NotAction"] is not null
            && s["Action"] is null
            && TfResource.Value(s, "Resource") == "*"
            && TfResource.Value(s["Condition"]?["BoolIfExists"], CisBaseline.MfaConditionKey) == "false");
    }
}
