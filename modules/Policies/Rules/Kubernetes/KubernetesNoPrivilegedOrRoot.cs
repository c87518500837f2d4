namespace Ecolaura.Tf.Policies.Rules;

/// <summary>ECO-K8S-1: Kubernetes workloads: no privileged, root or privilege-escalating container.</summary>
public sealed class KubernetesNoPrivilegedOrRoot : PolicyRule
{
    /// <inheritdoc />
    public override string Id => "ECO-K8S-1";

    /// <inheritdoc />
    public override Severity Severity => Severity.Error;

    /// <inheritdoc />
    public override IReadOnlyList<string> Anchors => ["CKV_K8S_16", "CKV_K8S_20", "CKV_K8S_23", "AVD-KSV-0017", "AVD-KSV-0001", "AVD-KSV-0012", "Pod Security Standard restricted"];

    /// <inheritdoc />
    public override string Checks => "Kubernetes workloads: every container not privileged, no privilege escalation, run_as_non_root and a non-zero run_as_user";

    /// <inheritdoc />
    public override string Why => "A privileged or root container that escapes owns the node and every pod on it; the app namespaces enforce the restricted Pod Security Standard.";

    /// <inheritdoc />
    public override IEnumerable<Violation> Evaluate(StackDocument stack)
    {
        foreach (var (resource, pod) in KubernetesPods.Workloads(stack))
        {
            var podSecurity = KubernetesPods.First(pod?["security_context"]);
            foreach (var (name, container) in KubernetesPods.Containers(pod))
            {
                var security = KubernetesPods.First(container["security_context"]);
                var nonRoot = TfResource.IsTrue(security?["run_as_non_root"]) || (security?["run_as_non_root"] is null && TfResource.IsTrue(podSecurity?["run_as_non_root"]));
                var user = TfResource.Value(security, "run_as_user") ?? TfResource.Value(podSecurity, "run_as_user");
                if (TfResource.IsTrue(security?["privileged"]) || !IsFalse(security?["allow_privilege_escalation"]) || !nonRoot || user is null or "0")
                {
                    yield return resource.Violation(
                        $"container {name}: security_context = {security?.ToJsonString() ?? "absent"}, pod run_as_user = {TfResource.Value(podSecurity, "run_as_user") ?? "absent"}",
                        "set privileged = false, allow_privilege_escalation = false, run_as_non_root = true and a non-zero run_as_user");
                }
            }
        }
    }

    private static bool IsFalse(System.Text.Json.Nodes.JsonNode? node) =>
        node is System.Text.Json.Nodes.JsonValue v && (v.TryGetValue<bool>(out var b) ? !b : v.TryGetValue<string>(out var s) && s == "false");
}
