using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using CliWrap;

namespace Ecolaura.Tf.App;

/// <summary>
/// One process per environment where cores allow: a synth of several environments composes and synthesizes them in
/// <see cref="Count"/> child processes of this app (the hidden command <c>synth-environments</c>), each environment in
/// exactly one child (one each when there are no more environments than processes; otherwise <see cref="Plan"/> shares
/// them out by workspace count), and merges the children's <c>stacks/&lt;id&gt;</c> folders and <c>manifest.json</c>
/// entries into the parent's staging folder. The parent then continues as a synth in one process does (policy gate,
/// locks, commit).
/// </summary>
/// <remarks>
/// <para>Why: a synth alternates between .NET and the jsii runtime in Node.js over a pipe, so one process keeps about
/// one core busy; environments share nothing while they are composed (every stack reads only stacks of its own
/// environment, and configuration is validated as a whole before), so they can be synthesized apart. Each process
/// pays the start-up of the jsii runtime and the first use of every construct class again (measured: about 5 s of
/// CPU), which is why there are never more children than <see cref="Count"/> and an environment never gets a process
/// of its own when there are more environments than processes.</para>
/// <para>The result is byte-identical to a synth in one process: each child writes exactly the files the single
/// app writes for its stacks, and the manifest is the single app's (cdktf writes it with <c>json-stable-stringify</c>,
/// keys sorted, two-space indentation), so each stack's entry is copied verbatim from its child's manifest and the
/// entries are joined in the same sorted order. A test compares both synths byte for byte.</para>
/// <para>A child that fails (an exception, a non-zero exit, killed by a signal) fails the whole synth with its error
/// text; the other children are killed and nothing is written. On SIGTERM, SIGINT or SIGHUP the parent kills its
/// children (with their Node.js processes) before its staging folder, which holds theirs, is removed
/// (<see cref="OutputFolder.OnSignal"/>).</para>
/// </remarks>
public static class SynthProcesses
{
    /// <summary>
    /// The environment variable that sets how many processes a synth runs: a whole number, 1 or more; <c>1</c>
    /// synthesizes every environment in the one process. Default: half the processor count (see <see cref="Count"/>).
    /// </summary>
    public const string Variable = "ECOLAURA_SYNTH_PROCESSES";

    /// <summary>The hidden command a child runs: <c>synth-environments --env &lt;name&gt;… --out &lt;dir&gt; [--config-stdin]</c>.</summary>
    public const string ChildCommand = "synth-environments";

    /// <summary>What starts each line a child prints on stdout for a stack it wrote, in creation order: <c>stack: &lt;environment&gt; &lt;stack id&gt;</c>.</summary>
    public const string StackLine = "stack: ";

    /// <summary>The folder inside the parent's staging folder that holds one sub-folder per child (<c>processes/&lt;n&gt;</c>).</summary>
    public const string ChildrenFolder = "processes";

