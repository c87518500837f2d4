using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ecolaura.Tf.App.Delivery;

/// <summary>What <see cref="PlanRunner"/> plans, and how.</summary>
public sealed record PlanOptions
{
    /// <summary>The synthesized output (holding <c>manifest.json</c> and <c>stacks/</c>).</summary>
    public required string Outdir { get; init; }

    /// <summary>Where the plans go: <c>&lt;PlanDir&gt;/&lt;stack&gt;/plan.json</c>, <c>plan.txt</c>, and <c>run.json</c> for the run.</summary>
    public required string PlanDir { get; init; }

    /// <summary>Only these environments (empty: all of the manifest).</summary>
    public IReadOnlyList<string> Environments { get; init; } = [];

    /// <summary>Only these workspace ids (empty: all of the manifest).</summary>
    public IReadOnlyList<string> Workspaces { get; init; } = [];

    /// <summary>
    /// Plan each stack on a copy with <see cref="OfflineWorkspace"/> (provider mirror, fake credentials, local backend,
    /// placeholder or <see cref="Upstream"/> remote states, <c>-refresh=false</c>); false: in the stack folder with the
    /// real backend and the caller's credentials.
    /// </summary>
    public bool Offline { get; init; }

    /// <summary>How many stacks plan at once (at least 1). Default: the processor count.</summary>
    public int Parallelism { get; init; } = System.Environment.ProcessorCount;

    /// <summary>
    /// Offline only: the outputs a consumer's <c>terraform_remote_state</c> reads, per stack id and remote state name;
    /// null or a null answer: the producer's planned outputs when it was planned earlier in this run
    /// (<see cref="PlannedUpstream"/>), else its contract placeholders.
    /// </summary>
    public Func<string, string, JsonObject?>? Upstream { get; init; }

    /// <summary>
    /// Stacks of the selection that are not planned but recorded as <see cref="PlanStatus.Unchanged"/> with the reason
    /// (<c>--changed-since</c>, <see cref="ChangeSelection"/>), by stack id. Empty: every selected stack is planned.
    /// </summary>
    public IReadOnlyDictionary<string, string> Unchanged { get; init; } = new Dictionary<string, string>();

    /// <summary>Reads an environment variable (the provider mirror, <c>ECOLAURA_TF_PLUGIN_DIR</c>).</summary>
    public Func<string, string?> Environment { get; init; } = System.Environment.GetEnvironmentVariable;
}

/// <summary>How one stack's plan ended.</summary>
public enum PlanStatus
{
    /// <summary>The plan changes nothing (<c>-detailed-exitcode</c> 0).</summary>
    NoChanges,

    /// <summary>The plan has changes (<c>-detailed-exitcode</c> 2).</summary>
    Changes,

    /// <summary>init, plan or show failed; the log is in <c>&lt;stack&gt;/terraform.log</c>.</summary>
    Failed,

    /// <summary>Not planned, with the reason (offline: a provider the mirror has no binary for).</summary>
    Skipped,

    /// <summary>Not planned: <c>--changed-since</c> found its JSON and its upstream outputs unchanged (<see cref="PlanOptions.Unchanged"/>).</summary>
    Unchanged,
}

/// <summary>One stack of a plan run.</summary>
/// <param name="Id">The stack id, e.g. <c>prod-network</c>.</param>
/// <param name="Dependencies">The stacks it reads (from the manifest).</param>
/// <param name="Status">How its plan ended.</param>
/// <param name="Reason">Why it failed or was skipped (null otherwise).</param>
/// <param name="Summary">What the plan does (null unless planned).</param>
/// <param name="Seconds">Wall time of its terraform commands.</param>
public sealed record StackPlan(string Id, IReadOnlyList<string> Dependencies, PlanStatus Status, string? Reason, PlanSummary? Summary, double Seconds)
{
    /// <summary>
    /// Offline: the upstream outputs it reads that were taken from an upstream plan of the same run
    /// (<see cref="PlannedUpstream"/>), as <c>&lt;workspace&gt;.&lt;output&gt;</c>, e.g. <c>compute.cluster_name</c>. Empty otherwise.
    /// </summary>
    public IReadOnlyList<string> PlannedInputs { get; init; } = [];

