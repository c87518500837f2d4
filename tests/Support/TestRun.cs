using Ecolaura.Tf.Tests.Support;

namespace Ecolaura.Tf.Tests;

/// <summary>
/// Once around the whole run (every test is in a namespace below <c>Ecolaura.Tf.Tests</c>): points <c>TMPDIR</c> at a
/// folder below <see cref="TestTemp.Root"/>, so every temporary file of a test, of terraform and of node goes there,
/// and removes that root at the end, whether tests passed or failed. It also sets <c>GOGC</c> (<see cref="GoGc"/>).
/// </summary>
/// <remarks>
/// Go's garbage collector runs less often in every terraform and provider process of the run, those the tests start and
/// those the product starts under test (<c>./ecolaura plan</c>), unless <c>GOGC</c> is already set: Terraform and every
/// aws provider process it starts (one per provider alias) build the provider's schema at start-up, a burst of
/// allocation that the default <c>GOGC=100</c> collects many times over. Measured on the 2-core machine (2026-12-02,
/// <c>terraform validate</c> of the three-alias prod foundation, GNU time): 4.7 s of CPU with the default, 3.7 s with
/// 400, peak memory 518 MB and 555 MB. The Terraform tiers keep both cores busy, so CPU is what the suite's wall time
/// follows.
/// </remarks>
[SetUpFixture]
public sealed class TestRun
{
    /// <summary>The <c>GOGC</c> of the run's child processes when the environment sets none (see remarks).</summary>
    public const string GoGc = "400";

    private string? _previousTmpdir;
    private string? _previousGogc;

    /// <summary>The <c>TMPDIR</c> of the run: <c>&lt;root&gt;/tmp</c>.</summary>
    public static string TempDirectory => Path.Combine(TestTemp.Root, "tmp");

    /// <summary>Redirects <c>TMPDIR</c> (read by <see cref="Path.GetTempPath"/> on every call, and inherited by child processes).</summary>
    [OneTimeSetUp]
    public void RedirectTemp()
    {
        _previousTmpdir = Environment.GetEnvironmentVariable("TMPDIR");
        Directory.CreateDirectory(TempDirectory);
        Environment.SetEnvironmentVariable("TMPDIR", TempDirectory + Path.DirectorySeparatorChar);
        _previousGogc = Environment.GetEnvironmentVariable("GOGC");
        if (string.IsNullOrEmpty(_previousGogc))
        {
            Environment.SetEnvironmentVariable("GOGC", GoGc);
        }

        TestContext.Progress.WriteLine($"[tests] temporary folders below {TestTemp.Root}{(TestTemp.Keep ? " (kept: ECOLAURA_KEEP_TEST_DIRS=1)" : ", removed at the end")}");
    }

    /// <summary>Waits for the shared mocked applies (<see cref="MockedChains"/>) if any ran, restores <c>TMPDIR</c> and <c>GOGC</c>, and removes the run's root.</summary>
    [OneTimeTearDown]
    public void RemoveTemp()
    {
        MockedChains.WaitAll();
        Environment.SetEnvironmentVariable("TMPDIR", _previousTmpdir);
        Environment.SetEnvironmentVariable("GOGC", _previousGogc);
        TestTemp.RemoveRoot();
    }
}
