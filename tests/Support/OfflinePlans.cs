namespace Ecolaura.Tf.Tests.Support;

/// <summary>
/// Offline <c>init</c>, <c>validate</c> and <c>plan -refresh=false</c> of many stacks at once, at most
/// <see cref="Environment.ProcessorCount"/> at a time (<see cref="TerraformRuns"/>; each is one terraform and one
/// provider process), so the Terraform tier's wall time shrinks with the machine's cores. The runs carry the starting test's context (so
/// <see cref="TerraformCli"/> sees its slow category) but assert nothing themselves, as NUnit would record a failed
/// assertion against that test; each test checks its own stack's <see cref="Run"/> with <see cref="Run.AssertPlannedCleanly"/>.
/// </summary>
public static class OfflinePlans
{
    /// <summary>The commands one stack ran (stopping at the first failure), or the exception its preparation threw.</summary>
    public sealed record Run(string Id, IReadOnlyList<(string Command, TerraformCli.Result Result)> Commands, Exception? Error)
    {
        /// <summary>
        /// In the calling test: rethrows a preparation failure, then asserts that every command exited 0, that
        /// <c>validate</c> found the configuration valid and that the plan adds every resource of <paramref name="stack"/>.
        /// </summary>
        public void AssertPlannedCleanly(StackJson stack)
        {
            TerraformRuns.Rethrow(Error);
            foreach (var (command, result) in Commands)
            {
                Assert.That(result.ExitCode, Is.Zero, $"terraform {command} failed for {Id}:\n{result.Output}");
            }

            Assert.That(Commands, Has.Count.EqualTo(3), $"{Id}: init, validate and plan all ran");
            Assert.That(Commands[1].Result.Output, Does.Contain("The configuration is valid"), Id);
            var plan = Commands[2].Result.Output;
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
        TestContext.Progress.WriteLine($"[terraform] {stack.Id}: init, validate, plan");
        using var dir = OfflineWorkspace.Prepare(stack);
        var commands = new List<(string, TerraformCli.Result)>();
        foreach (var command in new[] { $"init -input=false -no-color -plugin-dir={mirror}", "validate -no-color", "plan -refresh=false -input=false -lock=false -no-color" })
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
