using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Ecolaura.Tf.App.Delivery;

/// <summary>
/// Writes a synthesized stack (Terraform JSON, https://developer.hashicorp.com/terraform/language/syntax/json, checked
/// 2026-12-01) as Terraform native syntax (HCL), so the configuration can be read, reviewed, or kept without CDKTF.
/// </summary>
/// <remarks>
/// <para>JSON cannot say whether an object is a nested block or an object-typed argument; the provider schemas
/// (<c>terraform providers schema -json</c>, <see cref="ProviderSchemas"/>) decide for resources, data sources and
/// provider blocks; Terraform's own blocks (<c>terraform</c>, <c>backend</c>, <c>lifecycle</c>, <c>variable</c>,
/// <c>validation</c>, <c>moved</c>, …) are known here.</para>
/// <para>Strings keep their template meaning: a string that is exactly one <c>${…}</c> interpolation becomes the bare
/// expression; any other string is written quoted with its <c>${…}</c> templates intact. Meta-arguments that are
/// references in JSON (<c>provider</c>, <c>depends_on</c>, <c>ignore_changes</c>, <c>replace_triggered_by</c>,
/// <c>moved</c>'s <c>from</c>/<c>to</c>, a variable's <c>type</c>) are written bare.</para>
/// </remarks>
public sealed partial class HclWriter(ProviderSchemas schemas)
{
    private readonly StringBuilder _out = new();

    /// <summary>The HCL of one stack document.</summary>
    /// <exception cref="DeliveryException">A resource or data source whose type no loaded provider schema has.</exception>
    public static string Write(JsonObject stack, ProviderSchemas schemas)
    {
        var writer = new HclWriter(schemas);
        writer.Document(stack);
        return writer._out.ToString();
    }

    private void Document(JsonObject stack)
    {
        foreach (var (section, value) in stack)
        {
            switch (section)
            {
                case "//":
                    break;
                case "terraform":
                    Block("terraform", [], value!.AsObject(), 0, TerraformBlock);
                    break;
                case "provider":
                    foreach (var (name, configs) in value!.AsObject())
                    {
                        foreach (var config in Items(configs))
                        {
                            Block("provider", [name], config, 0, schemas.Provider(name));
                        }
                    }

                    break;
                case "resource" or "data":
                    foreach (var (type, byName) in value!.AsObject())
                    {
                        var schema = section == "resource" ? schemas.Resource(type) : schemas.DataSource(type);
                        foreach (var (name, config) in byName!.AsObject())
                        {
                            Block(section, [type, name], config!.AsObject(), 0, WithMeta(schema));
                        }
                    }

                    break;
                case "variable":
                    foreach (var (name, config) in value!.AsObject())
                    {
                        Block("variable", [name], config!.AsObject(), 0, VariableBlock);
                    }

                    break;
                case "output":
                    foreach (var (name, config) in value!.AsObject())
                    {
                        Block("output", [name], config!.AsObject(), 0, OutputBlock);
                    }

                    break;
                case "locals":
                    foreach (var locals in Items(value))
                    {
                        Block("locals", [], locals, 0, BlockSchema.Attributes);
                    }

                    break;
                case "moved" or "import" or "removed" or "check":
                    foreach (var item in Items(value))
                    {
                        Block(section, [], item, 0, section == "check" ? CheckBlock : ReferenceArguments("from", "to", "to_", "provider"));
                    }

                    break;
                default:
                    throw new DeliveryException($"the stack has a top-level '{section}' the HCL writer does not know");
            }
        }
    }

