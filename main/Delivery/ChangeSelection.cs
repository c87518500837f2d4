using System.Text.Json.Nodes;

namespace Ecolaura.Tf.App.Delivery;

/// <summary>One synthesized output as <see cref="ChangeSelection"/> compares it.</summary>
/// <param name="Manifest">The parsed <c>manifest.json</c> (<c>stacks.&lt;id&gt;.dependencies</c>).</param>
/// <param name="Stacks">Each stack's parsed <c>cdk.tf.json</c>, by stack id.</param>
/// <param name="LockFiles">Each stack's <c>.terraform.lock.hcl</c> text, by stack id (absent: the stack has none).</param>
public sealed record SynthSnapshot(JsonObject Manifest, IReadOnlyDictionary<string, JsonObject> Stacks, IReadOnlyDictionary<string, string> LockFiles);

/// <summary>Whether one stack of the working tree's synth is planned, and why.</summary>
/// <param name="Id">The stack id, e.g. <c>prod-network</c>.</param>
/// <param name="Selected">True: plan it; false: it is reported as unchanged.</param>
/// <param name="Reason">One line, e.g. <c>its Terraform JSON changed: resource.aws_subnet.vpc_data_us-east-1a</c> or <c>unchanged</c>.</param>
public sealed record StackSelection(string Id, bool Selected, string Reason);

/// <summary>
/// Which stacks a change affects, judged from two synthesized outputs (the base ref's and the working tree's) and
/// nothing else: pure, no files, no git, no terraform. A stack is selected when
/// <list type="bullet">
/// <item>its normalized JSON differs from the base's (objects compared key by key whatever their order; the CDKTF
/// <c>//</c> comment blocks, which Terraform ignores, left out), or it is new;</item>
/// <item>or a stack it reads (directly or through other stacks, from the working tree's manifest) is selected and has a
/// contract output that may change and that this stack reads (<c>data.terraform_remote_state.&lt;workspace&gt;.outputs.&lt;name&gt;</c>
/// in its JSON; a state read as a whole counts as reading every output): an output block that differs, or whose
/// expression refers, directly or through other blocks of its stack, to a resource, data source, local or variable whose
/// JSON differs;</item>
/// <item>or something the JSON cannot judge changed (<see cref="Select"/>'s <c>globalChanges</c>: the Terraform
/// version file, the repository's lock files, a base whose synth failed), or any stack's <c>terraform.required_version</c>,
/// <c>terraform.required_providers</c> or lock file differs: then every stack is selected.</item>
/// </list>
/// Stacks only the base has are listed in <see cref="Result.Removed"/> (nothing to plan: their state stays until destroyed by hand).
/// </summary>
public static class ChangeSelection
{
    /// <summary>What <see cref="Select"/> decided.</summary>
    /// <param name="Stacks">Every stack of the working tree's manifest in dependency order, selected or not, with its reason.</param>
    /// <param name="Removed">Stacks of the base's manifest the working tree no longer has.</param>
    /// <param name="Everything">Why every stack was selected (null when the selection was made stack by stack).</param>
    public sealed record Result(IReadOnlyList<StackSelection> Stacks, IReadOnlyList<string> Removed, string? Everything)
    {
        /// <summary>The selected stack ids, in dependency order.</summary>
        public IReadOnlyList<string> Selected => Stacks.Where(s => s.Selected).Select(s => s.Id).ToArray();
    }

    /// <summary>How many changed block addresses a reason names before "and N more".</summary>
    public const int NamedInReason = 3;

