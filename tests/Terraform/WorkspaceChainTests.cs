using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Ecolaura.Tf.Tests.Support;

namespace Ecolaura.Tf.Tests.Terraform;

/// <summary>
/// The whole chain with real Terraform semantics: every workspace of each environment of <c>cdktf.out/manifest.json</c>
/// is applied under <c>mock_provider "aws"</c> (<see cref="MockApply"/>: the provider's schema and validators run) in the
/// manifest's dependency order, so the chain grows with every new workspace and environment. Each consumer's
/// <c>terraform_remote_state</c> is overridden (<c>override_data</c>) with the outputs its producer's mocked apply
/// produced, and every value a consumer reads must arrive in the consumer's applied resources.
/// </summary>
/// <remarks>
/// Terraform 1.11.4 refuses references in <c>override_data</c> values ("Variables not allowed"), so one test file
/// cannot hand <c>run.foundation</c> outputs to the next run. Instead there is one <c>terraform test</c> per workspace,
/// in order, and the producer's applied outputs (from <c>-json -verbose</c>) are written into the consumer's test file
/// as literals. The applies are <see cref="MockedChains"/>, shared with <see cref="PreventDestroyTests"/>: the
/// environments' chains run side by side, each in its own order, and each case asserts on its environment's applies. The
/// stacks are applied as synthesized, so the teardown of a stack with <c>prevent_destroy</c> resources is refused (that
/// refusal is what <see cref="PreventDestroyTests"/> proves); it is the only failure a passed apply may end with.
/// </remarks>
[TestFixture]
[NonParallelizable]
[Category(Categories.Terraform)]
public partial class WorkspaceChainTests
{
    /// <summary>
    /// One case per environment of the manifest. An environment with a stack whose provider has no binary in the
    /// offline mirror says so in its name: that stack gets the JSON-level checks and a check that every output it
    /// reads was applied upstream, and no later stack may read it.
    /// </summary>
    public static IEnumerable<TestCaseData> Environments() =>
        Synthesized.EnvironmentIds.Select(env =>
        {
            var jsonOnly = Synthesized.StacksOf(env)
                .Select(id => (Id: id, Missing: StackChecks.MissingBinaries(Synthesized.Stack(id))))
                .Where(s => s.Missing.Count > 0)
                .Select(s => $"{s.Id}: {string.Join(", ", s.Missing)}")
                .ToArray();
            var name = jsonOnly.Length == 0
                ? $"Every_contract_is_wired_through_mocked_applies_in_dependency_order({env})"
                : $"Every_contract_is_wired_through_mocked_applies_in_dependency_order({env}; JSON checks only for {string.Join("; ", jsonOnly)})";
            return new TestCaseData(env).SetName(name);
        });

    [TestCaseSource(nameof(Environments))]
    public void Every_contract_is_wired_through_mocked_applies_in_dependency_order(string env)
    {
        var order = Synthesized.StacksOf(env);
        Assert.That(order, Is.Not.Empty);
        Assert.That(order[0], Is.EqualTo($"{env}-{Workspace.Foundation.Id()}"));
        TestContext.Progress.WriteLine($"[chain] {env}: {string.Join(" → ", order)}");

        var chain = MockedChains.Of(env);
        var applied = new Dictionary<string, IReadOnlyDictionary<string, JsonNode?>>();
        var notApplied = new Dictionary<string, string>();
        var checkedReads = 0;
        foreach (var id in order)
        {
            var stack = Synthesized.Stack(id);
            var upstream = new Dictionary<string, IReadOnlyDictionary<string, JsonNode?>>();
            foreach (var (name, _) in stack.Root["data"]?["terraform_remote_state"]?.AsObject() ?? [])
            {
                var producer = $"{env}-{name}";
                upstream[name] = applied.TryGetValue(producer, out var outputs) ? outputs
                    : notApplied.TryGetValue(producer, out var why) ? throw new AssertionException($"{id} reads {producer}, which could not be applied offline: {why}")
                    : throw new AssertionException($"{id} reads {producer}, which is not applied before it in the manifest order");
            }

            var missing = StackChecks.MissingBinaries(stack);
            if (missing.Count > 0)
            {
                // No binary, no mocked apply: the JSON-level checks, and every read must name an output its producer applied.
                Assert.That(StackChecks.JsonProblems(stack), Is.Empty, $"{id}: JSON-level checks");
                foreach (var (producer, output) in Reads(stack))
                {
                    Assert.That(upstream[producer].ContainsKey(output), Is.True, $"{id} reads {producer}.{output}, which the {producer} workspace did not output");
                    checkedReads++;
                }

                notApplied[id] = $"the offline mirror has no binary for {string.Join(", ", missing)}";
                TestContext.Progress.WriteLine($"[chain] {id}: JSON checks only ({notApplied[id]})");
                continue;
            }

            var outcome = chain.Outcome(id);
            Assert.That(outcome.RunStatus, Is.EqualTo("pass"), $"{id}: the mocked apply failed:\n{outcome.Output}");
            Assert.That(MockedChains.TeardownRefusedOnly(outcome), Is.True,
                $"{id}: terraform test failed with more than prevent_destroy refusing its teardown (exit {outcome.ExitCode}):\n{outcome.Output}");

            var workspace = OfflineWorkspace.ProducerOf(stack, Synthesized.WorkspaceOf(id));
            // An optional output is published exactly where its source resource exists (as in ContractTests).
            var resources = stack.Root["resource"]?.AsObject() ?? [];
            bool Exists(string? source) => source?.Split('.') is [var type, var name, ..] && resources[type]?[name] is not null;
            var contract = OfflineWorkspace.Contracts.TryGetValue(workspace, out var specs) ? specs.Where(s => !s.Optional || Exists(s.Source)).Select(s => s.Name).Order().ToArray() : [];
            Assert.That(outcome.Outputs.Keys.Order(), Is.EqualTo(contract), $"{id} publishes its contract (optional outputs where their source exists)");
            Assert.That(outcome.Outputs.Where(o => o.Value is null).Select(o => o.Key), Is.Empty, $"{id}: outputs without a value");
            applied[id] = outcome.Outputs;

            checkedReads += CheckReads(stack, outcome, upstream);
        }

        // Every environment has consumers today; a new one adds to this count by itself.
        Assert.That(checkedReads, Is.GreaterThan(0), "no consumer read was checked");
    }

    /// <summary>Every chain has ended (<see cref="MockedChains.WaitAll"/>), so no terraform process outlives the fixture.</summary>
    [OneTimeTearDown]
    public void WaitForTheChains() => MockedChains.WaitAll();

    /// <summary>Every <c>(producer, output)</c> pair the stack reads through <c>data.terraform_remote_state</c>.</summary>
    private static IReadOnlyList<(string Producer, string Output)> Reads(StackJson stack) =>
        RemoteRead().Matches(stack.Root.ToJsonString()).Select(m => (Producer: m.Groups[1].Value, Output: m.Groups[2].Value)).Distinct().ToArray();

    /// <summary>
    /// Every <c>data.terraform_remote_state.P.outputs.O</c> the consumer's resources read must hold P's applied value
    /// of O in the consumer's applied values; returns how many reads were checked.
    /// </summary>
    private static int CheckReads(StackJson stack, MockApply.Outcome outcome, IReadOnlyDictionary<string, IReadOnlyDictionary<string, JsonNode?>> upstream)
    {
        var reads = Reads(stack);
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

        return reads.Count;
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
