using System.Text.RegularExpressions;

namespace Ecolaura.Tf.Policies.Rules;

/// <summary>ECO-K8S-3: Kubernetes workloads: images from the project's ECR repositories, by tag.</summary>
public sealed partial class KubernetesImagesFromProjectEcr : PolicyRule
{
    /// <summary>
    /// An image of the project: a contract ECR repository URL (<c>ecr_&lt;name&gt;_url</c>, read through the remote state
    /// of the <c>producer</c> group: <c>compute</c>, or <c>dr</c> for the DR region's replicated registry), <c>:</c> and a tag.
    /// </summary>
    [GeneratedRegex(@"^\$\{data\.terraform_remote_state\.(?<producer>compute|dr)\.outputs\.ecr_[a-z0-9_]+_url\}:(?<tag>[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})$")]
    public static partial Regex ProjectImage();

    /// <summary>The contract a workspace's images must come from: <c>dr</c> in the DR region (its own registry), <c>compute</c> elsewhere.</summary>
    public static string RegistryProducer(Workspace workspace) => workspace.InDrRegion() ? Workspace.Dr.Id() : Workspace.Compute.Id();

    /// <inheritdoc />
    public override string Id => "ECO-K8S-3";

    /// <inheritdoc />
    public override Severity Severity => Severity.Error;

    /// <inheritdoc />
    public override IReadOnlyList<string> Anchors => ["CKV_K8S_14", "CKV_K8S_43", "AVD-KSV-0032"];

    /// <inheritdoc />
    public override string Checks => "Kubernetes workloads: every container image is one of the project's ECR repositories (compute contract; in the DR region the dr contract's replicas) with an explicit tag";

    /// <inheritdoc />
    public override string Why => "The project's repositories are scanned on push, encrypted and have immutable tags; any other registry bypasses that supply chain.";

    /// <inheritdoc />
    public override IEnumerable<Violation> Evaluate(StackDocument stack)
    {
        var producer = RegistryProducer(stack.Workspace);
        foreach (var (resource, pod) in KubernetesPods.Workloads(stack))
        {
            foreach (var (name, container) in KubernetesPods.Containers(pod))
            {
                var image = TfResource.Value(container, "image");
                if (image is null || ProjectImage().Match(image) is not { Success: true } match || match.Groups["producer"].Value != producer)
                {
                    yield return resource.Violation($"container {name}: image = {image ?? "absent"}",
                        $"use ${{data.terraform_remote_state.{producer}.outputs.ecr_<app>_url}}:<tag> (platform.<app>.imageTag)");
                }
            }
        }
    }
}
