namespace Ecolaura.Tf.Security;

/// <summary>
/// Checks the <c>security</c> section. Terraform accepts all of these until apply or forever (a budget of 0, a euro limit
/// on a USD budget, a password policy weaker than CIS, a standard ARN that does not exist, a retention CloudWatch refuses).
/// </summary>
public static class SecurityConfigValidator
{
    /// <summary>Every problem of <paramref name="env"/>'s <c>security</c> section.</summary>
    public static IEnumerable<ValidationProblem> Validate(EnvironmentConfig env, string path)
    {
        var problems = new Problems(path);
        var security = env.Security;

        if (!AwsFacts.LogRetentionDays.Contains(security.TrailLogRetentionDays) || security.TrailLogRetentionDays < CisBaseline.TrailLogRetentionDays)
        {
            problems.Add("security.trailLogRetentionDays", security.TrailLogRetentionDays,
                $"must be a CloudWatch Logs retention value of at least {CisBaseline.TrailLogRetentionDays} [{string.Join(", ", AwsFacts.LogRetentionDays.Where(d => d >= CisBaseline.TrailLogRetentionDays))}]");
        }

        if (!AwsFacts.LogRetentionDays.Contains(security.ContainerInsightsLogRetentionDays))
        {
            problems.Add("security.containerInsightsLogRetentionDays", security.ContainerInsightsLogRetentionDays,
                $"must be a CloudWatch Logs retention value [{string.Join(", ", AwsFacts.LogRetentionDays)}]");
        }

        if (security.TrailObjectExpiryDays is < 365 or > 3653)
        {
            problems.Add("security.trailObjectExpiryDays", security.TrailObjectExpiryDays, "must be 365–3653 days");
        }

        if (security.SecurityHubStandards.Count == 0)
        {
            problems.Add("security.securityHubStandards", security.SecurityHubStandards, $"must name at least one standard of [{string.Join(", ", SecurityHubStandards.Known)}]");
        }

        if (security.SecurityHubStandards.Distinct(StringComparer.Ordinal).Count() != security.SecurityHubStandards.Count)
        {
            problems.Add("security.securityHubStandards", security.SecurityHubStandards, "must not repeat a standard");
        }

        foreach (var standard in security.SecurityHubStandards.Where(s => !SecurityHubStandards.Known.Contains(s, StringComparer.Ordinal)))
        {
            problems.Add("security.securityHubStandards", standard, $"is not a known Security Hub standard; allowed: [{string.Join(", ", SecurityHubStandards.Known)}]");
        }

        var password = security.PasswordPolicy;
        if (password.MinimumLength is < CisBaseline.MinimumPasswordLength or > CisBaseline.MaximumPasswordLength)
        {
            problems.Add("security.passwordPolicy.minimumLength", password.MinimumLength,
                $"must be {CisBaseline.MinimumPasswordLength}–{CisBaseline.MaximumPasswordLength} characters (CIS AWS Foundations 1.8 asks for at least {CisBaseline.MinimumPasswordLength})");
        }

        if (password.ReusePrevention != CisBaseline.PasswordReusePrevention)
        {
            problems.Add("security.passwordPolicy.reusePrevention", password.ReusePrevention,
                $"must be {CisBaseline.PasswordReusePrevention} (CIS AWS Foundations 1.9 asks for at least {CisBaseline.PasswordReusePrevention}; IAM allows at most {CisBaseline.PasswordReusePrevention})");
        }

        if (password.MaxAgeDays is < 1 or > CisBaseline.MaximumPasswordAgeDays)
        {
            problems.Add("security.passwordPolicy.maxAgeDays", password.MaxAgeDays, $"must be 1–{CisBaseline.MaximumPasswordAgeDays} days");
        }

        var names = new Naming(env);
        foreach (var bucket in AuditTrail.BucketRoles.Select(names.Bucket).Where(b => b.Length > 63))
        {
            problems.Add("data.buckets.namePrefix", env.Data.Buckets.NamePrefix,
                $"gives the trail bucket name '{bucket}' ({bucket.Length} characters), longer than the 63 S3 allows; use a shorter prefix");
        }

        ValidateBudget(security.Budget, problems);

        if (security.CostAnomalyThresholdUsd is < 1 or > 1_000_000)
        {
            problems.Add("security.costAnomalyThresholdUsd", security.CostAnomalyThresholdUsd, "must be 1–1000000 US dollars of total anomaly impact");
        }

        return problems;
    }

    private static void ValidateBudget(BudgetConfig budget, Problems problems)
    {
        if (budget.MonthlyLimit <= 0)
        {
            problems.Add("security.budget.monthlyLimit", budget.MonthlyLimit, $"must be greater than 0 (whole {CisBaseline.BudgetCurrency} per month)");
        }

        if (budget.Currency != CisBaseline.BudgetCurrency)
        {
            problems.Add("security.budget.currency", budget.Currency, $"must be {CisBaseline.BudgetCurrency}: AWS Budgets cost budgets are kept in US dollars");
        }

        void Threshold(string field, int percent)
        {
            if (percent is < CisBaseline.MinThresholdPercent or > CisBaseline.MaxThresholdPercent)
            {
                problems.Add(field, percent, $"must be {CisBaseline.MinThresholdPercent}–{CisBaseline.MaxThresholdPercent} % of the limit");
            }
        }

        foreach (var (field, list) in new[] { ("forecastThresholdsPercent", budget.ForecastThresholdsPercent), ("actualThresholdsPercent", budget.ActualThresholdsPercent) })
        {
            for (var i = 0; i < list.Count; i++)
            {
                Threshold($"security.budget.{field}[{i}]", list[i]);
            }

            if (list.Distinct().Count() != list.Count)
            {
                problems.Add($"security.budget.{field}", new Verbatim($"[{string.Join(", ", list)}]"), "must not repeat a threshold");
            }
        }

        Threshold("security.budget.criticalThresholdPercent", budget.CriticalThresholdPercent);
        if (budget.ActualThresholdsPercent.Contains(budget.CriticalThresholdPercent))
        {
            problems.Add("security.budget.criticalThresholdPercent", budget.CriticalThresholdPercent,
                "must differ from every actualThresholdsPercent value (one budget notification per type and threshold)");
        }

        var count = budget.ForecastThresholdsPercent.Count + budget.ActualThresholdsPercent.Count + 1;
        if (count > CisBaseline.MaxBudgetNotifications)
        {
            problems.Add("security.budget", new Verbatim($"{count} notifications"),
                $"must have at most {CisBaseline.MaxBudgetNotifications} notifications (forecast + actual thresholds + the critical one)");
        }
    }
}
