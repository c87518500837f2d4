using System.Text;
using System.Text.Json.Nodes;

namespace Ecolaura.Tf.App.Delivery;

/// <summary>One HCP Terraform workspace of a synthesis with <c>state.backend = "cloud"</c>.</summary>
/// <param name="StackId">The stack, e.g. <c>prod-network</c>.</param>
/// <param name="Name">Its workspace name (the <c>cloud</c> block's <c>workspaces.name</c>).</param>
/// <param name="Organization">The <c>cloud</c> block's organization.</param>
/// <param name="Project">The <c>cloud</c> block's <c>workspaces.project</c>, or null for the organization's default project.</param>
/// <param name="Hostname">The <c>cloud</c> block's hostname.</param>
/// <param name="Sources">
/// The workspaces whose applies must queue a run here (HCP Terraform run triggers, "source workspaces"): the workspace
/// its <c>terraform_remote_state</c> reads name, in the manifest's dependency order.
/// </param>
/// <param name="Consumers">The workspaces that read this one: they need its state shared with them ("Remote state sharing").</param>
/// <param name="AutoApply">Whether the workspace may apply without a human confirming the plan.</param>
/// <param name="Reason">Why it must not auto-apply, or what auto-apply relies on.</param>
public sealed record CloudWorkspace(
    string StackId,
    string Name,
    string Organization,
    string? Project,
    string Hostname,
    IReadOnlyList<string> Sources,
    IReadOnlyList<string> Consumers,
    bool AutoApply,
    string Reason);

