using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Ecolaura.Tf.Tests.Support;

namespace Ecolaura.Tf.Tests.Terraform;

/// <summary>
/// <c>lifecycle.prevent_destroy</c> on the stateful resources really stops Terraform. Every stack of the manifest with
/// such resources is a case. A stack is applied, unchanged, under <c>mock_provider "aws"</c> (<see cref="MockApply"/>;
/// the apply of <see cref="MockedChains"/>, which <see cref="WorkspaceChainTests"/> checks too);
/// the applied state is written to a local state file, and plain <c>terraform plan -destroy</c> with the real provider
/// (offline, no refresh) must be refused with "Instance cannot be destroyed" for every protected resource. The same
/// plan of a copy without the lifecycle block succeeds, so the refusal is the lifecycle's and nothing else's.
/// </summary>
/// <remarks>
/// <para>Terraform runs once per workspace, on the stack of the highest environment tier (prod first): the same
/// workspace in another environment is the same code, so its case checks, in JSON, that its protected resources are a
/// subset of the proven stack's, with the same lifecycle (<c>Covered_by_a_proven_stack</c>); one with a protected
/// resource the proven stack lacks gets a Terraform case of its own. A stack whose provider has no binary in the
/// offline mirror gets a JSON-only case that says so.</para>
/// <para>Terraform 1.11.4's <c>terraform test</c> has no destroy-mode plan (<c>plan_options.mode</c> accepts only
/// <c>normal</c> and <c>refresh-only</c>), hence the plain plan. Its own teardown is a destroy and is refused too,
/// which is asserted as well.</para>
/// </remarks>
[TestFixture]
[NonParallelizable]
[Category(Categories.Terraform)]
public partial class PreventDestroyTests
{
    private const string Refused = MockedChains.Refused;

    /// <summary>
    /// One case per stack of the manifest with protected resources: proven by Terraform, or covered by the proven stack
    /// of its workspace (see the class remarks), or JSON-only when a provider binary is missing.
    /// </summary>
    public static IEnumerable<TestCaseData> Stacks() => Cases().Select(c => c.Kind switch
    {
        CaseKind.Covered => new TestCaseData(c.Id, c.ProvenBy).SetName($"Covered_by_a_proven_stack({c.Id} ⊆ {c.ProvenBy})"),
        CaseKind.JsonOnly => new TestCaseData(c.Id, "").SetName($"Json_checks_only_no_provider_binary({c.Id}: {string.Join(", ", c.Missing)})"),
        _ => new TestCaseData(c.Id, "").SetName($"Plan_destroy_is_refused_for_every_prevent_destroy_resource({c.Id})"),
    });

    private enum CaseKind
    {
        Proven,
        Covered,
        JsonOnly,
    }

    /// <summary>The cases of <see cref="Stacks"/>: the stack, how it is checked, the stack that proves it, the missing provider binaries.</summary>
    private static IEnumerable<(string Id, CaseKind Kind, string ProvenBy, IReadOnlyList<string> Missing)> Cases()
    {
        var proven = new Dictionary<string, (string Id, IReadOnlySet<string> Protected)>(StringComparer.Ordinal);
        var candidates = Synthesized.InDependencyOrder
            .Select(id => (Id: id, Protected: Protected(Synthesized.Stack(id))))
            .Where(s => s.Protected.Count > 0)
            .OrderByDescending(s => TierRank(s.Id))
            .ThenBy(s => Synthesized.InDependencyOrder.ToList().IndexOf(s.Id));
        foreach (var (id, addresses) in candidates)
        {
            var workspace = Synthesized.WorkspaceOf(id);
            var missing = StackChecks.MissingBinaries(Synthesized.Stack(id));
            if (proven.TryGetValue(workspace, out var by) && by.Protected.IsSupersetOf(addresses))
            {
                yield return (id, CaseKind.Covered, by.Id, missing);
            }
            else if (missing.Count > 0)
            {
                yield return (id, CaseKind.JsonOnly, "", missing);
            }
            else
            {
                proven[workspace] = (id, addresses.ToHashSet());
                yield return (id, CaseKind.Proven, "", missing);
            }
        }
    }

    [TestCaseSource(nameof(Stacks))]
    public void Prevent_destroy_holds(string id, string provenBy)
    {
        var stack = Synthesized.Stack(id);
        var expected = Protected(stack);
        if (provenBy.Length > 0)
        {
            var proven = Synthesized.Stack(provenBy);
            Assert.That(expected, Is.SubsetOf(Protected(proven)), $"{id} protects a resource {provenBy} does not");
            foreach (var address in expected)
            {
                var (type, name) = (address.Split('.')[0], address.Split('.')[1]);
                Assert.That(StackJson.Show(stack.Resource(type, name)["lifecycle"]), Is.EqualTo(StackJson.Show(proven.Resource(type, name)["lifecycle"])),
                    $"{id} {address}: the lifecycle differs from the proven {provenBy}");
            }

            return;
        }

        if (StackChecks.MissingBinaries(stack) is { Count: > 0 } missing)
        {
            TestContext.Progress.WriteLine($"[prevent_destroy] {id}: JSON checks only; the offline mirror has no binary for {string.Join(", ", missing)}");
            Assert.That(StackChecks.JsonProblems(stack), Is.Empty, $"{id}: JSON-level checks");
            return;
        }

        PlanDestroyIsRefused(stack, expected);
    }

