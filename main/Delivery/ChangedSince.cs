using System.Text;
using System.Text.Json.Nodes;
using CliWrap;

namespace Ecolaura.Tf.App.Delivery;

/// <summary>
/// <c>./ecolaura plan --changed-since REF</c>, the git and synth part (the decision is <see cref="ChangeSelection"/>):
/// resolves REF, synthesizes the working tree (through the caller) and REF (<c>./ecolaura synth</c> in a temporary
/// <c>git worktree --detach</c>, sharing this tree's <c>node_modules</c> when the npm lock is the same, and the
/// bindings cache in any case; the worktree is removed afterwards, also on failure), and lists the changed files the JSON
/// cannot judge (<see cref="IsGlobal"/>).
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
    /// <exception cref="DeliveryException">Not in a git repository, <paramref name="gitRef"/> names no commit, or the working tree does not synthesize.</exception>
    public static ChangeSelection.Result Detect(string repository, string gitRef, string headOutdir, Func<int> synthHead, TextWriter progress)
    {
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

        if (synthHead() != 0)
        {
            throw new DeliveryException($"the working tree does not synthesize (see above), so nothing can be compared with '{gitRef}': fix it (./ecolaura synth shows the same errors), then run again");
        }

        var head = Read(headOutdir);
        var baseline = SynthesizeAt(top, gitRef, sha, progress, global);
        return ChangeSelection.Select(baseline ?? new SynthSnapshot(new JsonObject(), new Dictionary<string, JsonObject>(), new Dictionary<string, string>()), head, global);
    }

    /// <summary>Synthesizes <paramref name="sha"/> in a temporary worktree; null (and a line in <paramref name="global"/>) when its synth fails.</summary>
    private static SynthSnapshot? SynthesizeAt(string top, string gitRef, string sha, TextWriter progress, List<string> global)
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
            var synth = Run(worktree, Path.Combine(worktree, "ecolaura"), ["synth", "--out", outdir], new Dictionary<string, string?>
            {
                ["CDKTF_OUTDIR"] = null,
                ["CDKTF_CONTEXT_JSON"] = null,
                ["ECOLAURA_PROGRESS_FD"] = null,
                ["MSBUILDDISABLENODEREUSE"] = "1",
                ["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0",
            });
            if (synth.ExitCode != 0 || !File.Exists(Path.Combine(outdir, "manifest.json")))
            {
                var tail = (synth.Output + synth.Error).Split('\n', StringSplitOptions.RemoveEmptyEntries).TakeLast(5);
                return Failed($"./ecolaura synth exited with {synth.ExitCode}; its last lines:\n  {string.Join("\n  ", tail)}");
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

    /// <summary>Runs a program; stdout and stderr apart (a non-zero exit code is returned, not thrown).</summary>
    private static (int ExitCode, string Output, string Error) Run(string workdir, string program, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string?> environment)
    {
        var output = new StringBuilder();
        var error = new StringBuilder();
        var result = CliWrap.Cli.Wrap(program)
            .WithArguments(arguments)
            .WithWorkingDirectory(workdir)
            .WithEnvironmentVariables(environment.ToDictionary(e => e.Key, e => e.Value))
            .WithValidation(CommandResultValidation.None)
            .WithStandardOutputPipe(PipeTarget.ToStringBuilder(output))
            .WithStandardErrorPipe(PipeTarget.ToStringBuilder(error))
            .ExecuteAsync().GetAwaiter().GetResult();
        return (result.ExitCode, output.ToString(), error.ToString());
    }

    private static string FirstLine(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "no output";

    private static string Now => DateTime.Now.ToString("HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
}
