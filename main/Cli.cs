using System.CommandLine;
using System.CommandLine.Help;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Ecolaura.Tf.App.Delivery;
using Ecolaura.Tf.Policies;

namespace Ecolaura.Tf.App;

/// <summary>
/// The command line, <c>ecolaura &lt;command&gt; [options]</c>, parsed by System.CommandLine from one set of definitions
/// (<see cref="Definition"/>) that also generates every <c>--help</c> text; <c>./ecolaura --help</c> prints the same.
/// </summary>
/// <remarks>
/// <para>Commands the app runs: <c>synth</c> and <c>app</c> (the same synth; <c>app</c> is what <c>cdktf.json</c> runs),
/// <c>rules</c>, <c>addresses</c>, <c>floor</c>, <c>cost</c>, <c>graph</c>, <c>sample-config</c>, and the delivery commands
/// <c>plan</c>, <c>review</c> (<see cref="DeliveryCommands"/>) and <c>ci</c> (<see cref="CiWorkflows"/>). <c>setup</c>, <c>test</c>, <c>bench</c> and <c>lock</c> are run by the
/// <c>./ecolaura</c> script itself; they are defined here only so the help lists them. The hidden command
/// <c>synth-environments</c> is what a synth of several environments runs in each child process (<see cref="SynthProcesses"/>).</para>
/// <para>Exit codes: 0 ok, 1 invalid input or a failed synth, 2 usage (unknown command or option, missing value).</para>
/// <para>Streams: results (the written stacks) on stdout, progress and warnings on stderr, errors on stderr. Under the
/// cdktf CLI (<see cref="UnderCdktfCli"/>), which shows every stderr line as <c>[ERROR]</c>, progress and warnings go to
/// stdout and only errors to stderr.</para>
/// <para>A synth lands through <see cref="OutputFolder"/>: a failed one leaves the previous output untouched, and
/// nothing a user or Terraform put in the output folder is removed.</para>
/// </remarks>
public static class Cli
{
    /// <summary>The command's name in usage and help.</summary>
    public const string Name = "ecolaura";

    /// <summary>Exit code of a successful command.</summary>
    public const int Ok = 0;

    /// <summary>Exit code of invalid input (configuration, suppressions, policy violations) or a failed synth.</summary>
    public const int Invalid = 1;

    /// <summary>Exit code of a usage error: unknown command or option, missing option value.</summary>
    public const int Usage = 2;

    /// <summary>Width the help is wrapped at, whatever the terminal, so every <c>--help</c> prints the same text.</summary>
    public const int HelpWidth = 110;

    /// <summary>The commands the <c>./ecolaura</c> script runs itself (listed in the help, refused by the app).</summary>
    public static IReadOnlyList<string> ScriptCommands { get; } = ["setup", "test", "bench", "lock"];

    /// <summary>Runs the command with the process environment; returns the exit code (see the class remarks).</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr) =>
        Run(args, stdout, stderr, System.Environment.GetEnvironmentVariable);

    /// <summary>Runs the command; returns the exit code (see the class remarks).</summary>
    /// <param name="args">The arguments after the program name, e.g. <c>synth --env prod</c>.</param>
    /// <param name="stdout">Results (and progress under the cdktf CLI).</param>
    /// <param name="stderr">Errors (and progress otherwise).</param>
    /// <param name="environment">Reads an environment variable (<c>CDKTF_OUTDIR</c>, <c>CDKTF_CONTEXT_JSON</c>, <c>SYNTH_HCL_OUTPUT</c>, <c>ECOLAURA_SYNTH_PROCESSES</c>).</param>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, Func<string, string?> environment)
    {
        var streams = UnderCdktfCli(environment) ? new Streams(stdout, stdout, stderr) : new Streams(stdout, stderr, stderr);
        var root = Definition(streams, environment);
        var parsed = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (parsed.Action is not HelpAction && parsed.Errors.Count > 0)
        {
            return UsageError(parsed, streams.Errors);
        }

        try
        {
            return parsed.Invoke(new InvocationConfiguration
            {
                Output = stdout,
                Error = stderr,
                EnableDefaultExceptionHandler = false,
                ProcessTerminationTimeout = null,
            });
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            streams.Errors.WriteLine($"{Name} {parsed.CommandResult.Command.Name}: failed: {e.Message}");
            return Invalid;
        }
    }