/// <summary>
/// The HCP Terraform settings a synthesis with <c>state.backend = "cloud"</c> needs beyond its <c>cloud</c> blocks,
/// derived from the synthesized JSON and the manifest's graph so they stay true when a workspace is added:
/// the run triggers (a consumer's source workspaces are the producers it reads), remote state sharing (a producer
/// shares its state with exactly its consumers) and which workspaces must not auto-apply.
/// </summary>
/// <remarks>
/// Run triggers: https://developer.hashicorp.com/terraform/cloud-docs/workspaces/settings/run-triggers.
/// Auto-apply: https://developer.hashicorp.com/terraform/cloud-docs/workspaces/settings#auto-apply.
/// Remote state sharing: https://developer.hashicorp.com/terraform/cloud-docs/workspaces/state#remote-state-access-controls.
/// </remarks>
public static class CloudWorkspaces
{
    /// <summary>
    /// Workspaces that must never auto-apply whatever they hold, and why: a wrong apply there is not undone by the
    /// next commit.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> NeverAutoApply = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [Workspace.Foundation.Id()] = "holds the state store, the shared KMS keys and the alert topics every other workspace reads: a wrong apply breaks all of them",
        [Workspace.Security.Id()] = "holds the audit trail, GuardDuty and the IAM console groups: a wrong apply can blind the audit trail or lock people out",
        [Workspace.Data.Id()] = "holds the databases, the cache and the buckets: a replacement loses data",
        [Workspace.Dr.Id()] = "an apply here can be a failover (dr.mode active promotes the replica) or remove the standby; only a person decides that",
    };

    /// <summary>
    /// Every stack of <paramref name="graph"/> as an HCP Terraform workspace, in dependency order.
    /// </summary>
    /// <param name="graph">The synthesized stacks.</param>
    /// <param name="tierOf">The tier of an environment of the synthesis (from the configuration it was synthesized with).</param>
    /// <exception cref="DeliveryException">
    /// A stack has no <c>cloud</c> block (synthesize with <c>state.backend = "cloud"</c>), or a remote read names a
    /// workspace that is not the <c>cloud</c> block of the stack it depends on.
    /// </exception>
    public static IReadOnlyList<CloudWorkspace> From(StackGraph graph, Func<string, EnvironmentTier> tierOf)
    {
        var documents = graph.InDependencyOrder.ToDictionary(id => id, graph.Document, StringComparer.Ordinal);
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var (id, document) in documents)
        {
            if (document["terraform"]?["cloud"]?["workspaces"]?["name"]?.GetValue<string>() is { } name)
            {
                names[id] = name;
            }
            else
            {
                problems.Add($"{id} has no cloud block: synthesize with state.backend = \"cloud\" (see docs/terraform-cloud.md)");
            }
        }

        if (problems.Count > 0)
        {
            throw new DeliveryException(string.Join("\n", problems));
        }

        var rank = graph.InDependencyOrder.Select((stack, index) => (stack, index)).ToDictionary(s => s.stack, s => s.index, StringComparer.Ordinal);
        var result = new List<CloudWorkspace>();
        foreach (var (id, document) in documents)
        {
            var cloud = document["terraform"]!["cloud"]!;
            var sources = new List<string>();
            foreach (var producer in graph.DependenciesOf(id).OrderBy(p => rank[p]))
            {
                var read = document["data"]?["terraform_remote_state"]?[StackGraph.WorkspaceOf(producer)];
                var reads = read?["config"]?["workspaces"]?["name"]?.GetValue<string>();
                if (read?["backend"]?.GetValue<string>() != "remote" || reads != names[producer])
                {
                    problems.Add($"{id} depends on {producer} (HCP Terraform workspace {names[producer]}) but its terraform_remote_state.{StackGraph.WorkspaceOf(producer)} reads {read?["backend"]?.GetValue<string>() ?? "nothing"} workspace {reads ?? "(none)"}");
                }

                sources.Add(names[producer]);
            }

            var (autoApply, reason) = AutoApplyOf(id, document, tierOf(StackGraph.EnvironmentOf(id)));
            result.Add(new CloudWorkspace(
                id,
                names[id],
                cloud["organization"]!.GetValue<string>(),
                cloud["workspaces"]?["project"]?.GetValue<string>(),
                cloud["hostname"]?.GetValue<string>() ?? "app.terraform.io",
                sources,
                graph.ConsumersOf(id).Select(c => names[c]).ToArray(),
                autoApply,
                reason));
        }

        return problems.Count > 0 ? throw new DeliveryException(string.Join("\n", problems)) : result;
    }

    /// <summary>
    /// Never for <see cref="NeverAutoApply"/>, for any stack with a resource under <c>prevent_destroy</c> (it holds
    /// something whose loss an apply cannot undo) and for every workspace of a production-tier environment (a person
    /// confirms every production apply, like the required reviewers of the apply workflow's prod GitHub environments); otherwise allowed: the change
    /// was reviewed as a speculative plan in its pull request, and a run-triggered run only follows an upstream apply.
    /// </summary>
    public static (bool AutoApply, string Reason) AutoApplyOf(string stackId, JsonObject document, EnvironmentTier tier)
    {
        if (NeverAutoApply.TryGetValue(StackGraph.WorkspaceOf(stackId), out var reason))
        {
            return (false, reason);
        }

        var protectedAddresses = (document["resource"]?.AsObject() ?? [])
            .SelectMany(type => (type.Value?.AsObject() ?? []).Where(r => r.Value?["lifecycle"]?["prevent_destroy"]?.GetValue<bool>() == true).Select(r => $"{type.Key}.{r.Key}"))
            .Order(StringComparer.Ordinal)
            .ToArray();
        if (protectedAddresses.Length > 0)
        {
            return (false, $"holds {protectedAddresses.Length} resource(s) under prevent_destroy ({string.Join(", ", protectedAddresses.Take(3))}{(protectedAddresses.Length > 3 ? ", …" : "")}): a person confirms every apply");
        }

        return tier == EnvironmentTier.Production
            ? (false, "production tier: a person confirms every apply")
            : (true, $"{tier.Id()} tier and nothing under prevent_destroy: the change was reviewed as a plan in its pull request, and a run-triggered run only follows an upstream apply");
    }

    /// <summary>
    /// The settings as Markdown: one table per environment (workspace, project, run-trigger sources, state shared with,
    /// auto-apply and why), for the pull request or the team that creates the workspaces.
    /// </summary>
    public static string Markdown(IReadOnlyList<CloudWorkspace> workspaces)
    {
        var text = new StringBuilder();
        foreach (var environment in workspaces.GroupBy(w => StackGraph.EnvironmentOf(w.StackId)))
        {
            var first = environment.First();
            text.AppendLine($"### {environment.Key}").AppendLine();
            text.AppendLine($"Organization `{first.Organization}` on `{first.Hostname}`, project {(first.Project is { } p ? $"`{p}`" : "the organization's default")}.").AppendLine();
            text.AppendLine("| workspace | run triggers (source workspaces) | share state with | auto-apply | why |");
            text.AppendLine("|---|---|---|---|---|");
            foreach (var w in environment)
            {
                text.AppendLine($"| `{w.Name}` | {List(w.Sources)} | {List(w.Consumers)} | {(w.AutoApply ? "allowed" : "**never**")} | {w.Reason} |");
            }

            text.AppendLine();
        }

        return text.ToString();

        static string List(IReadOnlyList<string> names) => names.Count == 0 ? "—" : string.Join(", ", names.Select(n => $"`{n}`"));
    }
}
