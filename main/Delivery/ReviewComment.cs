using System.Text;
using System.Text.Json.Nodes;

namespace Ecolaura.Tf.App.Delivery;

/// <summary>
/// <c>./ecolaura review DIR</c>: one Markdown pull-request comment for a whole plan run (<see cref="PlanRunner"/>):
/// a hidden marker a CI step finds to update one sticky comment; a note on what the plans were made against; a
/// "destructive changes" section listing every delete and replace with its address, <c>action_reason</c> and
/// <c>replace_paths</c> (stateful resources, <see cref="StatefulTypes"/>, in bold); one table per environment with
/// add / change / destroy / replace / drift / output changes per workspace, in graph order; and a collapsed
/// <c>&lt;details&gt;</c> block per stack with its changed addresses and plan text.
/// </summary>
/// <remarks>
/// GitHub refuses an issue or pull-request comment longer than 65,536 characters (<see cref="MaxCharacters"/>;
/// https://docs.github.com/en/rest/issues/comments#create-an-issue-comment, "body" limit reported by the API as
/// "Body is too long (maximum is 65536 characters)", checked 2026-12-01). The summary is never cut: the details blocks
/// share what is left, each cut at a line boundary with a note naming the file that has the rest.
/// </remarks>
public static class ReviewComment
{
    /// <summary>The hidden marker on the comment's first line (a CI step updates the comment holding it).</summary>
    public const string Marker = "<!-- ecolaura-plan-review -->";

    /// <summary>GitHub's limit on a comment body, in characters.</summary>
    public const int MaxCharacters = 65_536;

    /// <summary>
    /// Resource types that hold data or identity which a replacement or delete loses: databases, caches, buckets, keys,
    /// the cluster, state and secrets. Source: the AWS provider 5.100.0 resource docs
    /// (https://registry.terraform.io/providers/hashicorp/aws/5.100.0/docs, checked 2026-12-01).
    /// </summary>
    public static readonly IReadOnlySet<string> StatefulTypes = new HashSet<string>(StringComparer.Ordinal)
    {
        "aws_db_instance", "aws_rds_cluster", "aws_rds_cluster_instance", "aws_db_snapshot",
        "aws_elasticache_replication_group", "aws_elasticache_cluster", "aws_elasticache_serverless_cache",
        "aws_s3_bucket", "aws_dynamodb_table", "aws_efs_file_system", "aws_ebs_volume",
        "aws_kms_key", "aws_kms_replica_key", "aws_secretsmanager_secret",
        "aws_eks_cluster", "aws_ecr_repository", "aws_cloudwatch_log_group", "aws_cloudtrail", "aws_backup_vault",
    };

    /// <summary>
    /// Renders the comment for the runs in <paramref name="planDirs"/> (each with its <c>run.json</c> and each stack's
    /// <c>plan.json</c> and <c>plan.txt</c>; several folders, e.g. one per CI job, are merged and put in graph order).
    /// </summary>
    /// <exception cref="DeliveryException">No folder, a folder without <c>run.json</c>, a stack in two folders, offline and real runs mixed, or a planned stack without its <c>plan.json</c>.</exception>
    public static string Render(IReadOnlyList<string> planDirs, int maxCharacters = MaxCharacters)
    {
        if (planDirs.Count == 0)
        {
            throw new DeliveryException("no plan folder given");
        }

        var runs = planDirs.Select(dir => (Dir: dir, Run: PlanRunner.Load(dir))).ToArray();
        if (runs.Select(r => r.Run.Offline).Distinct().Count() > 1)
        {
            throw new DeliveryException($"the folders mix offline and real plans ({string.Join(", ", runs.Select(r => $"{r.Dir}: {(r.Run.Offline ? "offline" : "real")}"))}); review them separately");
        }

        var folderOf = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (dir, run) in runs)
        {
            foreach (var stack in run.Stacks)
            {
                if (!folderOf.TryAdd(stack.Id, dir))
                {
                    throw new DeliveryException($"{stack.Id} was planned in both {folderOf[stack.Id]} and {dir}; give each stack once");
                }
            }
        }

        var all = runs.SelectMany(r => r.Run.Stacks).ToDictionary(s => s.Id, StringComparer.Ordinal);
        var manifest = new JsonObject { ["stacks"] = new JsonObject(all.Values.Select(s => KeyValuePair.Create<string, JsonNode?>(s.Id, new JsonObject
        {
            ["dependencies"] = new JsonArray(s.Dependencies.Where(all.ContainsKey).Select(d => (JsonNode)JsonValue.Create(d)).ToArray()),
        }))) };
        var merged = new PlanRun(runs[0].Run.Offline, StackGraph.FromManifest(".", manifest).InDependencyOrder.Select(id => all[id]).ToArray());

