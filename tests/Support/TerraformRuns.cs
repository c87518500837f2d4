using System.Runtime.ExceptionServices;

namespace Ecolaura.Tf.Tests.Support;

/// <summary>
/// Terraform work of several test cases run in the background, at most <see cref="Environment.ProcessorCount"/> units
/// at a time over the whole test run (each unit is a few terraform commands one after another, so one terraform and one
/// provider process at a time), so a fixture's wall time shrinks with the machine's cores (issue 15). A fixture starts
/// every case's work in one shared <see cref="Lazy{T}"/> when its first case asks, and each case awaits its own result
/// and asserts on it on the test thread.
/// </summary>
/// <remarks>
/// The work carries the starting test's context, so <see cref="TerraformCli"/> sees its slow category. It must not call
/// NUnit's <c>Assert</c> (a failed assertion would be recorded against the test that happened to start it): it throws
/// <see cref="AssertionException"/> itself, which the awaiting test rethrows as its own failure
/// (<see cref="Result{T}(Task{T})"/>). A fixture that starts work waits for all of it in its one-time tear-down
/// (<see cref="WaitAll"/>), so no terraform process outlives its fixture.
/// </remarks>
public static class TerraformRuns
{
    private static readonly SemaphoreSlim Gate = new(Math.Max(1, Environment.ProcessorCount));

    /// <summary>Runs <paramref name="work"/> on the thread pool once one of the run's slots is free.</summary>
    /// <returns>The work's result; faulted with whatever it threw.</returns>
    public static Task<T> Start<T>(Func<T> work) => Task.Run(async () =>
    {
        await Gate.WaitAsync();
        try
        {
            return work();
        }
        finally
        {
            Gate.Release();
        }
    });

    /// <summary>
    /// In the calling test: the task's result, or the exception it ended with, thrown unchanged (an
    /// <see cref="AssertionException"/> fails the test with its message).
    /// </summary>
    public static T Result<T>(Task<T> task) => task.GetAwaiter().GetResult();

    /// <summary>Rethrows <paramref name="error"/> unchanged (with its original stack trace) when it is not null.</summary>
    public static void Rethrow(Exception? error)
    {
        if (error is not null)
        {
            ExceptionDispatchInfo.Capture(error).Throw();
        }
    }

    /// <summary>
    /// Waits for every task of <paramref name="started"/> when the lazy value was created, whatever their outcome (each
    /// test reports its own): a fixture's one-time tear-down, so its background work ends with the fixture.
    /// </summary>
    public static void WaitAll<TKey, TValue>(Lazy<IReadOnlyDictionary<TKey, Task<TValue>>> started)
    {
        if (started.IsValueCreated)
        {
            WaitAll(started.Value.Values);
        }
    }

    /// <summary>Waits for every task, ignoring how each ended.</summary>
    public static void WaitAll(IEnumerable<Task> tasks)
    {
        foreach (var task in tasks)
        {
            try
            {
                task.Wait();
            }
            catch (AggregateException)
            {
            }
        }
    }
}
