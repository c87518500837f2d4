using System.Diagnostics;
using System.Text;
using NUnit.Framework.Interfaces;
using NUnit.Framework.Internal;
using Ecolaura.Tf.App.Delivery;

namespace Ecolaura.Tf.Tests.Support;

/// <summary>
/// Runs the real <c>terraform</c> binary offline with the product's offline environment
/// (<see cref="TerraformProcess.OfflineEnvironment"/>): no credentials, no metadata service, no checkpoint calls.
/// </summary>
/// <remarks>
/// Missing terraform or provider mirror fails the test with the reason: this tier is mandatory, never skipped. Only
/// tests in a slow category (<see cref="Categories"/>) may run terraform, so <c>./ecolaura test --fast</c> never does.
/// <para>These processes inherit the run's <c>GOGC</c> (<see cref="TestRun.GoGc"/>).</para>
/// </remarks>
public static class TerraformCli
{
    /// <summary>The hashicorp/aws version the bindings target (and the mirror must hold).</summary>
    public const string AwsProviderVersion = Ecolaura.Tf.Shared.EcolauraStack.AwsProviderVersion;

    /// <summary>The address of the AWS provider.</summary>
    public const string AwsProviderAddress = ProviderMirror.AwsProviderAddress;

    private static readonly Lazy<string?> PluginDir = new(() => FindMirror(out _));
    private static readonly Lazy<string> CliConfig = new(() =>
    {
        var path = Path.Combine(TestTemp.Root, "terraformrc");
        File.WriteAllText(path, "# empty: the tests pass -plugin-dir explicitly\n");
        return path;
    });

    /// <summary>The environment every terraform of the tests runs with (<see cref="TerraformProcess.OfflineEnvironment"/>), for tests that call the product's <see cref="TerraformProcess"/> directly.</summary>
    public static IReadOnlyDictionary<string, string?> OfflineEnvironment => TerraformProcess.OfflineEnvironment(CliConfig.Value);

    /// <summary>The provider mirror root (the folder holding registry.terraform.io); fails the test with how to provide one.</summary>
    public static string MirrorRoot => PluginDir.Value ?? FindMirror(out var why) ?? throw new AssertionException(why);

    /// <summary>The provider mirror root, or null when there is none (test-case sources decide with it; tests use <see cref="MirrorRoot"/>).</summary>
    public static string? TryMirrorRoot => PluginDir.Value;

    /// <summary>Whether the mirror at <paramref name="mirror"/> holds <paramref name="address"/> at <paramref name="version"/> for linux_amd64 (<see cref="ProviderMirror.Holds"/>).</summary>
    public static bool MirrorHolds(string mirror, string address, string version) => ProviderMirror.Holds(mirror, address, version);

    /// <summary>Result of one terraform command.</summary>
    /// <param name="ExitCode">Process exit code.</param>
    /// <param name="Output">stdout and stderr interleaved.</param>
    public sealed record Result(int ExitCode, string Output);

    /// <summary>Runs <c>terraform args</c> in <paramref name="workdir"/> with the offline environment.</summary>
    public static Result Run(string workdir, string args, IDictionary<string, string>? env = null, TimeSpan? timeout = null)
    {
        using var running = Start(workdir, args, env);
        return running.Wait(timeout ?? TimeSpan.FromMinutes(3));
    }

