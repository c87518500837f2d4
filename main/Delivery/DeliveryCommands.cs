using System.CommandLine;

namespace Ecolaura.Tf.App.Delivery;

/// <summary>The delivery commands of the command line (<see cref="Cli"/>): <c>plan</c>, <c>review</c> and <c>cloud-workspaces</c>.</summary>
public static class DeliveryCommands
{
    /// <summary>The default plan folder.</summary>
    public const string DefaultPlanDir = "plans";

    /// <summary>
    /// <c>plan [--env E…] [--workspace W…] [--offline] [--out DIR] [--dir SYNTH] [--parallel N] [--changed-since REF]</c>
    /// (<see cref="PlanRunner"/>; with <c>--changed-since</c>, first a synth of the working tree into SYNTH and of REF,
    /// and only the stacks <see cref="ChangeSelection"/> selects are planned, the others recorded as unchanged). Exit codes as <c>terraform plan -detailed-exitcode</c>: 0 no changes, 2 changes,
    /// 1 a stack failed or the input is invalid.
    /// </summary>
    public static Command Plan(Cli.Streams streams, Func<string, string?> environment)
    {
        var env = new Option<string[]>("--env") { Description = "Only these environments of the manifest; repeat or comma-separate. Default: all.", HelpName = "name", Arity = ArgumentArity.OneOrMore };
        var workspace = new Option<string[]>("--workspace") { Description = "Only these workspaces of the manifest (foundation, network, …); repeat or comma-separate. Default: all.", HelpName = "name", Arity = ArgumentArity.OneOrMore };
        var offline = new Option<bool>("--offline") { Description = "Plan without AWS: the provider mirror ($ECOLAURA_TF_PLUGIN_DIR or found), fake credentials, a local backend, upstream outputs planned earlier in the same run (else the contracts' examples) and placeholder secrets. Never applicable; stacks needing a provider the mirror lacks are skipped." };
        var outdir = new Option<string>("--out") { Description = "The plan folder: <dir>/<stack>/plan.json and plan.txt, and <dir>/run.json.", HelpName = "dir", DefaultValueFactory = _ => DefaultPlanDir };
        var synthDir = new Option<string>("--dir") { Description = "The synthesized output to plan (run ./ecolaura synth first).", HelpName = "dir", DefaultValueFactory = _ => "cdktf.out" };
        var parallel = new Option<int>("--parallel") { Description = "How many stacks plan at once. Default: the processor count.", HelpName = "n", DefaultValueFactory = _ => System.Environment.ProcessorCount };
        var changedSince = new Option<string>("--changed-since") { Description = "Synthesize the working tree (into --dir) and this git ref (in a temporary worktree), then plan only the stacks whose JSON changed and those downstream of a changed output; the others are recorded as unchanged. Both synths run at once (with --env, of those environments only); the ref's is cached by its git tree hash ($ECOLAURA_BASE_SYNTH_CACHE, 'off' for none). Version and lock-file changes, or a ref that does not synthesize, plan everything.", HelpName = "ref" };
        var command = new Command("plan", "terraform init, plan and show for every selected stack in the manifest's dependency order, into <out>/<stack>/plan.json and plan.txt (offline: cut from the plan's own output). Exit 0 no changes, 2 changes, 1 a failure.")
        {
            env, workspace, offline, outdir, synthDir, parallel, changedSince,
        };
        command.SetAction(parse =>
        {
            if (parse.GetValue(parallel) < 1)
            {
                streams.Errors.WriteLine($"plan: --parallel must be at least 1, got {parse.GetValue(parallel)}");
                streams.Errors.WriteLine($"Run '{Cli.Name} plan --help' for usage.");
                return Cli.Usage;
            }

            try
            {
                IReadOnlyDictionary<string, string> unchanged = new Dictionary<string, string>();
                if (parse.GetValue(changedSince) is { } gitRef)
                {
                    unchanged = SelectChanged(gitRef, parse.GetValue(synthDir)!, Split(parse.GetValue(env)), streams, environment);
                }

                var run = PlanRunner.RunAsync(
                    new PlanOptions
                    {
                        Outdir = parse.GetValue(synthDir)!,
                        PlanDir = parse.GetValue(outdir)!,
                        Environments = Split(parse.GetValue(env)),
                        Workspaces = Split(parse.GetValue(workspace)),
                        Offline = parse.GetValue(offline),
                        Parallelism = parse.GetValue(parallel),
                        Unchanged = unchanged,
                        Environment = environment,
                    },
                    streams.Progress,
                    CancellationToken.None).GetAwaiter().GetResult();
                foreach (var stack in run.Stacks)
                {
                    streams.Results.WriteLine($"  {stack.Id,-22} {stack.Status,-9} {(stack.Summary is { } s ? s.ToString() : stack.Reason)}");
                }

                return run.ExitCode;
            }
            catch (DeliveryException e)
            {
                streams.Errors.WriteLine($"plan: {e.Message.Replace("\n", "\nplan: ")}");
                return Cli.Invalid;
            }
        });
        return command;
    }

