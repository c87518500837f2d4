using Ecolaura.Tf.Tests.Support;

namespace Ecolaura.Tf.Tests;

/// <summary>
/// Once around the whole run (every test is in a namespace below <c>Ecolaura.Tf.Tests</c>): points <c>TMPDIR</c> at a
/// folder below <see cref="TestTemp.Root"/>, so every temporary file of a test, of terraform and of node goes there,
/// and removes that root at the end, whether tests passed or failed.
/// </summary>
[SetUpFixture]
public sealed class TestRun
{
    private string? _previousTmpdir;

    /// <summary>The <c>TMPDIR</c> of the run: <c>&lt;root&gt;/tmp</c>.</summary>
    public static string TempDirectory => Path.Combine(TestTemp.Root, "tmp");

    /// <summary>Redirects <c>TMPDIR</c> (read by <see cref="Path.GetTempPath"/> on every call, and inherited by child processes).</summary>
    [OneTimeSetUp]
    public void RedirectTemp()
    {
        _previousTmpdir = Environment.GetEnvironmentVariable("TMPDIR");
        Directory.CreateDirectory(TempDirectory);
        Environment.SetEnvironmentVariable("TMPDIR", TempDirectory + Path.DirectorySeparatorChar);
        TestContext.Progress.WriteLine($"[tests] temporary folders below {TestTemp.Root}{(TestTemp.Keep ? " (kept: ECOLAURA_KEEP_TEST_DIRS=1)" : ", removed at the end")}");
    }

    /// <summary>Waits for the shared mocked applies (<see cref="MockedChains"/>) if any ran, restores <c>TMPDIR</c> and removes the run's root.</summary>
    [OneTimeTearDown]
    public void RemoveTemp()
    {
        MockedChains.WaitAll();
        Environment.SetEnvironmentVariable("TMPDIR", _previousTmpdir);
        TestTemp.RemoveRoot();
    }
}
