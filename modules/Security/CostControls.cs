using System.Globalization;
using Constructs;
using HashiCorp.Cdktf.Providers.Aws.BudgetsBudget;
using HashiCorp.Cdktf.Providers.Aws.CeAnomalyMonitor;
using HashiCorp.Cdktf.Providers.Aws.CeAnomalySubscription;
using HashiCorp.Cdktf.Providers.Aws.CeCostAllocationTag;

namespace Ecolaura.Tf.Security;

/// <summary>Props of <see cref="CostControls"/>.</summary>
public sealed record CostControlsProps
{
    /// <summary>Names of the environment.</summary>
    public required Naming Names { get; init; }

    /// <summary>The budget (validated: limit &gt; 0, USD, thresholds 1–1000 %).</summary>
    public required BudgetConfig Budget { get; init; }

    /// <summary>Total impact in USD from which an anomaly is reported.</summary>
    public required int AnomalyThresholdUsd { get; init; }

    /// <summary>The tag keys to activate as cost allocation tags; empty to activate none.</summary>
    public required IReadOnlyList<string> CostAllocationTagKeys { get; init; }

    /// <summary>Pages on-call.</summary>
    public required string CriticalTopicArn { get; init; }

    /// <summary>Posts to Slack.</summary>
    public required string NonCriticalTopicArn { get; init; }
}

/// <summary>
/// Cost controls of the account: a monthly cost budget (forecast and actual thresholds to Slack, actual spend over the
/// critical threshold pages on-call), Cost Anomaly Detection (an AWS-services monitor and an immediate SNS subscription),
/// and the project's tag keys activated as cost allocation tags.
/// </summary>
/// <remarks>
/// The foundation's topic policies and key policy admit <c>budgets.amazonaws.com</c> and <c>costalerts.amazonaws.com</c>
/// (Cost Anomaly Detection). An account holds one AWS-services monitor only: if one exists already (AWS creates a default
/// one in new accounts), import it (<c>terraform import</c>) before the first apply. Sources:
/// https://docs.aws.amazon.com/cost-management/latest/userguide/budgets-sns-policy.html,
/// https://docs.aws.amazon.com/cost-management/latest/userguide/ad-SNS.html,
/// https://docs.aws.amazon.com/awsaccountbilling/latest/aboutv2/activating-tags.html (checked 2026-12-01).
/// </remarks>
public sealed class CostControls : Construct
{
    /// <summary>Creates the budget, the anomaly monitor and subscription, and the cost allocation tags.</summary>
    public CostControls(Construct scope, string id, CostControlsProps props) : base(scope, id)
    {
        var names = props.Names;
        var budget = props.Budget;
        BudgetsBudgetNotification Notify(string type, int percent, string topic) => new()
        {
            NotificationType = type,
            ComparisonOperator = "GREATER_THAN",
            Threshold = percent,
            ThresholdType = "PERCENTAGE",
            SubscriberSnsTopicArns = [topic],
        };

        var notifications = budget.ForecastThresholdsPercent.Select(p => Notify("FORECASTED", p, props.NonCriticalTopicArn))
            .Concat(budget.ActualThresholdsPercent.Select(p => Notify("ACTUAL", p, props.NonCriticalTopicArn)))
            .Append(Notify("ACTUAL", budget.CriticalThresholdPercent, props.CriticalTopicArn))
            .ToArray();
        var costBudget = new BudgetsBudget(this, "budget", new BudgetsBudgetConfig
        {
            Name = names.Of(Workspace.Security, "monthly-cost"),
            BudgetType = "COST",
            TimeUnit = "MONTHLY",
            LimitAmount = budget.MonthlyLimit.ToString(CultureInfo.InvariantCulture),
            LimitUnit = budget.Currency,
            Notification = notifications,
        });
        BudgetName = costBudget.Name;

        var monitor = new CeAnomalyMonitor(this, "anomaly_monitor", new CeAnomalyMonitorConfig
        {
            Name = names.Of(Workspace.Security, "services"),
            MonitorType = "DIMENSIONAL",
            MonitorDimension = "SERVICE",
        });
        _ = new CeAnomalySubscription(this, "anomaly_subscription", new CeAnomalySubscriptionConfig
        {
            Name = names.Of(Workspace.Security, "anomalies"),
            Frequency = "IMMEDIATE",
            MonitorArnList = [monitor.Arn],
            Subscriber = new[] { new CeAnomalySubscriptionSubscriber { Type = "SNS", Address = props.NonCriticalTopicArn } },
            ThresholdExpression = new CeAnomalySubscriptionThresholdExpression
            {
                Dimension = new CeAnomalySubscriptionThresholdExpressionDimension
                {
                    Key = "ANOMALY_TOTAL_IMPACT_ABSOLUTE",
                    MatchOptions = ["GREATER_THAN_OR_EQUAL"],
                    Values = [props.AnomalyThresholdUsd.ToString(CultureInfo.InvariantCulture)],
                },
            },
        });

        foreach (var key in props.CostAllocationTagKeys)
        {
            _ = new CeCostAllocationTag(this, $"tag_{key.ToLowerInvariant()}", new CeCostAllocationTagConfig { TagKey = key, Status = "Active" });
        }
    }

    /// <summary>The budget's name (a token).</summary>
    public string BudgetName { get; }
}