    /// <summary>The help text of <paramref name="command"/> (null: the whole command line), exactly as <c>--help</c> prints it.</summary>
    /// <exception cref="ArgumentException">No such command.</exception>
    public static string Help(string? command = null)
    {
        var output = new StringWriter();
        var code = Run(command is null ? ["--help"] : [command, "--help"], output, output, _ => null);
        return code == Ok ? output.ToString() : throw new ArgumentException($"no command '{command}': {output}", nameof(command));
    }

    /// <summary>Whether the app runs under the cdktf CLI (<c>npx cdktf synth</c>), which sets <c>CDKTF_OUTDIR</c> and <c>CDKTF_CONTEXT_JSON</c>.</summary>
    public static bool UnderCdktfCli(Func<string, string?> environment) =>
        !string.IsNullOrEmpty(environment("CDKTF_OUTDIR")) || !string.IsNullOrEmpty(environment("CDKTF_CONTEXT_JSON"));

    /// <summary>
    /// Every command, option and description of the command line; actions write to <paramref name="streams"/>.
    /// The parser and every <c>--help</c> come from this one tree.
    /// </summary>
    public static RootCommand Definition(Streams streams, Func<string, string?> environment)
    {
        var root = new RootCommand("Ecolaura.Tf: synthesizes every Terraform workspace of the hosting platform (CDK for Terraform, C#).")
        {
            HelpName = Name,
        };
        foreach (var option in root.Options.OfType<HelpOption>())
        {
            ((HelpAction)option.Action!).MaxWidth = HelpWidth;
        }

        root.Subcommands.Add(SynthCommand("synth", "Synthesize every workspace (or those of --env) into <out>/stacks/<env>-<workspace>/cdk.tf.json, after validation and the policy gate.", streams, environment));
        root.Subcommands.Add(SynthCommand("app", "What cdktf.json runs (npx cdktf synth): the same synth, into $CDKTF_OUTDIR; progress on stdout there.", streams, environment));
        root.Subcommands.Add(SynthEnvironmentsCommand(streams));

        var rulesOut = new Option<string>("--out") { Description = "The file to write.", HelpName = "file", DefaultValueFactory = _ => Path.Combine("docs", "RULES.md") };
        var rules = new Command("rules", "Write the rule list (docs/RULES.md) from the policy rule pack.") { rulesOut };
        rules.SetAction(parse =>
        {
            var file = parse.GetValue(rulesOut)!;
            File.WriteAllText(file, PolicyPack.RenderRulesDoc());
            streams.Results.WriteLine($"wrote {PolicyPack.Rules.Count} rules to {file}");
            return Ok;
        });
        root.Subcommands.Add(rules);

        var addressesOut = new Option<string>("--out") { Description = "The folder to rewrite (one <stack>.txt per stack).", HelpName = "dir", DefaultValueFactory = _ => Path.Combine("docs", "addresses") };
        var addresses = new Command("addresses", "Write the golden resource-address lists (docs/addresses/) from a synth of the default configuration.") { addressesOut };
        addresses.SetAction(parse => Addresses(parse.GetValue(addressesOut)!, streams, environment));
        root.Subcommands.Add(addresses);

        var floorOut = new Option<string>("--out") { Description = "The output folder.", HelpName = "dir", Required = true };
        var floor = new Command("floor", "Benchmark baseline: one stack with one resource on the same jsii runtime (./ecolaura bench).") { floorOut };
        floor.SetAction(parse =>
        {
            JsiiFloor.Synth(Path.GetFullPath(parse.GetValue(floorOut)!));
            return Ok;
        });
        root.Subcommands.Add(floor);

        var costEnv = new Option<string[]>("--env") { Description = "Only these environments; repeat or comma-separate. Default: all.", HelpName = "name", Arity = ArgumentArity.OneOrMore };
        var costConfig = new Option<string>("--config") { Description = "The override file the stacks were synthesized with (budgets, sizes).", HelpName = "file" };
        var costDir = new Option<string>("--dir") { Description = "The synthesized output to estimate.", HelpName = "dir", DefaultValueFactory = _ => "cdktf.out" };
        var cost = new Command("cost", "Print the monthly cost estimate of each workspace from the synthesized stacks against the environment's budget (Markdown).") { costEnv, costConfig, costDir };
        cost.SetAction(parse => CostCommand.Run(
            (parse.GetValue(costEnv) ?? []).SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToArray(),
            parse.GetValue(costConfig),
            parse.GetValue(costDir)!,
            streams.Results,
            streams.Errors));
        root.Subcommands.Add(cost);

        var graphOut = new Option<string>("--out") { Description = "The repository root whose docs/ and README.md get the generated diagrams and tables.", HelpName = "dir", DefaultValueFactory = _ => "." };
        var graph = new Command("graph", "Write the Mermaid diagrams and tables generated from a synth of the default configuration (docs/diagrams, README, docs/architecture.md).") { graphOut };
        graph.SetAction(parse => GraphCommand.Run(parse.GetValue(graphOut)!, streams.Results, streams.Errors));
        root.Subcommands.Add(graph);

        var sampleCount = new Option<int>("--environments") { Description = $"How many environments in all (3–{SampleEnvironments.Max}): the embedded three plus generated ones.", HelpName = "n", Required = true };
        var sample = new Command("sample-config", "Print an override file with generated extra environments (the scale benchmark of ./ecolaura bench).") { sampleCount };
        sample.SetAction(parse =>
        {
            var total = parse.GetValue(sampleCount);
            if (total is < 3 or > SampleEnvironments.Max)
            {
                streams.Errors.WriteLine($"sample-config: --environments must be 3–{SampleEnvironments.Max}, got {total}");
                return Usage;
            }

            streams.Results.WriteLine(SampleEnvironments.Override(total));
            return Ok;
        });
        root.Subcommands.Add(sample);

        root.Subcommands.Add(DeliveryCommands.Plan(streams, environment));
        root.Subcommands.Add(DeliveryCommands.Review(streams));
        var ciOut = new Option<string>("--out") { Description = "The repository root whose .github/workflows/ gets the three workflows.", HelpName = "dir", DefaultValueFactory = _ => "." };
        var ci = new Command("ci", "Write the GitHub Actions workflows (terraform-plan, terraform-apply, terraform-drift) from the stack graph of a synth of the default configuration.") { ciOut };
        ci.SetAction(parse => Ci(parse.GetValue(ciOut)!, streams, environment));
        root.Subcommands.Add(ci);
        root.Subcommands.Add(DeliveryCommands.CloudWorkspaces(streams));

        root.Subcommands.Add(ScriptCommand("setup", "Install what the project needs (npm packages, Node.js, the C# bindings); every command runs it first.", streams));
        var test = ScriptCommand("test", "Build and run the NUnit suite; ends with \"N passed, N failed\". Other arguments go to dotnet test.", streams);
        test.Options.Add(new Option<bool>("--fast") { Description = "Leave out the slow tiers (categories Terraform and Emulators): the inner loop. CI runs everything." });
        test.Arguments.Add(new Argument<string[]>("dotnet-test-arguments") { Description = "Passed to dotnet test, e.g. --filter \"FullyQualifiedName~Network\".", Arity = ArgumentArity.ZeroOrMore });
        test.TreatUnmatchedTokensAsErrors = false;
        root.Subcommands.Add(test);
        var bench = ScriptCommand("bench", "Set-up and synth timings: cold and warm set-up, full and per-environment synth against the one-resource floor.", streams);
        bench.Options.Add(new Option<bool>("--skip-cold") { Description = "Skip the cold set-up (a fresh clone with an empty cache, several minutes)." });
        bench.Options.Add(new Option<int>("--runs") { Description = "Runs per figure (the median is shown); changed-since: runs in a row (default 2).", HelpName = "n", DefaultValueFactory = _ => 5 });
        bench.Arguments.Add(new Argument<string>("case") { Description = "changed-since: a pull request changing one alarm in one environment, planned end to end with ./ecolaura plan --offline --changed-since HEAD (first run with an empty base-synth cache, then with it).", Arity = ArgumentArity.ZeroOrOne, HelpName = "changed-since" });
        bench.Options.Add(new Option<string>("--env") { Description = "changed-since only: narrow both synths and the plans to this environment.", HelpName = "name" });
        bench.Options.Add(new Option<bool>("--suite") { Description = "Also time the whole test suite, every tier (minutes)." });
        root.Subcommands.Add(bench);
        var lockCommand = ScriptCommand("lock", "Regenerate locks/<type>.terraform.lock.hcl for every provider the stacks require.", streams);
        lockCommand.Options.Add(new Option<string[]>("--platform") { Description = "A platform to add hashes for (repeatable).", HelpName = "os_arch", DefaultValueFactory = _ => ["linux_amd64"] });
        lockCommand.Options.Add(new Option<string>("--fs-mirror") { Description = "A filesystem provider mirror to read (default: $ECOLAURA_TF_PLUGIN_DIR, else the registry).", HelpName = "dir" });
        root.Subcommands.Add(lockCommand);
        return root;
    }

