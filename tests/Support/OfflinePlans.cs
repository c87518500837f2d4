namespace Ecolaura.Tf.Tests.Support;

/// <summary>
/// Offline <c>init</c> and <c>plan -refresh=false</c> of many stacks at once, at most
/// <see cref="Environment.ProcessorCount"/> at a time (<see cref="TerraformRuns"/>), so the Terraform tier's wall time
/// shrinks with the machine's cores. There is no separate <c>terraform validate</c>: <c>plan</c> runs the same
/// validation walk before it plans (Terraform's local backend validates every operation's configuration; a validation
/// error fails the plan with the same diagnostics), and each extra command would start every aws provider process of the
/// stack again, several seconds of CPU. The runs assert nothing themselves (NUnit would record a failed assertion
/// against whichever test is running); each test checks its own stack's <see cref="Run"/> with
/// <see cref="Run.AssertPlannedCleanly"/>.
/// </summary>
public static class OfflinePlans
{
    /// <summary>The commands one stack ran (stopping at the first failure), or the exception its preparation threw.</summary>
    public sealed record Run(string Id, IReadOnlyList<(string Command, TerraformCli.Result Result)> Commands, Exception? Error)
    {
        /// <summary>
        /// In the calling test: rethrows a preparation failure, then asserts that every command exited 0 and that the
        /// plan (validation included) adds every resource of <paramref name="stack"/>.
        /// </summary>
        public void AssertPlannedCleanly(StackJson stack)
        {
            TerraformRuns.Rethrow(Error);
            foreach (var (command, result) in Commands)
            {
                Assert.That(result.ExitCode, Is.Zero, $"terraform {command} failed for {Id}:\n{result.Output}");
            }

            Assert.That(Commands, Has.Count.EqualTo(2), $"{Id}: init and plan both ran");
            var plan = Commands[1].Result.Output;
            var resources = stack.Root["resource"]?.AsObject().Sum(t => t.Value!.AsObject().Count) ?? 0;
            Assert.That(plan, Does.Contain(resources == 0 ? "No changes." : $"Plan: {resources} to add, 0 to change, 0 to destroy."), $"{Id}:\n{plan}");
        }
    }

    /// <summary>
    /// Starts the runs of <paramref name="stacks"/> (their ids must be distinct) on <see cref="TerraformRuns"/>' slots;
    /// await each where it is checked.
    /// </summary>
    public static IReadOnlyDictionary<string, Task<Run>> Start(IEnumerable<StackJson> stacks)
    {
        var mirror = TerraformCli.MirrorRoot;
        return TerraformRuns.Detached(() => stacks.ToList().ToDictionary(stack => stack.Id, stack => TerraformRuns.Start(() =>
        {
            try
            {
                return RunOne(stack, mirror);
            }
            catch (Exception e)
            {
                return new Run(stack.Id, [], e);
            }
        })));
    }

    private static Run RunOne(StackJson stack, string mirror)
    {
        TerraformRuns.Progress($"[terraform] {stack.Id}: init, plan");
        using var dir = OfflineWorkspace.Prepare(stack);
        var commands = new List<(string, TerraformCli.Result)>();
        foreach (var command in new[] { $"init -input=false -no-color -plugin-dir={mirror}", "plan -refresh=false -input=false -lock=false -no-color" })
        {
            var result = TerraformCli.Run(dir, command);
            commands.Add((command, result));
            if (result.ExitCode != 0)
            {
                break;
            }
        }

        return new Run(stack.Id, commands, null);
    }
}