    /// <summary>
    /// <c>review [DIR…] [--max-characters N]</c>: prints the Markdown pull-request comment of the plan run in DIR
    /// (<see cref="ReviewComment"/>) on stdout. Exit 0, or 1 when DIR is no plan folder.
    /// </summary>
    public static Command Review(Cli.Streams streams)
    {
        var dir = new Argument<string[]>("dir") { Description = "The plan folder(s) ./ecolaura plan --out wrote (run.json, <stack>/plan.json); several are merged in graph order. Default: plans.", Arity = ArgumentArity.ZeroOrMore };
        var max = new Option<int>("--max-characters") { Description = "The comment's length limit; details blocks are cut first, never the summary. Default: GitHub's 65536.", HelpName = "n", DefaultValueFactory = _ => ReviewComment.MaxCharacters };
        var command = new Command("review", "Print one Markdown pull-request comment for a plan folder: destructive changes, a table per environment in graph order, collapsed details.") { dir, max };
        command.SetAction(parse =>
        {
            try
            {
                streams.Results.Write(ReviewComment.Render(parse.GetValue(dir) is { Length: > 0 } dirs ? dirs : [DefaultPlanDir], parse.GetValue(max)));
                return Cli.Ok;
            }
            catch (DeliveryException e)
            {
                streams.Errors.WriteLine($"review: {e.Message}");
                return Cli.Invalid;
            }
        });
        return command;
    }

    /// <summary>
    /// <c>cloud-workspaces [--dir SYNTH] [--config FILE]</c>: prints, for a synthesis with <c>state.backend = "cloud"</c>, each
    /// environment's HCP Terraform workspaces with their run triggers, state sharing and auto-apply setting
    /// (<see cref="Delivery.CloudWorkspaces"/>) as Markdown; the tiers come from the configuration the stacks were
    /// synthesized with. Exit 0, or 1 when a stack has no <c>cloud</c> block or the configuration is invalid.
    /// </summary>
    public static Command CloudWorkspaces(Cli.Streams streams)
    {
        var synthDir = new Option<string>("--dir") { Description = "The synthesized output (synthesized with state.backend = \"cloud\").", HelpName = "dir", DefaultValueFactory = _ => "cdktf.out" };
        var config = new Option<string>("--config") { Description = "The override file the stacks were synthesized with (environment tiers).", HelpName = "file" };
        var command = new Command("cloud-workspaces", "Print the HCP Terraform workspaces of a cloud-backend synth: run triggers along the stack graph, remote state sharing, and which must never auto-apply (Markdown).") { synthDir, config };
        command.SetAction(parse =>
        {
            try
            {
                var graph = StackGraph.Load(parse.GetValue(synthDir)!);
                var configPath = parse.GetValue(config);
                if (configPath is not null && !File.Exists(configPath))
                {
                    throw new DeliveryException($"--config '{configPath}' must name an existing JSON file");
                }

                var tiers = ConfigLoader.Load(configPath is null ? null : File.ReadAllText(configPath)).ToDictionary(e => e.Name, e => e.Tier, StringComparer.Ordinal);
                streams.Results.Write(Delivery.CloudWorkspaces.Markdown(Delivery.CloudWorkspaces.From(graph, env => tiers.TryGetValue(env, out var tier)
                    ? tier
                    : throw new DeliveryException($"environment '{env}' of the synthesis is not in the configuration; pass the --config the stacks were synthesized with"))));
                return Cli.Ok;
            }
            catch (ConfigValidationException e)
            {
                streams.Errors.WriteLine($"cloud-workspaces: {e.Message}");
                return Cli.Invalid;
            }
            catch (DeliveryException e)
            {
                streams.Errors.WriteLine($"cloud-workspaces: {e.Message.Replace("\n", "\ncloud-workspaces: ")}");
                return Cli.Invalid;
            }
        });
        return command;
    }