    /// <summary>Where a command writes: results, progress (and warnings), errors.</summary>
    /// <param name="Results">What the command produced (the written stacks, the rule count).</param>
    /// <param name="Progress">Progress lines, warnings and the passing policy report.</param>
    /// <param name="Errors">Why the command failed.</param>
    public sealed record Streams(TextWriter Results, TextWriter Progress, TextWriter Errors);

    private static Command SynthCommand(string name, string description, Streams streams, Func<string, string?> environment)
    {
        var env = new Option<string[]>("--env")
        {
            Description = "Only these environments (dev, staging, prod or any the --config file adds); repeat or comma-separate. Default: all.",
            HelpName = "name",
            Arity = ArgumentArity.OneOrMore,
            AllowMultipleArgumentsPerToken = false,
        };
        var config = new Option<string>("--config") { Description = "A JSON override file merged over the embedded defaults, field by field.", HelpName = "file" };
        var outdir = new Option<string>("--out") { Description = "The output folder. Default: $CDKTF_OUTDIR, else cdktf.out.", HelpName = "dir" };
        var suppressions = new Option<string>("--suppressions") { Description = "Policy suppressions. Default: policy-suppressions.json when present.", HelpName = "file" };
        var hcl = new Option<bool>("--hcl") { Description = "Also write every stack as Terraform native syntax, <out>/hcl/<stack>/main.tf (reads the provider schemas with terraform)." };
        var command = new Command(name, description) { env, config, outdir, suppressions, hcl };
        command.SetAction(parse => Synth(
            new SynthRequest(
                (parse.GetValue(env) ?? []).SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToArray(),
                parse.GetValue(config),
                parse.GetValue(outdir) ?? environment("CDKTF_OUTDIR") ?? "cdktf.out",
                parse.GetValue(suppressions),
                parse.GetValue(hcl),
                Processes: name == "synth"),
            streams,
            environment));
        return command;
    }

