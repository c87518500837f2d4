namespace Ecolaura.Tf.Policies;

/// <summary>A rule that checks each resource of one type on its own.</summary>
public abstract class ResourceRule : PolicyRule
{
    /// <summary>The Terraform resource type checked.</summary>
    protected abstract string ResourceType { get; }

    /// <summary>Problems of one resource: what was found and how to fix it.</summary>
    protected abstract IEnumerable<(string Found, string Fix)> Check(TfResource resource, StackDocument stack);

    /// <inheritdoc />
    public override IEnumerable<Violation> Evaluate(StackDocument stack) =>
        stack.Resources(ResourceType).SelectMany(r => Check(r, stack).Select(p => r.Violation(p.Found, p.Fix)));

    /// <summary>Yields a problem when <paramref name="ok"/> is false.</summary>
    protected static IEnumerable<(string, string)> Require(bool ok, string found, string fix) =>
        ok ? [] : [(found, fix)];
}
