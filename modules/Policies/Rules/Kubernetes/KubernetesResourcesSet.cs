namespace Ecolaura.Tf.Policies.Rules;

/// <summary>ECO-K8S-2: Kubernetes workloads: CPU and memory requests and limits on every container.</summary>
public sealed class KubernetesResourcesSet : PolicyRule
{
    /// <summary>The resources every container must request and be limited to.</summary>
    public static IReadOnlyList<string> Resources { get; } = ["cpu", "memory"];

    /// <inheritdoc />
    public override string Id => "ECO-K8S-2";

    /// <inheritdoc />
    public override Severity Severity => Severity.Error;

    /// <inheritdoc />
    public override IReadOnlyList<string> Anchors => ["CKV_K8S_10", "CKV_K8S_11", "CKV_K8S_12", "CKV_K8S_13", "AVD-KSV-0011", "AVD-KSV-0015", "AVD-KSV-0016", "AVD-KSV-0018"];

    /// <inheritdoc />
    public override string Checks => "Kubernetes workloads: every container sets requests and limits for cpu and memory";

    /// <inheritdoc />
    public override string Why => "Without requests the scheduler and the HPA (utilisation is a share of the request) work blind; without limits one pod can starve its node.";

    /// <inheritdoc />
    public override IEnumerable<Violation> Evaluate(StackDocument stack)
    {
        foreach (var (resource, pod) in KubernetesPods.Workloads(stack))
        {
            foreach (var (name, container) in KubernetesPods.Containers(pod))
            {
                var resources = KubernetesPods.First(container["resources"]);
                var missing = new[] { "requests", "limits" }
                    .SelectMany(kind => Resources.Where(r => string.IsNullOrEmpty(TfResource.Value(resources?[kind], r))).Select(r => $"{kind}.{r}"))
                    .ToArray();
                if (missing.Length > 0)
                {
                    yield return resource.Violation($"container {name}: no {string.Join(", ", missing)}", "set requests and limits for cpu and memory");
                }
            }
        }
    }
}
