using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using Ecolaura.Tf.App;
using Ecolaura.Tf.Tests.Shared;
using Ecolaura.Tf.Tests.Support;

namespace Ecolaura.Tf.Tests.App;

/// <summary>
/// A synth of several environments in child processes (<see cref="SynthProcesses"/>): how many processes and which
/// environments each gets, output byte-identical to a synth in one process, and a failed, killed or interrupted child
/// leaving the previous output untouched, no staging folder and no process behind.
/// </summary>
public class SynthProcessesTests
{
    private TempDirectory _dir = null!;

    [SetUp]
    public void CreateDir() => _dir = TestTemp.Create(TestContext.CurrentContext.Test.Name);

    [TearDown]
    public void RemoveDir() => _dir.Dispose();

    private string Outdir => _dir.Combine("cdktf.out");

    // ---- how many processes, which environments ----

    [Test]
    public void The_process_count_is_half_the_processor_count_or_the_variable_and_never_more_than_the_environments()
    {
        Assert.Multiple(() =>
        {
            Assert.That(SynthProcesses.Count(null, environments: 3, processors: 2), Is.EqualTo(1), "one process per two cores");
            Assert.That(SynthProcesses.Count(null, environments: 3, processors: 5), Is.EqualTo(2));
            Assert.That(SynthProcesses.Count(null, environments: 10, processors: 8), Is.EqualTo(4));
            Assert.That(SynthProcesses.Count(null, environments: 3, processors: 16), Is.EqualTo(3), "never more than the environments");
            Assert.That(SynthProcesses.Count(null, environments: 3, processors: 1), Is.EqualTo(1), "one core: one process");
            Assert.That(SynthProcesses.Count(null, environments: 1, processors: 8), Is.EqualTo(1), "one environment: one process");
            Assert.That(SynthProcesses.Count("1", environments: 3, processors: 8), Is.EqualTo(1), "forced to one process");
            Assert.That(SynthProcesses.Count(" 3 ", environments: 10, processors: 2), Is.EqualTo(3), "the variable may ask for more than the cores");
            Assert.That(SynthProcesses.Count("16", environments: 3, processors: 2), Is.EqualTo(3));
        });
        Assert.That(SynthProcesses.Share("3", synths: 2), Is.EqualTo("3"), "the user's setting stands");
        Assert.That(SynthProcesses.Share(null, synths: 2), Is.EqualTo(Math.Max(1, Environment.ProcessorCount / 4).ToString(CultureInfo.InvariantCulture)), "half of the default each");
        Assert.That(SynthProcesses.Share(null, synths: Environment.ProcessorCount + 1), Is.EqualTo("1"));
        foreach (var bad in new[] { "0", "-1", "two", "1.5", "+2" })
        {
            var e = Assert.Throws<ConfigValidationException>(() => SynthProcesses.Count(bad, 3, 2))!;
            Assert.That(e.Problems.Single().ToString(), Does.StartWith($"{SynthProcesses.Variable}: must be a whole number").And.EndWith($"got '{bad}'"), bad);
        }
    }

    [Test]
    public void A_bad_process_count_exits_1_before_anything_is_written()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        var code = Cli.Run(["synth", "--out", Outdir], stdout, stderr, name => name == SynthProcesses.Variable ? "all" : null);