    [Test]
    public void The_state_bucket_lock_table_and_keys_are_protected()
    {
        var protectedTypes = Synthesized.InDependencyOrder.SelectMany(id => Protected(Synthesized.Stack(id))).Select(address => address.Split('.')[0]).Distinct();
        Assert.That(protectedTypes, Is.SupersetOf(new[] { "aws_s3_bucket", "aws_dynamodb_table", "aws_kms_key" }), "the state bucket, lock table and CMKs are protected");
    }

    private static void PlanDestroyIsRefused(StackJson stack, IReadOnlyList<string> expected)
    {
        var run = Runs.Value[stack.Id];
        var applied = TerraformRuns.Result(run.Applied);
        Assert.That(applied.RunStatus, Is.EqualTo("pass"), $"{stack.Id}: the mocked apply failed:\n{applied.Output}");
        // terraform test tears down with a destroy, which the lifecycle refuses as well (dependents first, so at
        // least the protected resources nothing protected depends on are named).
        Assert.That(applied.ExitCode, Is.EqualTo(1), applied.Output);
        Assert.That(applied.Errors(Refused).Select(d => RefusedAddress(d.Str("detail"))), Is.Not.Empty.And.SubsetOf(expected), applied.Output);

        var (dir, init) = TerraformRuns.Result(run.Initialised);
        Assert.That(init.ExitCode, Is.Zero, TerraformCli.Failed(dir, InitCommand, init));
        var plans = TerraformRuns.Result(run.Plans);

        // The whole applied state: Terraform refuses the plan at the first protected resources it reaches (a
        // protected resource that others depend on is only reached once they are gone).
        Assert.That(plans.Refusal.ExitCode, Is.EqualTo(1), plans.Refusal.Output);
        Assert.That(Diagnostics(plans.Refusal.Output, Refused).Select(RefusedAddress), Is.Not.Empty.And.SubsetOf(expected), plans.Refusal.Output);

        // Only the protected resources, without dependencies between them: each one is refused on its own.
        Assert.That(plans.Each.ExitCode, Is.EqualTo(1), plans.Each.Output);
        Assert.That(Diagnostics(plans.Each.Output, Refused).Select(RefusedAddress), Is.EquivalentTo(expected), plans.Each.Output);

        // Control: an override file that only turns the flags off lets the same plan destroy the whole applied state.
        var control = plans.Control;
        Assert.That(control.ExitCode, Is.Zero, $"without prevent_destroy the destroy plan must succeed:\n{control.Output}");
        var summary = control.Output.Split('\n').Where(l => l.StartsWith('{')).Select(l => JsonNode.Parse(l)!)
            .LastOrDefault(m => m.Str("type") == "change_summary")?["changes"];
        Assert.That(summary?.Num("remove"), Is.EqualTo(applied.Resources.Count), control.Output);
    }

    private static string InitCommand => $"init -input=false -no-color -plugin-dir={TerraformCli.MirrorRoot}";

    /// <summary>
    /// The terraform runs of every case proven by Terraform, all started together when the first case asks
    /// (<see cref="TerraformRuns"/>), by stack id.
    /// </summary>
    private static readonly Lazy<IReadOnlyDictionary<string, DestroyRun>> Runs = new(() => TerraformRuns.Detached(() => Cases()
        .Where(c => c.Kind == CaseKind.Proven)
        .ToDictionary(c => c.Id, c => DestroyRun.Start(Synthesized.Stack(c.Id)))));

    /// <summary>
    /// Every run this fixture started has ended (<see cref="TerraformRuns.WaitAll{TKey, TValue}"/>), and so have the
    /// shared chains of mocked applies it started (<see cref="MockedChains.WaitAll"/>), so no terraform process outlives
    /// the fixture.
    /// </summary>
    [OneTimeTearDown]
    public void WaitForTheRuns()
    {
        if (Runs.IsValueCreated)
        {
            TerraformRuns.WaitAll(Runs.Value.Values.Select(r => r.Plans));
        }

        MockedChains.WaitAll();
    }

    /// <summary>The three destroy plans of a proven stack.</summary>
    private sealed record DestroyPlans(TerraformCli.Result Refusal, TerraformCli.Result Each, TerraformCli.Result Control);

