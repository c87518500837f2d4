using Ecolaura.Tf.Security;

namespace Ecolaura.Tf.App;

/// <summary>
/// <c>cost [--env NAME]… [--config FILE] [--dir DIR]</c> (options parsed in <see cref="Cli"/>): the monthly estimate of each environment from the synthesized
/// stacks (default <c>cdktf.out</c>), compared with its budget, as Markdown for a pull-request comment.
/// </summary>
public static class CostCommand
{
    /// <summary>Runs the command; returns 0 (printed), 1 (bad configuration or nothing synthesized).</summary>
    /// <param name="envs">Environment names (<c>--env</c>); empty for all.</param>
    /// <param name="configPath">The override file (<c>--config</c>), or null.</param>
    /// <param name="dir">The synthesized output folder (<c>--dir</c>).</param>
    /// <param name="stdout">Receives the Markdown.</param>
    /// <param name="stderr">Receives errors.</param>
    public static int Run(IReadOnlyList<string> envs, string? configPath, string dir, TextWriter stdout, TextWriter stderr)
    {
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
