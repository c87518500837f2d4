using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Ecolaura.Tf.Tests.Support;

/// <summary>
/// Reads a <c>helm_release</c>'s YAML values back with YamlDotNet as JSON nodes, typed the way Helm reads them (YAML 1.2
/// core schema): plain <c>true</c>/<c>false</c> are booleans, plain integers numbers, plain <c>null</c>/<c>~</c> null,
/// and quoted scalars strings. Tests then assert on the tree Helm will see.
/// </summary>
public static class HelmYaml
{
    /// <summary>Parses one YAML document into a JSON object.</summary>
    /// <exception cref="AssertionException">The text is not one YAML mapping.</exception>
    public static JsonObject Parse(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        Assert.That(stream.Documents, Has.Count.EqualTo(1), $"one YAML document:\n{yaml}");
        return Convert(stream.Documents[0].RootNode) as JsonObject ?? throw new AssertionException($"values are not a mapping:\n{yaml}");
    }

    /// <summary>The values of <paramref name="release"/> (a <c>helm_release</c> object): exactly one document.</summary>
    public static JsonObject Values(JsonObject release)
    {
        var values = release["values"]?.AsArray() ?? throw new AssertionException($"release without values: {StackJson.Show(release)}");
        Assert.That(values, Has.Count.EqualTo(1), "one values document per release");
        return Parse(values[0]!.GetValue<string>());
    }

    private static JsonNode? Convert(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(c => KeyValuePair.Create(((YamlScalarNode)c.Key).Value!, Convert(c.Value)))),
        YamlSequenceNode list => new JsonArray(list.Children.Select(Convert).ToArray()),
        YamlScalarNode { Style: ScalarStyle.Plain } plain => Plain(plain.Value ?? ""),
        YamlScalarNode quoted => JsonValue.Create(quoted.Value),
        _ => throw new AssertionException($"unexpected YAML node {node.NodeType}"),
    };

    private static JsonNode? Plain(string text) => text switch
    {
        "true" => JsonValue.Create(true),
        "false" => JsonValue.Create(false),
        "null" or "~" or "" => null,
        _ when long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) => JsonValue.Create(n),
        _ => JsonValue.Create(text),
    };
}
