using System.Diagnostics;
using Ecolaura.Tf.Tests.Support;

namespace Ecolaura.Tf.Tests.App;

/// <summary>
/// The up-to-date check of <c>./ecolaura</c> (scripts/lib.sh: <c>ecolaura_app_up_to_date</c>, <c>ecolaura_app_stamp</c>):
/// a command skips <c>dotnet build</c> only while nothing the app is built from, and nothing in its output folder, has
/// changed since the last build it stamped. Run on a skeleton repository (the real lib.sh copied into a temporary
/// folder with one file per kind of input), so every input kind can be changed without touching the checkout; the last
/// test runs the real script twice.
/// </summary>
public class AppBuildStampTests
{
    private TempDirectory _repo = null!;

    /// <summary>Every kind of build input, relative to the repository root.</summary>
    private static readonly string[] Inputs =
    [
        "main/Cli.cs", "main/Ecolaura.Tf.App.csproj", "modules/Data/DataStack.cs", "modules/Ecolaura.Tf.Modules.csproj",
        "tools/JsiiTypeIndex/LazyJsiiTypes.cs", "locks/aws.terraform.lock.hcl", ".terraform-version", "Directory.Build.props",
        "Directory.Build.targets", "Directory.Packages.props", "global.json", "nuget.config",
        ".bindings/feed/HashiCorp.Cdktf.0.21.0.nupkg", ".bindings/jsii-runtime/Amazon.JSII.Runtime.dll",
        "Directory.Build.rsp", ".editorconfig", ".globalconfig",
        "modules/Shared/bin/Helper.cs", // only a project's own bin/ and obj/ are outputs; MSBuild compiles this one
    ];

    /// <summary>Files the app is not built from: changing them must not cost a build.</summary>
    private static readonly string[] NotInputs =
    [
        "cdktf.out/stacks/dev-data/cdk.tf.json", "tests/App/CliTests.cs", "docs/testing.md", "README.md", "main/obj/project.assets.json",
        "modules/bin/Release/net10.0/Ecolaura.Tf.Modules.dll", "modules/obj/Release/net10.0/Ecolaura.Tf.Modules.dll", "TestResults/results.trx",
        "tools/JsiiTypeIndex/bin/Release/net10.0/JsiiTypeIndex.dll", "tools/JsiiTypeIndex/obj/project.assets.json",
    ];

    private const string Dll = "main/bin/Release/net10.0/Ecolaura.Tf.App.dll";

    [SetUp]
    public void CreateSkeleton()
    {
        _repo = TestTemp.Create("build-stamp");
        Directory.CreateDirectory(_repo.Combine("scripts"));
        File.Copy(Path.Combine(Repository.Root, "scripts", "lib.sh"), _repo.Combine("scripts", "lib.sh"));
        var feed = _repo.Combine("cache", "feed-1");
        var runtime = _repo.Combine("cache", "jsii-runtime-1");
        Directory.CreateDirectory(feed);
        Directory.CreateDirectory(runtime);
        Directory.CreateDirectory(_repo.Combine(".bindings"));
        File.CreateSymbolicLink(_repo.Combine(".bindings", "feed"), feed);
        File.CreateSymbolicLink(_repo.Combine(".bindings", "jsii-runtime"), runtime);
        foreach (var file in Inputs.Concat(NotInputs).Append(Dll).Append("modules/Data/Other.cs"))
        {
            Write(file, "one");
        }
    }

    [TearDown]
    public void RemoveSkeleton() => _repo.Dispose();

    [Test]
    public void Without_a_stamp_the_app_is_built()
    {
        Assert.That(UpToDate(), Is.False);
        Stamp();
        Assert.That(UpToDate(), Is.True);
    }

    [TestCaseSource(nameof(Inputs))]
    public void Changing_an_input_needs_a_build(string input)
    {
        Stamp();
        Write(input, "two");
        Assert.That(UpToDate(), Is.False, $"{input} changed");
        Stamp();
        Assert.That(UpToDate(), Is.True, "stamped again");
    }

