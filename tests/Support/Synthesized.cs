using System.Text.Json.Nodes;
using Ecolaura.Tf.App;

namespace Ecolaura.Tf.Tests.Support;

/// <summary>
/// The default configuration synthesized once per test run through the real command line (<see cref="Cli"/>),
/// parsed for assertions, and the source of the stack-driven test cases: <see cref="InDependencyOrder"/> lists every
/// stack of <c>manifest.json</c> in dependency order, so a new workspace or environment becomes new cases by itself.
/// </summary>
/// <remarks>
/// jsii starts one Node.js process per test process, so one synth serves every test; test-case sources read it while
/// NUnit loads the tests. Synths with an override file are cached per override (<see cref="WithOverride"/>). All of
/// them live below <see cref="TestTemp.Root"/>, removed at the end of the run.
/// </remarks>
public static class Synthesized
{
    private static readonly Lazy<string> Outdir = new(() => Environment.GetEnvironmentVariable(ConfigVariable) is { Length: > 0 } config
        ? Synth(["synth", "--config", Path.GetFullPath(config)], Path.Combine(TestTemp.Root, "default", "cdktf.out"), $"the configuration with {config}")
        : Synth(["synth"], Path.Combine(TestTemp.Root, "default", "cdktf.out"), "the default configuration"));

    /// <summary>
    /// The environment variable naming an override file for the shared synth, e.g. the ten environments of
    /// <c>./ecolaura sample-config --environments 10</c>. Meant for the manifest-driven tiers
    /// (<c>--filter FullyQualifiedName~TerraformTierTests</c>, see docs/testing.md); tests that check the embedded
    /// defaults fail under it by design.
    /// </summary>
    public const string ConfigVariable = "ECOLAURA_TEST_CONFIG";
    private static readonly Lazy<IReadOnlyList<string>> Ordered = new(() => DependencyOrder(Manifest));
    private static readonly Dictionary<string, JsonObject> Cache = [];
    private static readonly Dictionary<string, Override> Overridden = [];

    /// <summary>The output folder (cdktf.out) of the default synth.</summary>
    public static string Directory => Outdir.Value;

    /// <summary>Every stack id of the manifest (e.g. prod-network), in ordinal order.</summary>
    public static IReadOnlyList<string> StackIds => Ordered.Value.Order(StringComparer.Ordinal).ToArray();

    /// <summary>Every stack id of the manifest, producers before consumers, ties by ordinal name (so grouped by environment).</summary>
    public static IReadOnlyList<string> InDependencyOrder => Ordered.Value;

    /// <summary>The environment ids of the manifest's stacks (the part of a stack id before its first '-'), in <see cref="InDependencyOrder"/> order.</summary>
    public static IReadOnlyList<string> EnvironmentIds => InDependencyOrder.Select(EnvironmentOf).Distinct().ToArray();

    /// <summary>The stacks of one environment, in dependency order.</summary>
    public static IReadOnlyList<string> StacksOf(string environmentId) => InDependencyOrder.Where(id => EnvironmentOf(id) == environmentId).ToArray();

    /// <summary>The environment id of a stack id: <c>prod-network</c> → <c>prod</c>.</summary>
    public static string EnvironmentOf(string stackId) => NameExtensions.ParseStackId(stackId).Environment;

    /// <summary>The workspace id of a stack id: <c>prod-network</c> → <c>network</c>.</summary>
    public static string WorkspaceOf(string stackId) => NameExtensions.ParseStackId(stackId).Workspace.Id();

    /// <summary>The parsed <c>cdk.tf.json</c> of one stack (a fresh copy, safe to mutate).</summary>
    public static StackJson Stack(EnvironmentName env, Workspace workspace) => Stack($"{env.Id()}-{workspace.Id()}");

    /// <summary>The parsed <c>cdk.tf.json</c> of one stack id (a fresh copy, safe to mutate).</summary>
    public static StackJson Stack(string stackId)
    {
        lock (Cache)
        {
            if (!Cache.TryGetValue(stackId, out var json))
            {
                var file = Path.Combine(Directory, "stacks", stackId, OutputFolder.StackFile);
                json = File.Exists(file)
                    ? JsonNode.Parse(File.ReadAllText(file))!.AsObject()
                    : throw new AssertionException($"the default synth has no stack '{stackId}'; it has [{string.Join(", ", InDependencyOrder)}]");
                Cache[stackId] = json;
            }

            return new StackJson(stackId, json.DeepClone().AsObject());
        }
    }