    private void Block(string type, IReadOnlyList<string> labels, JsonObject body, int depth, BlockSchema schema)
    {
        var indent = new string(' ', depth * 2);
        _out.Append(indent).Append(type);
        foreach (var label in labels)
        {
            _out.Append(' ').Append(Quoted(label));
        }

        _out.Append(" {\n");
        var attributes = body.Where(p => p.Key != "//" && !schema.IsBlock(p.Key, p.Value)).ToArray();
        var width = attributes.Length == 0 ? 0 : attributes.Max(a => Key(a.Key).Length);
        foreach (var (name, value) in attributes)
        {
            _out.Append(indent).Append("  ").Append(Key(name).PadRight(width)).Append(" = ");
            _out.Append(schema.IsReference(name) ? References(value) : Expression(value, depth + 1)).Append('\n');
        }

        foreach (var (name, value) in body.Where(p => p.Key != "//" && schema.IsBlock(p.Key, p.Value)))
        {
            var nested = schema.Nested(name);
            if (nested.LabelCount == 1)
            {
                foreach (var (label, inner) in value!.AsObject())
                {
                    foreach (var item in Items(inner))
                    {
                        Block(name, [label], item, depth + 1, nested);
                    }
                }
            }
            else
            {
                foreach (var item in Items(value))
                {
                    Block(name, [], item, depth + 1, nested);
                }
            }
        }

        _out.Append(indent).Append("}\n");
        if (depth == 0)
        {
            _out.Append('\n');
        }
    }

    private static IEnumerable<JsonObject> Items(JsonNode? node) => node switch
    {
        JsonArray list => list.OfType<JsonObject>(),
        JsonObject single => [single],
        _ => [],
    };

    /// <summary>An expression for a JSON value: literals, lists, objects, and strings as templates or bare expressions.</summary>
    public static string Expression(JsonNode? value, int depth = 0) => value switch
    {
        null => "null",
        JsonArray list when list.Count == 0 => "[]",
        JsonArray list => "[\n" + string.Concat(list.Select(v => $"{new string(' ', (depth + 1) * 2)}{Expression(v, depth + 1)},\n")) + new string(' ', depth * 2) + "]",
        JsonObject map when map.Count == 0 => "{}",
        JsonObject map => "{\n" + string.Concat(map.Where(p => p.Key != "//").Select(p => $"{new string(' ', (depth + 1) * 2)}{Key(p.Key)} = {Expression(p.Value, depth + 1)}\n")) + new string(' ', depth * 2) + "}",
        JsonValue v when v.TryGetValue<string>(out var text) => StringExpression(text),
        JsonValue v when v.TryGetValue<bool>(out var flag) => flag ? "true" : "false",
        _ => value.ToJsonString(),
    };

    /// <summary>A string literal (a block label): always quoted, with HCL's escapes.</summary>
    private static string Quoted(string text) => "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