    /// <summary>
    /// One proven stack's terraform work, asserting nothing: the mocked apply and the <c>init</c> of an offline copy run
    /// side by side; the three destroy plans run once both are done and good for them.
    /// </summary>
    private sealed record DestroyRun(Task<MockApply.Outcome> Applied, Task<(TempDirectory Dir, TerraformCli.Result Init)> Initialised, Task<DestroyPlans> Plans)
    {
        public static DestroyRun Start(StackJson stack)
        {
            var (expected, copy) = (Protected(stack), stack.Copy());
            TerraformRuns.Progress($"[prevent_destroy] {stack.Id}: the chain's mocked apply, then plan -destroy of {expected.Count} protected resources");
            var applied = MockedChains.Applied(stack.Id);
            var initialised = TerraformRuns.Start(() =>
            {
                var dir = OfflineWorkspace.Prepare(copy);
                return (dir, TerraformCli.Run(dir, InitCommand));
            });
            return new DestroyRun(applied, initialised, Plan(stack, expected, applied, initialised));
        }

        /// <summary>The three destroy plans in the initialised copy, once the mocked apply passed and the init succeeded.</summary>
        private static async Task<DestroyPlans> Plan(StackJson stack, IReadOnlyList<string> expected, Task<MockApply.Outcome> applying, Task<(TempDirectory Dir, TerraformCli.Result Init)> initialising)
        {
            try
            {
                await Task.WhenAll(applying, initialising);
            }
            catch (Exception)
            {
                // The case rethrows it where it reads the failed step.
            }

            try
            {
                if (!applying.IsCompletedSuccessfully || applying.Result.RunStatus != "pass" || !initialising.IsCompletedSuccessfully || initialising.Result.Init.ExitCode != 0)
                {
                    throw new AssertionException($"{stack.Id}: no destroy plans, as the mocked apply or the init failed");
                }

                var (applied, dir) = (applying.Result, initialising.Result.Dir.Path);
                return await TerraformRuns.Start(() =>
                {
                    var refusal = PlanDestroy(stack.Id, dir, applied.ToStateFile(stack));
                    var each = PlanDestroy(stack.Id, dir, applied.ToStateFile(stack, only: expected));
                    var unprotect = new JsonObject();
                    foreach (var address in expected)
                    {
                        var (type, name) = (address.Split('.')[0], address.Split('.')[1]);
                        var byName = unprotect[type]?.AsObject() ?? (JsonObject)(unprotect[type] = new JsonObject());
                        byName[name] = new JsonObject { ["lifecycle"] = new JsonObject { ["prevent_destroy"] = false } };
                    }

                    File.WriteAllText(Path.Combine(dir, "ecolaura_test_unprotected_override.tf.json"), new JsonObject { ["resource"] = unprotect }.ToJsonString());
                    return new DestroyPlans(refusal, each, PlanDestroy(stack.Id, dir, applied.ToStateFile(stack)));
                });
            }
            finally
            {
                if (initialising.IsCompletedSuccessfully)
                {
                    initialising.Result.Dir.Dispose();
                }
            }
        }
    }

    /// <summary>The environment tier of a stack id (prod highest); unknown environments lowest.</summary>
    private static int TierRank(string id) =>
        DefaultEnvironments.All.FirstOrDefault(e => e.Name == Synthesized.EnvironmentOf(id)) is { } env ? (int)env.Tier : -1;

    /// <summary>Addresses of the resources whose lifecycle sets prevent_destroy.</summary>
    private static IReadOnlyList<string> Protected(StackJson stack) =>
        (stack.Root["resource"]?.AsObject() ?? [])
        .SelectMany(type => type.Value!.AsObject()
            .Where(r => r.Value?["lifecycle"].Bool("prevent_destroy") == true)
            .Select(r => $"{type.Key}.{r.Key}"))
        .ToArray();

    /// <summary><c>terraform plan -destroy -refresh=false -json</c> in an initialised offline copy whose local state is <paramref name="state"/>.</summary>
    private static TerraformCli.Result PlanDestroy(string id, string dir, JsonObject state)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        File.WriteAllText(Path.Combine(dir, "terraform.tfstate"), state.ToJsonString());
        var result = TerraformCli.Run(dir, "plan -destroy -refresh=false -input=false -no-color -json -lock-timeout=10s");
        TerraformRuns.Progress($"[prevent_destroy] {id}: plan -destroy of {state["resources"]!.AsArray().Count} resources: exit {result.ExitCode} in {clock.Elapsed.TotalSeconds:0.0} s");
        return result;
    }

    private static IEnumerable<string?> Diagnostics(string jsonLines, string summary) =>
        jsonLines.Split('\n').Where(l => l.StartsWith('{')).Select(l => JsonNode.Parse(l)!)
            .Where(m => m.Str("type") == "diagnostic" && m["diagnostic"].Str("summary") == summary)
            .Select(m => m["diagnostic"].Str("detail"));

    private static string RefusedAddress(string? detail)
    {
        var match = RefusedResource().Match(detail ?? "");
        return match.Success ? match.Groups[1].Value : throw new AssertionException($"unexpected '{Refused}' detail: {detail}");
    }

    [GeneratedRegex(@"^Resource (\S+) has lifecycle\.prevent_destroy set")]
    private static partial Regex RefusedResource();
}
