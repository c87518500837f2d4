using System.Text.RegularExpressions;

namespace Ecolaura.Tf.Policies.Rules;

/// <summary>ECO-K8S-3: Kubernetes workloads: images from the project's ECR repositories, by tag.</summary>
public sealed partial class KubernetesImagesFromProjectEcr : PolicyRule
{
    /// <summary>
    /// An image of the project: a compute-contract ECR repository URL (<c>ecr_&lt;name&gt;_url</c>, read through the
    /// compute workspace's remote state), <c>:</c> and a tag.
    /// </summary>
    [GeneratedRegex(@"^\$\{data\.terraform_remote_state\.compute\.outputs\.ecr_[a-z0-9_]+_url\}:(?<tag>[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})$")]
    public static partial Regex ProjectImage();

    /// <inheritdoc />
    public override string Id => "ECO-K8S-3";

    /// <inheritdoc />
    public override Severity Severity => Severity.Error;

    /// <inheritdoc />
    public override IReadOnlyList<string> Anchors => ["CKV_K8S_14", "CKV_K8S_43", "AVD-KSV-0032"];

    /// <inheritdoc />
    public override string Checks => "Kubernetes workloads: every container image is one of the project's ECR repositories (compute contract) with an explicit tag";

    /// <inheritdoc />
    public override string Why => "The project's repositories are scanned on push, encrypted and have immutable tags; any other registry bypasses that supply chain.";

    /// <inheritdoc />
    public override IEnumerable<Violation> Evaluate(StackDocument stack)
    {
        foreach (var (resource, pod) in KubernetesPods.Workloads(stack))
        {
            foreach (var (name, container) in KubernetesPods.Containers(pod))
            {
                var image = TfResource.Value(container, "image");
                if (image is null || !ProjectImage().IsMatch(image))
                {
                    yield return resource.Violation($"container {name}: image = {image ?? "absent"}",
                        "use ${data.terraform_remote_state.compute.outputs.ecr_<app>_url}:<tag> (platform.<app>.imageTag)");
                }
            }
        }
    }
}
