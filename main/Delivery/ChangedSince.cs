using System.Text;
using System.Text.Json.Nodes;
using CliWrap;

namespace Ecolaura.Tf.App.Delivery;

/// <summary>
/// <c>./ecolaura plan --changed-since REF</c>, the git and synth part (the decision is <see cref="ChangeSelection"/>):
/// resolves REF, synthesizes the working tree (through the caller) and, at the same time, REF (<c>./ecolaura synth</c> in
/// a temporary <c>git worktree --detach</c>, sharing this tree's <c>node_modules</c> when the npm lock is the same, and
/// the bindings cache in any case; the worktree is removed afterwards, also on failure), and lists the changed files the
/// JSON cannot judge (<see cref="IsGlobal"/>). REF's synth is kept in a cache keyed by its git tree hash and the
/// environments, so a second run against the same base synthesizes only the working tree.
/// </summary>
public static class ChangedSince
{
    /// <summary>Whether a changed repository file affects every stack in ways the JSON does not show: <c>.terraform-version</c> and the provider lock files (<c>locks/</c>, any <c>.terraform.lock.hcl</c>).</summary>
    /// <param name="path">A path relative to the repository root, with <c>/</c> separators (as git prints it).</param>
    public static bool IsGlobal(string path) =>
        path == ".terraform-version" || path.StartsWith("locks/", StringComparison.Ordinal) || path.EndsWith(".terraform.lock.hcl", StringComparison.Ordinal);

