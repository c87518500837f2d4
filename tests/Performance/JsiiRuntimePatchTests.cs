using System.Diagnostics;
using Amazon.JSII.Runtime.Deputy;
using Ecolaura.Tf.App;
using Ecolaura.Tf.Tests.Support;

namespace Ecolaura.Tf.Tests.Performance;

/// <summary>
/// The memoizing jsii .NET runtime (tools/JsiiRuntimePatch, copied into every output by Directory.Build.targets): the
/// process runs it, the synthesized JSON is byte-identical to the official runtime's, and the patcher refuses an
/// assembly it was not written for.
/// </summary>
public sealed class JsiiRuntimePatchTests
{
    private static string Patcher => Path.Combine(Repository.Root, "tools", "JsiiRuntimePatch", "bin", "Release", "net10.0", "JsiiRuntimePatch.dll");

    private static string OfficialRuntime
    {
        get
        {
            var props = File.ReadAllText(Path.Combine(Repository.Root, "Directory.Packages.props"));
            var version = System.Text.RegularExpressions.Regex.Match(props, "PackageVersion Include=\"Amazon.JSII.Runtime\" Version=\"([^\"]+)\"").Groups[1].Value;
            var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
                ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
            var path = Path.Combine(packages, "amazon.jsii.runtime", version, "lib", "net6.0", "Amazon.JSII.Runtime.dll");
            return File.Exists(path) ? path : throw new AssertionException($"{path} is missing: run ./ecolaura setup");
        }
    }

    [Test]
    public void The_process_runs_the_memoizing_runtime()
    {
        var runtime = typeof(DeputyBase).Assembly;
        Assert.That(runtime.GetType("Amazon.JSII.Runtime.EcolauraReflectionMemo"), Is.Not.Null,
            $"{runtime.Location} is the official Amazon.JSII.Runtime: Directory.Build.targets did not copy .bindings/jsii-runtime");
    }

    /// <summary>
    /// The runtime's type cache holds the metadata-read index (tools/JsiiTypeIndex) and finds a class through it: a
    /// fresh <c>TypeCache</c>, as the runtime's service container creates it, resolves S3Bucket's jsii name.
    /// </summary>
    [Test]
    public void The_type_cache_reads_metadata_and_resolves_through_the_index()
    {
        var runtime = typeof(DeputyBase).Assembly;
        var typeCacheType = runtime.GetType("Amazon.JSII.Runtime.Services.TypeCache", throwOnError: true)!;
        var typeCache = Activator.CreateInstance(typeCacheType, Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance)!;
        var types = typeCacheType.GetField("_types", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!.GetValue(typeCache);
        Assert.That(types, Is.InstanceOf<Ecolaura.Tf.Tools.JsiiTypeIndex.LazyJsiiTypes>());

        var found = typeCacheType.GetMethod("TryGetClassType")!.Invoke(typeCache, ["@cdktf/provider-aws.s3Bucket.S3Bucket"]);
        Assert.That(found, Is.SameAs(typeof(HashiCorp.Cdktf.Providers.Aws.S3Bucket.S3Bucket)));
        Assert.That(typeCacheType.GetMethod("TryGetEnumType")!.Invoke(typeCache, ["@cdktf/provider-aws.s3Bucket.S3Bucket"]), Is.Null,
            "a class is not found as an enum, as upstream");
        Assert.That(typeCacheType.GetMethod("TryGetClassType")!.Invoke(typeCache, ["@cdktf/provider-aws.noSuch.Resource"]), Is.Null);
    }

    [Test]
    public void The_patcher_refuses_an_assembly_it_was_not_written_for_and_an_already_patched_one()
    {
        using var dir = TestTemp.Create("jsii-patch");
        var output = Path.Combine(dir, "out.dll");
        var other = Run(typeof(NUnit.Framework.Assert).Assembly.Location, output);
        Assert.That(other.Code, Is.EqualTo(2), other.Err);
        Assert.That(other.Err, Does.Contain("not found").And.Contain("Amazon.JSII.Runtime 1.140.0"));
        var twice = Run(typeof(DeputyBase).Assembly.Location, output);
        Assert.That(twice.Code, Is.EqualTo(2), twice.Err);
        Assert.That(twice.Err, Does.Contain("already patched"));
        Assert.That(File.Exists(output), Is.False, "nothing is written on refusal");
        var official = Run(OfficialRuntime, output);
        Assert.That(official.Code, Is.Zero, official.Err);
        Assert.That(official.Out, Does.Contain("patched 24 methods"));
    }

    /// <summary>
    /// The app's own output folder, copied twice: once as built (memoizing runtime) and once with the NuGet package's
    /// official DLL; both synthesize every environment and the folders must be equal byte for byte.
    /// </summary>
    [Test]
    [Category(Categories.Scale)]
    public void Synthesized_json_is_byte_identical_to_the_official_runtimes()
    {
        using var dir = TestTemp.Create("jsii-patch-synth");
        string root = dir;
        var built = Path.GetDirectoryName(typeof(Cli).Assembly.Location)!;
        var officialApp = Path.Combine(root, "official-app");
        CopyDirectory(built, officialApp);
        File.Copy(OfficialRuntime, Path.Combine(officialApp, "Amazon.JSII.Runtime.dll"), overwrite: true);
        var app = Path.GetFileName(typeof(Cli).Assembly.Location);

        var memoizing = Synth(Path.Combine(built, app), Path.Combine(root, "memoizing.out"));
        var official = Synth(Path.Combine(officialApp, app), Path.Combine(root, "official.out"));
        var files = Directory.GetFiles(memoizing, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(memoizing, f)).Order().ToList();
        Assert.That(Directory.GetFiles(official, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(official, f)).Order(), Is.EqualTo(files));
        Assert.That(files.Count(f => f.EndsWith("cdk.tf.json", StringComparison.Ordinal)), Is.GreaterThan(10));
        foreach (var file in files)
        {
            Assert.That(File.ReadAllBytes(Path.Combine(memoizing, file)), Is.EqualTo(File.ReadAllBytes(Path.Combine(official, file))), file);
        }
    }

    private static string Synth(string app, string outdir)
    {
        var result = Process(["exec", app, "synth", "--out", outdir]);
        Assert.That(result.Code, Is.Zero, $"{app} synth:\n{result.Err}");
        return outdir;
    }

    private static (int Code, string Out, string Err) Run(string input, string output) => Process([Patcher, input, output]);

    private static (int Code, string Out, string Err) Process(IReadOnlyList<string> arguments)
    {
        var info = new ProcessStartInfo("dotnet", arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.Environment["PATH"] = $"{Path.GetDirectoryName(Repository.Node)}:{Environment.GetEnvironmentVariable("PATH")}";
        using var process = System.Diagnostics.Process.Start(info)!;
        var err = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout, err.Result);
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var dir in Directory.GetDirectories(from, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, dir)));
        }

        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)));
        }
    }
}
