using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Ecolaura.Tf.Shared;

/// <summary>
/// Gives every resource and data source the address of its construct path below the stack
/// (<c>aws_subnet.vpc_app_us-east-1a</c>) instead of CDKTF's hashed form (<c>aws_subnet.vpc_app_us-east-1a_AD06AC18</c>),
/// so plans read well in review, and fails on a collision instead of hashing.
/// </summary>
/// <remarks>
/// Done on the synthesized JSON rather than through <c>TerraformStack.allocateLogicalId</c>: overriding that method
/// makes jsii call back into .NET once per element, which measured about 1 s of a 8 s synth. Renaming or moving a
/// construct changes its address; add a <c>moved</c> block when you do.
/// </remarks>
public static partial class ReadableAddresses
{
    /// <summary>Rewrites one <c>cdk.tf.json</c> in place.</summary>
    public static void Rewrite(string file, string stackId)
    {
        var root = JsonNode.Parse(File.ReadAllText(file))!.AsObject();
        var renames = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (block, prefix) in new[] { ("resource", ""), ("data", "data.") })
        {
            foreach (var (type, resources) in root[block]?.AsObject() ?? [])
            {
                var named = resources!.AsObject();
                var taken = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var (name, body) in named.ToArray())
                {
                    // Elements without metadata (terraform_remote_state) are stack children named as written.
                    var path = body?["//"]?["metadata"]?["path"]?.GetValue<string>() ?? $"{stackId}/{name}";
                    var readable = Readable(path, stackId);
                    if (taken.TryGetValue(readable, out var other))
                    {
                        throw new InvalidOperationException($"{stackId}: {path} and {other} would both be {prefix}{type}.{readable}; rename one construct");
                    }

                    taken[readable] = path;
                    if (readable == name)
                    {
                        continue;
                    }

                    renames[$"{prefix}{type}.{name}"] = $"{prefix}{type}.{readable}";
                    named.Remove(name);
                    body!["//"]!["metadata"]!["uniqueId"] = readable;
                    named[readable] = body;
                }
            }
        }

        if (renames.Count > 0)
        {
            Replace(root, renames);
        }

        File.WriteAllText(file, root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    /// <summary>The construct path below the stack, joined with '_' (CDKTF's dropped ids Resource/Default skipped).</summary>
    public static string Readable(string path, string stackId)
    {
        var parts = path.Split('/').SkipWhile(p => p != stackId).Skip(1).Where(p => p is not ("Resource" or "Default"));
        return UnsafeChars().Replace(string.Join("_", parts), "_");
    }

    private static void Replace(JsonNode node, IReadOnlyDictionary<string, string> renames)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj.ToArray())
                {
                    if (child is JsonValue value && value.TryGetValue<string>(out var text))
                    {
                        obj[key] = Rewritten(text, renames);
                    }
                    else if (child is not null)
                    {
                        Replace(child, renames);
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is JsonValue value && value.TryGetValue<string>(out var text))
                    {
                        array[i] = Rewritten(text, renames);
                    }
                    else if (array[i] is { } child)
                    {
                        Replace(child, renames);
                    }
                }

                break;
        }
    }

    private static string Rewritten(string text, IReadOnlyDictionary<string, string> renames) =>
        text.Contains('.') ? Address().Replace(text, m => renames.TryGetValue(m.Value, out var to) ? to : m.Value) : text;

    [GeneratedRegex(@"(?<![A-Za-z0-9_.-])(?:data\.)?[a-z0-9_]+\.[A-Za-z0-9_-]+")]
    private static partial Regex Address();

    [GeneratedRegex("[^A-Za-z0-9_-]")]
    private static partial Regex UnsafeChars();
}
