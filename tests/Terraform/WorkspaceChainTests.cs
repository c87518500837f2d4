using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Ecolaura.Tf.Tests.Support;

namespace Ecolaura.Tf.Tests.Terraform;

/// <summary>
/// The whole chain with real Terraform semantics: every workspace of one environment is applied under
/// <c>mock_provider "aws"</c> (<see cref="MockApply"/>: the provider's schema and validators run) in the dependency
/// order of <c>cdktf.out/manifest.json</c>, so the chain grows with every new workspace. Each consumer's
/// <c>terraform_remote_state</c> is overridden (<c>override_data</c>) with the outputs its producer's mocked apply
/// produced, and every value a consumer reads must arrive in the consumer's applied resources.
/// </summary>
/// <remarks>
/// Terraform 1.11.4 refuses references in <c>override_data</c> values ("Variables not allowed"), so one test file
/// cannot hand <c>run.foundation</c> outputs to the next run. Instead there is one <c>terraform test</c> per workspace,
/// in order, and the producer's applied outputs (from <c>-json -verbose</c>) are written into the consumer's test file
/// as literals. The teardown of a mocked apply is a destroy, which <c>prevent_destroy</c> refuses (that is proven in
/// <see cref="PreventDestroyTests"/>), so the chain's copies drop that flag and nothing else.
/// </remarks>
[TestFixture]
[NonParallelizable]
public partial class WorkspaceChainTests
{
    [TestCase(EnvironmentName.Dev)]
    public void Every_contract_is_wired_through_mocked_applies_in_dependency_order(EnvironmentName env)
    {
        var order = DependencyOrder(env);
        Assert.That(order, Has.Count.EqualTo(Synthesized.StackIds.Count(id => id.StartsWith($"{env.Id()}-", StringComparison.Ordinal))));
        Assert.That(order[0], Is.EqualTo($"{env.Id()}-{Workspace.Foundation.Id()}"));
        TestContext.Progress.WriteLine($"[chain] {env.Id()}: {string.Join(" → ", order)}");

        var root = Path.Combine(Path.GetTempPath(), $"ecolaura-tf-{Environment.ProcessId}", $"chain-{env.Id()}-{Guid.NewGuid():N}"[..20]);
        var applied = new Dictionary<string, IReadOnlyDictionary<string, JsonNode?>>();
        var checkedReads = 0;
        foreach (var id in order)
        {
            var stack = Synthesized.Stack(id);
            foreach (var resource in (stack.Root["resource"]?.AsObject() ?? []).SelectMany(t => t.Value!.AsObject()).Select(r => r.Value!.AsObject()))
            {
                resource["lifecycle"]?.AsObject().Remove("prevent_destroy");
            }

            var upstream = new Dictionary<string, IReadOnlyDictionary<string, JsonNode?>>();
            foreach (var (name, _) in stack.Root["data"]?["terraform_remote_state"]?.AsObject() ?? [])
            {
                upstream[name] = applied.TryGetValue($"{env.Id()}-{name}", out var outputs)
                    ? outputs
                    : throw new AssertionException($"{id} reads {env.Id()}-{name}, which is not applied before it in the manifest order");
            }

            var clock = System.Diagnostics.Stopwatch.StartNew();
            var outcome = MockApply.Run(Path.Combine(root, id), stack, upstream);
            TestContext.Progress.WriteLine($"[chain] {id}: mocked apply {outcome.RunStatus}, exit {outcome.ExitCode} in {clock.Elapsed.TotalSeconds:0.0} s");
            Assert.That(outcome.RunStatus, Is.EqualTo("pass"), $"{id}: the mocked apply failed:\n{outcome.Output}");
            Assert.That(outcome.ExitCode, Is.Zero, $"{id}: terraform test failed (teardown?):\n{outcome.Output}");

            var workspace = Enum.Parse<Workspace>(id[(env.Id().Length + 1)..], ignoreCase: true);
            var contract = OfflineWorkspace.Contracts[workspace].Where(s => !s.Optional).Select(s => s.Name).Order().ToArray();
            Assert.That(outcome.Outputs.Keys.Order(), Is.EqualTo(contract), $"{id} publishes its contract");
            Assert.That(outcome.Outputs.Where(o => o.Value is null).Select(o => o.Key), Is.Empty, $"{id}: outputs without a value");
            applied[id] = outcome.Outputs;

            checkedReads += CheckReads(stack, outcome, upstream);
        }

        // Only the network reads anything today; later consumers add to this count by themselves.
        Assert.That(checkedReads, Is.GreaterThan(0), "no consumer read was checked");
    }