    /// <summary>The hidden command a synth runs in each child process (<see cref="SynthProcesses"/>); not for direct use.</summary>
    private static Command SynthEnvironmentsCommand(Streams streams)
    {
        var env = new Option<string[]>("--env") { Description = "An environment to compose (repeat for several).", HelpName = "name", Required = true, Arity = ArgumentArity.OneOrMore };
        var outdir = new Option<string>("--out") { Description = "An existing empty folder (the parent's staging sub-folder).", HelpName = "dir", Required = true };
        var configStdin = new Option<bool>("--config-stdin") { Description = "Read the override file's text from stdin (UTF-8)." };
        var command = new Command(SynthProcesses.ChildCommand, "Internal: these environments' stacks into a staging sub-folder, run by synth in a child process.") { env, outdir, configStdin };
        command.Hidden = true;
        command.SetAction(parse => SynthProcesses.RunChild(
            parse.GetValue(env)!,
            parse.GetValue(outdir)!,
            parse.GetValue(configStdin) ? new StreamReader(Console.OpenStandardInput(), System.Text.Encoding.UTF8).ReadToEnd() : null,
            streams));
        return command;
    }

    private static Command ScriptCommand(string name, string description, Streams streams)
    {
        var command = new Command(name, $"{description} (run by ./ecolaura)");
        command.SetAction(_ =>
        {
            streams.Errors.WriteLine($"{Name} {name}: runs in the ./ecolaura script, not in the app: use ./ecolaura {name}");
            return Usage;
        });
        return command;
    }

