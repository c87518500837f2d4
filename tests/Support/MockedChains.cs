using System.Text.Json.Nodes;

namespace Ecolaura.Tf.Tests.Support;

/// <summary>
/// The mocked applies (<see cref="MockApply"/>) of every stack of the default synth, one chain per environment in the
/// manifest's dependency order, each consumer's <c>terraform_remote_state</c> overridden with the outputs its producers'
/// applies produced. Started once for the whole run, when the first test asks, and shared:
/// <c>WorkspaceChainTests</c> checks the wiring of every contract on them, and <c>PreventDestroyTests</c> takes the
/// applied state of the stacks it proves (a mocked apply is the most expensive terraform command of the suite: plan,
/// apply and teardown with every aws provider process of the stack).
/// </summary>
/// <remarks>
/// The stacks are applied exactly as synthesized, <c>lifecycle.prevent_destroy</c> included, so the teardown of
/// <c>terraform test</c> (a destroy) is refused for a stack with protected resources: such an outcome has run status
/// <c>pass</c>, exit code 1, and only "Instance cannot be destroyed" errors (<see cref="TeardownRefusedOnly"/>). The
/// environments' chains run side by side on <see cref="TerraformRuns"/>' slots. Nothing here asserts; the tests do, on
/// their own threads.
/// </remarks>
public static class MockedChains
{
    /// <summary>The summary of Terraform's error for a destroy that <c>prevent_destroy</c> refuses.</summary>
    public const string Refused = "Instance cannot be destroyed";

    private static readonly Lazy<IReadOnlyDictionary<string, Chain>> All = new(() => TerraformRuns.Detached(() =>
    {
        // Every chain is made before any starts, so a stack that cannot be read fails them all and none runs unawaited.
        var chains = Synthesized.EnvironmentIds.ToDictionary(env => env, env => new Chain(env));
        foreach (var chain in chains.Values)
        {
            chain.Start();
        }

        return chains;
    }));

    /// <summary>The chain of one environment of the default synth (all chains start on the first call).</summary>
    public static Chain Of(string env) => All.Value.TryGetValue(env, out var chain)
        ? chain
        : throw new AssertionException($"the default synth has no environment '{env}'; it has [{string.Join(", ", All.Value.Keys)}]");

    /// <summary>The mocked apply of one stack of the default synth, ended when its chain reaches it (or stops before it).</summary>
    public static Task<MockApply.Outcome> Applied(string stackId) => Of(Synthesized.EnvironmentOf(stackId)).Applied(stackId);

    /// <summary>Waits for every chain, if any was started (the run's one-time tear-down: no terraform outlives the run).</summary>
    public static void WaitAll()
    {
        if (All.IsValueCreated)
        {
            TerraformRuns.WaitAll(All.Value.Values.Select(c => c.Done));
        }
    }

    /// <summary>
    /// Whether a mocked apply passed and its teardown failed only because <c>prevent_destroy</c> refused it (or did not
    /// fail at all).
    /// </summary>
    public static bool TeardownRefusedOnly(MockApply.Outcome outcome) =>
        outcome.RunStatus == "pass" && (outcome.ExitCode == 0 || (outcome.ExitCode == 1 && outcome.Errors().Count > 0 && outcome.Errors().All(e => e.Str("summary") == Refused)));

    /// <summary>
    /// One environment's mocked applies, by stack id, in manifest order. The chain stops at the first apply that fails
    /// (anything but <see cref="TeardownRefusedOnly"/>), that throws, or whose consumer reads a workspace not applied before
    /// it; every later stack's task then ends with an <see cref="AssertionException"/> saying so.
    /// </summary>
    public sealed class Chain
    {
        private readonly Dictionary<string, TaskCompletionSource<MockApply.Outcome>> _applies = new(StringComparer.Ordinal);