    /// <summary>
    /// Starts <c>terraform args</c> in the background (e.g. a writer that holds the state lock); wait for it with
    /// <see cref="Running.Wait"/>. Disposing kills it if it is still running.
    /// </summary>
    public static Running Start(string workdir, string args, IDictionary<string, string>? env = null)
    {
        RequireSlowCategory(args);
        var info = new ProcessStartInfo("terraform", args)
        {
            WorkingDirectory = workdir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in TerraformProcess.OfflineEnvironment(CliConfig.Value))
        {
            if (value is null)
            {
                info.Environment.Remove(key);
            }
            else
            {
                info.Environment[key] = value;
            }
        }

        foreach (var (key, value) in env ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        return new Running(info, workdir, args);
    }

    /// <summary>One terraform process started by <see cref="Start"/>.</summary>
    public sealed class Running : IDisposable
    {
        private readonly Process _process;
        private readonly StringBuilder _output = new();
        private readonly string _description;

        internal Running(ProcessStartInfo info, string workdir, string args)
        {
            _description = $"terraform {args} in {workdir}";
            _process = new Process { StartInfo = info };
            _process.OutputDataReceived += (_, e) => Append(e.Data);
            _process.ErrorDataReceived += (_, e) => Append(e.Data);
            try
            {
                _process.Start();
            }
            catch (System.ComponentModel.Win32Exception e)
            {
                _process.Dispose();
                throw new AssertionException($"terraform is not on PATH ({e.Message}); install Terraform {Ecolaura.Tf.Shared.TerraformVersion.Pinned}");
            }

            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
        }

        /// <summary>The process id.</summary>
        public int Pid => _process.Id;

        /// <summary>Whether the process has ended.</summary>
        public bool HasExited => _process.HasExited;

        /// <summary>stdout and stderr so far, interleaved.</summary>
        public string Output
        {
            get
            {
                lock (_output)
                {
                    return _output.ToString();
                }
            }
        }

        /// <summary>Waits for the process; kills it and fails the test when it runs longer than <paramref name="timeout"/>.</summary>
        public Result Wait(TimeSpan timeout)
        {
            if (!_process.WaitForExit(timeout))
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
                throw new AssertionException($"{_description} timed out after {timeout.TotalSeconds:0} s:\n{Output}");
            }

            _process.WaitForExit();
            return new Result(_process.ExitCode, Output);
        }

        /// <inheritdoc />
        public void Dispose()
        {
            try
            {
                if (!_process.HasExited)
                {
                    _process.Kill(entireProcessTree: true);
                    _process.WaitForExit(10_000);
                }
            }
            catch (InvalidOperationException)
            {
            }

            _process.Dispose();
        }

        private void Append(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }

    /// <summary>
    /// Runs and fails unless the exit code is 0, with the output in the message. It throws
    /// <see cref="AssertionException"/> itself instead of asserting, so background work (<see cref="TerraformRuns"/>)
    /// may call it too.
    /// </summary>
    /// <returns>stdout and stderr interleaved.</returns>
    public static string Ok(string workdir, string args, IDictionary<string, string>? env = null, TimeSpan? timeout = null)
    {
        var result = Run(workdir, args, env, timeout);
        return result.ExitCode == 0 ? result.Output : throw new AssertionException(Failed(workdir, args, result));
    }

    /// <summary>The failure message of a command that should have exited 0 (the one <see cref="Ok"/> throws).</summary>
    public static string Failed(string workdir, string args, Result result) =>
        $"terraform {args} failed in {workdir} (exit {result.ExitCode}, expected 0):\n{result.Output}";

    /// <summary>
    /// Fails unless the running test (or a suite above it) carries a slow category: terraform must never run in
    /// <c>./ecolaura test --fast</c>. Outside a test (a test-case source, a one-time set-up) nothing is checked; work
    /// started through <see cref="TerraformRuns.Start{T}"/> was checked on its test's thread when it was started.
    /// </summary>
    internal static void RequireSlowCategory(string args)
    {
        if (TerraformRuns.InBackground)
        {
            return;
        }

        var categories = new List<string>();
        for (ITest? test = TestExecutionContext.CurrentContext?.CurrentTest; test is not null; test = test.Parent)
        {
            // ContainsKey first: PropertyBag's indexer adds an empty list for a missing key, and a test's property bag
            // may be written to XML by NUnit on another thread at the same time.
            if (test.Properties.ContainsKey(PropertyNames.Category))
            {
                categories.AddRange(test.Properties[PropertyNames.Category].OfType<string>());
            }
        }

        if (TestExecutionContext.CurrentContext?.CurrentTest is { IsSuite: false } current && !categories.Intersect(Categories.Slow).Any())
        {
            throw new AssertionException(
                $"{current.FullName} runs terraform ({args}) but has no [Category] of [{string.Join(", ", Categories.Slow)}]: add one to the test or its fixture, so ./ecolaura test --fast leaves it out");
        }
    }

    /// <summary>The product's mirror discovery (<see cref="ProviderMirror.Find"/>) with this process's environment.</summary>
    private static string? FindMirror(out string why) => ProviderMirror.Find(Environment.GetEnvironmentVariable, out why);
}
