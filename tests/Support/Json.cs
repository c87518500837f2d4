using System.Text.Json.Nodes;

namespace Ecolaura.Tf.Tests.Support;

/// <summary>Small helpers for reading Terraform JSON values in assertions.</summary>
public static class Json
{
    /// <summary>A string value, or null.</summary>
    public static string? Str(this JsonNode? node, string key) => node?[key]?.GetValue<object>()?.ToString();

    /// <summary>A boolean value, or null when absent.</summary>
    public static bool? Bool(this JsonNode? node, string key) => node?[key] is JsonValue v && v.TryGetValue<bool>(out var b) ? b : null;

    /// <summary>A number value, or null when absent.</summary>
    public static double? Num(this JsonNode? node, string key) => node?[key] is JsonValue v && v.TryGetValue<double>(out var d) ? d : null;

    /// <summary>The elements of an array value (empty when absent).</summary>
    public static IReadOnlyList<JsonNode?> Arr(this JsonNode? node, string key) => node?[key] as JsonArray is { } a ? a.ToArray() : [];

    /// <summary>Array of strings.</summary>
    public static IReadOnlyList<string> Strs(this JsonNode? node, string key) => node.Arr(key).Select(n => n!.GetValue<string>()).ToArray();

    /// <summary>A block that CDKTF may write as an object or a one-element array.</summary>
    public static JsonNode? Block(this JsonNode? node, string key) => node?[key] switch
    {
        JsonArray { Count: > 0 } a => a[0],
        JsonArray => null,
        var other => other,
    };
}
