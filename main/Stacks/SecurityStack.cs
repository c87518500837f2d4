using Constructs;

namespace Ecolaura.Tf.App.Stacks;

/// <summary>Producers the security workspace reads.</summary>
public sealed record SecurityStackProps
{
    /// <summary>Foundation (alert topics for alarms, budgets and findings; the logs key for the trail's log group).</summary>
    public required FoundationStack Foundation { get; init; }
}

/// <summary>
/// Workspace <c>security</c>, one per environment account, applied right after foundation: CloudTrail with the CIS
/// metric-filter alarms, GuardDuty, Security Hub, IAM Access Analyzer, account defaults (EBS encryption, S3 public access
/// block, password policy), MFA-enforcing IAM groups, the operations dashboard of every workspace's alarms, and the
/// budget, cost anomaly detection and cost allocation tags.
/// </summary>
public sealed class SecurityStack : EcolauraStack
{
    /// <summary>Composes the workspace and publishes <see cref="SecurityOutputs"/>.</summary>
    public SecurityStack(Construct scope, EnvironmentConfig environment, SecurityStackProps props)
        : base(scope, environment, Workspace.Security)
    {
        var foundation = FoundationOutputs.FromRemoteState(this, props.Foundation);
        var config = environment.Security;

        var trail = new AuditTrail(this, "trail", new AuditTrailProps
        {
            Names = Names,
            LogsKmsKeyArn = foundation.LogsKmsKeyArn,
            LogRetentionDays = config.TrailLogRetentionDays,
            ObjectExpiryDays = config.TrailObjectExpiryDays,
        });
        _ = new CisAlarms(this, "cis", new CisAlarmsProps
        {
            Name = Names.Of(Workspace.Security, "cis"),
            LogGroupName = trail.LogGroupName,
            CriticalTopicArn = foundation.CriticalAlertsTopicArn,
            NonCriticalTopicArn = foundation.NonCriticalAlertsTopicArn,
        });
        var threats = new ThreatDetection(this, "threats", new ThreatDetectionProps
        {
            Names = Names,
            Standards = config.SecurityHubStandards,
            CriticalTopicArn = foundation.CriticalAlertsTopicArn,
            NonCriticalTopicArn = foundation.NonCriticalAlertsTopicArn,
        });
        var account = new AccountGuardrails(this, "account", new AccountGuardrailsProps { Names = Names, PasswordPolicy = config.PasswordPolicy });
        var console = new ConsoleGroups(this, "console", new ConsoleGroupsProps { Names = Names });

        _ = new ContainerInsights(this, "insights", new ContainerInsightsProps
        {
            Name = Names.Of(Workspace.Security, "alarm"),
            ClusterName = Names.ClusterName,
            LogsKmsKeyArn = foundation.LogsKmsKeyArn,
            LogRetentionDays = config.ContainerInsightsLogRetentionDays,
            CriticalTopicArn = foundation.CriticalAlertsTopicArn,
            NonCriticalTopicArn = foundation.NonCriticalAlertsTopicArn,
        });
        // The alarms of every workspace of this environment, read when the app is synthesized (after all stacks exist).
        var dashboard = new OperationsDashboard(this, "dashboard", new OperationsDashboardProps
        {
            Name = $"{Naming.Project}-{environment.Name}-operations",
            AccountId = environment.AccountId,
            Alarms = () => Node.Scope!.Node.Children.OfType<EcolauraStack>()
                .Where(s => s.Environment.Name == environment.Name)
                .SelectMany(DashboardAlarm.In),
        });

        var cost = new CostControls(this, "cost", new CostControlsProps
        {
            Names = Names,
            Budget = config.Budget,
            AnomalyThresholdUsd = config.CostAnomalyThresholdUsd,
            CostAllocationTagKeys = config.ActivateCostAllocationTags ? DefaultTags.Keys.ToArray() : [],
            CriticalTopicArn = foundation.CriticalAlertsTopicArn,
            NonCriticalTopicArn = foundation.NonCriticalAlertsTopicArn,
        });

        Outputs = new SecurityOutputs
        {
            TrailArn = trail.TrailArn,
            TrailBucketName = trail.BucketName,
            TrailLogGroupName = trail.LogGroupName,
            GuardDutyDetectorId = threats.DetectorId,
            EbsDefaultKmsKeyArn = account.EbsKmsKeyArn,
            ConsoleGroupNames = console.GroupNames,
            DashboardName = dashboard.DashboardName,
            BudgetName = cost.BudgetName,
        };
        Outputs.Publish(this);
    }

    /// <summary>What this workspace publishes.</summary>
    public SecurityOutputs Outputs { get; }
}
