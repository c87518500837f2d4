using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Ecolaura.Tf.Policies;

namespace Ecolaura.Tf.Docs;

/// <summary>
/// A synthesized app (<c>cdktf.out</c>) as the diagrams read it: <c>manifest.json</c> for the stacks and their
/// dependencies, each stack's <c>cdk.tf.json</c> for resources, and the references between resources, followed across
/// workspaces through <c>terraform_remote_state</c> and the producer's outputs.
/// </summary>
/// <remarks>Reads JSON only: no jsii, no Terraform, so it runs in a test in milliseconds.</remarks>
public sealed partial class SynthesizedApp
{
    private readonly Dictionary<string, AppStack> _stacks;

    private SynthesizedApp(IEnumerable<AppStack> stacks) =>
        _stacks = stacks.ToDictionary(s => s.Id, StringComparer.Ordinal);

    /// <summary>Reads <c>&lt;outdir&gt;/manifest.json</c> and every stack it lists.</summary>
    /// <param name="outdir">A synthesized <c>cdktf.out</c> folder.</param>
    /// <exception cref="InvalidOperationException">The manifest is missing, or names a stack file that does not exist.</exception>
    public static SynthesizedApp Load(string outdir)
    {
        var manifestPath = Path.Combine(outdir, "manifest.json");
        if (!File.Exists(manifestPath))
        {
            throw new InvalidOperationException($"{manifestPath} is missing: synthesize first (./ecolaura synth)");
        }

        var manifest = JsonNode.Parse(File.ReadAllText(manifestPath))!;
        var stacks = new List<AppStack>();
        foreach (var (id, entry) in manifest["stacks"]?.AsObject() ?? [])
        {
            var file = Path.Combine(outdir, entry!["synthesizedStackPath"]!.GetValue<string>());
            if (!File.Exists(file))
            {
                throw new InvalidOperationException($"manifest.json lists {id} at {file}, which does not exist");
            }

            var dependencies = (entry["dependencies"] as JsonArray ?? []).Select(d => d!.GetValue<string>()).ToArray();
            stacks.Add(new AppStack(new StackDocument(id, JsonNode.Parse(File.ReadAllText(file))!.AsObject()), dependencies));
        }

        return new SynthesizedApp(stacks);
    }

    /// <summary>Every environment that has at least one stack: the embedded ones in their order, then the others by name.</summary>
    public IReadOnlyList<string> Environments =>
        _stacks.Values.Select(s => s.Environment).Distinct()
            .OrderBy(e => DefaultEnvironments.All.Select(d => d.Name).ToList().IndexOf(e) is var i and >= 0 ? i : int.MaxValue)
            .ThenBy(e => e, StringComparer.Ordinal).ToArray();

    /// <summary>The stacks of <paramref name="environment"/>, producers before consumers (ties in <see cref="Workspace"/> order).</summary>
    /// <exception cref="InvalidOperationException">The dependencies form a cycle.</exception>
    public IReadOnlyList<AppStack> StacksOf(string environment)
    {
        var pending = _stacks.Values.Where(s => s.Environment == environment).OrderBy(s => s.Workspace).ToList();
        var ordered = new List<AppStack>();
        while (pending.Count > 0)
        {
            var next = pending.FirstOrDefault(s => s.Dependencies.All(d => ordered.Any(o => o.Id == d) || !_stacks.ContainsKey(d)))
                ?? throw new InvalidOperationException($"the dependencies of [{string.Join(", ", pending.Select(p => p.Id))}] form a cycle");
            ordered.Add(next);
            pending.Remove(next);
        }

        return ordered;
    }

    /// <summary>The stack with id <paramref name="id"/> (e.g. <c>prod-data</c>).</summary>
    /// <exception cref="KeyNotFoundException">No such stack.</exception>
    public AppStack Stack(string id) =>
        _stacks.TryGetValue(id, out var stack) ? stack : throw new KeyNotFoundException($"no stack '{id}' in manifest.json");