    /// <summary>
    /// <c>--changed-since REF</c>: synthesizes the working tree into <paramref name="outdir"/> and REF
    /// (<see cref="ChangedSince"/>), prints why each stack is planned or not, and returns the unchanged ones with their reason.
    /// </summary>
    /// <exception cref="DeliveryException">An unknown ref, or a working tree that does not synthesize.</exception>
    private static IReadOnlyDictionary<string, string> SelectChanged(string gitRef, string outdir, IReadOnlyList<string> environments, Cli.Streams streams, Func<string, string?> environment)
    {
        string[] synth = ["synth", "--out", outdir, .. environments.Count == 0 ? Array.Empty<string>() : ["--env", string.Join(",", environments)]];
        // The working tree's synth runs beside the base's (its own process): each gets half the cores for child synth processes.
        Func<string, string?> shared = name => name == SynthProcesses.Variable ? SynthProcesses.Share(environment(name), synths: 2) : environment(name);
        var selection = ChangedSince.Detect(".", gitRef, outdir, () => Cli.Run(synth, streams.Progress, streams.Errors, shared), streams.Progress, environments, BaseSynthCache(environment));
        streams.Results.WriteLine($"changes since {gitRef}: {selection.Selected.Count} of {selection.Stacks.Count} stack(s) to plan");
        foreach (var stack in selection.Stacks)
        {
            streams.Results.WriteLine($"  {stack.Id,-22} {(stack.Selected ? "plan" : "skip"),-5} {stack.Reason}");
        }

        foreach (var removed in selection.Removed)
        {
            streams.Results.WriteLine($"  {removed,-22} gone  the base ref has it, the working tree does not: destroy it by hand (terraform destroy in its folder at the base ref)");
        }

        return selection.Stacks.Where(s => !s.Selected).ToDictionary(s => s.Id, s => s.Reason, StringComparer.Ordinal);
    }

    /// <summary>
    /// Where <c>--changed-since</c> keeps base synths: <c>$ECOLAURA_BASE_SYNTH_CACHE</c>, else <c>base-synth</c> in the
    /// project cache (<c>$ECOLAURA_CACHE_DIR</c>, else <c>~/.cache/ecolaura-tf</c>); <c>ECOLAURA_BASE_SYNTH_CACHE=off</c>: none.
    /// </summary>
    public static string? BaseSynthCache(Func<string, string?> environment) =>
        environment("ECOLAURA_BASE_SYNTH_CACHE") switch
        {
            "off" => null,
            { Length: > 0 } dir => dir,
            _ => Path.Combine(
                environment("ECOLAURA_CACHE_DIR") is { Length: > 0 } cache ? cache : Path.Combine(System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile), ".cache", "ecolaura-tf"),
                "base-synth"),
        };

    /// <summary>Repeated and comma-separated values as one list.</summary>
    public static IReadOnlyList<string> Split(string[]? values) =>
        (values ?? []).SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToArray();
}