        internal Chain(string env)
        {
            Environment = env;
            foreach (var id in Synthesized.StacksOf(env).Where(id => StackChecks.MissingBinaries(Synthesized.Stack(id)).Count == 0))
            {
                _applies[id] = new TaskCompletionSource<MockApply.Outcome>(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }

        /// <summary>The environment id.</summary>
        public string Environment { get; }

        /// <summary>Ends when the chain has run as far as it could (every stack's task has ended by then).</summary>
        public Task Done { get; private set; } = Task.CompletedTask;

        /// <summary>The mocked apply of <paramref name="stackId"/>; a stack without a provider binary has none (an <see cref="AssertionException"/>).</summary>
        public Task<MockApply.Outcome> Applied(string stackId) => _applies.TryGetValue(stackId, out var apply)
            ? apply.Task
            : Task.FromException<MockApply.Outcome>(new AssertionException($"{stackId} has no mocked apply in the {Environment} chain (a provider without an offline binary, or not in the environment)"));

        /// <summary>In the test: the outcome of <paramref name="stackId"/>'s mocked apply, or what ended it, thrown again.</summary>
        public MockApply.Outcome Outcome(string stackId) => TerraformRuns.Result(Applied(stackId));

        /// <summary>Starts the chain (once, from <see cref="All"/>).</summary>
        internal void Start() => Done = RunEndingEveryStack();

        /// <summary>
        /// <see cref="Run"/>, then ends every stack's task it left open (on any exception, with that exception), so no
        /// test waits forever on a stack the chain never reached.
        /// </summary>
        private async Task RunEndingEveryStack()
        {
            try
            {
                await Run();
            }
            catch (Exception e)
            {
                foreach (var (id, apply) in _applies)
                {
                    apply.TrySetException(new AssertionException($"{id}: the {Environment} chain failed before its mocked apply: {e}"));
                }
            }
            finally
            {
                foreach (var (id, apply) in _applies)
                {
                    apply.TrySetException(new AssertionException($"{id}: the {Environment} chain ended without its mocked apply"));
                }
            }
        }

        private async Task Run()
        {
            using var root = TestTemp.Create($"chain-{Environment}");
            var applied = new Dictionary<string, IReadOnlyDictionary<string, JsonNode?>>();
            string? stopped = null;
            foreach (var id in Synthesized.StacksOf(Environment).Where(_applies.ContainsKey))
            {
                if (stopped is not null)
                {
                    _applies[id].TrySetException(new AssertionException($"{id}: the {Environment} chain stopped before its mocked apply ({stopped})"));
                    continue;
                }

                var stack = Synthesized.Stack(id);
                var upstream = new Dictionary<string, IReadOnlyDictionary<string, JsonNode?>>();
                foreach (var (name, _) in stack.Root["data"]?["terraform_remote_state"]?.AsObject() ?? [])
                {
                    if (applied.TryGetValue($"{Environment}-{name}", out var outputs))
                    {
                        upstream[name] = outputs;
                    }
                    else
                    {
                        stopped = $"{id} reads {Environment}-{name}, which was not applied before it";
                        break;
                    }
                }

                if (stopped is not null)
                {
                    _applies[id].TrySetException(new AssertionException($"{id}: not applied: {stopped}"));
                    continue;
                }

                try
                {
                    var outcome = await TerraformRuns.Start(() =>
                    {
                        var clock = System.Diagnostics.Stopwatch.StartNew();
                        var result = MockApply.Run(root.Combine(id), stack, upstream);
                        TerraformRuns.Progress($"[chain] {id}: mocked apply {result.RunStatus}, exit {result.ExitCode} in {clock.Elapsed.TotalSeconds:0.0} s");
                        return result;
                    });
                    if (TeardownRefusedOnly(outcome))
                    {
                        applied[id] = outcome.Outputs;
                    }
                    else
                    {
                        stopped = $"the mocked apply of {id} failed";
                    }

                    _applies[id].TrySetResult(outcome);
                }
                catch (Exception e)
                {
                    stopped = $"the mocked apply of {id} threw {e.GetType().Name}";
                    _applies[id].TrySetException(e);
                }
            }
        }
    }
}
