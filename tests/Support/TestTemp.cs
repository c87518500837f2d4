using System.Diagnostics;
using System.Globalization;

namespace Ecolaura.Tf.Tests.Support;

/// <summary>
/// Every temporary folder of a test run lives below one root, <c>&lt;system temp&gt;/ecolaura-tests-&lt;pid&gt;</c>:
/// the cached synth, offline workspace copies, emulator data, and (through <c>TMPDIR</c>, see <see cref="TestRun"/>)
/// whatever any test or child process puts in <see cref="Path.GetTempPath"/>. The root is removed when the run ends,
/// whatever the outcome; roots of earlier runs whose process is gone (killed, crashed) are removed when a run starts.
/// </summary>
/// <remarks>Set <c>ECOLAURA_KEEP_TEST_DIRS=1</c> to keep every folder for a post-mortem (the root is printed).</remarks>
public static class TestTemp
{
    /// <summary>The name prefix of a run's root folder; the suffix is the test process id.</summary>
    public const string RootPrefix = "ecolaura-tests-";

    /// <summary>Prefixes earlier versions of the suite used directly in the system temp folder (cleaned up the same way).</summary>
    private static readonly string[] LegacyPrefixes = ["ecolaura-tf-"];

    private static readonly string SystemTemp = Path.GetTempPath();
    private static readonly Lazy<string> RootDir = new(CreateRoot);
    private static int _counter;

    /// <summary>This run's root folder (created, and stale roots removed, on first use).</summary>
    public static string Root => RootDir.Value;

    /// <summary>Whether <c>ECOLAURA_KEEP_TEST_DIRS=1</c> asks to keep the folders.</summary>
    public static bool Keep => Environment.GetEnvironmentVariable("ECOLAURA_KEEP_TEST_DIRS") == "1";

    /// <summary>A new, empty folder <c>&lt;root&gt;/&lt;name&gt;-&lt;n&gt;</c> removed when the returned handle is disposed (and at the end of the run in any case).</summary>
    /// <param name="name">A readable name (a stack id, a test name); characters unfit for a file name are replaced.</param>
    public static TempDirectory Create(string name)
    {
        var safe = string.Concat(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_'));
        var path = Path.Combine(Root, $"{safe}-{Interlocked.Increment(ref _counter).ToString(CultureInfo.InvariantCulture)}");
        Directory.CreateDirectory(path);
        return new TempDirectory(path);
    }

    /// <summary>Removes this run's root (the end of the run).</summary>
    public static void RemoveRoot()
    {
        if (RootDir.IsValueCreated && !Keep)
        {
            Delete(RootDir.Value);
        }
    }

    /// <summary>Removes a folder tree if it exists, tolerating files that vanish meanwhile.</summary>
    public static void Delete(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    private static string CreateRoot()
    {
        foreach (var prefix in LegacyPrefixes.Prepend(RootPrefix))
        {
            foreach (var dir in Directory.GetDirectories(SystemTemp, $"{prefix}*"))
            {
                var suffix = Path.GetFileName(dir)[prefix.Length..];
                if (int.TryParse(suffix, CultureInfo.InvariantCulture, out var pid) && pid != Environment.ProcessId && !Running(pid))
                {
                    Delete(dir);
                }
            }
        }

        var root = Path.Combine(SystemTemp, $"{RootPrefix}{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}");
        Directory.CreateDirectory(root);
        return root;
    }

    private static bool Running(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}

/// <summary>A folder below <see cref="TestTemp.Root"/>, removed on <see cref="Dispose"/> (use it with <c>using</c>).</summary>
/// <param name="path">The folder.</param>
public sealed class TempDirectory(string path) : IDisposable
{
    /// <summary>The folder's absolute path.</summary>
    public string Path { get; } = path;

    /// <summary>The path, so a handle can be passed where a folder path is expected.</summary>
    public static implicit operator string(TempDirectory directory) => directory.Path;

    /// <summary>A path below the folder.</summary>
    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    /// <inheritdoc />
    public void Dispose()
    {
        if (!TestTemp.Keep)
        {
            TestTemp.Delete(Path);
        }
    }

    /// <inheritdoc />
    public override string ToString() => Path;
}