    [TestCaseSource(nameof(Inputs))]
    public void Touching_an_input_needs_a_build(string input)
    {
        Stamp();
        File.SetLastWriteTimeUtc(_repo.Combine(input), File.GetLastWriteTimeUtc(_repo.Combine(input)).AddSeconds(1));
        Assert.That(UpToDate(), Is.False, $"{input} touched (same content, as MSBuild's own check sees it)");
    }

    [TestCaseSource(nameof(NotInputs))]
    public void Changing_anything_else_needs_no_build(string file)
    {
        Stamp();
        Write(file, "two, longer");
        Assert.That(UpToDate(), Is.True, $"{file} is not a build input");
    }

    [Test]
    public void Adding_or_deleting_a_source_file_needs_a_build()
    {
        Stamp();
        Write("modules/Edge/NewConstruct.cs", "class NewConstruct {}");
        Assert.That(UpToDate(), Is.False, "a file added");
        Stamp();
        File.Delete(_repo.Combine("modules/Edge/NewConstruct.cs"));
        Assert.That(UpToDate(), Is.False, "a file deleted");
    }

    [Test]
    public void Another_binding_feed_needs_a_build()
    {
        Stamp();
        var other = _repo.Combine("cache", "feed-2");
        Directory.CreateDirectory(other);
        File.Copy(_repo.Combine(".bindings/feed/HashiCorp.Cdktf.0.21.0.nupkg"), Path.Combine(other, "HashiCorp.Cdktf.0.21.0.nupkg"));
        File.SetLastWriteTimeUtc(Path.Combine(other, "HashiCorp.Cdktf.0.21.0.nupkg"), File.GetLastWriteTimeUtc(_repo.Combine(".bindings/feed/HashiCorp.Cdktf.0.21.0.nupkg")));
        File.Delete(_repo.Combine(".bindings", "feed"));
        File.CreateSymbolicLink(_repo.Combine(".bindings", "feed"), other);
        Assert.That(UpToDate(), Is.False, "the feed link points elsewhere (set-up built other bindings)");
    }

    [Test]
    public void A_changed_or_missing_output_needs_a_build()
    {
        Stamp();
        Write(Dll, "built by someone else");
        Assert.That(UpToDate(), Is.False, "the app DLL changed after the stamp (another build, e.g. the tests')");
        Write("main/bin/Release/net10.0/Ecolaura.Tf.Modules.dll", "new");
        Stamp();
        Assert.That(UpToDate(), Is.True);
        File.Delete(_repo.Combine(Dll));
        Assert.That(UpToDate(), Is.False, "the app DLL was deleted");
    }

    /// <summary>The script runs with <c>set -euo pipefail</c>: a missing input folder or link must not end it silently.</summary>
    [Test]
    public void Missing_inputs_are_left_out_under_errexit()
    {
        File.Delete(_repo.Combine(".bindings", "jsii-runtime"));
        Directory.Delete(_repo.Combine("tools"), recursive: true);
        File.Delete(_repo.Combine("nuget.config"));
        var output = Bash("set -euo pipefail; . scripts/lib.sh; key=\"$(ecolaura_app_inputs_key)\"; ecolaura_app_stamp \"$key\"; echo \"key=$key\"");
        Assert.That(output, Does.Match(@"^key=[0-9a-f]{64}\n$"));
        Assert.That(UpToDate(), Is.True);
    }

    [Test]
    public void A_file_edited_during_the_build_is_not_stamped_and_is_touched_for_the_next_build()
    {
        // build_app creates a marker, takes the inputs' key, runs dotnet build, then calls ecolaura_app_built.
        var marker = _repo.Combine("marker");
        File.WriteAllText(marker, "");
        var before = Bash(". scripts/lib.sh && ecolaura_app_inputs_key").Trim();
        Write("modules/Data/DataStack.cs", "edited while the compiler ran");
        var saved = File.GetLastWriteTimeUtc(marker).AddMilliseconds(1);
        File.SetLastWriteTimeUtc(_repo.Combine("modules/Data/DataStack.cs"), saved);
        var untouched = File.GetLastWriteTimeUtc(_repo.Combine("modules/Data/Other.cs"));
        Thread.Sleep(50);
        Bash($". scripts/lib.sh && ecolaura_app_built {before} {marker}");
        Assert.That(File.Exists(_repo.Combine("main/obj/ecolaura-app.stamp")), Is.False, "not stamped");
        Assert.That(UpToDate(), Is.False);
        Assert.That(File.GetLastWriteTimeUtc(_repo.Combine("modules/Data/DataStack.cs")), Is.GreaterThan(saved),
            "touched after the build, so MSBuild's check (sources newer than obj/) compiles it again");
        Assert.That(File.GetLastWriteTimeUtc(_repo.Combine("modules/Data/Other.cs")), Is.EqualTo(untouched), "inputs older than the marker keep their time");
    }