    private static int UsageError(ParseResult parsed, TextWriter errors)
    {
        var command = parsed.CommandResult.Command;
        var label = command is RootCommand ? Name : $"{Name} {command.Name}";
        var unknown = parsed.UnmatchedTokens.ToArray();
        if (command is RootCommand && parsed.Tokens.Count > 0 && unknown.Length > 0 && !unknown[0].StartsWith('-'))
        {
            errors.WriteLine($"{Name}: unknown command '{unknown[0]}'; allowed: {string.Join(", ", command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name))}");
            errors.WriteLine($"Run '{Name} --help' for usage.");
            return Usage;
        }
        else if (unknown.Length > 0)
        {
            var allowed = command.Options.Where(o => !o.Hidden).Select(o => o.Name).Append("--help").Distinct();
            foreach (var token in unknown)
            {
                errors.WriteLine(token.StartsWith('-')
                    ? $"{label}: unknown option '{token}'; allowed: {string.Join(", ", allowed)}"
                    : $"{label}: unexpected argument '{token}'; allowed options: {string.Join(", ", allowed)}");
            }
        }

        foreach (var error in parsed.Errors.Where(e => !unknown.Any(t => e.Message.Contains($"'{t}'", StringComparison.Ordinal))))
        {
            errors.WriteLine(command is RootCommand && parsed.Tokens.Count == 0
                ? $"{Name}: a command is required; allowed: {string.Join(", ", command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name))}"
                : $"{label}: {error.Message}");
        }

        errors.WriteLine($"Run '{label} --help' for usage.");
        return Usage;
    }

    /// <summary>What a synth writes: the parsed options of <c>synth</c> and <c>app</c>.</summary>
    /// <param name="Environments">The <c>--env</c> names (empty: all).</param>
    /// <param name="ConfigPath">The <c>--config</c> override file, or null.</param>
    /// <param name="Outdir">The output folder.</param>
    /// <param name="SuppressionsPath">The <c>--suppressions</c> file, or null (the default file when present).</param>
    /// <param name="Hcl">Also write HCL (<c>--hcl</c>).</param>
    /// <param name="Processes">Whether the synth may run its environments in child processes (<see cref="SynthProcesses"/>); <c>app</c> (the cdktf CLI) runs in one process.</param>
    private sealed record SynthRequest(IReadOnlyList<string> Environments, string? ConfigPath, string Outdir, string? SuppressionsPath, bool Hcl = false, bool Processes = true);