    /// <summary>Decides which stacks of <paramref name="head"/> to plan.</summary>
    /// <param name="baseline">The base ref's synth.</param>
    /// <param name="head">The working tree's synth (its manifest gives the graph).</param>
    /// <param name="globalChanges">Changes the JSON cannot judge, one line each (e.g. <c>.terraform-version changed</c>); any selects everything.</param>
    /// <exception cref="DeliveryException">The head manifest has a cycle or an unknown dependency.</exception>
    public static Result Select(SynthSnapshot baseline, SynthSnapshot head, IReadOnlyList<string> globalChanges)
    {
        var graph = StackGraph.FromManifest(".", head.Manifest);
        var removed = (baseline.Manifest["stacks"]?.AsObject() ?? []).Select(s => s.Key).Where(id => !head.Stacks.ContainsKey(id)).Order(StringComparer.Ordinal).ToArray();

        var everything = globalChanges.ToList();
        foreach (var id in graph.InDependencyOrder)
        {
            if (!baseline.Stacks.TryGetValue(id, out var old) || !head.Stacks.TryGetValue(id, out var now))
            {
                continue;
            }

            foreach (var key in new[] { "required_version", "required_providers" })
            {
                if (!JsonNode.DeepEquals(Normalize(old["terraform"]?[key]), Normalize(now["terraform"]?[key])))
                {
                    everything.Add($"{id}: terraform.{key} changed");
                }
            }

            if (baseline.LockFiles.GetValueOrDefault(id) != head.LockFiles.GetValueOrDefault(id))
            {
                everything.Add($"{id}: its provider lock file (.terraform.lock.hcl) changed");
            }
        }

        if (everything.Count > 0)
        {
            var why = $"a change the JSON cannot judge: {string.Join("; ", everything.Take(NamedInReason))}{More(everything.Count)}";
            return new Result(graph.InDependencyOrder.Select(id => new StackSelection(id, true, why)).ToArray(), removed, why);
        }

        var reasons = new Dictionary<string, string>(StringComparer.Ordinal);
        var outputsChanged = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var id in graph.InDependencyOrder)
        {
            if (!head.Stacks.TryGetValue(id, out var now))
            {
                throw new DeliveryException($"the working tree's manifest lists {id}, but its synth has no {id}/{OutputFolder.StackFile}");
            }

            if (!baseline.Stacks.TryGetValue(id, out var old))
            {
                reasons[id] = "new stack (the base ref does not have it)";
                outputsChanged[id] = Blocks(now, "output").Keys.ToArray();
                continue;
            }

            var changed = ChangedAddresses(old, now);
            if (changed.Count > 0)
            {
                reasons[id] = $"its Terraform JSON changed: {string.Join(", ", changed.Take(NamedInReason))}{More(changed.Count)}";
                outputsChanged[id] = AffectedOutputs(old, now, changed);
            }
        }

