using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Ecolaura.Tf.Policies;

/// <summary>A synthesized stack as the rules see it: resources by type with addresses, references and provider regions.</summary>
public sealed partial class StackDocument
{
    /// <summary>Wraps one parsed <c>cdk.tf.json</c>.</summary>
    /// <param name="stackId">The stack id, <c>&lt;environment&gt;-&lt;workspace&gt;</c>.</param>
    /// <param name="root">The parsed JSON.</param>
    /// <param name="tier">The environment's tier; default: the tier of the embedded environment of that name.</param>
    /// <exception cref="ArgumentException">No tier was given and the environment is not one of the embedded ones.</exception>
    public StackDocument(string stackId, JsonObject root, EnvironmentTier? tier = null)
    {
        StackId = stackId;
        Root = root;
        (Environment, Workspace) = NameExtensions.ParseStackId(stackId);
        Tier = tier ?? DefaultEnvironments.All.FirstOrDefault(e => e.Name == Environment)?.Tier
            ?? throw new ArgumentException($"{stackId}: the tier of environment '{Environment}' is needed", nameof(tier));
    }

    /// <summary>e.g. prod-data.</summary>
    public string StackId { get; }

    /// <summary>The environment of the stack.</summary>
    public string Environment { get; }

    /// <summary>The reliability tier of the stack's environment.</summary>
    public EnvironmentTier Tier { get; }

    /// <summary>The reliability floors the stack must meet (the same table the configuration validators read).</summary>
    public ReliabilityFloors Floors => ReliabilityFloors.For(Tier);

    /// <summary>The workspace of the stack.</summary>
    public Workspace Workspace { get; }

    /// <summary>The whole document.</summary>
    public JsonObject Root { get; }

    /// <summary>
    /// The other stacks of the same environment evaluated in the same run (<see cref="PolicyPack.Evaluate"/> sets them),
    /// for the few rules that compare workspaces, e.g. the DR VPC's range against every other VPC of the environment.
    /// </summary>
    /// <remarks>Default: none (a stack evaluated alone).</remarks>
    public IReadOnlyList<StackDocument> Siblings { get; internal set; } = [];

    /// <summary>Every resource of <paramref name="type"/>.</summary>
    public IEnumerable<TfResource> Resources(string type) =>
        (Root["resource"]?[type] as JsonObject ?? []).Select(p => new TfResource(type, p.Key, p.Value!.AsObject()));

    /// <summary>Every resource of every type.</summary>
    public IEnumerable<TfResource> AllResources() =>
        (Root["resource"] as JsonObject ?? []).SelectMany(t => Resources(t.Key));

    /// <summary>The resource a <c>${type.name.attr}</c> expression points at, or null.</summary>
    public TfResource? Referenced(string? expression)
    {
        if (expression is null)
        {
            return null;
        }

        var match = Reference().Match(expression);
        return match.Success ? Resources(match.Groups[1].Value).FirstOrDefault(r => r.Name == match.Groups[2].Value) : null;
    }

    /// <summary>True when <paramref name="expression"/> references <paramref name="resource"/>.</summary>
    public static bool Refers(string? expression, TfResource resource) =>
        expression is not null && expression.Contains($"{resource.Type}.{resource.Name}.", StringComparison.Ordinal);

    /// <summary>Region of the provider a resource uses (its alias, or the default provider).</summary>
    public string? RegionOf(TfResource resource)
    {
        var alias = resource.Str("provider")?.Split('.').ElementAtOrDefault(1);
        return (Root["provider"]?["aws"] as JsonArray ?? [])
            .FirstOrDefault(p => p?["alias"]?.GetValue<string>() == alias)?["region"]?.GetValue<string>();
    }

    /// <summary>Resources of <paramref name="type"/> whose <paramref name="attribute"/> references <paramref name="target"/>.</summary>
    public IEnumerable<TfResource> Pointing(string type, string attribute, TfResource target) =>
        Resources(type).Where(r => Refers(r.Str(attribute), target));

    [GeneratedRegex(@"\$\{([a-z0-9_]+)\.([A-Za-z0-9_-]+)\.")]
    private static partial Regex Reference();
}

/// <summary>One resource block.</summary>
/// <param name="Type">Resource type, e.g. aws_s3_bucket.</param>
/// <param name="Name">Resource name.</param>
/// <param name="Body">Its JSON.</param>
public sealed record TfResource(string Type, string Name, JsonObject Body)
{
    /// <summary>type.name.</summary>
    public string Address => $"{Type}.{Name}";

    /// <summary>Construct path from the metadata, or the address.</summary>
    public string ConstructPath => Body["//"]?["metadata"]?["path"]?.GetValue<string>() ?? Address;

    /// <summary>A string attribute (or the JSON text of a non-string), null when absent.</summary>
    public string? Str(string key) => Value(Body, key);

    /// <summary>A literal boolean; null when absent or an unresolved expression.</summary>
    public bool? Bool(string key) => Body[key] is JsonValue v && v.TryGetValue<bool>(out var b) ? b
        : Body[key] is JsonValue s && s.TryGetValue<string>(out var text) && bool.TryParse(text, out var parsed) ? parsed : null;

    /// <summary>A literal number; null when absent or an unresolved expression.</summary>
    public double? Num(string key) => Number(Body[key]);

    /// <summary>True only for a literal boolean true (or the string "true").</summary>
    public static bool IsTrue(JsonNode? node) => node is JsonValue v && (v.TryGetValue<bool>(out var b) ? b : v.TryGetValue<string>(out var s) && s == "true");

    /// <summary>A literal number node (however it was created), or null.</summary>
    public static double? Number(JsonNode? node) => node is not JsonValue v ? null
        : v.TryGetValue<double>(out var d) ? d
        : v.TryGetValue<int>(out var i) ? i
        : v.TryGetValue<long>(out var l) ? l
        : null;

    /// <summary>A nested block written as an object or a one-element array.</summary>
    public JsonNode? Block(string key) => Body[key] is JsonArray a ? a.FirstOrDefault() : Body[key];

    /// <summary>All blocks of a repeated nested block.</summary>
    public IReadOnlyList<JsonNode> Blocks(string key) => Body[key] switch
    {
        JsonArray a => a.OfType<JsonNode>().ToArray(),
        JsonObject o => [o],
        _ => [],
    };

    /// <summary>String list attribute (empty when absent).</summary>
    public IReadOnlyList<string> List(string key) => Body[key] is JsonArray a ? a.Select(n => Value(n)!).ToArray() : [];

    /// <summary><c>lifecycle.prevent_destroy</c>.</summary>
    public bool PreventDestroy => Body["lifecycle"]?["prevent_destroy"] is JsonValue v && v.TryGetValue<bool>(out var b) && b;

    /// <summary>Shows an attribute for a message.</summary>
    public string Show(string key) => Body[key]?.ToJsonString() ?? "absent";

    /// <summary>A violation at this resource.</summary>
    public Violation Violation(string found, string fix) => new(Address, ConstructPath, found, fix);

    /// <summary>The JSON text or string value of a node.</summary>
    public static string? Value(JsonNode? node, string key) => Value(node?[key]);

    /// <summary>The string value of a node, or its JSON text.</summary>
    public static string? Value(JsonNode? node) =>
        node is null ? null : node is JsonValue v && v.TryGetValue<string>(out var s) ? s : node.ToJsonString();
}