    private static int Synth(SynthRequest request, Streams streams, Func<string, string?> environment)
    {
        var output = new OutputFolder(request.Outdir);
        foreach (var stale in output.RemoveStaleStaging())
        {
            streams.Progress.WriteLine($"[synth {DateTime.Now:HH:mm:ss}] removed {stale}, left by an interrupted synth");
        }

        var untouched = Directory.Exists(output.Root) ? $"the previous output in {Display(output.Root)} is untouched" : "there was no previous output";
        if (string.Equals(environment("SYNTH_HCL_OUTPUT"), "true", StringComparison.OrdinalIgnoreCase))
        {
            streams.Errors.WriteLine("synth: HCL output (cdktf synth --hcl, SYNTH_HCL_OUTPUT=true) is not supported: the stacks are Terraform JSON, which the policy gate and the readable addresses read. Run it without --hcl, or run ./ecolaura synth --hcl, which writes the HCL beside the JSON (<out>/hcl/<stack>/main.tf).");
            streams.Errors.WriteLine($"synth: nothing was written; {untouched}.");
            return Invalid;
        }

        IReadOnlyList<EnvironmentConfig> environments;
        IReadOnlyList<Suppression> suppressions;
        string? json = null;
        var processes = 1;
        try
        {
            suppressions = LoadSuppressions(request.SuppressionsPath);
            if (request.ConfigPath is not null)
            {
                if (!File.Exists(request.ConfigPath))
                {
                    throw new ConfigValidationException([new ValidationProblem("--config", $"'{request.ConfigPath}'", "must name an existing JSON file")]);
                }

                json = File.ReadAllText(request.ConfigPath);
            }

            environments = ConfigLoader.Load(json, request.Environments.Count > 0 ? request.Environments.ToArray() : null);
            if (request.Processes)
            {
                processes = SynthProcesses.Count(environment(SynthProcesses.Variable), environments.Count, System.Environment.ProcessorCount);
            }
        }
        catch (ConfigValidationException e)
        {
            streams.Errors.WriteLine($"synth: {e.Message}");
            streams.Errors.WriteLine($"synth: nothing was written; {untouched}.");
            return Invalid;
        }

        foreach (var warning in ConfigValidator.Warnings(environments, DateOnly.FromDateTime(DateTime.UtcNow)))
        {
            streams.Progress.WriteLine($"warning: {warning}");
        }

        Directory.CreateDirectory(Path.GetDirectoryName(output.Root)!);
        var staging = output.CreateStaging();
        var clock = Stopwatch.StartNew();
        try
        {
            IReadOnlyList<string> stackIds;
            if (processes > 1)
            {
                streams.Progress.WriteLine($"[synth {DateTime.Now:HH:mm:ss}] {environments.Count} environments in {processes} processes ({SynthProcesses.Variable}=1: all in one process)");
                stackIds = SynthProcesses.Run(staging, environments, json, processes, streams.Progress);
            }
            else
            {
                stackIds = SynthInProcess(staging, environments, streams);
            }

            streams.Progress.WriteLine($"[synth {DateTime.Now:HH:mm:ss}] policy gate: {PolicyPack.Rules.Count} rules on {stackIds.Count} workspaces");
            var report = PolicyPack.EvaluateDirectory(staging, suppressions, DateOnly.FromDateTime(DateTime.UtcNow), environments);
            if (report.Failed)
            {
                streams.Errors.WriteLine(report.Describe());
                OutputFolder.Discard(staging);
                streams.Errors.WriteLine($"synth: policy violations (above), nothing was written; {untouched}. Fix them, or suppress one rule on one resource with a reason and an expiry in policy-suppressions.json.");
                return Invalid;
            }

            streams.Progress.WriteLine(report.Describe());
            WriteLocks(staging, stackIds, streams);
            var result = output.Commit(staging, environments.Select(e => e.Name).ToArray());
            foreach (var id in stackIds)
            {
                var file = Path.Combine(output.Root, "stacks", id, OutputFolder.StackFile);
                streams.Results.WriteLine($"  {id,-22} {CountResources(file),4} resources  {Display(file)}");
            }

            Report(result, streams);
            if (request.Hcl)
            {
                streams.Progress.WriteLine($"[synth {DateTime.Now:HH:mm:ss}] writing HCL (reading the provider schemas with terraform)");
                foreach (var written in HclExport.ExportAsync(output.Root, environment, CancellationToken.None).GetAwaiter().GetResult())
                {
                    streams.Results.WriteLine(written.Path is null ? $"  {written.StackId,-22} HCL skipped: {written.Reason}" : $"  {written.StackId,-22} {Display(written.Path)}");
                }
            }

            streams.Progress.WriteLine($"[synth {DateTime.Now:HH:mm:ss}] done in {clock.Elapsed.TotalSeconds:0.0} s");
            return Ok;
        }
        catch (Exception e)
        {
            OutputFolder.Discard(staging);
            streams.Errors.WriteLine($"synth: failed, nothing was written; {untouched}: {e.Message}");
            return Invalid;
        }
    }