        var plans = new Dictionary<string, (JsonObject Json, string Text)>(StringComparer.Ordinal);
        foreach (var stack in merged.Stacks.Where(s => s.Status is PlanStatus.Changes or PlanStatus.NoChanges))
        {
            var file = Path.Combine(folderOf[stack.Id], stack.Id, PlanRunner.PlanJsonFile);
            if (!File.Exists(file))
            {
                throw new DeliveryException($"{file} does not exist, yet run.json says {stack.Id} was planned; plan again with ./ecolaura plan --out {folderOf[stack.Id]}");
            }

            var text = Path.Combine(folderOf[stack.Id], stack.Id, PlanRunner.PlanTextFile);
            plans[stack.Id] = (JsonNode.Parse(File.ReadAllText(file))!.AsObject(), File.Exists(text) ? File.ReadAllText(text) : "");
        }

        return Render(merged, id => plans.TryGetValue(id, out var plan) ? plan : null, maxCharacters);
    }

    /// <summary>Renders the comment for <paramref name="run"/>; <paramref name="planOf"/> gives a planned stack's JSON plan and text.</summary>
    public static string Render(PlanRun run, Func<string, (JsonObject Json, string Text)?> planOf, int maxCharacters = MaxCharacters)
    {
        var summary = new StringBuilder();
        summary.Append(Marker).Append('\n');
        var counts = run.Stacks.GroupBy(s => s.Status).ToDictionary(g => g.Key, g => g.Count());
        summary.Append($"## Terraform plan: {run.Stacks.Count} stack(s){(run.Offline ? ", offline" : "")}\n\n");
        summary.Append($"{counts.GetValueOrDefault(PlanStatus.Changes)} with changes, {counts.GetValueOrDefault(PlanStatus.NoChanges)} without, "
            + $"{counts.GetValueOrDefault(PlanStatus.Failed)} failed, {counts.GetValueOrDefault(PlanStatus.Skipped)} skipped"
            + (counts.GetValueOrDefault(PlanStatus.Unchanged) is > 0 and var unchanged ? $", {unchanged} unchanged (not planned: same JSON as the base ref, no upstream output changed)" : "")
            + ".\n\n");
        if (run.Offline)
        {
            summary.Append("> **Offline plans**: a local empty state, placeholder secrets and, as upstream outputs, the planned values of the upstream plans of this run "
                + "(the producers' contract examples where a value is known only after apply or the upstream was not planned). "
                + "They show that the configuration plans and what it would create, not what an apply to the real workspaces would change.\n\n");
        }
        else
        {
            summary.Append("> Each workspace is planned against the **applied** outputs of the workspaces it reads (`terraform_remote_state`): "
                + "a change to an upstream output shows in its consumers' plans only after the upstream workspace is applied.\n\n");
        }

        var destructive = run.Stacks
            .Where(s => planOf(s.Id) is not null)
            .SelectMany(s => PlanSummary.ResourceChanges(planOf(s.Id)!.Value.Json)
                .Where(c => PlanSummary.Kind(c) is ChangeKind.Destroy or ChangeKind.Replace)
                .Select(c => (Stack: s.Id, Change: c)))
            .ToArray();
        if (destructive.Length > 0)
        {
            summary.Append($"### :warning: Destructive changes ({destructive.Length})\n\n");
            summary.Append("| stack | address | action | reason | replace paths |\n|---|---|---|---|---|\n");
            foreach (var (stack, change) in destructive)
            {
                var address = $"`{Cell(change["address"]!.GetValue<string>())}`";
                var stateful = StatefulTypes.Contains(change["type"]?.GetValue<string>() ?? "");
                summary.Append($"| {stack} | {(stateful ? $"**{address}** (stateful)" : address)} | {(PlanSummary.Kind(change) == ChangeKind.Replace ? "replace" : "delete")} "
                    + $"| {Cell(change["action_reason"]?.GetValue<string>() ?? "")} | {Cell(ReplacePaths(change))} |\n");
            }

            summary.Append('\n');
        }

        foreach (var environment in run.Stacks.Select(s => StackGraph.EnvironmentOf(s.Id)).Distinct())
        {
            summary.Append($"### {environment}\n\n");
            summary.Append("| workspace | add | change | destroy | replace | drift | outputs | status |\n|---|---:|---:|---:|---:|---:|---:|---|\n");
            foreach (var stack in run.Stacks.Where(s => StackGraph.EnvironmentOf(s.Id) == environment))
            {
                var s = stack.Summary;
                var cells = s is null ? "– | – | – | – | – | –" : $"{s.Add} | {s.Change} | {Bold(s.Destroy)} | {Bold(s.Replace)} | {s.Drift} | {s.Outputs}";
                summary.Append($"| {StackGraph.WorkspaceOf(stack.Id)} | {cells} | {Status(stack)} |\n");
            }

            summary.Append('\n');
        }

        var blocks = run.Stacks.Where(s => planOf(s.Id) is not null && s.Summary is { HasChanges: true } or { Drift: > 0 })
            .Select(s => (Stack: s, Head: $"<details><summary>{s.Id}: {s.Summary}</summary>\n\n{UpstreamNotes(s)}", Body: DetailsBody(planOf(s.Id)!.Value)))
            .ToArray();
        const string Tail = "\n</details>\n";
        var fixedLength = summary.Length + blocks.Sum(b => b.Head.Length + Tail.Length);
        var bodies = Fit(blocks.Select(b => b.Body).ToArray(), maxCharacters - fixedLength, blocks.Select(b => b.Stack.Id).ToArray());
        var comment = new StringBuilder(summary.ToString());
        for (var i = 0; i < blocks.Length; i++)
        {
            comment.Append(blocks[i].Head).Append(bodies[i]).Append(Tail);
        }

        return comment.ToString();
    }

    /// <summary>A details body: the changed addresses with Terraform's symbols, then the plan text, each in a fenced block.</summary>
    private static string DetailsBody((JsonObject Json, string Text) plan)
    {
        var lines = new StringBuilder("```diff\n");
        foreach (var change in PlanSummary.ResourceChanges(plan.Json))
        {
            var symbol = PlanSummary.Kind(change) switch
            {
                ChangeKind.Add => "+",
                ChangeKind.Change => "!",
                ChangeKind.Destroy => "-",
                ChangeKind.Replace => "-/+",
                _ => null,
            };
            if (symbol is not null)
            {
                lines.Append($"{symbol} {change["address"]!.GetValue<string>()}\n");
            }
        }

        foreach (var (name, output) in plan.Json["output_changes"]?.AsObject() ?? [])
        {
            if (PlanSummary.Actions(output?["actions"]) is not ["no-op"])
            {
                lines.Append($"! output.{name} ({string.Join(", ", PlanSummary.Actions(output?["actions"]))})\n");
            }
        }

        lines.Append("```\n\n```text\n").Append(plan.Text.Replace("```", "'''").TrimEnd()).Append("\n```\n");
        return lines.ToString();
    }

    /// <summary>
    /// Cuts the bodies so their total fits <paramref name="budget"/>: the longest are cut first, to one common length,
    /// each at a line boundary and closed with a note (and a closing fence, so the Markdown stays balanced).
    /// </summary>
    private static string[] Fit(string[] bodies, int budget, string[] stackIds)
    {
        if (bodies.Sum(b => b.Length) <= budget)
        {
            return bodies;
        }

        const int NoteRoom = 200;
        var room = Math.Max(0, budget - (bodies.Length * NoteRoom));
        // The largest common cap c with sum(min(len, c)) <= room.
        int low = 0, high = bodies.Max(b => b.Length);
        while (low < high)
        {
            var mid = (low + high + 1) / 2;
            if (bodies.Sum(b => (long)Math.Min(b.Length, mid)) <= room)
            {
                low = mid;
            }
            else
            {
                high = mid - 1;
            }
        }

        return bodies.Select((body, i) =>
        {
            if (body.Length <= low)
            {
                return body;
            }

            var cut = body.LastIndexOf('\n', Math.Max(0, low - 1));
            var kept = cut <= 0 ? "" : body[..(cut + 1)];
            var fence = kept.Split("```").Length % 2 == 0 ? "```\n" : "";
            return $"{kept}{fence}\n_… cut to fit GitHub's comment limit: {body.Length - kept.Length:N0} more characters in {stackIds[i]}/{PlanRunner.PlanTextFile}._\n";
        }).ToArray();
    }

    /// <summary>How many upstream values a table row names before "and N more" (the details block lists them all).</summary>
    public const int NamedInRow = 2;

    /// <summary>The row's note on upstream values known only after apply, e.g. <c>; depends on network.data_subnet_ids, known after apply</c>.</summary>
    public static string AfterApplyNote(StackPlan stack) => stack.KnownAfterApply.Count == 0 ? ""
        : $"; depends on {string.Join(", ", stack.KnownAfterApply.Take(NamedInRow))}{(stack.KnownAfterApply.Count > NamedInRow ? $" and {stack.KnownAfterApply.Count - NamedInRow} more" : "")}, known after apply";

    /// <summary>The lines a details block opens with: each upstream value known only after apply, and those taken from upstream plans.</summary>
    private static string UpstreamNotes(StackPlan stack)
    {
        var notes = new StringBuilder();
        foreach (var value in stack.KnownAfterApply)
        {
            notes.Append($"- depends on {value}, known after apply (a placeholder stood in)\n");
        }

        if (stack.PlannedInputs.Count > 0)
        {
            notes.Append($"- planned upstream values used: {string.Join(", ", stack.PlannedInputs)}\n");
        }

        return notes.Length == 0 ? "" : notes.Append('\n').ToString();
    }

    private static string Status(StackPlan stack) => stack.Status switch
    {
        PlanStatus.Changes => "changes" + AfterApplyNote(stack),
        PlanStatus.NoChanges => "no changes" + AfterApplyNote(stack),
        PlanStatus.Failed => $":x: failed: {Cell(stack.Reason ?? "")}",
        PlanStatus.Unchanged => "unchanged",
        _ => $"skipped: {Cell(stack.Reason ?? "")}",
    };

    private static string ReplacePaths(JsonObject change) =>
        string.Join(", ", change["change"]?["replace_paths"]?.AsArray().Select(p => string.Join(".", p!.AsArray().Select(step => step!.ToString()))) ?? []);

    private static string Bold(int count) => count > 0 ? $"**{count}**" : "0";

    private static string Cell(string text) => text.Replace("|", "\\|").Replace("\n", " ");
}
