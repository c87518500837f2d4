namespace Ecolaura.Tf.Tests.Support;

/// <summary>The three embedded environments, as test cases. The product itself has free environment names (strings).</summary>
public enum EnvironmentName
{
    /// <summary>dev (development tier).</summary>
    Dev,

    /// <summary>staging (staging tier).</summary>
    Staging,

    /// <summary>prod (production tier).</summary>
    Prod,
}

/// <summary>Names of the embedded environments.</summary>
public static class EnvironmentNameExtensions
{
    /// <summary><c>dev</c>, <c>staging</c> or <c>prod</c>.</summary>
    public static string Id(this EnvironmentName env) => env.ToString().ToLowerInvariant();

    /// <summary>The embedded configuration of <paramref name="env"/>.</summary>
    public static EnvironmentConfig Config(this EnvironmentName env) => DefaultEnvironments.All.Single(e => e.Name == env.Id());
}
