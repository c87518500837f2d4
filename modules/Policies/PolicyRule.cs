
namespace Ecolaura.Tf.Policies;

/// <summary>How a finding affects synth.</summary>
public enum Severity
{
    /// <summary>Printed; synth still succeeds.</summary>
    Warning,

    /// <summary>Synth fails.</summary>
    Error,
}

/// <summary>One rule of the pack (cdk-nag style): an id, the public rules it mirrors, and a check over a synthesized stack.</summary>
/// <remarks>
/// Rules read the synthesized Terraform JSON, not the constructs: that is what Terraform will apply (tokens resolved,
/// real addresses and provider aliases), and it costs no jsii round trip per construct. A value still written as a
/// Terraform expression (<c>${…}</c>) where a literal is required counts as a violation: it cannot be proven at synth.
/// </remarks>
public abstract class PolicyRule
{
    /// <summary>Every tier.</summary>
    protected static readonly IReadOnlySet<EnvironmentTier> AllTiers = new HashSet<EnvironmentTier>(Enum.GetValues<EnvironmentTier>());

    /// <summary>The tiers whose <see cref="ReliabilityFloors"/> require something (reliability rows with a waiver below).</summary>
    protected static IReadOnlySet<EnvironmentTier> TiersWhere(Func<ReliabilityFloors, bool> requires) => ReliabilityFloors.TiersWhere(requires);

    /// <summary>Rule id, e.g. ECO-RDS-3.</summary>
    public abstract string Id { get; }

    /// <summary>Error fails synth; Warning is printed.</summary>
    public abstract Severity Severity { get; }

    /// <summary>Public rules this one mirrors (checkov, Trivy, CIS and Well-Architected ids, or the Terraform or AWS documentation it comes from).</summary>
    public abstract IReadOnlyList<string> Anchors { get; }

    /// <summary>What is checked, in one line.</summary>
    public abstract string Checks { get; }

    /// <summary>Why it matters.</summary>
    public abstract string Why { get; }

    /// <summary>The environment tiers the rule applies to (from <see cref="ReliabilityFloors"/> where a floor decides it).</summary>
    public virtual IReadOnlySet<EnvironmentTier> Tiers => AllTiers;

    /// <summary>Every violation in <paramref name="stack"/>.</summary>
    public abstract IEnumerable<Violation> Evaluate(StackDocument stack);
}

/// <summary>One violation of a rule at one Terraform address.</summary>
/// <param name="Address">Terraform address, e.g. aws_db_instance.postgres (or "terraform.backend").</param>
/// <param name="ConstructPath">Construct path, e.g. prod-data/postgres/instance.</param>
/// <param name="Found">What was found.</param>
/// <param name="Fix">How to fix it.</param>
public sealed record Violation(string Address, string ConstructPath, string Found, string Fix);

/// <summary>A violation attributed to its rule and stack.</summary>
/// <param name="RuleId">The rule.</param>
/// <param name="Severity">Its severity.</param>
/// <param name="StackId">The stack, e.g. prod-data.</param>
/// <param name="Violation">Where and what.</param>
public sealed record Finding(string RuleId, Severity Severity, string StackId, Violation Violation)
{
    /// <inheritdoc />
    public override string ToString() =>
        $"{Severity.ToString().ToUpperInvariant()} {RuleId} {StackId} {Violation.Address} ({Violation.ConstructPath}): {Violation.Found}. Fix: {Violation.Fix}";
}
