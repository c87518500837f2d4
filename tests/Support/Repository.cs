namespace Ecolaura.Tf.Tests.Support;

/// <summary>Paths inside the repository the tests run from (found by walking up to <c>cdktf.json</c>).</summary>
public static class Repository
{
    private static readonly Lazy<string> RootDir = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "cdktf.json")))
            {
                return dir.FullName;
            }
        }

        throw new AssertionException($"no cdktf.json above {AppContext.BaseDirectory}: the tests must run inside the repository");
    });

    /// <summary>The repository root.</summary>
    public static string Root => RootDir.Value;

    /// <summary>The Node.js runtime that <c>./ecolaura setup</c> installs: the <see cref="NodePackage"/> of package.json.</summary>
    public static string Node => NodeModule(Path.Combine(NodePackage, "bin", "node"));

    /// <summary>
    /// The npm package of the Node.js runtime: the <c>node-&lt;os&gt;-&lt;arch&gt;</c> dependency of package.json (the
    /// one place it is named; scripts/lib.sh reads the same).
    /// </summary>
    public static string NodePackage
    {
        get
        {
            var dependencies = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(Root, "package.json")))?["dependencies"]?.AsObject() ?? [];
            var runtimes = dependencies.Select(d => d.Key).Where(name => System.Text.RegularExpressions.Regex.IsMatch(name, "^node-[a-z0-9]+-[a-z0-9]+$")).ToArray();
            return runtimes.Length == 1
                ? runtimes[0]
                : throw new AssertionException($"package.json must have exactly one node-<os>-<arch> dependency (the Node.js runtime), has [{string.Join(", ", runtimes)}]");
        }
    }

    /// <summary>A file under <c>node_modules</c>; fails with the set-up command when it is missing.</summary>
    public static string NodeModule(string relativePath)
    {
        var path = Path.Combine(Root, "node_modules", relativePath);
        return File.Exists(path)
            ? path
            : throw new AssertionException($"{path} is missing: run ./ecolaura setup (it installs package-lock.json)");
    }
}
