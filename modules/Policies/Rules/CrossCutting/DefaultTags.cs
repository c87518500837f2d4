using System.Text.Json.Nodes;

namespace Ecolaura.Tf.Policies.Rules;

/// <summary>ECO-TAG-1: Every aws provider sets default_tags Environment, Application, Owner, CostCenter, Project, Workspace and ManagedBy</summary>
public sealed class DefaultTags : PolicyRule
{
    /// <inheritdoc />
    public override string Id => "ECO-TAG-1";

    /// <inheritdoc />
    public override Severity Severity => Severity.Error;

    /// <inheritdoc />
    public override IReadOnlyList<string> Anchors => ["AWS provider default_tags docs", "WA COST03-BP02"];

    /// <inheritdoc />
    public override string Checks => "Every aws provider sets default_tags Environment, Application, Owner, CostCenter, Project, Workspace and ManagedBy";

    /// <inheritdoc />
    public override string Why => "Cost allocation, budgets and ownership depend on them; default tags reach every taggable resource.";

    /// <inheritdoc />
    public override IEnumerable<Violation> Evaluate(StackDocument stack)
    {
        var required = new[] { "Environment", "Application", "Owner", "CostCenter", "Project", "Workspace", "ManagedBy" };
        foreach (var provider in (stack.Root["provider"]?["aws"] as JsonArray ?? []).OfType<JsonNode>())
        {
            var defaults = provider["default_tags"] is JsonArray a ? a.FirstOrDefault() : provider["default_tags"];
            var missing = required.Where(t => string.IsNullOrEmpty(TfResource.Value(defaults?["tags"], t))).ToArray();
            if (missing.Length > 0)
            {
                var alias = TfResource.Value(provider, "alias");
                yield return new Violation(alias is null ? "provider.aws" : $"provider.aws.{alias}", "provider", $"default_tags lack [{string.Join(", ", missing)}]", "configure providers only through EcolauraStack");
            }
        }
    }
}