    /// <summary>
    /// Offline: the upstream outputs it reads that an upstream plan of the same run changes to a value known only after
    /// apply (a placeholder stood in), as <c>&lt;workspace&gt;.&lt;output&gt;</c>, e.g. <c>network.data_subnet_ids</c>. Empty otherwise.
    /// </summary>
    public IReadOnlyList<string> KnownAfterApply { get; init; } = [];
}

/// <summary>A whole plan run, as <c>run.json</c> records it: the selected stacks in dependency order.</summary>
/// <param name="Offline">Whether the plans were offline (placeholder inputs; never applicable).</param>
/// <param name="Stacks">Every selected stack, producers before consumers.</param>
public sealed record PlanRun(bool Offline, IReadOnlyList<StackPlan> Stacks)
{
    /// <summary>Like <c>terraform plan -detailed-exitcode</c>: 1 when any stack failed, else 2 when any has changes, else 0 (skipped and unchanged stacks count as neither).</summary>
    public int ExitCode => Stacks.Any(s => s.Status == PlanStatus.Failed) ? 1 : Stacks.Any(s => s.Status == PlanStatus.Changes) ? 2 : 0;
}

/// <summary>
/// <c>./ecolaura plan</c>: <c>terraform init</c>, <c>plan -detailed-exitcode -out</c> and <c>show</c> for the selected
/// stacks of a synthesized output, in the manifest's dependency order (a stack starts when every selected stack it reads
/// has finished; independent stacks run in parallel, at most <see cref="PlanOptions.Parallelism"/> at once), one
/// progress line per stack, writing <c>&lt;dir&gt;/&lt;stack&gt;/plan.json</c> (<c>terraform show -json</c>),
/// <c>plan.txt</c> (what <c>terraform show -no-color</c> prints; offline taken from the plan's own output, see
/// <see cref="PlanText"/>) and, when a command failed, <c>terraform.log</c>; then <c>&lt;dir&gt;/run.json</c>.
/// </summary>
public static partial class PlanRunner
{
    /// <summary>The run record in the plan folder.</summary>
    public const string RunFile = "run.json";

    /// <summary>A stack's JSON plan.</summary>
    public const string PlanJsonFile = "plan.json";

    /// <summary>A stack's human-readable plan.</summary>
    public const string PlanTextFile = "plan.txt";

    /// <summary>A stack's terraform output when a command failed.</summary>
    public const string LogFile = "terraform.log";

