using System.Diagnostics;
using System.Text.Json.Nodes;
using Ecolaura.Tf.App;
using Ecolaura.Tf.App.Delivery;
using Ecolaura.Tf.Tests.Support;

namespace Ecolaura.Tf.Tests.Delivery;

/// <summary>
/// <c>./ecolaura plan --changed-since</c>, the git and synth part (<see cref="ChangedSince"/>) on a real temporary git
/// repository whose <c>ecolaura</c> script stands in for the synth (it copies a prepared output, or fails): the base ref
/// is synthesized in a temporary worktree that is removed afterwards, an unknown ref is refused naming it, a base that
/// does not synthesize or a changed <c>.terraform-version</c> plans everything.
/// </summary>
public class ChangedSinceTests
{
    private TempDirectory _dir = null!;

    [SetUp]
    public void CreateDir() => _dir = TestTemp.Create(TestContext.CurrentContext.Test.Name);

    [TearDown]
    public void RemoveDir() => _dir.Dispose();

    /// <summary>A repository with one commit whose <c>ecolaura synth --out DIR</c> runs <paramref name="synth"/> (shell).</summary>
    private string Repository(string synth)
    {
        var repo = _dir.Combine("repo");
        Directory.CreateDirectory(repo);
        var script = Path.Combine(repo, "ecolaura");
        File.WriteAllText(script, $"#!/bin/sh\n[ \"$1\" = synth ] && [ \"$2\" = --out ] || exit 2\n{synth}\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        Git(repo, "init", "--quiet", "--initial-branch=main");
        Git(repo, "add", ".");
        Git(repo, "-c", "user.name=test", "-c", "user.email=test@example.com", "commit", "--quiet", "-m", "base");
        return repo;
    }

    /// <summary>The default synth copied to <paramref name="target"/>, with <paramref name="edit"/> applied to prod-data's JSON.</summary>
    private static string CopyOfDefault(string target, Action<JsonObject>? edit = null)
    {
        Copy(Synthesized.Directory, target);
        if (edit is not null)
        {
            var file = Path.Combine(target, "stacks", "prod-data", OutputFolder.StackFile);
            var json = JsonNode.Parse(File.ReadAllText(file))!.AsObject();
            edit(json);
            File.WriteAllText(file, json.ToJsonString());
        }

        return target;
    }

    private Func<int> SynthHead(string outdir) => () =>
    {
        CopyOfDefault(outdir);
        return 0;
    };

    [Test]
    public void The_base_is_synthesized_in_a_temporary_worktree_and_only_the_changed_stack_is_selected()
    {
        var alarm = Synthesized.Stack("prod-data").Root["resource"]!["aws_cloudwatch_metric_alarm"]!.AsObject().First().Key;
        var baseOut = CopyOfDefault(_dir.Combine("base-out"), json => json["resource"]!["aws_cloudwatch_metric_alarm"]![alarm]!["alarm_description"] = "the base's");
        var repo = Repository($"cp -r '{baseOut}' \"$3\"");
        var progress = new StringWriter();

        var result = ChangedSince.Detect(repo, "main", _dir.Combine("head-out"), SynthHead(_dir.Combine("head-out")), progress);

        Assert.That(result.Stacks.Single(s => s.Id == "prod-data").Reason, Does.StartWith($"its Terraform JSON changed: resource.aws_cloudwatch_metric_alarm.{alarm}"));
        Assert.That(result.Everything, Is.Null, progress.ToString());
        Assert.That(result.Selected, Does.Contain("prod-data").And.Not.Contain("prod-network").And.Not.Contain("dev-data"));
        Assert.That(progress.ToString(), Does.Contain("synthesizing main ("));
        AssertWorktreeRemoved(repo);
    }

    [Test]
    public void A_base_that_does_not_synthesize_plans_everything_and_says_so_naming_the_ref()
    {
        var repo = Repository("echo 'synth: configuration is invalid' >&2; exit 1");
        var progress = new StringWriter();

        var result = ChangedSince.Detect(repo, "main", _dir.Combine("head-out"), SynthHead(_dir.Combine("head-out")), progress);

        Assert.That(result.Selected, Has.Count.EqualTo(Synthesized.StackIds.Count));
        Assert.That(result.Everything, Does.Contain("the synth of main failed"));
        Assert.That(progress.ToString(), Does.Contain("plan: warning: the synth of --changed-since 'main'").And.Contain("synth: configuration is invalid").And.Contain("every stack is planned"));
        AssertWorktreeRemoved(repo);
    }

    [Test]
    public void A_changed_terraform_version_file_plans_everything()
    {
        var repo = Repository($"cp -r '{CopyOfDefault(_dir.Combine("base-out"))}' \"$3\"");
        File.WriteAllText(Path.Combine(repo, ".terraform-version"), "1.12.0\n");

        var result = ChangedSince.Detect(repo, "main", _dir.Combine("head-out"), SynthHead(_dir.Combine("head-out")), TextWriter.Null);

        Assert.That(result.Everything, Is.EqualTo("a change the JSON cannot judge: .terraform-version changed"));
        Assert.That(result.Selected, Has.Count.EqualTo(Synthesized.StackIds.Count));
    }

    [Test]
    public void An_unknown_ref_is_refused_naming_it_before_anything_is_synthesized()
    {
        var repo = Repository("exit 1");
        var synthesized = false;
        var error = Assert.Throws<DeliveryException>(() => ChangedSince.Detect(repo, "origin/nope", _dir.Combine("head-out"), () => { synthesized = true; return 0; }, TextWriter.Null))!;
        Assert.That(error.Message, Does.StartWith("--changed-since 'origin/nope' is not a commit of ").And.Contain("git fetch origin origin/nope"));
        Assert.That(synthesized, Is.False);
    }

    [Test]
    public void A_working_tree_that_does_not_synthesize_is_refused_and_the_command_exits_1()
    {
        var repo = Repository("exit 1");
        var error = Assert.Throws<DeliveryException>(() => ChangedSince.Detect(repo, "main", _dir.Combine("head-out"), () => 1, TextWriter.Null))!;
        Assert.That(error.Message, Does.StartWith("the working tree does not synthesize (see above), so nothing can be compared with 'main'"));

        var stderr = new StringWriter();
        var code = Cli.Run(["plan", "--changed-since", "no-such-ref-anywhere", "--dir", _dir.Combine("out"), "--out", _dir.Combine("plans")], new StringWriter(), stderr, _ => null);
        Assert.That(code, Is.EqualTo(Cli.Invalid));
        Assert.That(stderr.ToString(), Does.Contain("plan: --changed-since 'no-such-ref-anywhere' is not a commit of"));
        Assert.That(Directory.Exists(_dir.Combine("plans")), Is.False);
    }

    [Test]
    public void A_working_tree_that_does_not_synthesize_stops_the_base_synth_running_beside_it()
    {
        // The base's synth would take five minutes; the failing working tree ends the call at once, worktree removed.
        var repo = Repository("exec sleep 300");
        var clock = Stopwatch.StartNew();
        var progress = new StringWriter();
        var error = Assert.Throws<DeliveryException>(() => ChangedSince.Detect(repo, "main", _dir.Combine("head-out"), () => { Thread.Sleep(2000); return 1; }, progress))!;
        Assert.That(error.Message, Does.StartWith("the working tree does not synthesize (see above), so nothing can be compared with 'main'"));
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(60)), "the base synth was stopped, not waited for");
        Assert.That(progress.ToString(), Does.Not.Contain("plan: warning"), "a stopped base synth is no failure to report");
        AssertWorktreeRemoved(repo);
    }

    [Test]
    public void The_base_synth_is_cached_by_its_tree_hash_and_reused_without_a_worktree()
    {
        var alarm = Synthesized.Stack("prod-data").Root["resource"]!["aws_cloudwatch_metric_alarm"]!.AsObject().First().Key;
        var baseOut = CopyOfDefault(_dir.Combine("base-out"), json => json["resource"]!["aws_cloudwatch_metric_alarm"]![alarm]!["alarm_description"] = "the base's");
        var repo = Repository($"cp -r '{baseOut}' \"$3\"");
        var cache = _dir.Combine("cache");

        var first = ChangedSince.Detect(repo, "main", _dir.Combine("head-out"), SynthHead(_dir.Combine("head-out")), TextWriter.Null, cacheDir: cache);
        var tree = Git(repo, "rev-parse", "main^{tree}").Trim();
        Assert.That(File.Exists(Path.Combine(ChangedSince.CacheFolder(cache, tree, []), "manifest.json")), Is.True);

        // The base's synth now fails (its source is gone): only the cache can give the same answer.
        Directory.Delete(baseOut, recursive: true);
        var progress = new StringWriter();
        var second = ChangedSince.Detect(repo, "main", _dir.Combine("head-out"), SynthHead(_dir.Combine("head-out")), progress, cacheDir: cache);
        Assert.That(progress.ToString(), Does.Contain("its synth is cached in").And.Not.Contain("synthesizing main"));
        Assert.That(second.Everything, Is.Null, progress.ToString());
        Assert.That(second.Stacks, Is.EqualTo(first.Stacks));
        Assert.That(second.Selected, Does.Contain("prod-data").And.Not.Contain("prod-network"));

        // Without the cache the same call plans everything (the mutation the cache test needs).
        var uncached = ChangedSince.Detect(repo, "main", _dir.Combine("head-out"), SynthHead(_dir.Combine("head-out")), TextWriter.Null);
        Assert.That(uncached.Everything, Does.Contain("the synth of main failed"));
        AssertWorktreeRemoved(repo);
    }

    [Test]
    public void Environments_narrow_both_synths_and_the_comparison()
    {
        var baseOut = CopyOfDefault(_dir.Combine("base-out"));
        var repo = Repository($"echo \"$4 $5\" > '{_dir.Combine("base-args")}'; cp -r '{baseOut}' \"$3\"");

        var result = ChangedSince.Detect(repo, "main", _dir.Combine("head-out"), SynthHead(_dir.Combine("head-out")), TextWriter.Null, ["prod"]);
        Assert.That(File.ReadAllText(_dir.Combine("base-args")).Trim(), Is.EqualTo("--env prod"));
        Assert.That(result.Stacks.Select(s => s.Id), Is.EqualTo(Synthesized.StacksOf("prod")));
        Assert.That(result.Selected, Is.Empty);
        Assert.That(result.Removed, Is.Empty, "the other environments are not compared, so not reported as removed");
    }

    private static void AssertWorktreeRemoved(string repo)
    {
        Assert.That(Git(repo, "worktree", "list", "--porcelain").Split('\n').Count(l => l.StartsWith("worktree ", StringComparison.Ordinal)), Is.EqualTo(1), "only the repository itself");
        Assert.That(Directory.GetDirectories(Path.GetTempPath(), $"ecolaura-base-{Environment.ProcessId}-*"), Is.Empty);
    }

    private static string Git(string workdir, params string[] arguments)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = workdir, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.That(process.ExitCode, Is.Zero, $"git {string.Join(" ", arguments)}: {error}");
        return output.Result;
    }

    private static void Copy(string from, string to)
    {
        foreach (var dir in Directory.GetDirectories(from, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, dir)));
        }

        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)), overwrite: true);
        }
    }
}
