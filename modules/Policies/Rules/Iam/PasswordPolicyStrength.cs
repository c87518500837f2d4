using Ecolaura.Tf.Security;

namespace Ecolaura.Tf.Policies.Rules;

/// <summary>ECO-IAM-2: The security workspace sets the IAM password policy: length ≥ 14, reuse prevention 24, upper, lower, number and symbol required, expiry</summary>
public sealed class PasswordPolicyStrength : PolicyRule
{
    /// <inheritdoc />
    public override string Id => "ECO-IAM-2";

    /// <inheritdoc />
    public override Severity Severity => Severity.Error;

    /// <inheritdoc />
    public override IReadOnlyList<string> Anchors => ["CIS 1.8", "CIS 1.9", "CKV_AWS_9", "CKV_AWS_10", "CKV_AWS_11", "CKV_AWS_12", "CKV_AWS_13", "CKV_AWS_14", "CKV_AWS_15", "AVD-AWS-0056", "AVD-AWS-0063", "Security Hub IAM.7, IAM.15, IAM.16"];

    /// <inheritdoc />
    public override string Checks => $"The security workspace sets the IAM password policy: length ≥ {CisBaseline.MinimumPasswordLength}, reuse prevention {CisBaseline.PasswordReusePrevention}, upper, lower, number and symbol required, expiry";

    /// <inheritdoc />
    public override string Why => "The account default accepts 8-character passwords without classes or history; console passwords must resist guessing and reuse.";

    /// <inheritdoc />
    public override IEnumerable<Violation> Evaluate(StackDocument stack)
    {
        var policies = stack.Resources("aws_iam_account_password_policy").ToArray();
        if (stack.Workspace == Workspace.Security && policies.Length == 0)
        {
            yield return new Violation("aws_iam_account_password_policy", stack.StackId, "no password policy in the security workspace", "add the AccountGuardrails construct");
        }

        foreach (var policy in policies)
        {
            if (!(policy.Num("minimum_password_length") >= CisBaseline.MinimumPasswordLength))
            {
                yield return policy.Violation($"minimum_password_length = {policy.Show("minimum_password_length")}", $"require at least {CisBaseline.MinimumPasswordLength} characters");
            }

            if (!(policy.Num("password_reuse_prevention") >= CisBaseline.PasswordReusePrevention))
            {
                yield return policy.Violation($"password_reuse_prevention = {policy.Show("password_reuse_prevention")}", $"prevent reuse of the last {CisBaseline.PasswordReusePrevention} passwords");
            }

            foreach (var flag in new[] { "require_uppercase_characters", "require_lowercase_characters", "require_numbers", "require_symbols" }.Where(f => policy.Bool(f) != true))
            {
                yield return policy.Violation($"{flag} = {policy.Show(flag)}", $"set {flag} = true");
            }

            if (policy.Num("max_password_age") is not (>= 1 and <= CisBaseline.MaximumPasswordAgeDays))
            {
                yield return policy.Violation($"max_password_age = {policy.Show("max_password_age")}", $"expire passwords after 1–{CisBaseline.MaximumPasswordAgeDays} days");
            }
        }
    }
}
