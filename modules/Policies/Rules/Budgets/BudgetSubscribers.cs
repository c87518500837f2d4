using System.Text.Json.Nodes;

namespace Ecolaura.Tf.Policies.Rules;

/// <summary>ECO-BUD-1: The security workspace has a monthly COST budget with a positive limit; every budget notification has a subscriber</summary>
public sealed class BudgetSubscribers : PolicyRule
{
    /// <inheritdoc />
    public override string Id => "ECO-BUD-1";

    /// <inheritdoc />
    public override Severity Severity => Severity.Error;

    /// <inheritdoc />
    public override IReadOnlyList<string> Anchors => ["COST02-BP05", "COST01-BP06", "AWS Budgets best practices"];

    /// <inheritdoc />
    public override string Checks => "The security workspace has a monthly COST budget with a positive limit; every budget notification has a subscriber";

    /// <inheritdoc />
    public override string Why => "A budget nobody hears from controls nothing; each environment's account needs its spend watched.";

    /// <inheritdoc />
    public override IEnumerable<Violation> Evaluate(StackDocument stack)
    {
        var budgets = stack.Resources("aws_budgets_budget").ToArray();
        if (stack.Workspace == Workspace.Security && !budgets.Any(b => b.Str("budget_type") == "COST" && b.Str("time_unit") == "MONTHLY"))
        {
            yield return new Violation("aws_budgets_budget", stack.StackId, "no monthly COST budget in the security workspace", "add the CostControls construct");
        }

        foreach (var budget in budgets)
        {
            if (!(double.TryParse(budget.Str("limit_amount"), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var limit) && limit > 0))
            {
                yield return budget.Violation($"limit_amount = {budget.Show("limit_amount")}", "set a positive monthly limit");
            }

            var notifications = budget.Blocks("notification");
            if (notifications.Count == 0)
            {
                yield return budget.Violation("no notification", "notify the foundation's topics on forecast and actual thresholds");
            }

            foreach (var notification in notifications.Where(n => Count(n["subscriber_sns_topic_arns"]) + Count(n["subscriber_email_addresses"]) == 0))
            {
                yield return budget.Violation($"{TfResource.Value(notification, "notification_type")} notification at {TfResource.Value(notification, "threshold")} % has no subscriber", "add the alert topic as subscriber_sns_topic_arns");
            }
        }
    }

    private static int Count(JsonNode? list) => list is JsonArray a ? a.Count : 0;
}
