using System.Text.Json.Nodes;

namespace Ecolaura.Tf.App.Delivery;

/// <summary>
/// What one saved plan does, counted from Terraform's JSON plan format (<c>terraform show -json PLAN</c>,
/// format_version 1.x; https://developer.hashicorp.com/terraform/internals/json-format, checked 2026-12-01).
/// </summary>
/// <param name="Add">Resource instances created (<c>["create"]</c>).</param>
/// <param name="Change">Updated in place (<c>["update"]</c>).</param>
/// <param name="Destroy">Deleted (<c>["delete"]</c>) or removed from state without being destroyed (<c>["forget"]</c>).</param>
/// <param name="Replace">Replaced (<c>["delete","create"]</c> or <c>["create","delete"]</c>).</param>
/// <param name="Drift">Objects changed outside Terraform since the last apply (<c>resource_drift</c>).</param>
/// <param name="Outputs">Root outputs whose value changes (<c>output_changes</c> other than no-op).</param>
public sealed record PlanSummary(int Add, int Change, int Destroy, int Replace, int Drift, int Outputs)
{
    /// <summary>Whether the plan changes any resource or output.</summary>
    public bool HasChanges => Add + Change + Destroy + Replace + Outputs > 0;

    /// <summary>Counts the changes of a JSON plan.</summary>
    public static PlanSummary From(JsonObject plan)
    {
        int add = 0, change = 0, destroy = 0, replace = 0;
        foreach (var resource in ResourceChanges(plan))
        {
            switch (Kind(resource))
            {
                case ChangeKind.Add: add++; break;
                case ChangeKind.Change: change++; break;
                case ChangeKind.Destroy: destroy++; break;
                case ChangeKind.Replace: replace++; break;
            }
        }

        var drift = plan["resource_drift"]?.AsArray().Count ?? 0;
        var outputs = (plan["output_changes"]?.AsObject() ?? []).Count(o => Actions(o.Value?["actions"]) is not ["no-op"]);
        return new PlanSummary(add, change, destroy, replace, drift, outputs);
    }

    /// <summary>The plan's <c>resource_changes</c> (managed resources and data reads).</summary>
    public static IEnumerable<JsonObject> ResourceChanges(JsonObject plan) =>
        plan["resource_changes"]?.AsArray().OfType<JsonObject>() ?? [];

    /// <summary>What a <c>resource_changes</c> entry does to its resource instance.</summary>
    public static ChangeKind Kind(JsonObject resourceChange) => Actions(resourceChange["change"]?["actions"]) switch
    {
        ["create"] => ChangeKind.Add,
        ["update"] => ChangeKind.Change,
        ["delete"] or ["forget"] => ChangeKind.Destroy,
        ["delete", "create"] or ["create", "delete"] => ChangeKind.Replace,
        _ => ChangeKind.None,
    };

    /// <summary>The <c>actions</c> list of a change.</summary>
    public static string[] Actions(JsonNode? actions) =>
        actions?.AsArray().Select(a => a!.GetValue<string>()).ToArray() ?? [];

    /// <summary>Terraform's own phrasing plus the replacements, e.g. <c>3 to add, 1 to change, 0 to destroy, 1 to replace</c>.</summary>
    public override string ToString() => $"{Add} to add, {Change} to change, {Destroy} to destroy, {Replace} to replace";
}

/// <summary>What a resource change does (<see cref="PlanSummary.Kind"/>).</summary>
public enum ChangeKind
{
    /// <summary>No change (<c>no-op</c>) or a data source read.</summary>
    None,

    /// <summary>Created.</summary>
    Add,

    /// <summary>Updated in place.</summary>
    Change,

    /// <summary>Destroyed (or forgotten).</summary>
    Destroy,

    /// <summary>Destroyed and created again.</summary>
    Replace,
}