    /// <summary>
    /// The progress line after CDKTF's own synth step (<c>App.Synth()</c>: one jsii call, whose work, resolving tokens
    /// and writing every <c>cdk.tf.json</c>, runs in Node.js), e.g.
    /// <c>[synth 10:42:07] CDKTF wrote 25 workspaces in 1.52 s</c>. <c>./ecolaura bench</c> reads the seconds.
    /// </summary>
    internal static string CdktfSynthLine(int workspaces, TimeSpan elapsed) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"[synth {DateTime.Now:HH:mm:ss}] CDKTF wrote {workspaces} workspaces in {elapsed.TotalSeconds:0.00} s");

    /// <summary>Every environment composed in one CDKTF app in this process and synthesized into <paramref name="staging"/>; returns the stack ids in creation order.</summary>
    private static IReadOnlyList<string> SynthInProcess(string staging, IReadOnlyList<EnvironmentConfig> environments, Streams streams)
    {
        var app = new EcolauraApp(staging);
        foreach (var environmentConfig in environments)
        {
            streams.Progress.WriteLine($"[synth {DateTime.Now:HH:mm:ss}] composing {environmentConfig.Name} ({environmentConfig.Region}, DR {environmentConfig.Dr.Region})");
            EnvironmentApp.Build(app, environmentConfig);
        }

        streams.Progress.WriteLine($"[synth {DateTime.Now:HH:mm:ss}] writing {app.Stacks.Count} workspaces");
        var clock = Stopwatch.StartNew();
        app.Synth();
        streams.Progress.WriteLine(CdktfSynthLine(app.Stacks.Count, clock.Elapsed));
        return app.Stacks.Select(s => s.Node.Id).ToArray();
    }

    /// <summary>Each stack's <c>.terraform.lock.hcl</c> from the repository's locks (staged; <see cref="OutputFolder.Commit"/> places it).</summary>
    private static void WriteLocks(string staging, IReadOnlyList<string> stackIds, Streams streams)
    {
        var missing = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var id in stackIds)
        {
            var folder = Path.Combine(staging, "stacks", id);
            var (text, unlocked) = ProviderLocks.Compose(JsonNode.Parse(File.ReadAllText(Path.Combine(folder, OutputFolder.StackFile)))!.AsObject());
            if (text is not null)
            {
                File.WriteAllText(Path.Combine(folder, ProviderLocks.FileName), text);
            }

            foreach (var provider in unlocked)
            {
                (missing.TryGetValue(provider.ToString(), out var stacks) ? stacks : missing[provider.ToString()] = []).Add(id);
            }
        }

        foreach (var (provider, stacks) in missing)
        {
            streams.Progress.WriteLine($"warning: locks/ has no lock for {provider} ({string.Join(", ", stacks)}): terraform init will record one; pin it with ./ecolaura lock");
        }
    }

    private static void Report(OutputFolder.CommitResult result, Streams streams)
    {
        var placed = result.Locks.GroupBy(l => l.Value).ToDictionary(g => g.Key, g => g.Count());
        if (result.Locks.Count > 0)
        {
            streams.Progress.WriteLine($"[synth {DateTime.Now:HH:mm:ss}] provider locks: {placed.GetValueOrDefault(ProviderLocks.Placement.Written)} written, "
                + $"{placed.GetValueOrDefault(ProviderLocks.Placement.Kept)} kept (same versions), {placed.GetValueOrDefault(ProviderLocks.Placement.Replaced)} replaced (old one saved as .terraform.lock.hcl.replaced-*)");
        }

        if (result.Kept.Count > result.Orphans.Count)
        {
            streams.Progress.WriteLine($"[synth {DateTime.Now:HH:mm:ss}] kept {result.Kept.Count - result.Orphans.Count} stack folder(s) of other environments");
        }

        foreach (var orphan in result.Orphans)
        {
            streams.Progress.WriteLine($"warning: stacks/{orphan} is no longer produced by this configuration; it was kept with all its files (destroy or migrate its resources, then delete the folder)");
        }
    }

    private static int Addresses(string folder, Streams streams, Func<string, string?> environment)
    {
        // The golden address lists: a default synth into a temporary folder, then one list per stack.
        var temp = Path.Combine(Path.GetTempPath(), $"ecolaura-addresses-{System.Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            var outdir = Path.Combine(temp, "cdktf.out");
            var code = Synth(new SynthRequest([], null, outdir, null), streams with { Results = TextWriter.Null }, environment);
            if (code == Ok)
            {
                var count = AddressList.Write(outdir, folder);
                streams.Results.WriteLine($"wrote the addresses of {count} stacks to {folder}");
            }

            return code;
        }
        finally
        {
            if (Directory.Exists(temp))
            {
                Directory.Delete(temp, recursive: true);
            }
        }
    }

    private static int Ci(string repositoryRoot, Streams streams, Func<string, string?> environment)
    {
        // The workflows follow the default configuration's graph, whatever cdktf.out holds now.
        var temp = Path.Combine(Path.GetTempPath(), $"ecolaura-ci-{System.Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            var outdir = Path.Combine(temp, "cdktf.out");
            var code = Synth(new SynthRequest([], null, outdir, null), streams with { Results = TextWriter.Null }, environment);
            if (code == Ok)
            {
                foreach (var path in CiWorkflows.Write(StackGraph.Load(outdir), repositoryRoot))
                {
                    streams.Results.WriteLine($"wrote {Display(path)}");
                }
            }

            return code;
        }
        catch (DeliveryException e)
        {
            streams.Errors.WriteLine($"ci: {e.Message}");
            return Invalid;
        }
        finally
        {
            if (Directory.Exists(temp))
            {
                Directory.Delete(temp, recursive: true);
            }
        }
    }

    /// <summary>The suppression file: <c>--suppressions</c>, else <c>policy-suppressions.json</c> in the current folder if present.</summary>
    private static IReadOnlyList<Suppression> LoadSuppressions(string? path)
    {
        if (path is null)
        {
            path = "policy-suppressions.json";
            if (!File.Exists(path))
            {
                return [];
            }
        }
        else if (!File.Exists(path))
        {
            throw new ConfigValidationException([new ValidationProblem("--suppressions", $"'{path}'", "must name an existing JSON file")]);
        }

        return Suppression.Load(File.ReadAllText(path), Path.GetFileName(path));
    }

    private static string Display(string path) => Path.GetRelativePath(Directory.GetCurrentDirectory(), path);

    private static int CountResources(string file)
    {
        var json = JsonNode.Parse(File.ReadAllText(file));
        return json?["resource"]?.AsObject().Sum(type => type.Value?.AsObject().Count ?? 0) ?? 0;
    }
}
