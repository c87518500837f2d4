using System.Text;
using System.Text.RegularExpressions;

namespace Ecolaura.Tf.Docs;

/// <summary>The outline of a flowchart node.</summary>
public enum NodeShape
{
    /// <summary><c>id["label"]</c>: a rectangle.</summary>
    Box,

    /// <summary><c>id[("label")]</c>: a cylinder, for data stores.</summary>
    Store,

    /// <summary><c>id(["label"])</c>: a stadium, for people and systems outside AWS.</summary>
    External,
}

/// <summary>How an edge is drawn.</summary>
public enum EdgeStyle
{
    /// <summary><c>--&gt;</c>: requests and data.</summary>
    Solid,

    /// <summary><c>-.-&gt;</c>: control relations (encryption keys, alarms, web ACLs).</summary>
    Dotted,
}

/// <summary>
/// Writes a Mermaid flowchart (https://mermaid.js.org/syntax/flowchart.html, checked 2026-12-01) in the small subset
/// GitHub renders: <c>flowchart</c> with a direction, nodes with quoted labels, nested <c>subgraph … end</c> blocks
/// and labelled edges. Ids are reduced to <c>[A-Za-z0-9_]</c>; labels are quoted, with <c>#</c>, <c>"</c>,
/// <c>&lt;</c>, <c>&gt;</c> and <c>&amp;</c> written as Mermaid entity codes and lines joined with <c>&lt;br/&gt;</c>, so no
/// text from the JSON can break the syntax.
/// </summary>
public sealed partial class MermaidFlowchart
{
    private readonly StringBuilder _text = new();
    private readonly HashSet<string> _ids = new(StringComparer.Ordinal);
    private int _depth = 1;

    /// <summary>Starts a flowchart.</summary>
    /// <param name="direction"><c>LR</c> (left to right) or <c>TB</c> (top to bottom).</param>
    /// <exception cref="ArgumentException">Another direction.</exception>
    public MermaidFlowchart(string direction)
    {
        if (direction is not ("LR" or "TB"))
        {
            throw new ArgumentException($"direction must be LR or TB, got '{direction}'", nameof(direction));
        }

        _text.Append("flowchart ").Append(direction).Append('\n');
    }

    /// <summary>A Mermaid id for <paramref name="raw"/>: every character outside <c>[A-Za-z0-9_]</c> becomes <c>_</c>, prefixed so it never is a keyword.</summary>
    public static string Id(string prefix, string raw) => $"{prefix}_{NotIdCharacter().Replace(raw, "_")}";

    /// <summary>Declares a node once; declaring the same id again is an error.</summary>
    /// <exception cref="InvalidOperationException">The id is taken.</exception>
    public void Node(string id, NodeShape shape, params string[] lines)
    {
        Declare(id);
        var label = Label(lines);
        Line(shape switch
        {
            NodeShape.Store => $"{id}[(\"{label}\")]",
            NodeShape.External => $"{id}([\"{label}\"])",
            _ => $"{id}[\"{label}\"]",
        });
    }

    /// <summary>A subgraph around whatever <paramref name="body"/> declares.</summary>
    /// <exception cref="InvalidOperationException">The id is taken.</exception>
    public void Subgraph(string id, string title, Action body)
    {
        Declare(id);
        Line($"subgraph {id}[\"{Label([title])}\"]");
        _depth++;
        body();
        _depth--;
        Line("end");
    }

    /// <summary>An edge between declared nodes or subgraphs, with an optional label.</summary>
    /// <exception cref="InvalidOperationException">Either end is not declared.</exception>
    public void Edge(string from, string to, EdgeStyle style, params string[] labelLines)
    {
        foreach (var end in new[] { from, to })
        {
            if (!_ids.Contains(end))
            {
                throw new InvalidOperationException($"edge {from} → {to}: '{end}' is not declared");
            }
        }

        var arrow = style == EdgeStyle.Dotted ? "-.->" : "-->";
        Line(labelLines.Length == 0 ? $"{from} {arrow} {to}" : $"{from} {arrow}|\"{Label(labelLines)}\"| {to}");
    }

    /// <summary>The flowchart text, ending with a newline.</summary>
    public override string ToString() => _text.ToString();

    private void Declare(string id)
    {
        if (!Regex.IsMatch(id, "^[A-Za-z][A-Za-z0-9_]*$") || !_ids.Add(id))
        {
            throw new InvalidOperationException($"Mermaid id '{id}' is malformed or declared twice");
        }
    }

    private void Line(string text) => _text.Append(' ', 2 * _depth).Append(text).Append('\n');

    private static string Label(IEnumerable<string> lines) => string.Join("<br/>", lines.Select(Escape));

    private static string Escape(string text) => text
        .Replace("#", "#35;", StringComparison.Ordinal)
        .Replace("&", "#amp;", StringComparison.Ordinal)
        .Replace("\"", "#quot;", StringComparison.Ordinal)
        .Replace("<", "#lt;", StringComparison.Ordinal)
        .Replace(">", "#gt;", StringComparison.Ordinal)
        .Replace("\n", " ", StringComparison.Ordinal);

    [GeneratedRegex("[^A-Za-z0-9_]")]
    private static partial Regex NotIdCharacter();
}
