using System.Text.Json.Nodes;

namespace Ecolaura.Tf.App.Delivery;

/// <summary>
/// The stacks of a synthesized output and their dependencies, read from <c>cdktf.out/manifest.json</c>
/// (<c>stacks.&lt;id&gt;.dependencies</c>, written from each consumer's <c>terraform_remote_state</c> reads), so a new
/// workspace or environment is picked up without any list in the code.
/// </summary>
public sealed class StackGraph
{
    private readonly Dictionary<string, IReadOnlyList<string>> _dependencies;

    private StackGraph(string outdir, Dictionary<string, IReadOnlyList<string>> dependencies)
    {
        Outdir = outdir;
        _dependencies = dependencies;
        InDependencyOrder = DependencyOrder(dependencies);
    }

    /// <summary>The synthesized output folder (the one holding <c>manifest.json</c>).</summary>
    public string Outdir { get; }

    /// <summary>Every stack id, producers before consumers; among the stacks ready at each step the first by ordinal name (so grouped by environment).</summary>
    public IReadOnlyList<string> InDependencyOrder { get; }

    /// <summary>The stacks <paramref name="stackId"/> reads (its direct producers), as the manifest lists them.</summary>
    /// <exception cref="ArgumentException">The manifest has no such stack.</exception>
    public IReadOnlyList<string> DependenciesOf(string stackId) =>
        _dependencies.TryGetValue(stackId, out var dependencies)
            ? dependencies
            : throw new ArgumentException($"the manifest has no stack '{stackId}'; it has [{string.Join(", ", InDependencyOrder)}]", nameof(stackId));

    /// <summary>The stacks that read <paramref name="stackId"/> directly.</summary>
    public IReadOnlyList<string> ConsumersOf(string stackId) =>
        InDependencyOrder.Where(id => _dependencies[id].Contains(stackId)).ToArray();

    /// <summary>The folder of a stack: <c>&lt;outdir&gt;/stacks/&lt;id&gt;</c>.</summary>
    public string StackFolder(string stackId) => Path.Combine(Outdir, "stacks", stackId);

    /// <summary>The parsed <c>cdk.tf.json</c> of a stack.</summary>
    /// <exception cref="FileNotFoundException">The stack folder has no <c>cdk.tf.json</c>.</exception>
    public JsonObject Document(string stackId) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(StackFolder(stackId), OutputFolder.StackFile)))!.AsObject();

    /// <summary>The environment of a stack id (<c>prod-network</c> → <c>prod</c>; environment names may hold hyphens).</summary>
    public static string EnvironmentOf(string stackId) => SplitStackId(stackId).Environment;

    /// <summary>The workspace id of a stack id (<c>prod-network</c> → <c>network</c>).</summary>
    public static string WorkspaceOf(string stackId) => SplitStackId(stackId).Workspace;

    /// <summary>Every environment of the manifest, in dependency order of their first stack.</summary>
    public IReadOnlyList<string> Environments => InDependencyOrder.Select(EnvironmentOf).Distinct().ToArray();

    /// <summary>Every workspace id of the manifest, in dependency order of their first stack.</summary>
    public IReadOnlyList<string> Workspaces => InDependencyOrder.Select(WorkspaceOf).Distinct().ToArray();

    /// <summary>Reads <c>&lt;outdir&gt;/manifest.json</c>.</summary>
    /// <exception cref="DeliveryException">No manifest (run <c>./ecolaura synth</c> first), or a cycle or a dependency the manifest does not list.</exception>
    public static StackGraph Load(string outdir)
    {
        var file = Path.Combine(outdir, "manifest.json");
        if (!File.Exists(file))
        {
            throw new DeliveryException($"{file} does not exist: run ./ecolaura synth first (or pass --dir with a synthesized output)");
        }

        return FromManifest(outdir, JsonNode.Parse(File.ReadAllText(file))!.AsObject());
    }

    /// <summary>The graph of a parsed manifest whose stacks live in <paramref name="outdir"/>.</summary>
    /// <exception cref="DeliveryException">A cycle or a dependency the manifest does not list.</exception>
    public static StackGraph FromManifest(string outdir, JsonObject manifest) =>
        new(outdir, (manifest["stacks"]?.AsObject() ?? []).ToDictionary(
            s => s.Key,
            s => (IReadOnlyList<string>)(s.Value?["dependencies"]?.AsArray() ?? []).Select(d => d!.GetValue<string>()).ToArray(),
            StringComparer.Ordinal));

    /// <summary>
    /// The stacks selected by environment and workspace (each empty: all), in dependency order.
    /// </summary>
    /// <exception cref="DeliveryException">An environment or workspace the manifest does not have (the message lists the ones it has).</exception>
    public IReadOnlyList<string> Select(IReadOnlyCollection<string> environments, IReadOnlyCollection<string> workspaces)
    {
        var problems = environments.Where(e => !Environments.Contains(e)).Select(e => $"--env '{e}' is not an environment of {Path.Combine(Outdir, "manifest.json")}; allowed: {string.Join(", ", Environments)}")
            .Concat(workspaces.Where(w => !Workspaces.Contains(w)).Select(w => $"--workspace '{w}' is not a workspace of {Path.Combine(Outdir, "manifest.json")}; allowed: {string.Join(", ", Workspaces)}"))
            .ToArray();
        if (problems.Length > 0)
        {
            throw new DeliveryException(string.Join("\n", problems));
        }

        return InDependencyOrder
            .Where(id => (environments.Count == 0 || environments.Contains(EnvironmentOf(id))) && (workspaces.Count == 0 || workspaces.Contains(WorkspaceOf(id))))
            .ToArray();
    }

    private static (string Environment, string Workspace) SplitStackId(string stackId)
    {
        var dash = stackId.LastIndexOf('-');
        return dash > 0 && dash < stackId.Length - 1
            ? (stackId[..dash], stackId[(dash + 1)..])
            : throw new ArgumentException($"'{stackId}' is not a stack id <environment>-<workspace>", nameof(stackId));
    }

    private static IReadOnlyList<string> DependencyOrder(Dictionary<string, IReadOnlyList<string>> dependencies)
    {
        var pending = dependencies.ToDictionary(d => d.Key, d => d.Value.ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);
        var order = new List<string>();
        var done = new HashSet<string>(StringComparer.Ordinal);
        while (pending.Count > 0)
        {
            var ready = pending.Where(s => s.Value.All(done.Contains)).Select(s => s.Key).Order(StringComparer.Ordinal).FirstOrDefault()
                ?? throw new DeliveryException($"the manifest has a dependency cycle or a missing stack among [{string.Join(", ", pending.Select(s => $"{s.Key} → {string.Join("+", s.Value)}"))}]");
            order.Add(ready);
            done.Add(ready);
            pending.Remove(ready);
        }

        return order;
    }
}

/// <summary>A delivery command cannot go on: bad input (named with what is allowed) or a missing prerequisite (named with what to do).</summary>
/// <param name="message">The whole message, one problem a line.</param>
public sealed class DeliveryException(string message) : Exception(message);