    /// <summary>The stacks of <paramref name="env"/> in the manifest's dependency order (producers first, ties by name).</summary>
    private static IReadOnlyList<string> DependencyOrder(EnvironmentName env)
    {
        var stacks = Synthesized.Manifest["stacks"]!.AsObject()
            .Where(s => s.Key.StartsWith($"{env.Id()}-", StringComparison.Ordinal))
            .ToDictionary(s => s.Key, s => s.Value.Strs("dependencies").ToHashSet());
        var order = new List<string>();
        while (stacks.Count > 0)
        {
            var ready = stacks.Where(s => s.Value.All(order.Contains)).Select(s => s.Key).Order(StringComparer.Ordinal).FirstOrDefault()
                ?? throw new AssertionException($"the manifest has a dependency cycle or a missing stack among [{string.Join(", ", stacks.Keys)}]");
            order.Add(ready);
            stacks.Remove(ready);
        }

        return order;
    }

    /// <summary>
    /// Every <c>data.terraform_remote_state.P.outputs.O</c> the consumer's resources read must hold P's applied value
    /// of O in the consumer's applied values; returns how many reads were checked.
    /// </summary>
    private static int CheckReads(StackJson stack, MockApply.Outcome outcome, IReadOnlyDictionary<string, IReadOnlyDictionary<string, JsonNode?>> upstream)
    {
        var reads = RemoteRead().Matches(stack.Root.ToJsonString()).Select(m => (Producer: m.Groups[1].Value, Output: m.Groups[2].Value)).Distinct().ToArray();
        var resources = outcome.Resources;
        foreach (var (producer, output) in reads)
        {
            var value = upstream[producer].TryGetValue(output, out var v) && v is not null
                ? v
                : throw new AssertionException($"{stack.Id} reads {producer}.{output}, which the {producer} workspace did not output");
            var expected = value is JsonArray list ? list.Select(e => e!.GetValue<string>()).ToArray() : [value.GetValue<string>()];
            var reference = $"data.terraform_remote_state.{producer}.outputs.{output}";
            var holders = (stack.Root["resource"]?.AsObject() ?? [])
                .SelectMany(t => t.Value!.AsObject().Select(r => (Address: $"{t.Key}.{r.Key}", Config: r.Value!)))
                .Where(r => r.Config.ToJsonString().Contains(reference, StringComparison.Ordinal))
                .ToArray();
            Assert.That(holders, Is.Not.Empty, $"{stack.Id} reads {reference} but no resource uses it");
            foreach (var (address, _) in holders)
            {
                var strings = Strings(resources.TryGetValue(address, out var values) ? values : null).ToArray();
                foreach (var element in expected)
                {
                    Assert.That(strings.Any(s => s.Contains(element, StringComparison.Ordinal)), Is.True,
                        $"{stack.Id}: {address} reads {reference} but its applied values do not hold '{element}':\n{StackJson.Show(values)}");
                }
            }
        }

        return reads.Length;
    }

    private static IEnumerable<string> Strings(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => Strings(p.Value)),
        JsonArray a => a.SelectMany(Strings),
        JsonValue v when v.TryGetValue<string>(out var s) => [s],
        _ => [],
    };

    [GeneratedRegex(@"data\.terraform_remote_state\.([a-z0-9_]+)\.outputs\.([a-z0-9_]+)")]
    private static partial Regex RemoteRead();
}
