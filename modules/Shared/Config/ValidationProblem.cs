namespace Ecolaura.Tf.Shared.Config;

/// <summary>One thing wrong with the input: where, what was found, and what is allowed.</summary>
/// <param name="Path">Field path from the config root, e.g. <c>environments.prod.network.availabilityZones</c>.</param>
/// <param name="Value">The bad value as the user wrote it.</param>
/// <param name="Message">What is allowed, phrased so the fix is obvious.</param>
public sealed record ValidationProblem(string Path, string Value, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"{Path}: {Message}, got {Value}";
}

/// <summary>Every problem found in the input, reported together before any construct is created.</summary>
public sealed class ConfigValidationException(IReadOnlyList<ValidationProblem> problems)
    : Exception(Describe(problems))
{
    /// <summary>All problems, in the order they were found.</summary>
    public IReadOnlyList<ValidationProblem> Problems { get; } = problems;

    private static string Describe(IReadOnlyList<ValidationProblem> problems) =>
        $"configuration is invalid ({problems.Count} problem{(problems.Count == 1 ? "" : "s")}):\n"
        + string.Join("\n", problems.Select(p => "  - " + p));
}
