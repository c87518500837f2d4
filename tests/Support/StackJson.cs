using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ecolaura.Tf.Tests.Support;

/// <summary>One synthesized stack with lookups that fail with the JSON in the message.</summary>
public sealed class StackJson(string id, JsonObject root)
{
    private static readonly JsonSerializerOptions Pretty = new() { WriteIndented = true };

    /// <summary>The stack id, e.g. prod-network.</summary>
    public string Id { get; } = id;

    /// <summary>The whole document.</summary>
    public JsonObject Root { get; } = root;

    /// <summary>
    /// An independent copy (<see cref="JsonNode"/> trees are not safe to read from two threads: they parse lazily), for
    /// work that runs beside the caller's (<see cref="TerraformRuns"/>).
    /// </summary>
    public StackJson Copy() => new(Id, Root.DeepClone().AsObject());

    /// <summary>Every resource of <paramref name="type"/>, by name (empty when none).</summary>
    public IReadOnlyDictionary<string, JsonObject> Resources(string type) =>
        Root["resource"]?[type]?.AsObject().ToDictionary(p => p.Key, p => p.Value!.AsObject()) ?? [];

    /// <summary>The single resource <paramref name="type"/>.<paramref name="name"/>; fails listing what exists.</summary>
    public JsonObject Resource(string type, string name)
    {
        var all = Resources(type);
        return all.TryGetValue(name, out var r)
            ? r
            : throw new AssertionException($"{Id}: no {type}.{name}; have [{string.Join(", ", all.Keys)}]");
    }

    /// <summary>The only resource of <paramref name="type"/>; fails when there are none or several.</summary>
    public JsonObject Single(string type)
    {
        var all = Resources(type);
        return all.Count == 1
            ? all.Values.First()
            : throw new AssertionException($"{Id}: expected exactly one {type}, found [{string.Join(", ", all.Keys)}]");
    }

    /// <summary>The Terraform address of a resource object of this stack.</summary>
    public string AddressOf(string type, JsonObject resource) =>
        $"{type}.{Resources(type).First(r => ReferenceEquals(r.Value, resource)).Key}";

    /// <summary><c>${type.name.attr}</c> for a resource of this stack, to compare with references.</summary>
    public string Ref(string type, string name, string attribute = "id") => $"${{{type}.{name}.{attribute}}}";

    /// <summary>The name of the resource a <c>${type.name.attr}</c> reference points at.</summary>
    public static string ReferencedName(JsonNode? reference)
    {
        var text = reference?.GetValue<string>() ?? "";
        var parts = text.TrimStart('$', '{').TrimEnd('}').Split('.');
        return parts.Length >= 2 ? parts[1] : throw new AssertionException($"'{text}' is not a resource reference");
    }

    /// <summary>Pretty JSON of a node, for failure messages.</summary>
    public static string Show(JsonNode? node) => node?.ToJsonString(Pretty) ?? "null";

    /// <summary>Parses an embedded JSON document (policies are strings in the Terraform JSON).</summary>
    public static JsonObject Document(JsonNode? policy) =>
        JsonNode.Parse(policy?.GetValue<string>() ?? throw new AssertionException("policy missing"))!.AsObject();
}
