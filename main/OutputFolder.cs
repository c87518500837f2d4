using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;

namespace Ecolaura.Tf.App;

/// <summary>
/// The synth output folder (<c>cdktf.out</c>) and how a synth lands in it without destroying anything a user or
/// Terraform created there.
/// </summary>
/// <remarks>
/// <para>A synth writes into a staging sibling, <c>&lt;outdir&gt;.staging-&lt;pid&gt;-&lt;n&gt;</c>, and only a synth
/// that passed every check is committed; a failed one leaves the output folder exactly as it was.</para>
/// <para>The generator owns <c>manifest.json</c> and, in each <c>stacks/&lt;id&gt;/</c> folder it writes, the files it
/// writes there (<c>cdk.tf.json</c>). Committing replaces those files one by one (a rename each) and nothing else:
/// <c>.terraform/</c>, saved plans, local state and every other file in a stack folder stay; stack folders of stacks
/// this synth did not write (other environments, or stacks the code no longer produces) stay whole. The
/// <c>.terraform.lock.hcl</c> follows <see cref="ProviderLocks.Place"/>.</para>
/// <para><c>manifest.json</c> lists every stack folder holding a <c>cdk.tf.json</c>: this synth's entries, the previous
/// manifest's entries for the others. (The cdktf CLI deletes stack folders its manifest does not list.)</para>
/// <para>Staging folders of processes that are gone (killed, crashed) are removed when the next synth starts; on
/// SIGTERM, SIGINT and SIGHUP the running synth first runs what <see cref="OnSignal"/> registered (stopping the child
/// processes that write into its staging folder), then removes its own staging folders before it exits.</para>
/// </remarks>
public sealed class OutputFolder
{
    /// <summary>The marker inside a staging folder naming its owner process: <c>&lt;pid&gt; &lt;start time, UTC ticks&gt;</c>.</summary>
    public const string OwnerFile = ".ecolaura-staging-owner";

    /// <summary>What separates the output folder's name from a staging folder's suffix.</summary>
    public const string StagingInfix = ".staging-";

    /// <summary>The file every synthesized stack folder holds.</summary>
    public const string StackFile = "cdk.tf.json";

    private static readonly object CommitLock = new();
    private static readonly HashSet<string> Active = [];
    private static readonly List<PosixSignalRegistration> Signals = [];
    private static readonly List<Action> SignalActions = [];
    private static int _counter;

    /// <summary>The output folder at <paramref name="outdir"/> (made absolute; it need not exist).</summary>
    public OutputFolder(string outdir) => Root = Path.GetFullPath(outdir);

    /// <summary>The output folder's absolute path.</summary>
    public string Root { get; }

    /// <summary>What a commit did.</summary>
    /// <param name="Written">The stack ids written.</param>
    /// <param name="Kept">Stack folders present before and not written now (kept whole, listed in the manifest).</param>
    /// <param name="Orphans">Among <paramref name="Kept"/>, those of an environment this synth wrote but not produced by it any more.</param>
    /// <param name="Locks">What happened to each written stack's lock file (absent when the stack has no repository lock).</param>
    public sealed record CommitResult(
        IReadOnlyList<string> Written,
        IReadOnlyList<string> Kept,
        IReadOnlyList<string> Orphans,
        IReadOnlyDictionary<string, ProviderLocks.Placement> Locks);

    /// <summary>
    /// Removes staging folders beside <see cref="Root"/> whose owner process is gone (its pid is not running, or runs
    /// a process started at another time); returns their paths. Folders of running synths are left alone.
    /// </summary>
    public IReadOnlyList<string> RemoveStaleStaging()
    {
        var parent = Path.GetDirectoryName(Root)!;
        if (!Directory.Exists(parent))
        {
            return [];
        }

        var removed = new List<string>();
        foreach (var dir in Directory.GetDirectories(parent, $"{Path.GetFileName(Root)}{StagingInfix}*"))
        {
            lock (Active)
            {
                if (Active.Contains(dir) || OwnerAlive(dir))
                {
                    continue;
                }
            }

            try
            {
                Directory.Delete(dir, recursive: true);
                removed.Add(dir);
            }
            catch (DirectoryNotFoundException)
            {
                // another synth removed it first
            }
        }

        return removed;
    }