    /// <summary>
    /// The producer a consumer's <c>data.terraform_remote_state.&lt;name&gt;</c> reads: the stack of the same environment
    /// whose S3 backend key is the data source's <c>key</c>, or, for a producer still on its local bootstrap backend, the
    /// stack whose workspace is named by that key (<c>&lt;env&gt;/&lt;workspace&gt;.tfstate</c>).
    /// </summary>
    /// <exception cref="InvalidOperationException">The data source is missing or its key matches no stack.</exception>
    public AppStack ProducerOf(AppStack consumer, string remoteStateName)
    {
        var key = consumer.Document.Root["data"]?["terraform_remote_state"]?[remoteStateName]?["config"]?["key"]?.GetValue<string>()
            ?? throw new InvalidOperationException($"{consumer.Id} reads data.terraform_remote_state.{remoteStateName}, which it does not declare with a key");
        var sameEnvironment = _stacks.Values.Where(s => s.Environment == consumer.Environment).ToArray();
        return sameEnvironment.FirstOrDefault(s => s.StateKey == key)
            ?? sameEnvironment.FirstOrDefault(s => s.StateKey is null && key == $"{s.Environment}/{s.Workspace.Id()}.tfstate")
            ?? throw new InvalidOperationException($"{consumer.Id}: data.terraform_remote_state.{remoteStateName} reads state key '{key}', which no stack of {consumer.Environment} writes");
    }

    /// <summary>
    /// Every output of another workspace that <paramref name="consumer"/> reads anywhere in its JSON (resources,
    /// providers, outputs, locals), by producer stack id, each list sorted and without duplicates.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> OutputsRead(AppStack consumer)
    {
        var read = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (var text in Strings(consumer.Document.Root, skipRemoteStateBlocks: true))
        {
            foreach (Match match in RemoteStateOutput().Matches(text))
            {
                var producer = ProducerOf(consumer, match.Groups[1].Value);
                if (!read.TryGetValue(producer.Id, out var outputs))
                {
                    read[producer.Id] = outputs = new SortedSet<string>(StringComparer.Ordinal);
                }

                outputs.Add(match.Groups[2].Value);
            }
        }

        return read.ToDictionary(p => p.Key, p => (IReadOnlyList<string>)p.Value.ToArray(), StringComparer.Ordinal);
    }

    /// <summary>
    /// The resources <paramref name="node"/> (a resource body or part of one, in <paramref name="stack"/>) refers to,
    /// each with the JSON path it was found at. References through <c>terraform_remote_state</c> are followed to the
    /// resource the producer's output is made of; a literal host name that a Route 53 record of the environment
    /// declares refers to that record. <c>depends_on</c> and <c>//</c> metadata are not references of data.
    /// </summary>
    public IReadOnlyList<ResourceReference> ReferencesOf(AppStack stack, JsonNode? node, string path = "")
    {
        var found = new List<ResourceReference>();
        Collect(stack, node, path, found, depth: 0);
        return found;
    }

    /// <summary>The resource a key names, or null when the stack does not declare it.</summary>
    public TfResource? Resolve(ResourceKey key) =>
        _stacks.TryGetValue(key.StackId, out var stack) ? stack.Document.Resources(key.Type).FirstOrDefault(r => r.Name == key.Name) : null;