    /// <summary>A JSON string as HCL: the bare expression when it is exactly one interpolation, else a quoted template.</summary>
    public static string StringExpression(string text)
    {
        if (text.StartsWith("${", StringComparison.Ordinal) && ClosingBrace(text, 2) == text.Length - 1)
        {
            return text[2..^1].Trim();
        }

        var quoted = new StringBuilder("\"");
        foreach (var c in text)
        {
            quoted.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ => c.ToString(),
            });
        }

        return quoted.Append('"').ToString();
    }

    /// <summary>The index of the brace closing an interpolation whose body starts at <paramref name="start"/>, skipping nested braces and quoted strings; -1 when none.</summary>
    private static int ClosingBrace(string text, int start)
    {
        var depth = 0;
        for (var i = start; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '"':
                    for (i++; i < text.Length && text[i] != '"'; i++)
                    {
                        if (text[i] == '\\')
                        {
                            i++;
                        }
                    }

                    break;
                case '{':
                    depth++;
                    break;
                case '}' when depth == 0:
                    return i;
                case '}':
                    depth--;
                    break;
            }
        }

        return -1;
    }

    /// <summary>References (a string or a list of strings naming objects) written bare: <c>aws.dr</c>, <c>[aws_kms_key.logs]</c>.</summary>
    private static string References(JsonNode? value) => value switch
    {
        JsonArray list => "[" + string.Join(", ", list.Select(v => Bare(v!.GetValue<string>()))) + "]",
        JsonValue v when v.TryGetValue<string>(out var text) => Bare(text),
        _ => Expression(value),
    };

    private static string Bare(string text) => text.StartsWith("${", StringComparison.Ordinal) && text.EndsWith('}') ? text[2..^1].Trim() : text;

    private static string Key(string name) => Identifier().IsMatch(name) ? name : StringExpression(name);

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_-]*$")]
    private static partial Regex Identifier();

    // ---- Terraform's own block structure ----

    private static readonly BlockSchema Condition = BlockSchema.Attributes;

    private static readonly BlockSchema Lifecycle = new(
        new Dictionary<string, BlockSchema> { ["precondition"] = Condition, ["postcondition"] = Condition },
        ["ignore_changes", "replace_triggered_by"]);

    private static readonly BlockSchema TerraformBlock = new(new Dictionary<string, BlockSchema>
    {
        ["required_providers"] = BlockSchema.Attributes,
        ["backend"] = new(new Dictionary<string, BlockSchema>(), [], LabelCount: 1, LabelledInner: BlockSchema.Attributes),
        ["cloud"] = new(new Dictionary<string, BlockSchema> { ["workspaces"] = BlockSchema.Attributes }),
    });

    private static readonly BlockSchema VariableBlock = new(new Dictionary<string, BlockSchema> { ["validation"] = Condition }, ["type"]);

    private static readonly BlockSchema OutputBlock = new(new Dictionary<string, BlockSchema> { ["precondition"] = Condition }, ["depends_on"]);

    private static readonly BlockSchema CheckBlock = new(new Dictionary<string, BlockSchema> { ["assert"] = Condition });

    private static BlockSchema ReferenceArguments(params string[] names) => new(new Dictionary<string, BlockSchema>(), names);

    private static BlockSchema WithMeta(BlockSchema schema) => schema with
    {
        Blocks = new Dictionary<string, BlockSchema>(schema.Blocks) { ["lifecycle"] = Lifecycle, ["dynamic"] = new(new Dictionary<string, BlockSchema>(), [], LabelCount: 1, LabelledInner: new(new Dictionary<string, BlockSchema> { ["content"] = BlockSchema.Attributes }, ["iterator"])) },
        ReferenceNames = [.. schema.ReferenceNames, "provider", "depends_on"],
    };
}

/// <summary>
/// Which keys of a JSON body are nested blocks (with their own schema) and which arguments are references written bare.
/// </summary>
/// <param name="Blocks">Nested block types by name.</param>
/// <param name="ReferenceNames">Arguments whose JSON strings are references (written without quotes).</param>
/// <param name="LabelCount">1 when the block's JSON form is keyed by a label (<c>backend "s3"</c>, <c>dynamic "x"</c>).</param>
/// <param name="LabelledInner">The schema of each labelled body (when <paramref name="LabelCount"/> is 1).</param>
public sealed record BlockSchema(IReadOnlyDictionary<string, BlockSchema> Blocks, IReadOnlyList<string> ReferenceNames, int LabelCount = 0, BlockSchema? LabelledInner = null)
{
    /// <summary>No nested blocks: every key is an argument.</summary>
    public static BlockSchema Attributes { get; } = new(new Dictionary<string, BlockSchema>(), []);

    /// <summary>Creates a schema with only nested blocks.</summary>
    public BlockSchema(IReadOnlyDictionary<string, BlockSchema> blocks)
        : this(blocks, [])
    {
    }

    /// <summary>Whether <paramref name="name"/> is a nested block here (and its value has a block's shape).</summary>
    public bool IsBlock(string name, JsonNode? value) => Blocks.ContainsKey(name) && value is JsonObject or JsonArray;

    /// <summary>Whether <paramref name="name"/> is written as a bare reference.</summary>
    public bool IsReference(string name) => ReferenceNames.Contains(name);

    /// <summary>The schema of nested block <paramref name="name"/> (for a labelled block, of its labelled bodies, with the label count).</summary>
    public BlockSchema Nested(string name)
    {
        var nested = Blocks[name];
        return nested.LabelCount == 1 ? (nested.LabelledInner ?? Attributes) with { LabelCount = 1 } : nested;
    }
}