    /// <summary>
    /// Creates a new, empty staging folder for this process (with its owner marker) and registers it for removal on
    /// SIGTERM, SIGINT and SIGHUP.
    /// </summary>
    public string CreateStaging()
    {
        RegisterSignals();
        var staging = $"{Root}{StagingInfix}{Environment.ProcessId}-{Interlocked.Increment(ref _counter)}";
        Directory.CreateDirectory(staging);
        using (var self = Process.GetCurrentProcess())
        {
            File.WriteAllText(Path.Combine(staging, OwnerFile),
                $"{Environment.ProcessId} {self.StartTime.ToUniversalTime().Ticks.ToString(CultureInfo.InvariantCulture)}\n");
        }

        lock (Active)
        {
            Active.Add(staging);
        }

        return staging;
    }

    /// <summary>Removes a staging folder (a failed synth); the output folder is not touched.</summary>
    public static void Discard(string staging)
    {
        lock (CommitLock)
        {
            RemoveDirectory(staging);
            lock (Active)
            {
                Active.Remove(staging);
            }
        }
    }

    /// <summary>
    /// Moves the finished synth in <paramref name="staging"/> into the output folder (see the class remarks) and
    /// removes the staging folder.
    /// </summary>
    /// <param name="staging">A folder from <see cref="CreateStaging"/> holding <c>manifest.json</c> and <c>stacks/</c>.</param>
    /// <param name="environmentIds">The environments synthesized (stack ids start with <c>&lt;env&gt;-</c>), to name orphans.</param>
    public CommitResult Commit(string staging, IReadOnlyCollection<string> environmentIds)
    {
        lock (CommitLock)
        {
            var stacksDir = Path.Combine(Root, "stacks");
            Directory.CreateDirectory(stacksDir);
            var written = Directory.GetDirectories(Path.Combine(staging, "stacks")).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();
            var locks = new Dictionary<string, ProviderLocks.Placement>(StringComparer.Ordinal);
            foreach (var id in written)
            {
                var from = Path.Combine(staging, "stacks", id!);
                var to = Path.Combine(stacksDir, id!);
                Directory.CreateDirectory(to);
                foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
                {
                    var relative = Path.GetRelativePath(from, file);
                    var target = Path.Combine(to, relative);
                    if (relative == ProviderLocks.FileName)
                    {
                        locks[id!] = ProviderLocks.Place(File.ReadAllText(file), target);
                        continue;
                    }

                    Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                    File.Move(file, target, overwrite: true);
                }
            }

            var present = Directory.GetDirectories(stacksDir)
                .Where(d => File.Exists(Path.Combine(d, StackFile)))
                .Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();
            var kept = present.Except(written).ToArray();
            var orphans = kept.Where(id => environmentIds.Any(env => id!.StartsWith($"{env}-", StringComparison.Ordinal))).ToArray();
            WriteManifest(staging, present!, written!);

            RemoveDirectory(staging);
            lock (Active)
            {
                Active.Remove(staging);
            }

            return new CommitResult(written!, kept!, orphans!, locks);
        }
    }