    private void Collect(AppStack stack, JsonNode? node, string path, List<ResourceReference> found, int depth)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj)
                {
                    if (key is not ("//" or "depends_on"))
                    {
                        Collect(stack, child, path.Length == 0 ? key : $"{path}.{key}", found, depth);
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    Collect(stack, array[i], $"{path}[{i}]", found, depth);
                }

                break;
            case JsonValue value when value.TryGetValue<string>(out var text):
                CollectFromText(stack, text, path, found, depth);
                break;
        }
    }

    private void CollectFromText(AppStack stack, string text, string path, List<ResourceReference> found, int depth)
    {
        if (!text.Contains("${", StringComparison.Ordinal))
        {
            // A literal host name of a Route 53 record (e.g. a CloudFront origin) refers to that record.
            foreach (var (recordStack, record) in RecordsNamed(stack.Environment, text))
            {
                found.Add(new ResourceReference(path, new ResourceKey(recordStack.Id, record.Type, record.Name)));
            }

            return;
        }

        foreach (Match match in ResourceAttribute().Matches(text))
        {
            var key = new ResourceKey(stack.Id, match.Groups[1].Value, match.Groups[2].Value);
            if (Resolve(key) is not null)
            {
                found.Add(new ResourceReference(path, key));
            }
        }

        foreach (Match match in RemoteStateOutput().Matches(text))
        {
            if (depth > _stacks.Count)
            {
                throw new InvalidOperationException($"{stack.Id}: remote-state outputs refer to each other in a cycle at {path}");
            }

            var producer = ProducerOf(stack, match.Groups[1].Value);
            var output = producer.Document.Root["output"]?[match.Groups[2].Value]
                ?? throw new InvalidOperationException($"{stack.Id} reads output '{match.Groups[2].Value}' of {producer.Id}, which does not publish it");
            Collect(producer, output["value"], path, found, depth + 1);
        }
    }

    private IEnumerable<(AppStack Stack, TfResource Record)> RecordsNamed(string environment, string hostName) =>
        _stacks.Values.Where(s => s.Environment == environment)
            .SelectMany(s => s.Document.Resources("aws_route53_record").Select(r => (s, r)))
            .Where(p => string.Equals(p.r.Str("name"), hostName, StringComparison.OrdinalIgnoreCase));

    /// <summary>Every string in <paramref name="node"/>, without metadata and (optionally) the remote-state declarations.</summary>
    private static IEnumerable<string> Strings(JsonNode? node, bool skipRemoteStateBlocks)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj)
                {
                    if (key == "//" || (skipRemoteStateBlocks && key == "terraform_remote_state"))
                    {
                        continue;
                    }

                    foreach (var text in Strings(child, skipRemoteStateBlocks))
                    {
                        yield return text;
                    }
                }

                break;
            case JsonArray array:
                foreach (var text in array.SelectMany(child => Strings(child, skipRemoteStateBlocks)))
                {
                    yield return text;
                }

                break;
            case JsonValue value when value.TryGetValue<string>(out var text):
                yield return text;
                break;
        }
    }

    /// <summary><c>data.terraform_remote_state.&lt;name&gt;.outputs.&lt;output&gt;</c>.</summary>
    [GeneratedRegex(@"data\.terraform_remote_state\.([A-Za-z0-9_-]+)\.outputs\.([A-Za-z0-9_]+)")]
    private static partial Regex RemoteStateOutput();

    /// <summary><c>&lt;type&gt;.&lt;name&gt;.</c> of a managed resource (not <c>data.</c>, <c>var.</c> or <c>local.</c>).</summary>
    [GeneratedRegex(@"(?<![\w.])([a-z][a-z0-9]*_[a-z0-9_]+)\.([A-Za-z0-9_-]+)\.")]
    private static partial Regex ResourceAttribute();
}

/// <summary>One synthesized stack of the app with its manifest dependencies.</summary>
/// <param name="Document">Its parsed <c>cdk.tf.json</c>.</param>
/// <param name="Dependencies">The stack ids it depends on, from <c>manifest.json</c>.</param>
public sealed record AppStack(StackDocument Document, IReadOnlyList<string> Dependencies)
{
    /// <summary>e.g. <c>prod-data</c>.</summary>
    public string Id => Document.StackId;

    /// <summary>The environment.</summary>
    public string Environment => Document.Environment;

    /// <summary>The workspace.</summary>
    public Workspace Workspace => Document.Workspace;

    /// <summary>The region of the stack's default AWS provider (where it deploys), or null without one.</summary>
    public string? Region => (Document.Root["provider"]?["aws"] as JsonArray ?? [])
        .FirstOrDefault(p => p?["alias"] is null)?["region"]?.GetValue<string>();

    /// <summary>The S3 backend key (<c>prod/network.tfstate</c>), or null on another backend (the foundation's bootstrap).</summary>
    public string? StateKey => Document.Root["terraform"]?["backend"]?["s3"]?["key"]?.GetValue<string>();
}

/// <summary>A resource of one stack.</summary>
/// <param name="StackId">e.g. <c>prod-data</c>.</param>
/// <param name="Type">e.g. <c>aws_db_instance</c>.</param>
/// <param name="Name">e.g. <c>postgres</c>.</param>
public sealed record ResourceKey(string StackId, string Type, string Name)
{
    /// <summary>The Terraform address inside its stack, e.g. <c>aws_db_instance.postgres</c>.</summary>
    public string Address => $"{Type}.{Name}";

    /// <inheritdoc />
    public override string ToString() => $"{StackId}:{Address}";
}

/// <summary>A reference found in a resource.</summary>
/// <param name="Path">Where in the referencing JSON, e.g. <c>origin[0].domain_name</c>.</param>
/// <param name="Target">The resource referred to.</param>
public sealed record ResourceReference(string Path, ResourceKey Target);
