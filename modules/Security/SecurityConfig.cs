namespace Ecolaura.Tf.Security;

/// <summary>The account guardrails, observability and cost controls of one environment's account (workspace <c>security</c>).</summary>
/// <remarks>Checked by <see cref="SecurityConfigValidator"/> before synth; Terraform accepts most bad values here until apply.</remarks>
public sealed record SecurityConfig
{
    /// <summary>Days the CloudTrail log group keeps events: a CloudWatch Logs retention value of at least 365.</summary>
    /// <remarks>Default: 365. The trail's S3 copy is kept by the bucket's lifecycle (<see cref="TrailObjectExpiryDays"/>).</remarks>
    public int TrailLogRetentionDays { get; init; } = 365;

    /// <summary>Days after which trail log objects in S3 expire, 365–3653.</summary>
    /// <remarks>Default: 2557 (7 years).</remarks>
    public int TrailObjectExpiryDays { get; init; } = 2557;

    /// <summary>Days the Container Insights log groups of the EKS cluster keep events: a CloudWatch Logs retention value.</summary>
    /// <remarks>Default: 30 (the metrics derived from them are kept by CloudWatch for 15 months regardless).</remarks>
    public int ContainerInsightsLogRetentionDays { get; init; } = 30;

    /// <summary>
    /// Security Hub standards to subscribe to, by id (<c>aws-foundational-security-best-practices/v/1.0.0</c>); each one of
    /// <see cref="SecurityHubStandards.Known"/>, at least one.
    /// </summary>
    /// <remarks>Default: AWS Foundational Security Best Practices v1.0.0 and CIS AWS Foundations Benchmark v3.0.0.</remarks>
    public IReadOnlyList<string> SecurityHubStandards { get; init; } =
        [Security.SecurityHubStandards.FoundationalBestPractices, Security.SecurityHubStandards.CisFoundations];

    /// <summary>The IAM account password policy (console passwords of IAM users managed elsewhere).</summary>
    /// <remarks>Default: the CIS minimum, see <see cref="PasswordPolicyConfig"/>.</remarks>
    public PasswordPolicyConfig PasswordPolicy { get; init; } = new();

    /// <summary>The monthly cost budget of the account and its alert thresholds.</summary>
    public required BudgetConfig Budget { get; init; }

    /// <summary>Cost Anomaly Detection notifies when an anomaly's total impact reaches this many US dollars, 1–1000000.</summary>
    /// <remarks>Default: 100.</remarks>
    public int CostAnomalyThresholdUsd { get; init; } = 100;

    /// <summary>
    /// Activate the project's default tag keys as cost allocation tags. AWS refuses keys it has not yet seen in billing data
    /// (up to 24 hours after the first tagged resource exists): set false for the first apply of a new account.
    /// </summary>
    /// <remarks>Default: true.</remarks>
    public bool ActivateCostAllocationTags { get; init; } = true;
}

/// <summary>The IAM account password policy; never weaker than <see cref="CisBaseline"/>.</summary>
public sealed record PasswordPolicyConfig
{
    /// <summary>Minimum password length, <see cref="CisBaseline.MinimumPasswordLength"/>–128 characters.</summary>
    /// <remarks>Default: 14 (CIS AWS Foundations 1.8).</remarks>
    public int MinimumLength { get; init; } = CisBaseline.MinimumPasswordLength;

    /// <summary>How many previous passwords may not be reused, <see cref="CisBaseline.PasswordReusePrevention"/>–24.</summary>
    /// <remarks>Default: 24 (CIS AWS Foundations 1.9; 24 is the IAM maximum).</remarks>
    public int ReusePrevention { get; init; } = CisBaseline.PasswordReusePrevention;

    /// <summary>Days before a password expires, 1–1095.</summary>
    /// <remarks>Default: 90.</remarks>
    public int MaxAgeDays { get; init; } = 90;
}

/// <summary>The account's monthly AWS Budgets cost budget (each environment has its own account).</summary>
public sealed record BudgetConfig
{
    /// <summary>The monthly limit in whole units of <see cref="Currency"/>, greater than 0.</summary>
    public required int MonthlyLimit { get; init; }

    /// <summary>The currency of <see cref="MonthlyLimit"/>; only <c>USD</c> (AWS Budgets' unit for cost budgets).</summary>
    /// <remarks>Default: USD.</remarks>
    public string Currency { get; init; } = "USD";

    /// <summary>Percentages of the limit that the month's <em>forecast</em> may reach before Slack is told, each 1–1000.</summary>
    /// <remarks>Default: [100].</remarks>
    public IReadOnlyList<int> ForecastThresholdsPercent { get; init; } = [100];

    /// <summary>Percentages of the limit that <em>actual</em> spend may reach before Slack is told, each 1–1000.</summary>
    /// <remarks>Default: [80].</remarks>
    public IReadOnlyList<int> ActualThresholdsPercent { get; init; } = [80];

    /// <summary>Percentage of the limit that actual spend may exceed before on-call is paged (critical topic), 1–1000.</summary>
    /// <remarks>Default: 100.</remarks>
    public int CriticalThresholdPercent { get; init; } = 100;
}