    /// <summary>The saved plan of a real (not offline) run, kept for <c>terraform apply</c>.</summary>
    public const string SavedPlanFile = "plan.tfplan";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Plans the selected stacks; writes the plan folder; returns the run (its <see cref="PlanRun.ExitCode"/> is the command's).</summary>
    /// <param name="options">What to plan.</param>
    /// <param name="progress">One line per stack as it finishes (and the run's start and end).</param>
    /// <param name="cancel">Stops the run; running terraform processes are killed.</param>
    /// <exception cref="DeliveryException">No manifest, an unknown environment or workspace, nothing selected, no provider mirror (offline), no terraform.</exception>
    public static async Task<PlanRun> RunAsync(PlanOptions options, TextWriter progress, CancellationToken cancel)
    {
        var graph = StackGraph.Load(options.Outdir);
        var selected = graph.Select(options.Environments, options.Workspaces);
        if (selected.Count == 0)
        {
            throw new DeliveryException($"no stack of {Path.Combine(options.Outdir, "manifest.json")} is in environments [{string.Join(", ", options.Environments)}] and workspaces [{string.Join(", ", options.Workspaces)}]");
        }

        string? mirror = null;
        if (options.Offline)
        {
            mirror = ProviderMirror.Find(options.Environment, out var why) ?? throw new DeliveryException($"--offline needs a provider mirror: {why}");
        }

        Directory.CreateDirectory(options.PlanDir);
        var scratch = Path.Combine(Path.GetTempPath(), $"ecolaura-plan-{System.Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(scratch);
        var cliConfig = Path.Combine(scratch, "terraformrc");
        File.WriteAllText(cliConfig, "# empty: offline plans pass -plugin-dir explicitly\n");
        var environment = options.Offline ? TerraformProcess.OfflineEnvironment(cliConfig) : TerraformProcess.RealEnvironment();

        var planned = selected.Where(id => !options.Unchanged.ContainsKey(id)).ToArray();
        var mode = options.Offline ? $"offline (provider mirror {mirror}, upstream outputs planned in this run or placeholders, placeholder inputs)" : "against the real backends";
        WriteLine(progress, $"[plan {Now}] {planned.Length} stack(s){(planned.Length < selected.Count ? $" ({selected.Count - planned.Length} unchanged, not planned)" : "")} {mode}, {Math.Max(1, options.Parallelism)} at a time, into {options.PlanDir}");
        var gate = new SemaphoreSlim(Math.Max(1, options.Parallelism));
        var plans = new System.Collections.Concurrent.ConcurrentDictionary<string, JsonObject>(StringComparer.Ordinal);
        var tasks = new Dictionary<string, Task<StackPlan>>(StringComparer.Ordinal);
        try
        {
            foreach (var id in selected)
            {
                if (options.Unchanged.TryGetValue(id, out var why))
                {
                    tasks[id] = Task.FromResult(new StackPlan(id, graph.DependenciesOf(id), PlanStatus.Unchanged, why, null, 0));
                    continue;
                }

                var upstream = graph.DependenciesOf(id).Where(tasks.ContainsKey).Select(d => tasks[d]).ToArray();
                tasks[id] = Task.Run(
                    async () =>
                    {
                        await Task.WhenAll(upstream);
                        await gate.WaitAsync(cancel);
                        try
                        {
                            var result = await PlanStack(graph, id, options, mirror, scratch, environment, plans, cancel);
                            WriteLine(progress, $"[plan {Now}] {Describe(result, options.PlanDir)}");
                            return result;
                        }
                        finally
                        {
                            gate.Release();
                        }
                    },
                    cancel);
            }

            var results = await Task.WhenAll(selected.Select(id => tasks[id]));
            var run = new PlanRun(options.Offline, results);
            File.WriteAllText(Path.Combine(options.PlanDir, RunFile), ToJson(run).ToJsonString(Indented));
            var counts = results.GroupBy(r => r.Status).ToDictionary(g => g.Key, g => g.Count());
            WriteLine(progress, $"[plan {Now}] done: {counts.GetValueOrDefault(PlanStatus.Changes)} with changes, {counts.GetValueOrDefault(PlanStatus.NoChanges)} without, "
                + $"{counts.GetValueOrDefault(PlanStatus.Failed)} failed, {counts.GetValueOrDefault(PlanStatus.Skipped)} skipped{(counts.GetValueOrDefault(PlanStatus.Unchanged) is > 0 and var u ? $", {u} unchanged" : "")}; review with ./ecolaura review {options.PlanDir}");
            return run;
        }
        finally
        {
            DeleteTree(scratch);
        }
    }

    /// <summary>Reads <c>run.json</c> of a plan folder.</summary>
    /// <exception cref="DeliveryException">The folder has no <c>run.json</c> (run <c>./ecolaura plan --out DIR</c> first).</exception>
    public static PlanRun Load(string planDir)
    {
        var file = Path.Combine(planDir, RunFile);
        if (!File.Exists(file))
        {
            throw new DeliveryException($"{file} does not exist: '{planDir}' is not a plan folder; run ./ecolaura plan --out {planDir} first");
        }

        var json = JsonNode.Parse(File.ReadAllText(file))!.AsObject();
        return new PlanRun(
            json["offline"]!.GetValue<bool>(),
            json["stacks"]!.AsArray().Select(s => new StackPlan(
                s!["id"]!.GetValue<string>(),
                s["dependencies"]!.AsArray().Select(d => d!.GetValue<string>()).ToArray(),
                Enum.Parse<PlanStatus>(s["status"]!.GetValue<string>()),
                s["reason"]?.GetValue<string>(),
                s["summary"] is JsonObject summary ? summary.Deserialize<PlanSummary>() : null,
                s["seconds"]!.GetValue<double>())
            {
                PlannedInputs = Strings(s["planned_inputs"]),
                KnownAfterApply = Strings(s["known_after_apply"]),
            }).ToArray());
    }

    private static string[] Strings(JsonNode? list) => list?.AsArray().Select(d => d!.GetValue<string>()).ToArray() ?? [];

    private static JsonObject WithUpstreamLists(JsonObject stack, StackPlan plan)
    {
        // Written only when there is something to say, so runs without upstream plans keep their run.json as before.
        if (plan.PlannedInputs.Count > 0)
        {
            stack["planned_inputs"] = new JsonArray(plan.PlannedInputs.Select(p => (JsonNode)JsonValue.Create(p)).ToArray());
        }

        if (plan.KnownAfterApply.Count > 0)
        {
            stack["known_after_apply"] = new JsonArray(plan.KnownAfterApply.Select(p => (JsonNode)JsonValue.Create(p)).ToArray());
        }

        return stack;
    }

    /// <summary>The <c>run.json</c> document of a run.</summary>
    public static JsonObject ToJson(PlanRun run) => new()
    {
        ["offline"] = run.Offline,
        ["stacks"] = new JsonArray(run.Stacks.Select(s => (JsonNode)WithUpstreamLists(new JsonObject
        {
            ["id"] = s.Id,
            ["environment"] = StackGraph.EnvironmentOf(s.Id),
            ["workspace"] = StackGraph.WorkspaceOf(s.Id),
            ["dependencies"] = new JsonArray(s.Dependencies.Select(d => (JsonNode)JsonValue.Create(d)).ToArray()),
            ["status"] = s.Status.ToString(),
            ["reason"] = s.Reason,
            ["summary"] = s.Summary is null ? null : JsonSerializer.SerializeToNode(s.Summary),
            ["seconds"] = Math.Round(s.Seconds, 1),
        }, s)).ToArray()),
    };

    private static async Task<StackPlan> PlanStack(
        StackGraph graph,
        string id,
        PlanOptions options,
        string? mirror,
        string scratch,
        IReadOnlyDictionary<string, string?> environment,
        System.Collections.Concurrent.ConcurrentDictionary<string, JsonObject> plans,
        CancellationToken cancel)
    {
        var planned = new List<string>();
        var afterApply = new List<string>();
        var result = await PlanStackWith(graph, id, options, mirror, scratch, environment, plans, planned, afterApply, cancel);
        return result with { PlannedInputs = planned.Order(StringComparer.Ordinal).ToArray(), KnownAfterApply = afterApply.Order(StringComparer.Ordinal).ToArray() };
    }

    /// <summary>
    /// The upstream outputs an offline plan of <paramref name="id"/> reads for <paramref name="remoteStateName"/>: the
    /// caller's (<see cref="PlanOptions.Upstream"/>), else the planned outputs of the producer when it was planned in this
    /// run (the lists record which were used and which are known only after apply), else null (placeholders).
    /// </summary>
    private static JsonObject? UpstreamFor(
        StackGraph graph, string id, JsonObject stack, string remoteStateName, PlanOptions options, IReadOnlyDictionary<string, JsonObject> plans, List<string> planned, List<string> afterApply)
    {
        if (options.Upstream?.Invoke(id, remoteStateName) is { } given)
        {
            return given;
        }

        var producer = graph.DependenciesOf(id).FirstOrDefault(d => StackGraph.WorkspaceOf(d) == remoteStateName);
        if (producer is null || !plans.TryGetValue(producer, out var plan))
        {
            return null;
        }

        var read = PlannedUpstream.Reads(stack).GetValueOrDefault(remoteStateName) ?? new HashSet<string>();
        var values = PlannedUpstream.From(plan, OfflineWorkspace.ProducerOf(id, remoteStateName), read);
        planned.AddRange(values.Planned);
        afterApply.AddRange(values.KnownAfterApply);
        return values.Outputs;
    }

    private static async Task<StackPlan> PlanStackWith(
        StackGraph graph,
        string id,
        PlanOptions options,
        string? mirror,
        string scratch,
        IReadOnlyDictionary<string, string?> environment,
        System.Collections.Concurrent.ConcurrentDictionary<string, JsonObject> plans,
        List<string> planned,
        List<string> afterApply,
        CancellationToken cancel)
    {
        var clock = Stopwatch.StartNew();
        var dependencies = graph.DependenciesOf(id);
        var target = Path.Combine(options.PlanDir, id);
        Directory.CreateDirectory(target);
        foreach (var stale in new[] { PlanJsonFile, PlanTextFile, LogFile, SavedPlanFile })
        {
            File.Delete(Path.Combine(target, stale));
        }

        var stack = graph.Document(id);
        if (mirror is not null && ProviderMirror.MissingBinaries(mirror, stack) is { Count: > 0 } missing)
        {
            return new StackPlan(id, dependencies, PlanStatus.Skipped, $"the provider mirror has no linux_amd64 binary for {string.Join(", ", missing)}", null, 0);
        }

        string workdir;
        if (options.Offline)
        {
            workdir = Path.Combine(scratch, id);
            Directory.CreateDirectory(workdir);
            OfflineWorkspace.Prepare(id, stack, workdir, name => UpstreamFor(graph, id, stack, name, options, plans, planned, afterApply));
        }
        else
        {
            workdir = graph.StackFolder(id);
        }

        var log = new List<string>();
        var planFile = Path.GetFullPath(Path.Combine(target, SavedPlanFile));
        try
        {
            var init = await Step(workdir, ["init", "-input=false", "-no-color", .. mirror is null ? Array.Empty<string>() : [$"-plugin-dir={mirror}"]], environment, log, cancel);
            if (init.ExitCode != 0)
            {
                return Failed("init", init);
            }

            var plan = await Step(
                workdir,
                ["plan", "-input=false", "-no-color", "-detailed-exitcode", $"-out={planFile}", .. options.Offline ? new[] { "-refresh=false", "-lock=false" } : []],
                environment,
                log,
                cancel);
            if (plan.ExitCode is not (0 or 2))
            {
                return Failed("plan", plan);
            }

            var json = await Step(workdir, ["show", "-json", planFile], environment, log, cancel);
            if (json.ExitCode != 0)
            {
                return Failed("show", json);
            }

            // Offline, the plan's own output is the text (one terraform process and its provider start-ups fewer per
            // stack); online it can also carry state-lock and refresh messages this cannot test, so show prints it.
            var text = options.Offline ? PlanText(plan.StandardOutput) : null;
            if (text is null)
            {
                var shown = await Step(workdir, ["show", "-no-color", planFile], environment, log, cancel);
                if (shown.ExitCode != 0)
                {
                    return Failed("show", shown);
                }

                text = shown.StandardOutput;
            }

            var planJson = JsonNode.Parse(json.StandardOutput)!.AsObject();
            plans[id] = planJson;
            File.WriteAllText(Path.Combine(target, PlanJsonFile), planJson.ToJsonString(Indented) + "\n");
            File.WriteAllText(Path.Combine(target, PlanTextFile), text);
            return new StackPlan(id, dependencies, plan.ExitCode == 2 ? PlanStatus.Changes : PlanStatus.NoChanges, null, PlanSummary.From(planJson), clock.Elapsed.TotalSeconds);
        }
        finally
        {
            if (options.Offline)
            {
                // An offline plan can never be applied: only its JSON and text are kept.
                File.Delete(planFile);
                DeleteTree(workdir);
            }
        }

        StackPlan Failed(string step, TerraformProcess.Result result)
        {
            File.WriteAllText(Path.Combine(target, LogFile), string.Join("\n", log));
            var error = result.Output.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("Error:", StringComparison.Ordinal)) ?? $"exit code {result.ExitCode}";
            return new StackPlan(id, dependencies, PlanStatus.Failed, $"terraform {step} failed: {error}", null, clock.Elapsed.TotalSeconds);
        }
    }

    /// <summary>
    /// What <c>terraform show -no-color</c> prints for a saved plan, cut from what <c>terraform plan -no-color -out</c>
    /// printed to stdout under <c>TF_IN_AUTOMATION</c> (Terraform 1.11): the progress lines of data-source reads before
    /// the plan (<c>ADDRESS: Reading...</c>, <c>Still reading... [Ns elapsed]</c>, <c>Read complete after Ns [id=…]</c>,
    /// <c>Refreshing state... [id=…]</c>) and the warnings after it (from the first blank line followed by a line that
    /// starts with <c>Warning: </c>) are left out; the plan itself starts with a blank line and one of its headings.
    /// </summary>
    /// <param name="planOutput">The plan command's stdout, <c>\n</c> line ends.</param>
    /// <returns>The text, or null when a line before the plan is not one of those progress lines, or what follows them
    /// does not start as a plan does (the caller then runs <c>terraform show</c>).</returns>
    public static string? PlanText(string planOutput)
    {
        var start = 0;
        while (start < planOutput.Length && planOutput[start] != '\n')
        {
            var end = planOutput.IndexOf('\n', start);
            if (end < 0 || !ProgressLine().IsMatch(planOutput.AsSpan(start, end - start)))
            {
                return null;
            }

            start = end + 1;
        }

        if (start >= planOutput.Length)
        {
            return null;
        }

        var body = planOutput[start..];
        if (!PlanHeadings.Any(h => body.StartsWith(h, StringComparison.Ordinal)))
        {
            return null;
        }

        var warnings = body.IndexOf("\n\nWarning: ", StringComparison.Ordinal);
        return warnings < 0 ? body : body[..(warnings + 1)];
    }

    /// <summary>How the plan itself starts (after a blank line) in Terraform 1.11's output; anything else, such as a warning printed before planning, is not cut.</summary>
    private static readonly string[] PlanHeadings =
    [
        "\nTerraform used the selected providers", "\nNo changes.", "\nChanges to Outputs:", "\nNote: Objects have changed outside of Terraform",
    ];

    /// <summary>A progress line Terraform prints while it reads data sources or refreshes state during a plan.</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"^\S.*: (Reading\.\.\.|Still reading\.\.\. \[\S+ elapsed\]|Read complete after \S+( \[id=.*\])?|Refreshing state\.\.\.( \[id=.*\])?)$")]
    private static partial System.Text.RegularExpressions.Regex ProgressLine();

    private static async Task<TerraformProcess.Result> Step(
        string workdir, string[] arguments, IReadOnlyDictionary<string, string?> environment, List<string> log, CancellationToken cancel)
    {
        var result = await TerraformProcess.RunAsync(workdir, arguments, environment, cancel);
        log.Add($"$ terraform {string.Join(" ", arguments)}   (exit {result.ExitCode})");
        if (arguments[0] != "show" || result.ExitCode != 0)
        {
            log.Add(result.Output);
        }

        return result;
    }

    private static string Describe(StackPlan result, string planDir) => result.Status switch
    {
        PlanStatus.Skipped => $"{result.Id}: skipped: {result.Reason}",
        PlanStatus.Failed => $"{result.Id}: FAILED ({result.Seconds:0.0} s): {result.Reason}; see {Path.Combine(planDir, result.Id, LogFile)}",
        PlanStatus.NoChanges => $"{result.Id}: no changes ({result.Seconds:0.0} s)",
        _ => $"{result.Id}: {result.Summary} ({result.Seconds:0.0} s)",
    };

    private static string Now => DateTime.Now.ToString("HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);

    private static void WriteLine(TextWriter writer, string line)
    {
        lock (writer)
        {
            writer.WriteLine(line);
            writer.Flush();
        }
    }

    private static void DeleteTree(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
