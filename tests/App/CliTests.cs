using System.CommandLine;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using Ecolaura.Tf.App;
using Ecolaura.Tf.Tests.Support;

namespace Ecolaura.Tf.Tests.App;

/// <summary>
/// The command line: parsing, help, exit codes and streams, and what a synth does to an existing output folder
/// (nothing a user or Terraform made is ever removed; a failed synth changes nothing).
/// </summary>
public class CliTests
{
    private TempDirectory _dir = null!;

    [SetUp]
    public void CreateDir() => _dir = TestTemp.Create(TestContext.CurrentContext.Test.Name);

    [TearDown]
    public void RemoveDir() => _dir.Dispose();

    private static (int Code, string Out, string Err) Run(string[] args, Func<string, string?>? environment = null)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = Cli.Run(args, stdout, stderr, environment ?? (_ => null));
        return (code, stdout.ToString(), stderr.ToString());
    }

    private static (int Code, string Out, string Err) Run(params string[] args) => Run(args, null);

    private string Outdir => _dir.Combine("cdktf.out");

    /// <summary>The environment the cdktf CLI gives the app (<c>npx cdktf synth</c>).</summary>
    private Func<string, string?> CdktfCli => name => name switch
    {
        "CDKTF_OUTDIR" => Outdir,
        "CDKTF_CONTEXT_JSON" => "{}",
        "CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS" => "true",
        "SYNTH_HCL_OUTPUT" => "false",
        _ => null,
    };

    /// <summary>
    /// A previous output: the cached default synth's stacks (every environment) plus what a user and Terraform leave
    /// in a stack folder after <c>terraform init</c> and <c>plan -out</c>.
    /// </summary>
    private void PreviousOutput(params string[] withUserFiles)
    {
        CopyTree(Synthesized.Directory, Outdir);
        foreach (var id in withUserFiles)
        {
            var stack = Path.Combine(Outdir, "stacks", id);
            Directory.CreateDirectory(Path.Combine(stack, ".terraform", "providers"));
            File.WriteAllText(Path.Combine(stack, ".terraform", "terraform.tfstate"), "{ \"backend\": \"s3\" }");
            File.WriteAllText(Path.Combine(stack, "prod.tfplan"), "a saved plan");
            File.WriteAllText(Path.Combine(stack, "terraform.tfstate.backup"), "local state backup");
            File.WriteAllText(Path.Combine(stack, "stale.txt"), "whatever the user put here");
        }
    }

    private static void CopyTree(string from, string to)
    {
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    private IReadOnlyDictionary<string, string> Snapshot() => OutputFolderTests.Snapshot(Outdir);

    private string[] Siblings() => Directory.GetFileSystemEntries(_dir).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;

    // ---- failed synths leave the previous output untouched ----

    [Test]
    public void Bad_config_exits_1_naming_every_field_and_leaves_the_previous_output_untouched()
    {
        PreviousOutput("prod-network");
        var before = Snapshot();
        var config = _dir.Combine("bad.json");
        File.WriteAllText(config, """
            { "environments": { "prod": { "network": { "vpcCidr": "10.0.0.0/33", "availabilityZones": ["us-east-1a"] } } } }
            """);

        var (code, stdout, err) = Run("synth", "--config", config, "--out", Outdir);

        Assert.That(code, Is.EqualTo(Cli.Invalid));
        Assert.That(err, Does.Contain("environments.prod.network.vpcCidr: must be a valid IPv4 CIDR"));
        Assert.That(err, Does.Contain("environments.prod.network.availabilityZones: need at least 3 distinct AZs in us-east-1, got [us-east-1a]"));
        Assert.That(err, Does.Contain("nothing was written; the previous output in").And.Contain("is untouched"));
        Assert.That(stdout, Is.Empty);
        Assert.That(Snapshot(), Is.EqualTo(before), "every file, the user's and the generator's, is as it was");
        Assert.That(Siblings(), Is.EqualTo(new[] { "bad.json", "cdktf.out" }), "no staging folder left");
    }

    [Test]
    public void Unknown_environment_exits_1_with_the_allowed_values()
    {
        var (code, _, err) = Run("synth", "--env", "prd", "--out", Outdir);
        Assert.That(code, Is.EqualTo(Cli.Invalid));
        Assert.That(err, Does.Contain("--env: must be one of [dev, staging, prod], got 'prd'"));
        Assert.That(Directory.Exists(Outdir), Is.False);
    }

    [Test]
    public void Missing_config_file_is_reported()
    {
        var (code, _, err) = Run("synth", "--config", _dir.Combine("nope.json"), "--out", Outdir);
        Assert.That(code, Is.EqualTo(Cli.Invalid));
        Assert.That(err, Does.Contain("--config: must name an existing JSON file"));
    }

    [Test]
    public void A_policy_violation_exits_1_and_leaves_the_previous_output_untouched()
    {
        PreviousOutput("dev-data");
        var before = Snapshot();
        // A suppression that matches nothing passes loading but fails the gate after a real synth.
        var suppressions = _dir.Combine("s.json");
        File.WriteAllText(suppressions, """[ { "rule": "ECO-RDS-3", "stack": "dev-data", "address": "aws_db_instance.postgres", "reason": "dev is single-AZ on purpose", "expires": "2099-01-01" } ]""");

        var (code, _, err) = Run("synth", "--env", "dev", "--suppressions", suppressions, "--out", Outdir);

        Assert.That(code, Is.EqualTo(Cli.Invalid), err);
        Assert.That(err, Does.Contain("ERROR ECO-SUPPRESSION dev-data aws_db_instance.postgres"));
        Assert.That(err, Does.Contain("policy violations (above), nothing was written; the previous output in"));
        Assert.That(Snapshot(), Is.EqualTo(before));
        Assert.That(Siblings(), Is.EqualTo(new[] { "cdktf.out", "s.json" }), "the staging folder is removed");
    }

    [Test]
    public void Hcl_output_is_refused_before_anything_is_written()
    {
        var (code, stdout, err) = Run(["app"], name => name == "SYNTH_HCL_OUTPUT" ? "true" : CdktfCli(name));
        Assert.That(code, Is.EqualTo(Cli.Invalid));
        Assert.That(err, Does.Contain("HCL output (cdktf synth --hcl, SYNTH_HCL_OUTPUT=true) is not supported"));
        Assert.That(stdout, Is.Empty);
        Assert.That(Directory.Exists(Outdir), Is.False);
    }

    // ---- a successful synth of one environment keeps everything else ----

    /// <summary>
    /// <c>synth --env dev</c> under the cdktf CLI over a previous output of every environment: only dev's generated
    /// files change; other environments' folders, every user and Terraform file, and a stack the code no longer
    /// produces stay; the manifest lists them all; progress goes to stdout and stderr stays empty.
    /// </summary>
    [Test]
    public void One_environment_replaces_only_its_generated_files_and_keeps_everything_else()
    {
        PreviousOutput("dev-network", "prod-network");
        var legacy = Path.Combine(Outdir, "stacks", "dev-legacy");
        Directory.CreateDirectory(legacy);
        File.WriteAllText(Path.Combine(legacy, OutputFolder.StackFile), """{ "resource": {} }""");
        var devNetwork = Path.Combine(Outdir, "stacks", "dev-network");
        File.WriteAllText(Path.Combine(devNetwork, OutputFolder.StackFile), """{ "stale": "from an older synth" }""");
        File.WriteAllText(Path.Combine(devNetwork, ProviderLocks.FileName), ProviderLocks.Compose(Synthesized.Stack("dev-network").Root).Text!.Replace("  ]", "    \"h1:added-by-terraform-for-darwin_arm64=\",\n  ]"));
        var before = Snapshot();

        var (code, stdout, err) = Run(["app", "--env", "dev"], CdktfCli);

        Assert.That(code, Is.EqualTo(Cli.Ok), err);
        var after = Snapshot();
        var changed = after.Where(f => !before.TryGetValue(f.Key, out var old) || old != f.Value).Select(f => f.Key).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(err, Is.Empty, "under the cdktf CLI nothing but errors goes to stderr");
            Assert.That(stdout, Does.Contain("[synth ").And.Contain("composing dev").And.Contain("policy: "), "progress on stdout");
            Assert.That(stdout, Does.Match(@"\] CDKTF wrote \d+ workspaces in \d+\.\d\d s\n"), "CDKTF's synth step timed (./ecolaura bench reads it)");
            Assert.That(stdout, Does.Contain("  dev-network ").And.Not.Contain("  prod-network "), "only dev was written");
            Assert.That(stdout, Does.Contain("warning: stacks/dev-legacy is no longer produced"));
            Assert.That(changed, Is.EquivalentTo(new[] { Path.Combine("stacks", "dev-network", OutputFolder.StackFile), "manifest.json" }),
                "only the generator's files that differ: dev-network's stale JSON and the manifest (it now lists dev-legacy)");
            Assert.That(before.Keys.Except(after.Keys), Is.Empty, "no file was removed");
            Assert.That(File.ReadAllText(Path.Combine(devNetwork, OutputFolder.StackFile)), Is.EqualTo(File.ReadAllText(Path.Combine(Synthesized.Directory, "stacks", "dev-network", OutputFolder.StackFile))));
            Assert.That(File.ReadAllText(Path.Combine(devNetwork, ProviderLocks.FileName)), Does.Contain("added-by-terraform"), "Terraform's lock with the same versions is kept");
            var manifest = JsonNode.Parse(after["manifest.json"])!["stacks"]!.AsObject();
            Assert.That(manifest.Select(s => s.Key), Is.EquivalentTo(Synthesized.StackIds.Append("dev-legacy")), "every stack present");
            Assert.That(Siblings(), Is.EqualTo(new[] { "cdktf.out" }), "the staging folder is gone");
        });
    }

    // ---- interrupted synths ----

    [Test]
    public void A_synth_removes_staging_folders_that_dead_processes_left_and_says_so()
    {
        var dead = $"{Outdir}{OutputFolder.StagingInfix}{OutputFolderTests.DeadPid()}-3";
        Directory.CreateDirectory(Path.Combine(dead, "stacks", "dev-network"));
        File.WriteAllText(Path.Combine(dead, OutputFolder.OwnerFile), $"{OutputFolderTests.DeadPid()} 638000000000000000\n");

        var (_, stdout, err) = Run("synth", "--env", "prd", "--out", Outdir);

        Assert.That(Directory.Exists(dead), Is.False);
        Assert.That(err, Does.Contain($"removed {Path.GetFileName(dead)}").Or.Contain($"removed {dead}"), "progress goes to stderr outside the cdktf CLI");
        Assert.That(stdout, Is.Empty);
    }

    /// <summary>
    /// The real app process, stopped with SIGTERM while it synthesizes: it removes its staging folder before it exits
    /// and the previous output is untouched.
    /// </summary>
    [Test]
    public void Sigterm_during_a_synth_leaves_no_staging_folder_and_the_previous_output_untouched()
    {
        PreviousOutput("dev-network");
        var before = Snapshot();
        var app = typeof(Cli).Assembly.Location;
        Assert.That(File.Exists(Path.ChangeExtension(app, ".runtimeconfig.json")), $"{app} must be runnable with dotnet");
        var info = new ProcessStartInfo("dotnet", ["exec", app, "synth", "--env", "dev", "--out", Outdir])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _dir,
        };
        info.Environment["PATH"] = $"{Path.GetDirectoryName(Repository.Node)}:{Environment.GetEnvironmentVariable("PATH")}";
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        try
        {
            var deadline = DateTime.UtcNow.AddMinutes(3);
            while (!Directory.GetDirectories(_dir, $"cdktf.out{OutputFolder.StagingInfix}*").Any(d => File.Exists(Path.Combine(d, OutputFolder.OwnerFile))))
            {
                if (process.HasExited)
                {
                    Assert.Fail($"the synth ended before its staging folder appeared:\n{stderr.Result}");
                }

                Assert.That(DateTime.UtcNow, Is.LessThan(deadline), "no staging folder appeared within 3 minutes");
                Thread.Sleep(50);
            }

            Assert.That(Kill(process.Id, Sigterm), Is.Zero, "kill(SIGTERM)");
            Assert.That(process.WaitForExit(TimeSpan.FromMinutes(1)), Is.True, "the app did not stop after SIGTERM");
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
            }
        }

        Assert.That(process.ExitCode, Is.Not.Zero, $"stopped, not finished:\n{stdout.Result}\n{stderr.Result}");
        Assert.That(Siblings(), Is.EqualTo(new[] { "cdktf.out" }), $"no staging folder left behind:\n{stderr.Result}");
        Assert.That(Snapshot(), Is.EqualTo(before));
    }

    private const int Sigterm = 15;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    // ---- parsing, help, exit codes ----

    [Test]
    public void Unknown_options_exit_2_naming_the_option_and_the_allowed_ones()
    {
        var (code, _, err) = Run("synth", "--bogus", "--out", Outdir);
        Assert.That(code, Is.EqualTo(Cli.Usage));
        Assert.That(err, Does.Contain("ecolaura synth: unknown option '--bogus'; allowed: --env, --config, --out, --suppressions, --hcl, --help"));
        Assert.That(Directory.Exists(Outdir), Is.False);
    }

    [TestCase(new[] { "deploy" }, "ecolaura: unknown command 'deploy'; allowed: synth, app, rules, addresses, floor, cost, graph, sample-config, plan, review, ci, cloud-workspaces, setup, test, bench, lock")]
    [TestCase(new[] { "plan", "--parallel", "0" }, "plan: --parallel must be at least 1, got 0")]
    [TestCase(new[] { "plan", "--bogus" }, "ecolaura plan: unknown option '--bogus'; allowed: --env, --workspace, --offline, --out, --dir, --parallel, --changed-since, --help")]
    [TestCase(new string[0], "ecolaura: a command is required; allowed: synth")]
    [TestCase(new[] { "synth", "--out" }, "ecolaura synth: Required argument missing for option: '--out'.")]
    [TestCase(new[] { "synth", "--env", "dev", "prod" }, "ecolaura synth: unexpected argument 'prod'")]
    [TestCase(new[] { "rules", "--out", "a", "--bogus" }, "ecolaura rules: unknown option '--bogus'; allowed: --out, --help")]
    [TestCase(new[] { "floor" }, "ecolaura floor: Option '--out' is required.")]
    public void Usage_errors_exit_2_with_the_reason(string[] args, string message)
    {
        var (code, stdout, err) = Run(args);
        Assert.That(code, Is.EqualTo(Cli.Usage), err);
        Assert.That(err, Does.Contain(message));
        Assert.That(err, Does.Contain("--help' for usage."));
        Assert.That(stdout, Is.Empty);
    }

    [Test]
    public void Script_commands_are_refused_by_the_app_with_exit_2()
    {
        foreach (var command in Cli.ScriptCommands)
        {
            var (code, _, err) = Run(command);
            Assert.That(code, Is.EqualTo(Cli.Usage), command);
            Assert.That(err, Does.Contain($"use ./ecolaura {command}"));
        }
    }

    [Test]
    public void Every_command_has_help_generated_from_its_definition()
    {
        var root = Cli.Definition(new Cli.Streams(TextWriter.Null, TextWriter.Null, TextWriter.Null), _ => null);
        var help = Cli.Help();
        Assert.That(help, Does.Contain("Usage:\n  ecolaura [command] [options]"));
        Assert.That(help, Does.Not.Contain(SynthProcesses.ChildCommand), "the child synth command is hidden");
        foreach (var command in root.Subcommands.Where(c => !c.Hidden))
        {
            Assert.That(help, Does.Contain($"  {command.Name}"), $"the root help lists {command.Name}");
            var own = Cli.Help(command.Name);
            Assert.That(own, Does.Contain($"ecolaura {command.Name}"));
            Assert.That(own, Does.Contain(command.Description!.Split(' ')[0]));
            foreach (var option in command.Options)
            {
                Assert.That(own, Does.Contain(option.Name), $"{command.Name} --help shows {option.Name}");
                Assert.That(own, Does.Contain(option.Description!.Split(' ')[0]), $"{command.Name} --help describes {option.Name}");
            }
        }

        Assert.That(Run("synth", "-h").Out, Is.EqualTo(Cli.Help("synth")));
        Assert.That(Run("synth", "--help").Code, Is.EqualTo(Cli.Ok));
    }

    [Test]
    public void Every_existing_command_and_flag_still_parses()
    {
        var root = Cli.Definition(new Cli.Streams(TextWriter.Null, TextWriter.Null, TextWriter.Null), _ => null);
        string[][] lines =
        [
            ["synth"], ["synth", "--env", "prod"], ["synth", "--env", "dev,staging", "--env", "prod"], ["synth", "--config", "c.json"],
            ["synth", "--out", "o"], ["synth", "--suppressions", "s.json"], ["app"], ["app", "--env", "dev"],
            ["rules", "--out", "docs/RULES.md"], ["addresses", "--out", "docs/addresses"], ["floor", "--out", "f"],
            ["test", "--fast"], ["test", "--filter", "FullyQualifiedName~Network"], ["bench", "--skip-cold"], ["lock", "--platform", "darwin_arm64"],
            ["plan"], ["plan", "--env", "dev,prod", "--workspace", "network", "--offline", "--out", "p", "--dir", "cdktf.out", "--parallel", "2"],
        ];
        foreach (var line in lines)
        {
            Assert.That(root.Parse(line).Errors.Select(e => e.Message), Is.Empty, string.Join(' ', line));
        }
    }

    [Test]
    public void Rules_writes_the_rule_list()
    {
        var file = _dir.Combine("RULES.md");
        var (code, stdout, _) = Run("rules", "--out", file);
        Assert.That(code, Is.EqualTo(Cli.Ok));
        Assert.That(File.ReadAllText(file), Is.EqualTo(Ecolaura.Tf.Policies.PolicyPack.RenderRulesDoc()));
        Assert.That(stdout, Does.StartWith("wrote "));
    }

    /// <summary><c>./ecolaura --help</c> and <c>./ecolaura synth --help</c> print exactly what the parser generates.</summary>
    [Test]
    public void The_script_prints_the_parsers_help()
    {
        foreach (var args in new[] { "--help", "synth --help", "test --help" })
        {
            var info = new ProcessStartInfo("bash", $"{Path.Combine(Repository.Root, "ecolaura")} {args}")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = Repository.Root,
            };
            using var process = Process.Start(info)!;
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEnd();
            Assert.That(process.WaitForExit(TimeSpan.FromMinutes(5)), Is.True);
            Assert.That(process.ExitCode, Is.Zero, stderr.Result);
            Assert.That(stdout, Is.EqualTo(Cli.Help(args == "--help" ? null : args.Split(' ')[0])), $"./ecolaura {args}");
        }
    }
}