    /// <summary>How long a signal handler waits for killed children to end before the staging folder is removed.</summary>
    private static readonly TimeSpan ChildExitWait = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How many processes a synth of <paramref name="environments"/> environments runs: the value of
    /// <see cref="Variable"/> when set, else <see cref="DefaultCount"/>; never more than the environments. 1 means the
    /// synth runs in its own process (no children).
    /// </summary>
    /// <param name="setting">The value of <see cref="Variable"/>, or null when unset.</param>
    /// <param name="environments">How many environments the synth covers.</param>
    /// <param name="processors">The processor count (<see cref="System.Environment.ProcessorCount"/>).</param>
    /// <returns>1 or more.</returns>
    /// <exception cref="ConfigValidationException"><paramref name="setting"/> is not a whole number of 1 or more.</exception>
    public static int Count(string? setting, int environments, int processors)
    {
        var limit = DefaultCount(processors);
        if (!string.IsNullOrWhiteSpace(setting))
        {
            if (!int.TryParse(setting.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit < 1)
            {
                throw new ConfigValidationException([new ValidationProblem(Variable, $"'{setting}'",
                    "must be a whole number of synth processes, 1 or more (1: every environment in one process)")]);
            }
        }

        return Math.Max(1, Math.Min(limit, environments));
    }

    /// <summary>
    /// The number of processes when <see cref="Variable"/> is unset: one per two processors, at least 1 (so one on a
    /// 2-core machine).
    /// </summary>
    /// <remarks>
    /// Every further process pays the start-up again (about 5 s of CPU against 2.5–3 s of work per environment) while
    /// one synth process already keeps a little more than one core busy, so a process needs cores to spare. Paired
    /// <c>./ecolaura bench</c> runs on the 2-core machine (2026-12-02, docs/performance.md): two processes were 11 %
    /// faster with the machine otherwise idle (load average 2) and 60–76 % slower in the three runs with other work
    /// running (load average 6–7).
    /// </remarks>
    /// <param name="processors">The processor count, 1 or more.</param>
    public static int DefaultCount(int processors) => Math.Max(1, processors / 2);

    /// <summary>
    /// The <see cref="Variable"/> value for each of <paramref name="synths"/> synths that run at the same time (e.g. the
    /// base and the working tree of <c>plan --changed-since</c>): <paramref name="setting"/> when the user set one, else
    /// an equal share of <see cref="DefaultCount"/>, at least 1.
    /// </summary>
    /// <param name="setting">The value of <see cref="Variable"/>, or null when unset.</param>
    /// <param name="synths">How many synths share the machine, 1 or more.</param>
    /// <returns>A value for <see cref="Variable"/>: the setting unchanged, or a whole number of 1 or more.</returns>
    public static string Share(string? setting, int synths) =>
        string.IsNullOrWhiteSpace(setting)
            ? Math.Max(1, DefaultCount(System.Environment.ProcessorCount) / Math.Max(1, synths)).ToString(CultureInfo.InvariantCulture)
            : setting;

    /// <summary>
    /// Shares <paramref name="environments"/> out to <paramref name="processes"/> children: the environment with the most
    /// workspaces (<see cref="EnvironmentApp.WorkspacesOf"/>) first, each to the child with the fewest workspaces so far
    /// (the first such child on ties); each child's environments stay in configuration order, and the children are
    /// ordered by their first environment.
    /// </summary>
    /// <param name="environments">In configuration order.</param>
    /// <param name="processes">1 or more; never more children than environments come out.</param>
    /// <returns>Non-empty groups; together they hold every environment exactly once.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="processes"/> is less than 1.</exception>
    public static IReadOnlyList<IReadOnlyList<EnvironmentConfig>> Plan(IReadOnlyList<EnvironmentConfig> environments, int processes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(processes, 1);
        var groups = Enumerable.Range(0, Math.Min(processes, environments.Count)).Select(_ => new List<int>()).ToArray();
        var load = new int[groups.Length];
        var weights = environments.Select(e => EnvironmentApp.WorkspacesOf(e).Count).ToArray();
        foreach (var index in Enumerable.Range(0, environments.Count).OrderByDescending(i => weights[i]))
        {
            var target = Array.IndexOf(load, load.Min());
            groups[target].Add(index);
            load[target] += weights[index];
        }

        return groups.Select(g => g.Order().ToArray()).OrderBy(g => g[0])
            .Select(g => (IReadOnlyList<EnvironmentConfig>)g.Select(i => environments[i]).ToArray()).ToArray();
    }

    /// <summary>
    /// The child's side (<c>synth-environments</c>): composes the named environments in one CDKTF app, in configuration
    /// order, and synthesizes it into <paramref name="outdir"/> (<c>manifest.json</c> and <c>stacks/</c>, as
    /// <see cref="EcolauraApp.Synth"/> writes them), then prints one <see cref="StackLine"/> line per stack, in creation
    /// order, on <see cref="Cli.Streams.Results"/>.
    /// </summary>
    /// <param name="environmentNames">The environments; the whole configuration is loaded and validated, these are composed.</param>
    /// <param name="outdir">An existing, empty folder.</param>
    /// <param name="overrideJson">The override file's text the parent read (UTF-8 on stdin), or null for the embedded defaults.</param>
    /// <param name="streams">Progress lines (<c>[synth …]</c>) and errors go to their streams.</param>
    /// <returns><see cref="Cli.Ok"/>, or <see cref="Cli.Invalid"/> after writing the error on <see cref="Cli.Streams.Errors"/>.</returns>
    public static int RunChild(IReadOnlyList<string> environmentNames, string outdir, string? overrideJson, Cli.Streams streams)
    {
        try
        {
            var environments = ConfigLoader.Load(overrideJson, environmentNames.ToArray());
            var app = new EcolauraApp(Path.GetFullPath(outdir));
            var owners = new List<string>();
            foreach (var environment in environments)
            {
                streams.Progress.WriteLine($"[synth {Now}] composing {environment.Name} ({environment.Region}, DR {environment.Dr.Region})");
                EnvironmentApp.Build(app, environment);
                owners.AddRange(Enumerable.Repeat(environment.Name, app.Stacks.Count - owners.Count));
            }

            streams.Progress.WriteLine($"[synth {Now}] writing {app.Stacks.Count} workspaces of {string.Join(", ", environments.Select(e => e.Name))}");
            var clock = Stopwatch.StartNew();
            app.Synth();
            streams.Progress.WriteLine(Cli.CdktfSynthLine(app.Stacks.Count, clock.Elapsed));
            for (var i = 0; i < app.Stacks.Count; i++)
            {
                streams.Results.WriteLine($"{StackLine}{owners[i]} {app.Stacks[i].Node.Id}");
            }

            return Cli.Ok;
        }
        catch (Exception e)
        {
            streams.Errors.WriteLine(e.Message);
            return Cli.Invalid;
        }
    }

    /// <summary>
    /// The parent's side: synthesizes <paramref name="environments"/> in <paramref name="processes"/> child processes at
    /// once (<see cref="Plan"/>), each into <c>&lt;staging&gt;/processes/&lt;n&gt;</c>, then moves their stack folders
    /// into <c>&lt;staging&gt;/stacks</c>, writes <c>&lt;staging&gt;/manifest.json</c> and removes the children's folders:
    /// <paramref name="staging"/> then holds what one process would have written.
    /// </summary>
    /// <param name="staging">The parent's staging folder (<see cref="OutputFolder.CreateStaging"/>).</param>
    /// <param name="environments">The environments to synthesize, validated together, in configuration order.</param>
    /// <param name="overrideJson">The override file's text (given to every child on stdin), or null.</param>
    /// <param name="processes">How many children, 1 or more (never more than environments).</param>
    /// <param name="progress">Where each child's progress lines go, as they come.</param>
    /// <returns>Every stack id, in the order one process creates them (environment by environment).</returns>
    /// <exception cref="SynthProcessException">A child failed or was stopped; the message holds every failed child's error text.</exception>
    public static IReadOnlyList<string> Run(string staging, IReadOnlyList<EnvironmentConfig> environments, string? overrideJson, int processes, TextWriter progress)
    {
        var children = Plan(environments, processes)
            .Select((group, i) => new Child(group, Path.Combine(staging, ChildrenFolder, i.ToString(CultureInfo.InvariantCulture)))).ToArray();
        using var stop = new CancellationTokenSource();
        Task[] running = [];
        using (OutputFolder.OnSignal(() =>
        {
            stop.Cancel();
            Task.WaitAll(Volatile.Read(ref running), ChildExitWait);
        }))
        {
            Volatile.Write(ref running, children.Select(child => RunChildAsync(child, overrideJson, stop, progress)).ToArray());
            Task.WaitAll(running);
        }

        var failed = children.Where(c => c.Failure is not null).ToArray();
        if (failed.Length > 0)
        {
            throw new SynthProcessException(string.Join("\n", failed.Select(c => $"{c.Name}{c.Process}: {c.Failure}")));
        }

        if (children.Any(c => !c.Done))
        {
            throw new SynthProcessException("stopped before every environment was synthesized");
        }

        return Merge(staging, environments, children);
    }

    /// <summary>Runs one child and waits for it; records its stacks or why it failed (and then stops the others).</summary>
    private static async Task RunChildAsync(Child child, string? overrideJson, CancellationTokenSource stop, TextWriter progress)
    {
        var clock = Stopwatch.StartNew();
        var errors = new StringBuilder();
        var stacks = new List<(string Environment, string Id)>();
        try
        {
            Directory.CreateDirectory(child.Folder);
            string[] arguments = ["exec", typeof(SynthProcesses).Assembly.Location, ChildCommand,
                .. child.Environments.SelectMany(e => new[] { "--env", e.Name }), "--out", child.Folder,
                .. overrideJson is null ? Array.Empty<string>() : ["--config-stdin"]];
            var command = CliWrap.Cli.Wrap(DotnetHost())
                .WithArguments(arguments)
                .WithValidation(CommandResultValidation.None)
                .WithStandardInputPipe(overrideJson is null ? PipeSource.Null : PipeSource.FromString(overrideJson, Encoding.UTF8))
                .WithStandardOutputPipe(PipeTarget.ToDelegate(line =>
                {
                    if (line.StartsWith(StackLine, StringComparison.Ordinal) && line[StackLine.Length..].Split(' ') is [var environment, var id])
                    {
                        stacks.Add((environment, id));
                    }
                    else
                    {
                        Write(progress, line);
                    }
                }))
                .WithStandardErrorPipe(PipeTarget.ToDelegate(line =>
                {
                    if (line.StartsWith("[synth ", StringComparison.Ordinal))
                    {
                        Write(progress, line);
                    }
                    else
                    {
                        lock (errors)
                        {
                            errors.AppendLine(line);
                        }
                    }
                }));
            var task = command.ExecuteAsync(stop.Token);
            child.Process = $" (process {task.ProcessId})";
            var result = await task.ConfigureAwait(false);
            var text = errors.ToString().Trim();
            if (result.ExitCode != 0)
            {
                child.Failure = result.ExitCode > 128
                    ? $"exit code {result.ExitCode} (ended by signal {result.ExitCode - 128}){(text.Length > 0 ? $": {text}" : "")}"
                    : $"exit code {result.ExitCode}: {(text.Length > 0 ? text : "no error text")}";
                await stop.CancelAsync().ConfigureAwait(false);
                return;
            }

            if (text.Length > 0)
            {
                Write(progress, text);
            }

            child.Stacks = stacks;
            child.Done = true;
            Write(progress, $"[synth {Now}] {string.Join(", ", child.Environments.Select(e => e.Name))}: {stacks.Count} workspaces synthesized in {clock.Elapsed.TotalSeconds:0.0} s{child.Process}");
        }
        catch (OperationCanceledException)
        {
            // stopped: another child failed, or a signal
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException or IOException || e.InnerException is System.ComponentModel.Win32Exception)
        {
            child.Failure = $"could not start the synth process: {e.Message}";
            await stop.CancelAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Moves every child's stack folders into <c>&lt;staging&gt;/stacks</c>, writes the merged manifest and returns the
    /// stack ids environment by environment in configuration order (each environment's in creation order).
    /// </summary>
    private static IReadOnlyList<string> Merge(string staging, IReadOnlyList<EnvironmentConfig> environments, IReadOnlyList<Child> children)
    {
        var stacksDir = Path.Combine(staging, "stacks");
        Directory.CreateDirectory(stacksDir);
        var entries = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var others = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var child in children)
        {
            var manifestPath = Path.Combine(child.Folder, "manifest.json");
            using var manifest = JsonDocument.Parse(File.ReadAllBytes(manifestPath));
            var listed = new List<string>();
            foreach (var property in manifest.RootElement.EnumerateObject())
            {
                if (property.Name == "stacks")
                {
                    foreach (var stack in property.Value.EnumerateObject())
                    {
                        listed.Add(stack.Name);
                        if (!entries.TryAdd(stack.Name, stack.Value.GetRawText()))
                        {
                            throw new SynthProcessException($"{child.Name}: stack {stack.Name} was also written by another process");
                        }
                    }
                }
                else if (others.TryGetValue(property.Name, out var seen) && seen != property.Value.GetRawText())
                {
                    throw new SynthProcessException($"{child.Name}: its manifest's {property.Name} is {property.Value.GetRawText()}, another's {seen}");
                }
                else
                {
                    others[property.Name] = property.Value.GetRawText();
                }
            }

            var ids = child.Stacks.Select(s => s.Id).ToArray();
            if (!listed.Order(StringComparer.Ordinal).SequenceEqual(ids.Order(StringComparer.Ordinal)))
            {
                throw new SynthProcessException($"{child.Name}: its manifest lists [{string.Join(", ", listed)}], its process wrote [{string.Join(", ", ids)}]");
            }

            foreach (var id in ids)
            {
                Directory.Move(Path.Combine(child.Folder, "stacks", id), Path.Combine(stacksDir, id));
            }
        }

        var order = environments.SelectMany(e => children.SelectMany(c => c.Stacks).Where(s => s.Environment == e.Name).Select(s => s.Id)).ToList();

        Directory.Delete(Path.Combine(staging, ChildrenFolder), recursive: true);
        others["stacks"] = StableObject(entries, level: 1);
        File.WriteAllText(Path.Combine(staging, "manifest.json"), StableObject(others, level: 0));
        return order;
    }

    /// <summary>
    /// An object as <c>json-stable-stringify</c> with <c>space: 2</c> writes it at nesting <paramref name="level"/>:
    /// keys in ordinal order, each on its own line indented by two spaces per level, values already in that form.
    /// </summary>
    private static string StableObject(IEnumerable<KeyValuePair<string, string>> members, int level)
    {
        var indent = "\n" + new string(' ', 2 * level);
        var body = members.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => $"{indent}  {JsString(m.Key)}: {m.Value}");
        return "{" + string.Join(",", body) + indent + "}";
    }

    /// <summary>A string as JavaScript's <c>JSON.stringify</c> writes it.</summary>
    private static string JsString(string value)
    {
        var text = new StringBuilder("\"");
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            var loneSurrogate = (char.IsHighSurrogate(c) && (i + 1 >= value.Length || !char.IsLowSurrogate(value[i + 1])))
                || (char.IsLowSurrogate(c) && (i == 0 || !char.IsHighSurrogate(value[i - 1])));
            text.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\b' => "\\b",
                '\f' => "\\f",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when c < ' ' || loneSurrogate => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        }

        return text.Append('"').ToString();
    }

