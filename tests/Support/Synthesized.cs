using System.Text.Json.Nodes;
using Ecolaura.Tf.App;

namespace Ecolaura.Tf.Tests.Support;

/// <summary>
/// The default configuration synthesized once per test run through the real command line (<see cref="Cli"/>),
/// parsed for assertions. jsii starts one Node.js process per test process, so one synth serves every test.
/// </summary>
public static class Synthesized
{
    private static readonly Lazy<string> Outdir = new(() =>
    {
        var dir = Path.Combine(Path.GetTempPath(), $"ecolaura-tests-{Environment.ProcessId}", "cdktf.out");
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = Cli.Run(["synth", "--out", dir], stdout, stderr);
        if (code != 0)
        {
            throw new InvalidOperationException($"synth failed ({code}):\n{stderr}\n{stdout}");
        }

        return dir;
    });

    private static readonly Dictionary<string, JsonObject> Cache = [];

    /// <summary>The output folder (cdktf.out) of the default synth.</summary>
    public static string Directory => Outdir.Value;

    /// <summary>The stack ids the default synth wrote, e.g. prod-network.</summary>
    public static IReadOnlyList<string> StackIds =>
        System.IO.Directory.GetDirectories(Path.Combine(Directory, "stacks")).Select(Path.GetFileName).Order().ToArray()!;

    /// <summary>The parsed <c>cdk.tf.json</c> of one stack (a fresh copy, safe to mutate).</summary>
    public static StackJson Stack(EnvironmentName env, Workspace workspace) => Stack($"{env.Id()}-{workspace.Id()}");

    /// <summary>The parsed <c>cdk.tf.json</c> of one stack id (a fresh copy, safe to mutate).</summary>
    public static StackJson Stack(string stackId)
    {
        lock (Cache)
        {
            if (!Cache.TryGetValue(stackId, out var json))
            {
                json = JsonNode.Parse(File.ReadAllText(Path.Combine(Directory, "stacks", stackId, "cdk.tf.json")))!.AsObject();
                Cache[stackId] = json;
            }

            return new StackJson(stackId, json.DeepClone().AsObject());
        }
    }

    /// <summary>
    /// One stack of <paramref name="env"/> synthesized with an override file (a second, separate synth through the
    /// command line, cached per override), e.g. the foundation after its state moved to S3.
    /// </summary>
    public static StackJson StackWithOverride(string configJson, EnvironmentName env, Workspace workspace) =>
        StackWithOverride(configJson, env.Id(), workspace);

    /// <summary>One stack of the environment named <paramref name="env"/> (e.g. one the override adds), synthesized with the override.</summary>
    public static StackJson StackWithOverride(string configJson, string env, Workspace workspace)
    {
        string outdir;
        lock (Overridden)
        {
            var cacheKey = $"{env}\n{configJson}";
            if (!Overridden.TryGetValue(cacheKey, out outdir!))
            {
                var dir = Path.Combine(Path.GetTempPath(), $"ecolaura-tests-{Environment.ProcessId}", $"override-{Overridden.Count}");
                System.IO.Directory.CreateDirectory(dir);
                var config = Path.Combine(dir, "config.json");
                File.WriteAllText(config, configJson);
                outdir = Path.Combine(dir, "cdktf.out");
                var stdout = new StringWriter();
                var stderr = new StringWriter();
                var code = Cli.Run(["synth", "--env", env, "--config", config, "--out", outdir], stdout, stderr);
                if (code != 0)
                {
                    throw new InvalidOperationException($"synth with {configJson} failed ({code}):\n{stderr}\n{stdout}");
                }

                Overridden[cacheKey] = outdir;
            }
        }

        var id = $"{env}-{workspace.Id()}";
        return new StackJson(id, JsonNode.Parse(File.ReadAllText(Path.Combine(outdir, "stacks", id, "cdk.tf.json")))!.AsObject());
    }

    private static readonly Dictionary<string, string> Overridden = [];

    /// <summary>The parsed manifest.json.</summary>
    public static JsonObject Manifest => JsonNode.Parse(File.ReadAllText(Path.Combine(Directory, "manifest.json")))!.AsObject();

    /// <summary>Every environment of the default configuration.</summary>
    public static IEnumerable<EnvironmentName> Environments => Enum.GetValues<EnvironmentName>();
}
