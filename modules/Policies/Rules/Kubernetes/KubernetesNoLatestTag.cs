namespace Ecolaura.Tf.Policies.Rules;

/// <summary>ECO-K8S-4: Kubernetes workloads: no image tagged <c>latest</c>.</summary>
public sealed class KubernetesNoLatestTag : PolicyRule
{
    /// <inheritdoc />
    public override string Id => "ECO-K8S-4";

    /// <inheritdoc />
    public override Severity Severity => Severity.Error;

    /// <inheritdoc />
    public override IReadOnlyList<string> Anchors => ["CKV_K8S_14", "AVD-KSV-0013"];

    /// <inheritdoc />
    public override string Checks => "Kubernetes workloads: no container image with the tag latest (or no tag, which means latest)";

    /// <inheritdoc />
    public override string Why => "latest moves: two pods of one Deployment can run different code, a rollback cannot name what it rolls back to, and a blue/green switch proves nothing.";

    /// <inheritdoc />
    public override IEnumerable<Violation> Evaluate(StackDocument stack)
    {
        foreach (var (resource, pod) in KubernetesPods.Workloads(stack))
        {
            foreach (var (name, container) in KubernetesPods.Containers(pod))
            {
                var image = TfResource.Value(container, "image") ?? "";
                var lastSegment = image[(image.LastIndexOf('/') + 1)..];
                var tag = lastSegment.Contains(':') && !image.Contains('@') ? lastSegment[(lastSegment.LastIndexOf(':') + 1)..] : image.Contains('@') ? "digest" : "";
                if (tag is "" || tag.Equals("latest", StringComparison.OrdinalIgnoreCase))
                {
                    yield return resource.Violation($"container {name}: image = {image}", "pin an immutable release tag (platform.<app>.imageTag)");
                }
            }
        }
    }
}
