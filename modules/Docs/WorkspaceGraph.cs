namespace Ecolaura.Tf.Docs;

/// <summary>A producer → consumer edge of the workspace graph.</summary>
/// <param name="Producer">The stack whose state is read, e.g. <c>prod-network</c>.</param>
/// <param name="Consumer">The stack that reads it, e.g. <c>prod-edge</c>.</param>
/// <param name="Outputs">The contract outputs the consumer actually uses, sorted (empty when it only depends on the producer).</param>
public sealed record WorkspaceEdge(string Producer, string Consumer, IReadOnlyList<string> Outputs);

/// <summary>
/// The workspaces of one environment and what flows between them: the stacks and dependencies of
/// <c>cdktf.out/manifest.json</c>, each edge labelled with the outputs the consumer reads through
/// <c>terraform_remote_state</c> (found in its JSON, so an output a consumer stops using leaves the label).
/// </summary>
/// <param name="Environment">The environment.</param>
/// <param name="Stacks">Its stacks, producers first.</param>
/// <param name="Edges">Producer → consumer edges, in consumer then producer order.</param>
public sealed record WorkspaceGraph(string Environment, IReadOnlyList<AppStack> Stacks, IReadOnlyList<WorkspaceEdge> Edges)
{
    /// <summary>Builds the graph of <paramref name="environment"/>.</summary>
    /// <exception cref="InvalidOperationException">
    /// A stack reads the state of a stack that manifest.json does not list among its dependencies (Terraform would not
    /// order their applies), or the manifest names a dependency outside the environment.
    /// </exception>
    public static WorkspaceGraph Of(SynthesizedApp app, string environment)
    {
        var stacks = app.StacksOf(environment);
        var ids = stacks.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        var edges = new List<WorkspaceEdge>();
        foreach (var consumer in stacks)
        {
            var read = app.OutputsRead(consumer);
            foreach (var producer in read.Keys.Where(p => !consumer.Dependencies.Contains(p)))
            {
                throw new InvalidOperationException($"{consumer.Id} reads the state of {producer}, which manifest.json does not list as its dependency");
            }

            foreach (var dependency in consumer.Dependencies)
            {
                if (!ids.Contains(dependency))
                {
                    throw new InvalidOperationException($"{consumer.Id} depends on {dependency}, which is not a stack of {environment}");
                }
            }

            edges.AddRange(stacks.Where(p => consumer.Dependencies.Contains(p.Id))
                .Select(p => new WorkspaceEdge(p.Id, consumer.Id, read.TryGetValue(p.Id, out var outputs) ? outputs : [])));
        }

        return new WorkspaceGraph(environment, stacks, edges);
    }

    /// <summary>
    /// The graph as a Mermaid flowchart: one node per workspace (name and region), one edge per dependency labelled
    /// with the outputs read. The text names no environment, so environments with the same graph render the same text.
    /// </summary>
    public string ToMermaid()
    {
        var chart = new MermaidFlowchart("LR");
        foreach (var stack in Stacks)
        {
            chart.Node(NodeId(stack.Id), NodeShape.Box, stack.Workspace.Id(), stack.Region ?? "no AWS provider");
        }

        foreach (var edge in Edges)
        {
            chart.Edge(NodeId(edge.Producer), NodeId(edge.Consumer), EdgeStyle.Solid,
                edge.Outputs.Count > 0 ? [.. edge.Outputs] : ["(dependency only: no outputs read)"]);
        }

        return chart.ToString();
    }

    private string NodeId(string stackId) => MermaidFlowchart.Id("ws", Stacks.Single(s => s.Id == stackId).Workspace.Id());
}