    [Test]
    public void A_build_without_edits_meanwhile_is_stamped()
    {
        var marker = _repo.Combine("marker");
        File.WriteAllText(marker, "");
        var before = Bash(". scripts/lib.sh && ecolaura_app_inputs_key").Trim();
        Bash($". scripts/lib.sh && ecolaura_app_built {before} {marker}");
        Assert.That(UpToDate(), Is.True);
    }

    [Test]
    public void A_change_behind_a_symbolic_link_needs_a_build()
    {
        var outside = _repo.Combine("shared", "Common.cs");
        Write("shared/Common.cs", "one");
        File.CreateSymbolicLink(_repo.Combine("modules", "Shared", "Common.cs"), outside);
        Write("shared/tfver", "1.11.4");
        File.Delete(_repo.Combine(".terraform-version"));
        File.CreateSymbolicLink(_repo.Combine(".terraform-version"), _repo.Combine("shared", "tfver"));
        Stamp();
        Write("shared/Common.cs", "two, longer");
        Assert.That(UpToDate(), Is.False, "a linked source file changed");
        Stamp();
        Write("shared/tfver", "1.11.5");
        Assert.That(UpToDate(), Is.False, "the linked .terraform-version changed");
    }

    /// <summary>
    /// The real script: without its stamp it builds (a no-op build here: the tests' own build is current) and stamps;
    /// the next command right after it does not start MSBuild.
    /// </summary>
    [Test]
    public void The_script_builds_once_and_then_skips_the_build()
    {
        var stamp = Path.Combine(Repository.Root, "main", "obj", "ecolaura-app.stamp");
        File.Delete(stamp);
        var first = Script("--help");
        Assert.That(first.Stderr, Does.Contain("compiling the C# app"), "no stamp: the script builds");
        Assert.That(File.Exists(stamp), Is.True, "a successful build is stamped");
        var second = Script("--help");
        Assert.That(second.Stdout, Is.EqualTo(first.Stdout));
        Assert.That(second.Stderr, Does.Not.Contain("compiling the C# app"), "nothing changed between the two commands");
    }

    private void Write(string relative, string content)
    {
        var path = _repo.Combine(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // lib.sh reads the target framework from Directory.Build.props, so every version of it keeps one.
        File.WriteAllText(path, relative == "Directory.Build.props"
            ? $"<Project><!-- {content} --><PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup></Project>"
            : content);
    }

    private void Stamp() => Bash(". scripts/lib.sh && ecolaura_app_stamp \"$(ecolaura_app_inputs_key)\"");

    private bool UpToDate() => Run(_repo, "bash", ["-c", ". scripts/lib.sh && ecolaura_app_up_to_date"]).Code == 0;

    private string Bash(string script)
    {
        var (code, stdout, stderr) = Run(_repo, "bash", ["-c", script]);
        Assert.That(code, Is.Zero, $"{script}:\n{stderr}");
        return stdout;
    }

    private static (string Stdout, string Stderr) Script(string args)
    {
        var (code, stdout, stderr) = Run(Repository.Root, "bash", [Path.Combine(Repository.Root, "ecolaura"), args]);
        Assert.That(code, Is.Zero, stderr);
        return (stdout, stderr);
    }

    private static (int Code, string Stdout, string Stderr) Run(string directory, string file, string[] args)
    {
        var info = new ProcessStartInfo(file, args)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = directory,
        };
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        Assert.That(process.WaitForExit(TimeSpan.FromMinutes(5)), Is.True, string.Join(' ', args));
        return (process.ExitCode, stdout, stderr.Result);
    }
}