    /// <summary>Reads a synthesized output: its manifest, each listed stack's <c>cdk.tf.json</c> and <c>.terraform.lock.hcl</c>.</summary>
    /// <exception cref="DeliveryException">No manifest.</exception>
    public static SynthSnapshot Read(string outdir)
    {
        var graph = StackGraph.Load(outdir);
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(outdir, "manifest.json")))!.AsObject();
        var stacks = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        var locks = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var id in graph.InDependencyOrder)
        {
            var file = Path.Combine(graph.StackFolder(id), OutputFolder.StackFile);
            if (File.Exists(file))
            {
                stacks[id] = graph.Document(id);
            }

            var lockFile = Path.Combine(graph.StackFolder(id), ".terraform.lock.hcl");
            if (File.Exists(lockFile))
            {
                locks[id] = File.ReadAllText(lockFile);
            }
        }

        return new SynthSnapshot(manifest, stacks, locks);
    }

    /// <summary>
    /// Decides which stacks to plan against <paramref name="gitRef"/>.
    /// </summary>
    /// <param name="repository">A folder of the git repository (<c>.</c>: the current directory's).</param>
    /// <param name="gitRef">A branch, tag or commit of that repository.</param>
    /// <param name="headOutdir">Where the working tree is synthesized (the plan's <c>--dir</c>).</param>
    /// <param name="synthHead">Synthesizes the working tree into <paramref name="headOutdir"/>; returns the synth's exit code.</param>
    /// <param name="progress">Progress and warnings (the base synth's failure).</param>
    /// <param name="environments">Only these environments (both synths get <c>--env</c>; empty: all).</param>
    /// <param name="cacheDir">
    /// Where base synths are kept, one folder per git tree hash and environment list (<c>&lt;cacheDir&gt;/&lt;tree&gt;-&lt;envs&gt;</c>:
    /// the manifest and each stack's <c>cdk.tf.json</c> and lock file); null: no cache.
    /// </param>
    /// <exception cref="DeliveryException">Not in a git repository, <paramref name="gitRef"/> names no commit, or the working tree does not synthesize.</exception>
    public static ChangeSelection.Result Detect(
        string repository, string gitRef, string headOutdir, Func<int> synthHead, TextWriter progress, IReadOnlyList<string>? environments = null, string? cacheDir = null)
    {
        environments ??= [];
        progress = TextWriter.Synchronized(progress);
        var root = Git(repository, "rev-parse", "--show-toplevel");
        if (root.ExitCode != 0)
        {
            throw new DeliveryException($"--changed-since needs a git repository: {Path.GetFullPath(repository)} is not in one ({FirstLine(root.Error)})");
        }

        var top = root.Output.Trim();
        var commit = Git(top, "rev-parse", "--verify", "--quiet", "--end-of-options", $"{gitRef}^{{commit}}");
        if (commit.ExitCode != 0 || gitRef.StartsWith('-'))
        {
            throw new DeliveryException($"--changed-since '{gitRef}' is not a commit of {top}: give a branch, tag or commit it has (git branch -a, git log); in a shallow CI clone fetch it first (git fetch origin {gitRef})");
        }

        var sha = commit.Output.Trim();
        var global = new List<string>();
        var diff = Git(top, "diff", "--name-only", sha, "--");
        var untracked = Git(top, "ls-files", "--others", "--exclude-standard");
        if (diff.ExitCode != 0 || untracked.ExitCode != 0)
        {
            global.Add($"git could not list the files changed since {gitRef} ({FirstLine(diff.Error + untracked.Error)})");
        }
        else
        {
            global.AddRange(diff.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Concat(untracked.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                .Where(IsGlobal).Distinct().Order(StringComparer.Ordinal).Select(f => $"{f} changed"));
        }

        // Both synths at once: the base's in its own process and worktree, the working tree's through the caller.
        // When the working tree does not synthesize, the base's synth is stopped (its process killed): nothing to compare.
        var baseFailures = new List<string>();
        using var stopBase = new CancellationTokenSource();
        var baseSynth = Task.Run(() => CachedSynthesizeAt(top, gitRef, sha, progress, baseFailures, environments, cacheDir, stopBase.Token));
        var headExit = 1;
        try
        {
            headExit = synthHead();
        }
        finally
        {
            if (headExit != 0)
            {
                stopBase.Cancel();
            }

            baseSynth.Wait();
        }

        if (headExit != 0)
        {
            throw new DeliveryException($"the working tree does not synthesize (see above), so nothing can be compared with '{gitRef}': fix it (./ecolaura synth shows the same errors), then run again");
        }

        global.AddRange(baseFailures);
        var head = Only(Read(headOutdir), environments);
        var baseline = baseSynth.Result is { } synthesized ? Only(synthesized, environments) : null;
        return ChangeSelection.Select(baseline ?? new SynthSnapshot(new JsonObject(), new Dictionary<string, JsonObject>(), new Dictionary<string, string>()), head, global);
    }

    /// <summary>The part of a synth that belongs to <paramref name="environments"/> (empty: all of it): its manifest entries, stacks and lock files.</summary>
    public static SynthSnapshot Only(SynthSnapshot snapshot, IReadOnlyList<string> environments)
    {
        if (environments.Count == 0)
        {
            return snapshot;
        }

        bool Keep(string id) => environments.Contains(StackGraph.EnvironmentOf(id), StringComparer.Ordinal);
        var manifest = snapshot.Manifest.DeepClone().AsObject();
        if (manifest["stacks"] is JsonObject stacks)
        {
            foreach (var id in stacks.Select(s => s.Key).Where(id => !Keep(id)).ToArray())
            {
                stacks.Remove(id);
            }
        }

        return new SynthSnapshot(
            manifest,
            snapshot.Stacks.Where(s => Keep(s.Key)).ToDictionary(s => s.Key, s => s.Value, StringComparer.Ordinal),
            snapshot.LockFiles.Where(s => Keep(s.Key)).ToDictionary(s => s.Key, s => s.Value, StringComparer.Ordinal));
    }

    /// <summary>The folder of a cached base synth: <c>&lt;cacheDir&gt;/&lt;tree hash&gt;-&lt;environments or all&gt;</c>.</summary>
    public static string CacheFolder(string cacheDir, string treeHash, IReadOnlyList<string> environments) =>
        Path.Combine(cacheDir, $"{treeHash}-{(environments.Count == 0 ? "all" : string.Join("+", environments.Order(StringComparer.Ordinal)))}");

    /// <summary>
    /// The base synth from the cache when it holds one for <paramref name="sha"/>'s tree (same tree, same synth: the tree
    /// holds the code, the npm and NuGet pins and the lock files), else a synth in a temporary worktree, then cached.
    /// </summary>
    private static SynthSnapshot? CachedSynthesizeAt(
        string top, string gitRef, string sha, TextWriter progress, List<string> global, IReadOnlyList<string> environments, string? cacheDir, CancellationToken stop)
    {
        var tree = Git(top, "rev-parse", "--verify", "--quiet", $"{sha}^{{tree}}");
        var cached = cacheDir is null || tree.ExitCode != 0 ? null : CacheFolder(cacheDir, tree.Output.Trim(), environments);
        if (cached is not null && File.Exists(Path.Combine(cached, "manifest.json")))
        {
            progress.WriteLine($"[plan {Now}] {gitRef} ({sha[..12]}): its synth is cached in {cached}");
            return Read(cached);
        }

        return SynthesizeAt(top, gitRef, sha, progress, global, environments, cached, stop);
    }

    /// <summary>Copies what <see cref="Read"/> reads of a synthesized output into <paramref name="target"/> (written aside, then renamed into place).</summary>
    private static void Keep(string outdir, string target)
    {
        var staging = $"{target}.{System.Environment.ProcessId}-{Guid.NewGuid():N}.tmp";
        try
        {
            var graph = StackGraph.Load(outdir);
            Directory.CreateDirectory(staging);
            File.Copy(Path.Combine(outdir, "manifest.json"), Path.Combine(staging, "manifest.json"));
            foreach (var id in graph.InDependencyOrder)
            {
                foreach (var file in new[] { OutputFolder.StackFile, ".terraform.lock.hcl" })
                {
                    var source = Path.Combine(graph.StackFolder(id), file);
                    if (File.Exists(source))
                    {
                        Directory.CreateDirectory(Path.Combine(staging, "stacks", id));
                        File.Copy(source, Path.Combine(staging, "stacks", id, file));
                    }
                }
            }

            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            Directory.Move(staging, target);
        }
        catch (IOException)
        {
            // Another run cached the same tree first, or the disk is full: the cache is an optimisation only.
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }
    }

    /// <summary>Synthesizes <paramref name="sha"/> in a temporary worktree; null (and a line in <paramref name="global"/>) when its synth fails.</summary>
    private static SynthSnapshot? SynthesizeAt(
        string top, string gitRef, string sha, TextWriter progress, List<string> global, IReadOnlyList<string> environments, string? cacheFolder, CancellationToken stop)
    {
        var worktree = Path.Combine(Path.GetTempPath(), $"ecolaura-base-{System.Environment.ProcessId}-{Guid.NewGuid():N}");
        progress.WriteLine($"[plan {Now}] synthesizing {gitRef} ({sha[..12]}) in a temporary worktree {worktree}");
        var add = Git(top, "worktree", "add", "--detach", "--quiet", worktree, sha);
        if (add.ExitCode != 0)
        {
            return Failed($"git worktree add failed: {FirstLine(add.Error)}");
        }

        var modules = Path.Combine(worktree, "node_modules");
        try
        {
            if (Same(top, worktree, "package.json") && Same(top, worktree, "package-lock.json") && Directory.Exists(Path.Combine(top, "node_modules")))
            {
                Directory.CreateSymbolicLink(modules, Path.Combine(top, "node_modules"));
            }

            var outdir = Path.Combine(worktree, "cdktf.out");
            string[] arguments = ["synth", "--out", outdir, .. environments.Count == 0 ? Array.Empty<string>() : ["--env", string.Join(",", environments)]];
            var synth = Run(worktree, Path.Combine(worktree, "ecolaura"), arguments, new Dictionary<string, string?>
            {
                ["CDKTF_OUTDIR"] = null,
                ["CDKTF_CONTEXT_JSON"] = null,
                ["ECOLAURA_PROGRESS_FD"] = null,
                ["MSBUILDDISABLENODEREUSE"] = "1",
                ["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0",
                // It runs beside the working tree's synth: half the cores for its child synth processes.
                [SynthProcesses.Variable] = SynthProcesses.Share(System.Environment.GetEnvironmentVariable(SynthProcesses.Variable), synths: 2),
            },
            stop);
            if (stop.IsCancellationRequested)
            {
                return null;
            }

            if (synth.ExitCode != 0 || !File.Exists(Path.Combine(outdir, "manifest.json")))
            {
                var tail = (synth.Output + synth.Error).Split('\n', StringSplitOptions.RemoveEmptyEntries).TakeLast(5);
                return Failed($"./ecolaura synth exited with {synth.ExitCode}; its last lines:\n  {string.Join("\n  ", tail)}");
            }

            if (cacheFolder is not null)
            {
                Keep(outdir, cacheFolder);
            }

            return Read(outdir);
        }
        finally
        {
            if (new FileInfo(modules).LinkTarget is not null)
            {
                File.Delete(modules);
            }

            Git(top, "worktree", "remove", "--force", worktree);
            if (Directory.Exists(worktree))
            {
                Directory.Delete(worktree, recursive: true);
            }

            Git(top, "worktree", "prune");
        }

        SynthSnapshot? Failed(string what)
        {
            progress.WriteLine($"plan: warning: the synth of --changed-since '{gitRef}' ({sha[..12]}) failed, so every stack is planned: {what}");
            progress.WriteLine($"plan: to compare against '{gitRef}', make it synthesize (git worktree add /tmp/base {gitRef} && cd /tmp/base && ./ecolaura synth), or pass a newer ref");
            global.Add($"the synth of {gitRef} failed");
            return null;
        }
    }

    private static bool Same(string a, string b, string file) =>
        File.Exists(Path.Combine(a, file)) && File.Exists(Path.Combine(b, file)) && File.ReadAllText(Path.Combine(a, file)) == File.ReadAllText(Path.Combine(b, file));

    private static (int ExitCode, string Output, string Error) Git(string workdir, params string[] arguments) => Run(workdir, "git", arguments, new Dictionary<string, string?>());

    /// <summary>Runs a program; stdout and stderr apart (a non-zero exit code is returned, not thrown; <paramref name="stop"/> kills it and returns -1).</summary>
    private static (int ExitCode, string Output, string Error) Run(
        string workdir, string program, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string?> environment, CancellationToken stop = default)
    {
        var output = new StringBuilder();
        var error = new StringBuilder();
        var command = CliWrap.Cli.Wrap(program)
            .WithArguments(arguments)
            .WithWorkingDirectory(workdir)
            .WithEnvironmentVariables(environment.ToDictionary(e => e.Key, e => e.Value))
            .WithValidation(CommandResultValidation.None)
            .WithStandardOutputPipe(PipeTarget.ToStringBuilder(output))
            .WithStandardErrorPipe(PipeTarget.ToStringBuilder(error));
        try
        {
            var result = command.ExecuteAsync(stop).GetAwaiter().GetResult();
            return (result.ExitCode, output.ToString(), error.ToString());
        }
        catch (OperationCanceledException)
        {
            return (-1, output.ToString(), error.ToString());
        }
    }

    private static string FirstLine(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "no output";

    private static string Now => DateTime.Now.ToString("HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
}