        Assert.That(code, Is.EqualTo(Cli.Invalid));
        Assert.That(stderr.ToString(), Does.Contain($"{SynthProcesses.Variable}: must be a whole number").And.Contain("got 'all'").And.Contain("nothing was written"));
        Assert.That(Directory.GetFileSystemEntries(_dir), Is.Empty);
    }

    [Test]
    public void Environments_are_shared_out_by_workspace_count_each_to_exactly_one_process_in_configuration_order()
    {
        var defaults = ConfigLoader.Load();
        Assert.That(Names(SynthProcesses.Plan(defaults, 2)), Is.EqualTo(new[] { new[] { "dev", "staging" }, new[] { "prod" } }),
            "staging (9 workspaces) and prod (9) first, then dev (7) to the first of the two");
        Assert.That(Names(SynthProcesses.Plan(defaults, 3)), Is.EqualTo(new[] { new[] { "dev" }, new[] { "staging" }, new[] { "prod" } }), "one process per environment");
        Assert.That(Names(SynthProcesses.Plan(defaults, 1)), Is.EqualTo(new[] { new[] { "dev", "staging", "prod" } }));

        var ten = ConfigLoader.Load(SampleEnvironments.Override(10));
        var weight = ten.ToDictionary(e => e.Name, e => EnvironmentApp.WorkspacesOf(e).Count);
        for (var processes = 1; processes <= 12; processes++)
        {
            var groups = SynthProcesses.Plan(ten, processes);
            Assert.That(groups, Has.Count.EqualTo(Math.Min(processes, ten.Count)), $"{processes} processes");
            Assert.That(groups.SelectMany(g => g).Select(e => e.Name).Order(), Is.EqualTo(ten.Select(e => e.Name).Order()), "every environment exactly once");
            foreach (var group in groups)
            {
                Assert.That(group, Is.Not.Empty);
                Assert.That(group.Select(e => ten.ToList().IndexOf(e)), Is.Ordered.Ascending, "configuration order inside a process");
            }

            var loads = groups.Select(g => g.Sum(e => weight[e.Name])).ToArray();
            Assert.That(loads.Max() - loads.Min(), Is.LessThanOrEqualTo(weight.Values.Max()), $"balanced: {string.Join(", ", loads)}");
        }
    }

    [Test]
    public void The_workspaces_of_an_environment_are_known_before_it_is_composed()
    {
        foreach (var environment in ConfigLoader.Load())
        {
            Assert.That(EnvironmentApp.WorkspacesOf(environment).Select(w => $"{environment.Name}-{w.Id()}"),
                Is.EquivalentTo(Synthesized.StacksOf(environment.Name)), environment.Name);
        }

        var shared = EnvironmentsAsDataTests.Qa(q => q["sharesAccountWith"] = "prod", tier: "development", account: "333333333333");
        var qa = ConfigLoader.Load(shared).Single(e => e.Name == "qa");
        var written = Directory.GetDirectories(Path.Combine(Synthesized.WithOverride(shared, "qa").Directory, "stacks")).Select(Path.GetFileName).Where(id => id!.StartsWith("qa-", StringComparison.Ordinal));
        Assert.That(EnvironmentApp.WorkspacesOf(qa).Select(w => $"qa-{w.Id()}"), Is.EquivalentTo(written), "an environment sharing its account has no security workspace");
    }

    private static string[][] Names(IReadOnlyList<IReadOnlyList<EnvironmentConfig>> groups) => groups.Select(g => g.Select(e => e.Name).ToArray()).ToArray();

    // ---- the output is the output of one process ----

    /// <summary>
    /// The README's second-region example and a development environment sharing prod's account, together; the latter's
    /// owner tag is not ASCII (the override reaches the children on stdin).
    /// </summary>
    private static string Extra()
    {
        var config = JsonNode.Parse(SecondRegionTests.ProdWest)!.AsObject();
        var qa = JsonNode.Parse(EnvironmentsAsDataTests.Qa(q =>
        {
            q["sharesAccountWith"] = "prod";
            q["network"] = new JsonObject { ["vpcCidr"] = "10.41.0.0/16" };
            q["dr"] = new JsonObject { ["vpcCidr"] = "10.141.0.0/16" };
            q["owner"] = "Équipe qualité";
        }, tier: "development", account: "333333333333"))!["environments"]!["qa"]!.DeepClone();
        config["environments"]!["qa"] = qa;
        return config.ToJsonString();
    }

    /// <summary>
    /// The same synth with <c>ECOLAURA_SYNTH_PROCESSES=1</c> and in child processes: every file of the output folder
    /// (stacks, manifest, locks) equal byte for byte, and the same result lines in the same order. Configurations: the
    /// default (one environment per child), the second region with an environment sharing an account, and ten
    /// environments (two children, shared out by workspace count). How environments are shared out for other counts is checked without synthesizing
    /// (<see cref="Environments_are_shared_out_by_workspace_count_each_to_exactly_one_process_in_configuration_order"/>);
    /// each more count here would cost a whole synth, every child paying the jsii start-up again.
    /// </summary>
    [Test]
    [Category(Categories.Scale)]
    [TestCase("default", "3")]
    [TestCase("second region and a shared account", "2")]
    [TestCase("ten environments", "2")]
    public void A_synth_in_child_processes_is_byte_identical_to_one_in_one_process(string configuration, params string[] processes)
    {
        var json = configuration switch
        {
            "default" => null,
            "ten environments" => SampleEnvironments.Override(10),
            _ => Extra(),
        };
        string[] config = [];
        if (json is not null)
        {
            File.WriteAllText(_dir.Combine("config.json"), json);
            config = ["--config", _dir.Combine("config.json")];
        }

        var (single, singleResults, singleProgress) = Synth("one", "1", config);
        Assert.That(singleProgress, Does.Not.Contain(" processes ("), "one process");
        var files = Files(single);
        Assert.That(files.Count(f => f.EndsWith(OutputFolder.StackFile, StringComparison.Ordinal)), Is.GreaterThanOrEqualTo(25));
        Assert.That(files.Where(f => f.EndsWith(ProviderLocks.FileName, StringComparison.Ordinal)), Is.Not.Empty);
        foreach (var count in processes)
        {
            var (parallel, results, progress) = Synth($"p{count}", count, config);
            Assert.That(progress, Does.Contain($" in {count} processes ("), "the synth ran in child processes");
            Assert.That(Directory.GetDirectories(_dir, "*.staging-*"), Is.Empty, "no staging folder left");
            Assert.That(Files(parallel), Is.EqualTo(files), $"{count} processes: the same files");
            foreach (var file in files)
            {
                Assert.That(File.ReadAllBytes(Path.Combine(parallel, file)), Is.EqualTo(File.ReadAllBytes(Path.Combine(single, file))), $"{count} processes: {file}");
            }

            Assert.That(results.Replace($"{Path.DirectorySeparatorChar}p{count}{Path.DirectorySeparatorChar}", $"{Path.DirectorySeparatorChar}one{Path.DirectorySeparatorChar}"), Is.EqualTo(singleResults),
                "the same result lines in the same order");
        }
    }

    private (string Outdir, string Results, string Progress) Synth(string name, string processes, string[] config)
    {
        var outdir = _dir.Combine(name);
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = Cli.Run(["synth", "--out", outdir, .. config], stdout, stderr, v => v == SynthProcesses.Variable ? processes : null);
        Assert.That(code, Is.EqualTo(Cli.Ok), $"{SynthProcesses.Variable}={processes}:\n{stderr}");
        return (outdir, stdout.ToString(), stderr.ToString());
    }

    private static List<string> Files(string dir) =>
        Directory.GetFiles(dir, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(dir, f)).Order(StringComparer.Ordinal).ToList();

    // ---- failed, killed and interrupted children ----

    /// <summary>Children cannot start the jsii runtime (no node on PATH; the parent does not need it): the synth fails with their error text.</summary>
    [Test]
    public void A_child_that_fails_fails_the_synth_with_its_error_text_and_writes_nothing()
    {
        var before = PreviousOutput();

        using var app = App.Start(_dir, ["synth", "--env", "dev,staging", "--out", Outdir], path: "/nonexistent");
        Assert.That(app.Process.WaitForExit(TimeSpan.FromMinutes(3)), Is.True, "the synth did not end");

        var stderr = app.Stderr;
        Assert.Multiple(() =>
        {
            Assert.That(app.Process.ExitCode, Is.EqualTo(Cli.Invalid), stderr);
            Assert.That(stderr, Does.Contain("2 environments in 2 processes"));
            Assert.That(stderr, Does.Match(@"synth: failed, nothing was written; the previous output in cdktf\.out is untouched: environment (dev|staging) \(process [0-9]+\): exit code [0-9]+"),
                "the failed child, its process and exit code (the other one is stopped when the first fails, or fails too)");
            Assert.That(stderr, Does.Contain("An error occurred trying to start process 'node'"), "the child's own error text");
            Assert.That(app.Stdout, Is.Empty, "no result lines");
            Assert.That(Siblings(), Is.EqualTo(new[] { "cdktf.out" }), "no staging folder left");
            Assert.That(OutputFolderTests.Snapshot(Outdir), Is.EqualTo(before));
        });
    }

    [Test]
    public void A_killed_child_fails_the_synth_stops_the_other_and_writes_nothing()
    {
        var before = PreviousOutput();

        using var app = App.Start(_dir, ["synth", "--env", "dev,staging", "--out", Outdir]);
        var children = app.WaitForChildren(2, withNode: false);
        var victim = children.First(c => c.CommandLine.Contains("--env staging", StringComparison.Ordinal));
        Assert.That(Kill(victim.Pid, Sigkill), Is.Zero, "kill(SIGKILL)");
        Assert.That(app.Process.WaitForExit(TimeSpan.FromMinutes(3)), Is.True, "the synth did not end");

        var stderr = app.Stderr;
        Assert.Multiple(() =>
        {
            Assert.That(app.Process.ExitCode, Is.EqualTo(Cli.Invalid), stderr);
            Assert.That(stderr, Does.Contain($"synth: failed, nothing was written; the previous output in {Path.GetRelativePath(_dir, Outdir)} is untouched: environment staging (process {victim.Pid}): exit code 137 (ended by signal 9)"));
            Assert.That(stderr, Does.Not.Contain("environment dev (process"), "the stopped child is not a failure");
            Assert.That(stderr, Does.Not.Contain("dev: 7 workspaces synthesized"), "the other child was stopped, not waited for");
            Assert.That(Siblings(), Is.EqualTo(new[] { "cdktf.out" }), "no staging folder left");
            Assert.That(OutputFolderTests.Snapshot(Outdir), Is.EqualTo(before));
        });
        AssertGone(children);
    }

    /// <summary>SIGTERM to the parent while its children and their Node.js processes run: all of them end, nothing is left.</summary>
    [Test]
    public void Sigterm_to_the_parent_stops_every_child_and_leaves_no_staging_folder()
    {
        var before = PreviousOutput();

        using var app = App.Start(_dir, ["synth", "--env", "dev,staging", "--out", Outdir]);
        var processes = app.WaitForChildren(2, withNode: true);
        Assert.That(Kill(app.Process.Id, Sigterm), Is.Zero, "kill(SIGTERM)");
        Assert.That(app.Process.WaitForExit(TimeSpan.FromMinutes(1)), Is.True, "the app did not stop after SIGTERM");

        Assert.Multiple(() =>
        {
            Assert.That(app.Process.ExitCode, Is.Not.Zero, $"stopped, not finished:\n{app.Stderr}");
            Assert.That(Siblings(), Is.EqualTo(new[] { "cdktf.out" }), $"no staging folder left:\n{app.Stderr}");
            Assert.That(OutputFolderTests.Snapshot(Outdir), Is.EqualTo(before));
        });
        AssertGone(processes);
    }

    /// <summary>A previous output: the cached default synth's stacks (every environment).</summary>
    private IReadOnlyDictionary<string, string> PreviousOutput()
    {
        foreach (var file in Directory.GetFiles(Synthesized.Directory, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(Outdir, Path.GetRelativePath(Synthesized.Directory, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        return OutputFolderTests.Snapshot(Outdir);
    }

    private string[] Siblings() => Directory.GetFileSystemEntries(_dir).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;

    /// <summary>
    /// Once the parent has exited: its child synths have ended (the parent waits for the ones it kills), and their
    /// Node.js processes end within seconds (killed with them; nobody waits for those). An orphaned child would run on
    /// (until it next writes to the closed pipe of its parent).
    /// </summary>
    private static void AssertGone(IReadOnlyList<ProcessInfo> processes)
    {
        Assert.That(processes.Where(p => p.CommandLine.Contains(SynthProcesses.ChildCommand, StringComparison.Ordinal)).Where(Running).Select(p => p.CommandLine), Is.Empty,
            "child synths still running when the parent exited");
        var deadline = DateTime.UtcNow.AddSeconds(5);
        foreach (var process in processes)
        {
            while (Running(process))
            {
                Assert.That(DateTime.UtcNow, Is.LessThan(deadline), $"process {process.Pid} still runs: {process.CommandLine}");
                Thread.Sleep(100);
            }
        }
    }

    /// <summary>Whether the process still runs: its pid exists, is not a zombie and runs the same command line.</summary>
    private static bool Running(ProcessInfo process) =>
        ProcessInfo.Read(process.Pid) is { } now && now.CommandLine == process.CommandLine && now.State != 'Z';

    private const int Sigterm = 15;
    private const int Sigkill = 9;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    /// <summary>A process from <c>/proc</c>: its id, parent, state and command line.</summary>
    private sealed record ProcessInfo(int Pid, int Parent, char State, string CommandLine)
    {
        public static ProcessInfo? Read(int pid)
        {
            try
            {
                var stat = File.ReadAllText($"/proc/{pid}/stat");
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                var commandLine = File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim();
                return new ProcessInfo(pid, int.Parse(fields[1], CultureInfo.InvariantCulture), fields[0][0], commandLine);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return null;
            }
        }

        public static IReadOnlyList<ProcessInfo> All() =>
            Directory.GetDirectories("/proc").Select(Path.GetFileName).Where(n => n!.All(char.IsAsciiDigit))
                .Select(n => Read(int.Parse(n!, CultureInfo.InvariantCulture))).OfType<ProcessInfo>().ToArray();
    }

    /// <summary>The real app (<c>dotnet exec Ecolaura.Tf.App.dll</c>) with <c>ECOLAURA_SYNTH_PROCESSES=2</c>, its output read as it comes.</summary>
    private sealed class App : IDisposable
    {
        private readonly Task<string> _stdout;
        private readonly Task<string> _stderr;

        private App(Process process)
        {
            Process = process;
            _stdout = process.StandardOutput.ReadToEndAsync();
            _stderr = process.StandardError.ReadToEndAsync();
        }

        public Process Process { get; }

        public string Stdout => _stdout.Result;

        public string Stderr => _stderr.Result;

        public static App Start(string workdir, string[] arguments, string? path = null)
        {
            var app = typeof(Cli).Assembly.Location;
            var info = new ProcessStartInfo("dotnet", ["exec", app, .. arguments])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = workdir,
            };
            info.Environment["PATH"] = path ?? $"{Path.GetDirectoryName(Repository.Node)}:{Environment.GetEnvironmentVariable("PATH")}";
            info.Environment[SynthProcesses.Variable] = "2";
            return new App(Process.Start(info)!);
        }

        /// <summary>
        /// Waits (up to three minutes) until the app runs <paramref name="count"/> child synths, each with its Node.js
        /// process when <paramref name="withNode"/>; returns them all (children first).
        /// </summary>
        public IReadOnlyList<ProcessInfo> WaitForChildren(int count, bool withNode)
        {
            var deadline = DateTime.UtcNow.AddMinutes(3);
            while (true)
            {
                var all = ProcessInfo.All();
                var children = all.Where(p => p.Parent == Process.Id && p.CommandLine.Contains(SynthProcesses.ChildCommand, StringComparison.Ordinal)).ToArray();
                var node = all.Where(p => children.Any(c => c.Pid == p.Parent) && p.CommandLine.Contains("node", StringComparison.Ordinal)).ToArray();
                if (children.Length == count && (!withNode || node.Select(n => n.Parent).Distinct().Count() == count))
                {
                    return [.. children, .. node];
                }

                if (Process.HasExited)
                {
                    Assert.Fail($"the synth ended before its children ran:\n{Stderr}");
                }

                Assert.That(DateTime.UtcNow, Is.LessThan(deadline), $"{count} children did not start within 3 minutes; running: {string.Join("; ", children.Select(c => c.CommandLine))}");
                Thread.Sleep(50);
            }
        }

        public void Dispose()
        {
            if (!Process.HasExited)
            {
                Process.Kill(entireProcessTree: true);
                Process.WaitForExit();
            }

            Process.Dispose();
        }
    }
}
