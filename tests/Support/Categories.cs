namespace Ecolaura.Tf.Tests.Support;

/// <summary>
/// NUnit categories of the slow tiers. <c>./ecolaura test --fast</c> runs everything else (the inner loop);
/// <c>./ecolaura test</c> and CI run everything. Tests that start terraform must carry one of them
/// (<see cref="TerraformCli"/> refuses to run otherwise), so the fast suite never starts terraform by accident.
/// </summary>
public static class Categories
{
    /// <summary>Real terraform runs: init, validate, plan, test (mocked applies). Minutes.</summary>
    public const string Terraform = "Terraform";

    /// <summary>Loopback S3 and DynamoDB emulators with real terraform (state storage and locking).</summary>
    public const string Emulators = "Emulators";

    /// <summary>The slow categories, which <c>--fast</c> leaves out (scripts/test.sh names the same).</summary>
    public static IReadOnlyList<string> Slow { get; } = [Terraform, Emulators];
}