    /// <summary>The <c>dotnet</c> host running this process (or <c>DOTNET_HOST_PATH</c>, else <c>dotnet</c> on PATH), to run the app's DLL.</summary>
    private static string DotnetHost()
    {
        var self = System.Environment.ProcessPath;
        if (self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            return self;
        }

        return System.Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
    }

    private static void Write(TextWriter progress, string line)
    {
        lock (progress)
        {
            progress.WriteLine(line);
        }
    }

    private static string Now => DateTime.Now.ToString("HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>One child process and the environments it synthesizes.</summary>
    private sealed class Child(IReadOnlyList<EnvironmentConfig> environments, string folder)
    {
        public IReadOnlyList<EnvironmentConfig> Environments { get; } = environments;

        /// <summary>"environment prod" or "environments dev, staging", for messages.</summary>
        public string Name => $"environment{(Environments.Count == 1 ? "" : "s")} {string.Join(", ", Environments.Select(e => e.Name))}";

        public string Folder { get; } = folder;

        /// <summary>" (process &lt;pid&gt;)" once started, for messages.</summary>
        public string Process { get; set; } = "";

        /// <summary>Why it failed (null: it did not, or it was stopped).</summary>
        public string? Failure { get; set; }

        /// <summary>Whether it finished with exit code 0.</summary>
        public bool Done { get; set; }

        /// <summary>The stacks it wrote with their environment, in creation order (empty until it succeeded).</summary>
        public IReadOnlyList<(string Environment, string Id)> Stacks { get; set; } = [];
    }
}

/// <summary>A child synth process failed or was stopped (<see cref="SynthProcesses.Run"/>); the message says which and why.</summary>
/// <param name="message">Each failed environment with its process id and error text.</param>
public sealed class SynthProcessException(string message) : Exception(message);
