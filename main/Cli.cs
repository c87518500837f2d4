using System.Diagnostics;
using System.Text.Json.Nodes;
using Ecolaura.Tf.Policies;

namespace Ecolaura.Tf.App;

/// <summary>The command line of the C# app: <c>synth [--env NAME]… [--config FILE] [--out DIR]</c>.</summary>
/// <remarks>
/// Output is written to a staging folder beside the target and swapped in only when synthesis succeeded, so a failed
/// run never leaves a partial <c>cdktf.out</c>; it also removes a previous <c>cdktf.out</c> so nobody plans stale JSON.
/// </remarks>
public static class Cli
{
    /// <summary>Runs the command; returns the process exit code (0 ok, 1 invalid input or failed synth, 2 usage).</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (args is ["rules", "--out", var rulesOut])
        {
            File.WriteAllText(rulesOut, PolicyPack.RenderRulesDoc());
            stdout.WriteLine($"wrote {PolicyPack.Rules.Count} rules to {rulesOut}");
            return 0;
        }

        if (args is ["addresses", "--out", var addressesOut])
        {
            // The golden address lists: a default synth into a temporary folder, then one list per stack.
            var temp = Path.Combine(Path.GetTempPath(), $"ecolaura-addresses-{System.Environment.ProcessId}");
            var code = Run(["synth", "--out", Path.Combine(temp, "cdktf.out")], TextWriter.Null, stderr);
            if (code == 0)
            {
                var count = AddressList.Write(Path.Combine(temp, "cdktf.out"), addressesOut);
                stdout.WriteLine($"wrote the addresses of {count} stacks to {addressesOut}");
            }

            RemoveDirectory(temp);
            return code;
        }

        if (args is ["graph", "--out", var graphRepo])
        {
            return GraphCommand.Run(graphRepo, stdout, stderr);
        }

        if (args is ["floor", "--out", var floorOut])
        {
            // Benchmark baseline: the same jsii runtime and provider-aws bindings, one stack with one resource.
            JsiiFloor.Synth(Path.GetFullPath(floorOut));
            return 0;
        }

        if (args.Length == 0 || args[0] != "synth")
        {
            stderr.WriteLine("usage: synth [--env dev|staging|prod]… [--config FILE] [--out DIR]");
            return 2;
        }

        var envs = new List<string>();
        string? configPath = null;
        string? outdir = null;
        string? suppressionsPath = null;
        for (var i = 1; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--env" when value is not null:
                    envs.AddRange(value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
                    i++;
                    break;
                case "--config" when value is not null:
                    configPath = value;
                    i++;
                    break;
                case "--out" when value is not null:
                    outdir = value;
                    i++;
                    break;
                case "--suppressions" when value is not null:
                    suppressionsPath = value;
                    i++;
                    break;
                default:
                    stderr.WriteLine($"synth: unknown or incomplete argument '{args[i]}'; allowed: --env NAME, --config FILE, --out DIR, --suppressions FILE");
                    return 2;
            }
        }

        outdir = Path.GetFullPath(outdir ?? System.Environment.GetEnvironmentVariable("CDKTF_OUTDIR") ?? "cdktf.out");
        IReadOnlyList<EnvironmentConfig> environments;
        IReadOnlyList<Suppression> suppressions;
        try
        {
            suppressions = LoadSuppressions(suppressionsPath);
            string? json = null;
            if (configPath is not null)
            {
                if (!File.Exists(configPath))
                {
                    throw new ConfigValidationException([new ValidationProblem("--config", $"'{configPath}'", "must name an existing JSON file")]);
                }

                json = File.ReadAllText(configPath);
            }

            environments = ConfigLoader.Load(json, envs.Count > 0 ? envs : null);
        }
        catch (ConfigValidationException e)
        {
            RemoveDirectory(outdir);
            stderr.WriteLine($"synth: {e.Message}");
            stderr.WriteLine("synth: nothing was written.");
            return 1;
        }

