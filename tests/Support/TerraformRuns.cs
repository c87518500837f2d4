using System.Collections.Concurrent;
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
/// The work does not carry the starting test's NUnit context (NUnit's results are not thread-safe: a background write to
/// a test's property bag once crashed the run's XML report). Its <c>Assert</c>s or
/// <see cref="AssertionException"/>s only throw, and the awaiting test rethrows them as its own failure
/// (<see cref="Result{T}(Task{T})"/>). A fixture that starts work waits for all of it in its one-time tear-down
/// (<see cref="WaitAll"/>), so no terraform process outlives its fixture.
/// </remarks>
public static class TerraformRuns
{
    private static readonly SemaphoreSlim Gate = new(Math.Max(1, Environment.ProcessorCount));

    private static readonly AsyncLocal<bool> Background = new();

    private static readonly ConcurrentQueue<string> PendingProgress = new();

    /// <summary>Whether the calling code runs inside work started by <see cref="Start{T}"/>.</summary>
    public static bool InBackground => Background.Value;

    /// <summary>
    /// Runs <paramref name="work"/> on the thread pool once one of the run's slots is free. The calling test must be in a
    /// slow category (checked here, on its thread). The work runs without the calling test's NUnit context: NUnit's test
    /// results and property bags are not thread-safe, and the test may already have ended when the work writes progress
    /// (which it does through <see cref="Progress"/>) or fails an assertion (which only throws).
    /// </summary>
    /// <returns>The work's result; faulted with whatever it threw.</returns>
    public static Task<T> Start<T>(Func<T> work) => Launch(async () =>
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
    /// Calls <paramref name="start"/> (which starts background work and returns its tasks) outside the calling test's
    /// NUnit context, so neither it nor the async methods it starts carry that context into their continuations (see
    /// <see cref="Start{T}"/>). The calling test must be in a slow category. Inside background work it just calls
    /// <paramref name="start"/>.
    /// </summary>
    /// <returns>What <paramref name="start"/> returned; whatever it threw, thrown again.</returns>
    public static T Detached<T>(Func<T> start)
    {
        return InBackground ? start() : Launch(() => Task.FromResult(start())).GetAwaiter().GetResult();
    }

    /// <summary>
    /// Checks the calling test's slow category on its thread, then runs <paramref name="body"/> on the thread pool without
    /// the caller's execution context, marked as background work (<see cref="InBackground"/>).
    /// </summary>
    private static Task<T> Launch<T>(Func<Task<T>> body)
    {
        TerraformCli.RequireSlowCategory("(work started in the background)");
        using (ExecutionContext.SuppressFlow())
        {
            return Task.Run(() =>
            {
                Background.Value = true;
                return body();
            });
        }
    }

    /// <summary>
    /// A progress line (e.g. <c>[terraform] prod-data: init, plan</c>): on a test's thread straight to NUnit's progress
    /// output; from background work queued, and written by the next test thread that waits in <see cref="Result{T}"/>
    /// or <see cref="WaitAll(IEnumerable{Task})"/> (at most a second late), as background work has no test to report to.
    /// </summary>
    public static void Progress(string line)
    {
        if (InBackground)
        {
            PendingProgress.Enqueue(line);
        }
        else
        {
            FlushProgress();
            TestContext.Progress.WriteLine(line);
        }
    }

    /// <summary>
    /// In the calling test: the task's result, or the exception it ended with, thrown unchanged (an
    /// <see cref="AssertionException"/> fails the test with its message). Background progress is written while it waits.
    /// </summary>
    public static T Result<T>(Task<T> task)
    {
        WaitShowingProgress(task);
        return task.GetAwaiter().GetResult();
    }

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

    /// <summary>Waits for every task, ignoring how each ended; background progress is written while it waits.</summary>
    public static void WaitAll(IEnumerable<Task> tasks)
    {
        foreach (var task in tasks)
        {
            WaitShowingProgress(task);
        }

        FlushProgress();
    }

    /// <summary>Blocks until <paramref name="task"/> ends (however it ends), writing queued progress every second.</summary>
    private static void WaitShowingProgress(Task task)
    {
        while (!((IAsyncResult)task).AsyncWaitHandle.WaitOne(TimeSpan.FromSeconds(1)))
        {
            FlushProgress();
        }

        FlushProgress();
    }

    private static void FlushProgress()
    {
        if (InBackground)
        {
            return;
        }

        while (PendingProgress.TryDequeue(out var line))
        {
            TestContext.Progress.WriteLine(line);
        }
    }
}
