using System.Text;
using System.Text.Json.Nodes;

namespace Ecolaura.Tf.Shared;

/// <summary>
/// The golden list of resource addresses: one file per stack (<c>docs/addresses/&lt;stack&gt;.txt</c>), one address per
/// line, sorted. <c>./ecolaura addresses</c> rewrites it and a test fails while it is stale, so every rename shows up in
/// review, where it needs a <c>moved</c> block once anything has been applied.
/// </summary>
public static class AddressList
{
    /// <summary>The folder of the committed lists, relative to the repository root.</summary>
    public const string Folder = "docs/addresses";

    /// <summary>Every resource and data-source address of one synthesized stack, sorted ordinally.</summary>
    public static IReadOnlyList<string> Of(JsonObject stack)
    {
        var addresses = new List<string>();
        foreach (var (block, prefix) in new[] { ("resource", ""), ("data", "data.") })
        {
            foreach (var (type, named) in stack[block]?.AsObject() ?? [])
            {
                addresses.AddRange(named!.AsObject().Select(r => $"{prefix}{type}.{r.Key}"));
            }
        }

        addresses.Sort(StringComparer.Ordinal);
        return addresses;
    }

    /// <summary>The text of one stack's list.</summary>
    public static string Render(JsonObject stack)
    {
        var text = new StringBuilder();
        foreach (var address in Of(stack))
        {
            text.Append(address).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>Rewrites <paramref name="folder"/> from the stacks of <paramref name="outdir"/> (a synthesized cdktf.out); returns the stack count.</summary>
    public static int Write(string outdir, string folder)
    {
        if (Directory.Exists(folder))
        {
            foreach (var stale in Directory.GetFiles(folder, "*.txt"))
            {
                File.Delete(stale);
            }
        }

        Directory.CreateDirectory(folder);
        var stacks = Directory.GetDirectories(Path.Combine(outdir, "stacks")).Order(StringComparer.Ordinal).ToArray();
        foreach (var dir in stacks)
        {
            var json = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "cdk.tf.json")))!.AsObject();
            File.WriteAllText(Path.Combine(folder, $"{Path.GetFileName(dir)}.txt"), Render(json));
        }

        return stacks.Length;
    }
}