        foreach (var warning in ConfigValidator.Warnings(environments, DateOnly.FromDateTime(DateTime.UtcNow)))
        {
            stderr.WriteLine($"warning: {warning}");
        }

        var staging = $"{outdir}.staging-{System.Environment.ProcessId}";
        RemoveDirectory(staging);
        Directory.CreateDirectory(Path.GetDirectoryName(outdir)!);
        var clock = Stopwatch.StartNew();
        try
        {
            var app = new EcolauraApp(staging);
            foreach (var environment in environments)
            {
                stderr.WriteLine($"[synth {DateTime.Now:HH:mm:ss}] composing {environment.Name.Id()} ({environment.Region}, DR {environment.Dr.Region})");
                EnvironmentApp.Build(app, environment);
            }

            stderr.WriteLine($"[synth {DateTime.Now:HH:mm:ss}] writing {app.Stacks.Count} workspaces");
            app.Synth();

            stderr.WriteLine($"[synth {DateTime.Now:HH:mm:ss}] policy gate: {PolicyPack.Rules.Count} rules on {app.Stacks.Count} workspaces");
            var report = PolicyPack.EvaluateDirectory(staging, suppressions, DateOnly.FromDateTime(DateTime.UtcNow));
            stderr.WriteLine(report.Describe());
            if (report.Failed)
            {
                RemoveDirectory(staging);
                RemoveDirectory(outdir);
                stderr.WriteLine("synth: policy violations (above), nothing was written. Fix them, or suppress one rule on one resource with a reason and an expiry in policy-suppressions.json.");
                return 1;
            }

            Swap(staging, outdir);
            foreach (var stack in app.Stacks)
            {
                var file = Path.Combine(outdir, "stacks", stack.Node.Id, "cdk.tf.json");
                stdout.WriteLine($"  {stack.Node.Id,-22} {CountResources(file),4} resources  {Path.GetRelativePath(Directory.GetCurrentDirectory(), file)}");
            }

            stderr.WriteLine($"[synth {DateTime.Now:HH:mm:ss}] done in {clock.Elapsed.TotalSeconds:0.0} s");
            return 0;
        }
        catch (Exception e)
        {
            RemoveDirectory(staging);
            RemoveDirectory(outdir);
            stderr.WriteLine($"synth: failed, nothing was written: {e.Message}");
            return 1;
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

    private static int CountResources(string file)
    {
        var json = JsonNode.Parse(File.ReadAllText(file));
        return json?["resource"]?.AsObject().Sum(type => type.Value?.AsObject().Count ?? 0) ?? 0;
    }

    /// <summary>
    /// Replaces <paramref name="outdir"/> with the finished <paramref name="staging"/> folder, carrying over each kept
    /// workspace's <c>.terraform</c> folder and lock file so a new synth does not force a new <c>terraform init</c>.
    /// </summary>
    private static void Swap(string staging, string outdir)
    {
        var old = $"{outdir}.old-{System.Environment.ProcessId}";
        if (Directory.Exists(outdir))
        {
            Directory.Move(outdir, old);
            foreach (var stackDir in Directory.GetDirectories(Path.Combine(staging, "stacks")))
            {
                var previous = Path.Combine(old, "stacks", Path.GetFileName(stackDir));
                if (Directory.Exists(Path.Combine(previous, ".terraform")))
                {
                    Directory.Move(Path.Combine(previous, ".terraform"), Path.Combine(stackDir, ".terraform"));
                }

                if (File.Exists(Path.Combine(previous, ".terraform.lock.hcl")))
                {
                    File.Move(Path.Combine(previous, ".terraform.lock.hcl"), Path.Combine(stackDir, ".terraform.lock.hcl"));
                }
            }
        }

        Directory.Move(staging, outdir);
        RemoveDirectory(old);
    }

    private static void RemoveDirectory(string path)
    {
        if (Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }
    }
}
