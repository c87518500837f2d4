using System.Diagnostics;
using System.Reflection;
using System.Runtime.Versioning;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Ecolaura.Tf.Tests.Support;

namespace Ecolaura.Tf.Tests.App;

/// <summary>
/// One source of truth for versions and paths: the scripts read the target framework from Directory.Build.props, the
/// Node.js runtime folder from package.json and the C# binding packages from Directory.Packages.props (scripts/lib.sh,
/// scripts/bindings.js); these tests check that what the scripts derive agrees with what MSBuild, NuGet and npm use,
/// and that no script repeats a literal.
/// </summary>
public partial class VersionSourcesTests
{
    private static string Root => Repository.Root;

    /// <summary>Runs <c>bash -c</c> in the repository root; returns stdout, failing with stderr on a non-zero exit.</summary>
    private static string Bash(string script)
    {
        var info = new ProcessStartInfo("bash", ["-c", script])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Root,
        };
        info.Environment["PATH"] = $"{Path.GetDirectoryName(Repository.Node)}:{Environment.GetEnvironmentVariable("PATH")}";
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        Assert.That(process.WaitForExit(TimeSpan.FromMinutes(1)), Is.True, script);
        Assert.That(process.ExitCode, Is.Zero, $"{script}:\n{stderr.Result}");
        return stdout;
    }

    private static IReadOnlyDictionary<string, string> PinnedPackages() =>
        XDocument.Load(Path.Combine(Root, "Directory.Packages.props")).Descendants("PackageVersion")
            .ToDictionary(p => (string)p.Attribute("Include")!, p => (string)p.Attribute("Version")!);

    private static JsonObject PackageJson(string relative) => JsonNode.Parse(File.ReadAllText(Path.Combine(Root, relative)))!.AsObject();

    [Test]
    public void The_scripts_target_framework_is_the_one_msbuild_builds()
    {
        var props = (string?)XDocument.Load(Path.Combine(Root, "Directory.Build.props")).Descendants("TargetFramework").Single();
        var running = typeof(VersionSourcesTests).Assembly.GetCustomAttribute<TargetFrameworkAttribute>()!.FrameworkName; // .NETCoreApp,Version=v10.0
        var lines = Bash(". scripts/lib.sh && ecolaura_tfm && ecolaura_app_dll").Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.That(lines[0], Is.EqualTo(props));
        Assert.That(running, Is.EqualTo($".NETCoreApp,Version=v{props!["net".Length..]}"), "the tests run on the framework Directory.Build.props names");
        Assert.That(lines[1], Is.EqualTo(Path.Combine(Root, "main", "bin", "Release", props, $"{typeof(Ecolaura.Tf.App.Cli).Assembly.GetName().Name}.dll")));
    }

    [Test]
    public void The_scripts_node_runtime_is_the_package_json_one()
    {
        var lines = Bash(". scripts/lib.sh && ecolaura_node_package && ecolaura_node_bin").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines[0], Is.EqualTo(Repository.NodePackage));
        Assert.That(lines[1], Is.EqualTo(Path.GetDirectoryName(Repository.Node)));
        Assert.That(File.Exists(Path.Combine(lines[1], "node")), Is.True);
        var version = Bash($"{Path.Combine(lines[1], "node")} --version").Trim();
        Assert.That(version, Is.EqualTo($"v{PackageJson("package.json")["dependencies"]![Repository.NodePackage]}"));
    }

    /// <summary>
    /// Every package the bindings feed serves (nuget.config's source mapping) is built from an npm package of the same
    /// version, and scripts/bindings.js lists exactly those, in an order where each comes after what it needs.
    /// </summary>
    [Test]
    public void The_binding_packages_agree_across_nuget_npm_and_the_setup_script()
    {
        var pinned = PinnedPackages();
        var config = XDocument.Load(Path.Combine(Root, "nuget.config"));
        var patterns = config.Descendants("packageSource").Single(s => (string?)s.Attribute("key") == "ecolaura-bindings")
            .Elements("package").Select(p => (string)p.Attribute("pattern")!).ToArray();
        bool FromFeed(string id) => patterns.Any(p => p.EndsWith('*') ? id.StartsWith(p[..^1], StringComparison.Ordinal) : id == p);
        var fromFeed = pinned.Where(p => FromFeed(p.Key)).ToDictionary(p => p.Key, p => p.Value);
        Assert.That(fromFeed, Is.Not.Empty);

        var declared = PackageJson("package.json")["dependencies"]!.AsObject();
        var locked = PackageJson("package-lock.json")["packages"]!.AsObject();
        var expected = new List<(string Npm, string Id, string Version)>();
        foreach (var (name, version) in declared)
        {
            var id = PackageJson(Path.Combine("node_modules", name, "package.json"))["jsii"]?["targets"]?["dotnet"]?["packageId"]?.GetValue<string>();
            if (id is null || !fromFeed.TryGetValue(id, out var nugetVersion))
            {
                continue;
            }

            Assert.That(version!.GetValue<string>(), Is.EqualTo(nugetVersion), $"{name} in package.json vs {id} in Directory.Packages.props");
            Assert.That(locked[$"node_modules/{name}"]!["version"]!.GetValue<string>(), Is.EqualTo(nugetVersion), $"{name} in package-lock.json");
            expected.Add((name, id, nugetVersion));
        }

        Assert.That(expected.Select(e => e.Id), Is.EquivalentTo(fromFeed.Keys), "every package of the bindings feed is built from an npm package");
        var listed = Bash("node scripts/bindings.js list").Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')).ToArray();
        Assert.That(listed.Select(l => (l[0], l[1], l[2])), Is.EquivalentTo(expected), "scripts/bindings.js");
        Assert.That(listed[0][0], Is.EqualTo("constructs"), "dependency order: constructs first, then cdktf, then the providers");
        Assert.That(listed[1][0], Is.EqualTo("cdktf"));

        Assert.That(pinned["Amazon.JSII.Runtime"], Is.EqualTo(declared["jsii-pacmak"]!.GetValue<string>()), "the jsii runtime is the version jsii-pacmak generates for");
        foreach (var (_, id, version) in expected)
        {
            Assert.That(File.Exists(Path.Combine(Root, ".bindings", "feed", $"{id}.{version}.nupkg")), Is.True, $"{id}.{version}.nupkg in the feed (./ecolaura setup)");
        }
    }

    /// <summary>The scripts name no target framework, Node.js package or binding version of their own.</summary>
    [Test]
    public void No_script_repeats_a_version_or_path_it_can_derive()
    {
        var tfm = (string?)XDocument.Load(Path.Combine(Root, "Directory.Build.props")).Descendants("TargetFramework").Single();
        var literals = PinnedPackages().Values.Where(v => v.Contains('.')).Select(v => Regex.Escape(v))
            .Append(Regex.Escape(tfm!)).Append(Regex.Escape(Repository.NodePackage)).ToArray();
        var files = new[] { "ecolaura", Path.Combine(".ci", "run") }
            .Concat(Directory.GetFiles(Path.Combine(Root, "scripts")).Select(f => Path.GetRelativePath(Root, f)));
        foreach (var file in files)
        {
            var code = string.Join('\n', File.ReadAllLines(Path.Combine(Root, file)).Where(l => !l.TrimStart().StartsWith('#') && !l.TrimStart().StartsWith("//", StringComparison.Ordinal)));
            foreach (var literal in literals)
            {
                Assert.That(Regex.IsMatch(code, $@"(?<![\w.]){literal}(?![\w])"), Is.False, $"{file} repeats '{Regex.Unescape(literal)}'; read it from its source (scripts/lib.sh)");
            }
        }
    }

    [Test]
    public void The_fast_suite_leaves_out_exactly_the_slow_categories()
    {
        var script = File.ReadAllText(Path.Combine(Root, "scripts", "test.sh"));
        var filter = SlowTiers().Match(script);
        Assert.That(filter.Success, Is.True, "scripts/test.sh defines slow_tiers");
        Assert.That(filter.Groups[1].Value.Split('&'), Is.EqualTo(Categories.Slow.Select(c => $"TestCategory!={c}")));
    }

    [GeneratedRegex(@"slow_tiers=""([^""]+)""")]
    private static partial Regex SlowTiers();
}