        // Downstream, in dependency order so a consumer sees every producer's decision: a consumer is selected when it
        // reads an output that may change (any output of a producer it reads as a whole, or whose reads it names nowhere).
        var notRead = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var id in graph.InDependencyOrder.Where(id => !reasons.ContainsKey(id)))
        {
            var reads = PlannedUpstream.Reads(head.Stacks[id]);
            var producers = graph.DependenciesOf(id)
                .Where(p => outputsChanged.TryGetValue(p, out var outputs) && outputs.Count > 0)
                .Select(p => (Id: p, All: outputsChanged[p], Read: ReadOf(reads, p, outputsChanged[p])))
                .ToArray();
            var affecting = producers.Where(p => p.Read.Count > 0).ToArray();
            if (affecting.Length > 0)
            {
                reasons[id] = "reads " + string.Join("; ", affecting.Select(p => $"{p.Id}, whose outputs may change: {string.Join(", ", p.Read.Take(NamedInReason))}{More(p.Read.Count)}"));
                // Unchanged JSON, yet its outputs may pass on what it reads: its consumers are downstream too.
                outputsChanged[id] = Blocks(head.Stacks[id], "output").Keys.ToArray();
            }
            else if (producers.Length > 0)
            {
                notRead[id] = $"unchanged: its Terraform JSON is the same as the base ref's and it reads none of the outputs that may change ({string.Join("; ", producers.Select(p => $"{p.Id}: {string.Join(", ", p.All.Take(NamedInReason))}{More(p.All.Count)}"))})";
            }
        }

        return new Result(
            graph.InDependencyOrder.Select(id => reasons.TryGetValue(id, out var reason) ? new StackSelection(id, true, reason) : new StackSelection(id, false, notRead.GetValueOrDefault(id, Unchanged))).ToArray(),
            removed,
            null);
    }

    /// <summary>
    /// The outputs of <paramref name="producer"/> among <paramref name="changed"/> that a consumer reads (<paramref name="reads"/>,
    /// by remote state name, <see cref="PlannedUpstream.Reads"/>); all of them when it reads the state as a whole or the
    /// manifest lists the producer but no read names it (in doubt, plan).
    /// </summary>
    private static IReadOnlyList<string> ReadOf(IReadOnlyDictionary<string, IReadOnlySet<string>> reads, string producer, IReadOnlyList<string> changed) =>
        reads.TryGetValue(StackGraph.WorkspaceOf(producer), out var read) && !read.Contains("*")
            ? changed.Where(read.Contains).ToArray()
            : changed;

    /// <summary>The reason of a stack that is not planned.</summary>
    public const string Unchanged = "unchanged: its Terraform JSON is the same as the base ref's and no stack it reads has changed outputs";

    /// <summary>
    /// The block addresses whose normalized JSON differs between two stack documents, in ordinal order:
    /// <c>resource.&lt;type&gt;.&lt;name&gt;</c>, <c>data.&lt;type&gt;.&lt;name&gt;</c>, <c>output.&lt;name&gt;</c>,
    /// <c>locals.&lt;name&gt;</c>, <c>variable.&lt;name&gt;</c>, <c>provider.&lt;name&gt;</c>, <c>moved</c>, … (any other top-level key by itself).
    /// </summary>
    public static IReadOnlyList<string> ChangedAddresses(JsonObject baseline, JsonObject head)
    {
        var a = Addressed(baseline);
        var b = Addressed(head);
        return a.Keys.Union(b.Keys)
            .Where(k => !a.TryGetValue(k, out var x) || !b.TryGetValue(k, out var y) || !JsonNode.DeepEquals(x, y))
            .Order(StringComparer.Ordinal)
            .ToArray();
    }

    /// <summary>A copy of <paramref name="node"/> with object keys in ordinal order and every <c>//</c> key (CDKTF metadata, ignored by Terraform) removed.</summary>
    public static JsonNode? Normalize(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.Where(p => p.Key != "//").OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, Normalize(p.Value)))),
        JsonArray a => new JsonArray(a.Select(Normalize).ToArray()),
        null => null,
        _ => node.DeepClone(),
    };

    private static string More(int count) => count > NamedInReason ? $" and {count - NamedInReason} more" : "";

    /// <summary>The outputs of <paramref name="head"/> that differ or refer, through the stack's blocks, to a changed one.</summary>
    private static IReadOnlyList<string> AffectedOutputs(JsonObject baseline, JsonObject head, IReadOnlyList<string> changed)
    {
        var blocks = Addressed(head).Select(b => (Reference: Reference(b.Key), Text: b.Value?.ToJsonString() ?? ""))
            .Where(b => b.Reference.Length > 0)
            .ToDictionary(b => b.Reference, b => b.Text, StringComparer.Ordinal);
        var affected = changed.Select(Reference).ToHashSet(StringComparer.Ordinal);
        for (var grew = true; grew;)
        {
            grew = false;
            foreach (var (reference, text) in blocks)
            {
                if (!affected.Contains(reference) && affected.Any(a => a.Length > 0 && Refers(text, a)))
                {
                    affected.Add(reference);
                    grew = true;
                }
            }
        }

        var oldOutputs = Blocks(baseline, "output");
        return Blocks(head, "output")
            .Where(o => !oldOutputs.TryGetValue(o.Key, out var old) || !JsonNode.DeepEquals(Normalize(old), Normalize(o.Value))
                || affected.Any(a => a.Length > 0 && Refers(o.Value!.ToJsonString(), a)))
            .Select(o => o.Key)
            .Concat(oldOutputs.Keys.Where(k => Blocks(head, "output").ContainsKey(k) is false))
            .Order(StringComparer.Ordinal)
            .ToArray();
    }

    /// <summary>How an expression names a block address: <c>resource.aws_vpc.main</c> → <c>aws_vpc.main</c>, <c>locals.x</c> → <c>local.x</c>, <c>variable.x</c> → <c>var.x</c>; "" for blocks no expression names.</summary>
    private static string Reference(string address) => address.Split('.', 2) switch
    {
        ["resource", var rest] => rest,
        ["data", var rest] => $"data.{rest}",
        ["locals", var rest] => $"local.{rest}",
        ["variable", var rest] => $"var.{rest}",
        _ => "",
    };

    /// <summary>Whether <paramref name="text"/> names <paramref name="reference"/> as a whole (not as the tail of <c>data.&lt;reference&gt;</c> or part of a longer name).</summary>
    private static bool Refers(string text, string reference)
    {
        for (var at = text.IndexOf(reference, StringComparison.Ordinal); at >= 0; at = text.IndexOf(reference, at + 1, StringComparison.Ordinal))
        {
            var before = at == 0 ? ' ' : text[at - 1];
            var after = at + reference.Length < text.Length ? text[at + reference.Length] : ' ';
            if (!IsNameChar(before) && before != '.' && !IsNameChar(after))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '-';

    private static Dictionary<string, JsonNode?> Blocks(JsonObject stack, string kind) =>
        (stack[kind] as JsonObject ?? []).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);

    /// <summary>The normalized blocks of a stack by address (see <see cref="ChangedAddresses"/>).</summary>
    private static Dictionary<string, JsonNode?> Addressed(JsonObject stack)
    {
        var blocks = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var (key, value) in stack)
        {
            if (key == "//")
            {
                continue;
            }

            switch (key, value)
            {
                case ("resource" or "data", JsonObject types):
                    foreach (var (type, named) in types)
                    {
                        foreach (var (name, body) in named as JsonObject ?? [])
                        {
                            blocks[$"{key}.{type}.{name}"] = Normalize(body);
                        }
                    }

                    break;
                case ("output" or "locals" or "variable" or "provider" or "module", JsonObject named):
                    foreach (var (name, body) in named)
                    {
                        blocks[$"{key}.{name}"] = Normalize(body);
                    }

                    break;
                default:
                    blocks[key] = Normalize(value);
                    break;
            }
        }

        return blocks;
    }
}
