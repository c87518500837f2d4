using System.Text;
using CliWrap;

namespace Ecolaura.Tf.App.Delivery;

/// <summary>
/// Runs the <c>terraform</c> on PATH (the version of <c>.terraform-version</c>) through CliWrap, never asking for input and
/// never calling HashiCorp's checkpoint service. Offline (<see cref="OfflineEnvironment"/>) it also gets fake AWS
/// credentials, no metadata service and an empty CLI configuration, so nothing can reach AWS with a real identity.
/// </summary>
public static class TerraformProcess
{
    /// <summary>What one terraform command did.</summary>
    /// <param name="ExitCode">The process exit code.</param>
    /// <param name="Output">stdout and stderr, interleaved in the order the lines arrived.</param>
    /// <param name="StandardOutput">stdout alone (what <c>terraform show -json</c> prints).</param>
    public sealed record Result(int ExitCode, string Output, string StandardOutput);

    /// <summary>
    /// The environment of an offline terraform: every <c>AWS_*</c> and <c>TF_*</c> variable of this process removed, then
    /// fake credentials (<c>mock</c>), <c>AWS_EC2_METADATA_DISABLED</c>, <c>CHECKPOINT_DISABLE</c>, <c>TF_IN_AUTOMATION</c>,
    /// <c>TF_INPUT=0</c> and <c>TF_CLI_CONFIG_FILE</c> = <paramref name="cliConfigFile"/> (an empty file: no plugin cache,
    /// no credentials, no network mirror of the user's). A null value removes the variable.
    /// </summary>
    public static IReadOnlyDictionary<string, string?> OfflineEnvironment(string cliConfigFile)
    {
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var key in System.Environment.GetEnvironmentVariables().Keys.OfType<string>()
                     .Where(k => k.StartsWith("AWS_", StringComparison.Ordinal) || k.StartsWith("TF_", StringComparison.Ordinal)))
        {
            environment[key] = null;
        }

        environment["AWS_EC2_METADATA_DISABLED"] = "true";
        environment["AWS_ACCESS_KEY_ID"] = "mock";
        environment["AWS_SECRET_ACCESS_KEY"] = "mock";
        environment["CHECKPOINT_DISABLE"] = "1";
        environment["TF_IN_AUTOMATION"] = "1";
        environment["TF_INPUT"] = "0";
        environment["TF_CLI_CONFIG_FILE"] = cliConfigFile;
        return environment;
    }

    /// <summary>
    /// The environment of a real terraform: the user's (credentials, <c>TF_VAR_*</c>, <c>TF_TOKEN_*</c>) plus
    /// <c>CHECKPOINT_DISABLE</c>, <c>TF_IN_AUTOMATION</c> and <c>TF_INPUT=0</c>.
    /// </summary>
    public static IReadOnlyDictionary<string, string?> RealEnvironment() => new Dictionary<string, string?>(StringComparer.Ordinal)
    {
        ["CHECKPOINT_DISABLE"] = "1",
        ["TF_IN_AUTOMATION"] = "1",
        ["TF_INPUT"] = "0",
    };

    /// <summary>Runs <c>terraform <paramref name="arguments"/></c> in <paramref name="workdir"/>; a non-zero exit code is returned, not thrown.</summary>
    /// <exception cref="DeliveryException">terraform is not on PATH.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancel"/> fired; the process was killed.</exception>
    public static async Task<Result> RunAsync(string workdir, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string?> environment, CancellationToken cancel)
    {
        var output = new StringBuilder();
        var stdout = new StringBuilder();
        void Append(string line, bool isStdout)
        {
            lock (output)
            {
                output.AppendLine(line);
                if (isStdout)
                {
                    stdout.AppendLine(line);
                }
            }
        }

        var command = CliWrap.Cli.Wrap("terraform")
            .WithArguments(arguments)
            .WithWorkingDirectory(workdir)
            .WithEnvironmentVariables(environment.ToDictionary(e => e.Key, e => e.Value))
            .WithValidation(CommandResultValidation.None)
            .WithStandardOutputPipe(PipeTarget.ToDelegate(line => Append(line, true)))
            .WithStandardErrorPipe(PipeTarget.ToDelegate(line => Append(line, false)));
        try
        {
            var result = await command.ExecuteAsync(cancel);
            lock (output)
            {
                return new Result(result.ExitCode, output.ToString(), stdout.ToString());
            }
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception || e.InnerException is System.ComponentModel.Win32Exception)
        {
            throw new DeliveryException($"terraform is not on PATH ({e.Message}); install Terraform {TerraformVersion.Pinned} (.terraform-version)");
        }
    }
}
