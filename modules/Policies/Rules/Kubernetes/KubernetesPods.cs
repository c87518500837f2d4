using System.Text.Json.Nodes;

namespace Ecolaura.Tf.Policies.Rules;

/// <summary>The pod templates of a stack's Kubernetes workload resources and their containers, for the Kubernetes rules.</summary>
public static class KubernetesPods
{
    /// <summary>The typed workload resources whose <c>spec.template.spec</c> is a pod spec.</summary>
    public static IReadOnlyList<string> WorkloadTypes { get; } =
    [
        "kubernetes_deployment_v1", "kubernetes_stateful_set_v1", "kubernetes_daemon_set_v1", "kubernetes_job_v1",
        "kubernetes_deployment", "kubernetes_stateful_set", "kubernetes_daemonset", "kubernetes_job",
    ];

    /// <summary>Every workload resource of <paramref name="stack"/> with its pod spec (null when it has none).</summary>
    public static IEnumerable<(TfResource Resource, JsonNode? Pod)> Workloads(StackDocument stack) =>
        WorkloadTypes.SelectMany(stack.Resources).Select(r => (r, First(First(First(r.Block("spec"))?["template"])?["spec"])));

    /// <summary>The containers and init containers of a pod spec, with their names (or index).</summary>
    public static IEnumerable<(string Name, JsonNode Container)> Containers(JsonNode? pod) =>
        new[] { "container", "init_container" }
            .SelectMany(key => pod?[key] is JsonArray list ? list.Where(c => c is not null).Select((c, i) => (TfResource.Value(c, "name") ?? $"{key}[{i}]", c!)) : []);

    /// <summary>The first element of a block list, or the block itself.</summary>
    public static JsonNode? First(JsonNode? block) => block is JsonArray a ? a.FirstOrDefault() : block;
}
