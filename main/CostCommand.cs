using Ecolaura.Tf.Security;

namespace Ecolaura.Tf.App;

/// <summary>
/// <c>cost [--env NAME]… [--config FILE] [--dir DIR]</c>: the monthly estimate of each environment from the synthesized
/// stacks (default <c>cdktf.out</c>), compared with its budget, as Markdown for a pull-request comment.
/// </summary>
public static class CostCommand
{
    /// <summary>Runs the command; returns 0 (printed), 1 (bad configuration or nothing synthesized) or 2 (usage).</summary>
    /// <param name="args">The arguments after <c>cost</c>.</param>
    /// <param name="stdout">Receives the Markdown.</param>
    /// <param name="stderr">Receives errors.</param>
    public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        var envs = new List<string>();
        string? configPath = null;
        var dir = "cdktf.out";
        for (var i = 0; i < args.Count; i++)
        {
            var value = i + 1 < args.Count ? args[i + 1] : null;
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
                case "--dir" when value is not null:
                    dir = value;
                    i++;
                    break;
                default:
                    stderr.WriteLine($"cost: unknown or incomplete argument '{args[i]}'; allowed: --env NAME, --config FILE, --dir DIR");
                    return 2;
            }
        }

        try
        {
            if (configPath is not null && !File.Exists(configPath))
            {
                throw new ConfigValidationException([new ValidationProblem("--config", $"'{configPath}'", "must name an existing JSON file")]);
            }

            var environments = ConfigLoader.Load(configPath is null ? null : File.ReadAllText(configPath), envs.Count > 0 ? envs : null);
            var estimates = environments.Select(e => CostEstimator.Estimate(dir, e, CostAssumptions.Default)).ToArray();
            stdout.Write(CostEstimator.Markdown(estimates));
            return 0;
        }
        catch (ConfigValidationException e)
        {
            stderr.WriteLine($"cost: {e.Message}");
            return 1;
        }
        catch (Exception e) when (e is DirectoryNotFoundException or ArgumentException)
        {
            stderr.WriteLine($"cost: {e.Message}");
            return 1;
        }
    }
}