    /// <summary>
    /// <c>manifest.json</c> for every stack present: this synth's entries, then the previous manifest's (or a minimal
    /// entry). When the new manifest already lists exactly the present stacks, it is moved in byte for byte.
    /// </summary>
    private void WriteManifest(string staging, IReadOnlyList<string> present, IReadOnlyList<string> written)
    {
        var fresh = Path.Combine(staging, "manifest.json");
        var target = Path.Combine(Root, "manifest.json");
        var current = JsonNode.Parse(File.ReadAllText(fresh))!.AsObject();
        var freshStacks = current["stacks"]?.AsObject() ?? [];
        if (present.Count == written.Count && present.All(id => freshStacks.ContainsKey(id)))
        {
            File.Move(fresh, target, overwrite: true);
            return;
        }

        JsonObject previous = [];
        try
        {
            previous = File.Exists(target) ? JsonNode.Parse(File.ReadAllText(target))?["stacks"]?.AsObject() ?? [] : [];
        }
        catch (System.Text.Json.JsonException)
        {
            // an unreadable previous manifest: the kept stacks get minimal entries
        }

        var stacks = new JsonObject();
        foreach (var id in present)
        {
            stacks[id] = (freshStacks[id] ?? previous[id])?.DeepClone() ?? new JsonObject
            {
                ["annotations"] = new JsonArray(),
                ["constructPath"] = id,
                ["dependencies"] = new JsonArray(),
                ["name"] = id,
                ["synthesizedStackPath"] = $"stacks/{id}/{StackFile}",
                ["workingDirectory"] = $"stacks/{id}",
            };
        }

        current["stacks"] = stacks;
        var temp = $"{target}.ecolaura-tmp";
        File.WriteAllText(temp, current.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
        File.Move(temp, target, overwrite: true);
    }

    private static bool OwnerAlive(string staging)
    {
        var marker = Path.Combine(staging, OwnerFile);
        int pid;
        long? started = null;
        if (File.Exists(marker))
        {
            var parts = File.ReadAllText(marker).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (parts.Length != 2 || !int.TryParse(parts[0], CultureInfo.InvariantCulture, out pid)
                || !long.TryParse(parts[1], CultureInfo.InvariantCulture, out var ticks))
            {
                return false;
            }

            started = ticks;
        }
        else
        {
            // A staging folder without a marker (older versions, or one being created right now): the pid in its name.
            var suffix = Path.GetFileName(staging).Split(StagingInfix).Last().Split('-')[0];
            if (!int.TryParse(suffix, CultureInfo.InvariantCulture, out pid))
            {
                return false;
            }

            if (Directory.GetLastWriteTimeUtc(staging) > DateTime.UtcNow.AddMinutes(-1))
            {
                return true;
            }
        }

        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited && (started is null || process.StartTime.ToUniversalTime().Ticks == started);
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>
    /// Registers <paramref name="action"/> to run on SIGTERM, SIGINT or SIGHUP before this process's staging folders are
    /// removed (e.g. stopping child processes that write into a staging folder, and waiting for them to end). Actions run
    /// in registration order on the signal's thread; an exception of one is ignored. Dispose the result to unregister.
    /// </summary>
    /// <param name="action">What to do first; it should return within seconds (the process ends after it).</param>
    public static IDisposable OnSignal(Action action)
    {
        RegisterSignals();
        lock (SignalActions)
        {
            SignalActions.Add(action);
        }

        return new Unregister(() =>
        {
            lock (SignalActions)
            {
                SignalActions.Remove(action);
            }
        });
    }

    private sealed class Unregister(Action remove) : IDisposable
    {
        private int _done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0)
            {
                remove();
            }
        }
    }

    /// <summary>On SIGTERM, SIGINT or SIGHUP: run the <see cref="OnSignal"/> actions, remove this process's staging folders, then let the signal end the process.</summary>
    private static void RegisterSignals()
    {
        lock (Signals)
        {
            if (Signals.Count > 0)
            {
                return;
            }

            foreach (var signal in new[] { PosixSignal.SIGTERM, PosixSignal.SIGINT, PosixSignal.SIGHUP })
            {
                Signals.Add(PosixSignalRegistration.Create(signal, _ => RemoveActive()));
            }
        }
    }

    private static void RemoveActive()
    {
        Action[] actions;
        lock (SignalActions)
        {
            actions = [.. SignalActions];
        }

        foreach (var action in actions)
        {
            try
            {
                action();
            }
            catch (Exception)
            {
                // nothing may keep the staging folders from being removed
            }
        }

        lock (CommitLock)
        {
            string[] staging;
            lock (Active)
            {
                staging = [.. Active];
                Active.Clear();
            }

            foreach (var dir in staging)
            {
                try
                {
                    RemoveDirectory(dir);
                }
                catch (IOException)
                {
                    // jsii may still be writing into it; the next synth removes what is left
                }
                catch (UnauthorizedAccessException)
                {
                }
            }
        }
    }

    private static void RemoveDirectory(string path)
    {
        if (Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }
    }
}
