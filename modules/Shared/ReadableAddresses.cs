using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Ecolaura.Tf.Shared;

/// <summary>
/// Gives every resource and data source the address of its construct path below the stack
/// (<c>aws_subnet.vpc_app_us-east-1a</c>) instead of CDKTF's hashed form (<c>aws_subnet.vpc_app_us-east-1a_AD06AC18</c>),
/// without stutter: trailing words that repeat the resource type are dropped (<c>aws_kms_key.s3_key_key</c> reads
/// <c>aws_kms_key.s3</c>, <c>aws_db_instance.postgres_instance</c> reads <c>aws_db_instance.postgres</c>), so plans read
/// well in review. A collision fails the synth instead of hashing.
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
                    var readable = Readable(path, stackId, type);
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

    /// <summary>
    /// The construct path below the stack, joined with '_' (CDKTF's dropped ids Resource/Default skipped), less the
    /// trailing words that repeat the end of <paramref name="type"/> (at least one word always stays).
    /// </summary>
    /// <param name="path">The construct path, e.g. <c>prod-data/s3_key/key</c>.</param>
    /// <param name="stackId">The stack id, e.g. <c>prod-data</c>.</param>
    /// <param name="type">The resource type, e.g. <c>aws_kms_key</c>.</param>
    public static string Readable(string path, string stackId, string type)
    {
        var parts = path.Split('/').SkipWhile(p => p != stackId).Skip(1).Where(p => p is not ("Resource" or "Default"));
        var words = UnsafeChars().Replace(string.Join("_", parts), "_").Split('_').ToList();
        var typeWords = type.Split('_').Skip(1).ToArray();
        for (var stripped = true; stripped;)
        {
            stripped = false;
            for (var n = typeWords.Length; n >= 1; n--)
            {
                if (words.Count > n && words.TakeLast(n).SequenceEqual(typeWords.TakeLast(n), StringComparer.Ordinal))
                {
                    words.RemoveRange(words.Count - n, n);
                    stripped = true;
                    break;
                }
            }
        }

        return string.Join("_", words);
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