    /// <summary>
    /// A synth of <paramref name="env"/> with an override file (see README, Configuration), through the command line;
    /// cached per override and environment for the rest of the run.
    /// </summary>
    public static Override WithOverride(string configJson, EnvironmentName env) => WithOverride(configJson, env.Id());

    /// <summary>A synth of the environment named <paramref name="env"/> (e.g. one the override adds) with an override file.</summary>
    public static Override WithOverride(string configJson, string env)
    {
        lock (Overridden)
        {
            var cacheKey = $"{env}\n{configJson}";
            if (!Overridden.TryGetValue(cacheKey, out var result))
            {
                var dir = Path.Combine(TestTemp.Root, $"override-{Overridden.Count}");
                System.IO.Directory.CreateDirectory(dir);
                var config = Path.Combine(dir, "config.json");
                File.WriteAllText(config, configJson);
                result = new Override(Synth(["synth", "--env", env, "--config", config], Path.Combine(dir, "cdktf.out"), configJson));
                Overridden[cacheKey] = result;
            }

            return result;
        }
    }

    /// <summary>One stack of <paramref name="env"/> synthesized with an override file (<see cref="WithOverride"/>).</summary>
    public static StackJson StackWithOverride(string configJson, EnvironmentName env, Workspace workspace) =>
        StackWithOverride(configJson, env.Id(), workspace);

    /// <summary>One stack of the environment named <paramref name="env"/> synthesized with an override file.</summary>
    public static StackJson StackWithOverride(string configJson, string env, Workspace workspace) =>
        WithOverride(configJson, env).Stack($"{env}-{workspace.Id()}");

    /// <summary>The parsed manifest.json.</summary>
    public static JsonObject Manifest => JsonNode.Parse(File.ReadAllText(Path.Combine(Directory, "manifest.json")))!.AsObject();

    /// <summary>Every environment of the default configuration.</summary>
    public static IEnumerable<EnvironmentName> Environments => Enum.GetValues<EnvironmentName>();

    /// <summary>
    /// The stacks of a manifest, producers before consumers; among the stacks ready at each step the first by ordinal
    /// name (the product's <see cref="Ecolaura.Tf.App.Delivery.StackGraph"/>, which <c>./ecolaura plan</c> orders by).
    /// Fails naming the stacks when the graph has a cycle or a dependency the manifest does not list.
    /// </summary>
    public static IReadOnlyList<string> DependencyOrder(JsonObject manifest)
    {
        try
        {
            return Ecolaura.Tf.App.Delivery.StackGraph.FromManifest(".", manifest).InDependencyOrder;
        }
        catch (Ecolaura.Tf.App.Delivery.DeliveryException e)
        {
            throw new AssertionException(e.Message);
        }
    }

    private static string Synth(string[] args, string outdir, string what)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = Cli.Run([.. args, "--out", outdir], stdout, stderr, _ => null);
        return code == 0 ? outdir : throw new InvalidOperationException($"synth of {what} failed ({code}):\n{stderr}\n{stdout}");
    }

    /// <summary>A cached synth with an override file.</summary>
    /// <param name="directory">Its output folder (cdktf.out).</param>
    public sealed class Override(string directory)
    {
        /// <summary>The output folder (cdktf.out).</summary>
        public string Directory { get; } = directory;

        /// <summary>The parsed <c>cdk.tf.json</c> of one of its stacks (a fresh copy).</summary>
        public StackJson Stack(string stackId)
        {
            var file = Path.Combine(Directory, "stacks", stackId, OutputFolder.StackFile);
            return File.Exists(file)
                ? new StackJson(stackId, JsonNode.Parse(File.ReadAllText(file))!.AsObject())
                : throw new AssertionException($"the override synth in {Directory} has no stack '{stackId}'");
        }
    }
}
