namespace Ecolaura.Tf.Security;

/// <summary>
/// The CIS AWS Foundations Benchmark minima this project enforces, read by both <see cref="SecurityConfigValidator"/>
/// and the policy rules, so a threshold is written once.
/// </summary>
/// <remarks>
/// Sources: CIS AWS Foundations Benchmark v1.4.0 recommendations 1.8 and 1.9 as mapped by Security Hub controls IAM.7,
/// IAM.15 and IAM.16, https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html; IAM limits from
/// https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateAccountPasswordPolicy.html (both checked 2026-12-01).
/// </remarks>
public static class CisBaseline
{
    /// <summary>Minimum password length, characters (CIS 1.8, Security Hub IAM.15).</summary>
    public const int MinimumPasswordLength = 14;

    /// <summary>The longest minimum length IAM accepts.</summary>
    public const int MaximumPasswordLength = 128;

    /// <summary>Previous passwords that may not be reused (CIS 1.9, Security Hub IAM.16); also the IAM maximum.</summary>
    public const int PasswordReusePrevention = 24;

    /// <summary>The longest password age IAM accepts, days.</summary>
    public const int MaximumPasswordAgeDays = 1095;

    /// <summary>The shortest retention of the trail's log group, days (a year of audit events searchable in CloudWatch).</summary>
    public const int TrailLogRetentionDays = 365;

    /// <summary>The AWS Budgets threshold range this project accepts, percent of the limit.</summary>
    public const int MinThresholdPercent = 1;

    /// <summary>See <see cref="MinThresholdPercent"/>.</summary>
    public const int MaxThresholdPercent = 1000;

    /// <summary>Notifications AWS Budgets allows on one budget.</summary>
    /// <remarks>Source: https://docs.aws.amazon.com/aws-cost-management/latest/APIReference/API_budgets_Notification.html (checked 2026-12-01).</remarks>
    public const int MaxBudgetNotifications = 10;

    /// <summary>The only currency of a cost budget's limit.</summary>
    public const string BudgetCurrency = "USD";

    /// <summary>The condition key that says whether the request's credentials were MFA-authenticated.</summary>
    public const string MfaConditionKey = "aws:MultiFactorAuthPresent";
}

/// <summary>The Security Hub standards this project may subscribe an account to, and their ARNs per region.</summary>
/// <remarks>
/// Source: AWS Security Hub User Guide, "Standards reference",
/// https://docs.aws.amazon.com/securityhub/latest/userguide/standards-reference.html and the
/// <c>aws_securityhub_standards_subscription</c> provider documentation (checked 2026-12-01). CIS v1.2.0 is left out: its
/// ARN is a global <c>ruleset</c> and Security Hub recommends the newer versions.
/// </remarks>
public static class SecurityHubStandards
{
    /// <summary>AWS Foundational Security Best Practices v1.0.0.</summary>
    public const string FoundationalBestPractices = "aws-foundational-security-best-practices/v/1.0.0";

    /// <summary>CIS AWS Foundations Benchmark v3.0.0.</summary>
    public const string CisFoundations = "cis-aws-foundations-benchmark/v/3.0.0";

    /// <summary>Every standard id accepted in <c>security.securityHubStandards</c>.</summary>
    public static IReadOnlyList<string> Known { get; } =
    [
        FoundationalBestPractices,
        "cis-aws-foundations-benchmark/v/1.4.0",
        CisFoundations,
        "nist-800-53/v/5.0.0",
        "nist-800-171/v/2.0.0",
        "pci-dss/v/3.2.1",
        "pci-dss/v/4.0.1",
        "aws-resource-tagging-standard/v/1.0.0",
    ];

    /// <summary>The standard's ARN in <paramref name="region"/>: <c>arn:aws:securityhub:&lt;region&gt;::standards/&lt;id&gt;</c>.</summary>
    /// <exception cref="ArgumentException"><paramref name="id"/> is not one of <see cref="Known"/>.</exception>
    public static string Arn(string id, string region) =>
        Known.Contains(id, StringComparer.Ordinal)
            ? $"arn:aws:securityhub:{region}::standards/{id}"
            : throw new ArgumentException($"unknown Security Hub standard '{id}'; allowed: [{string.Join(", ", Known)}]", nameof(id));
}
