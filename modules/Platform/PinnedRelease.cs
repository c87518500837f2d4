using Constructs;
using HashiCorp.Cdktf;
using HashiCorp.Cdktf.Providers.Helm.Release;

namespace Ecolaura.Tf.Platform;

/// <summary>Props of <see cref="PinnedRelease"/>.</summary>
public sealed record PinnedReleaseProps
{
    /// <summary>The Helm release name.</summary>
    public required string Name { get; init; }

    /// <summary>The namespace (must exist; releases never create namespaces).</summary>
    public required string Namespace { get; init; }

    /// <summary>A chart of <see cref="ChartPins.Repositories"/>.</summary>
    public required string Chart { get; init; }

    /// <summary>Its version, one of <see cref="ChartPins.Allowed"/> (validated with the configuration).</summary>
    public required string Version { get; init; }

    /// <summary>The values tree, written as one YAML document by <see cref="HelmValues"/>.</summary>
    public required IReadOnlyDictionary<string, object?> Values { get; init; }

    /// <summary>What must exist first (namespaces, the controllers whose CRDs or webhooks the release needs).</summary>
    /// <remarks>Default: none.</remarks>
    public IReadOnlyList<ITerraformDependable> DependsOn { get; init; } = [];
}

/// <summary>
/// One Helm release from a pinned chart version with its values in one typed place: atomic (a failed upgrade rolls
/// back), waits for readiness, keeps 10 revisions, and cleans up what a failed install created.
/// </summary>
public sealed class PinnedRelease : Construct
{
    /// <summary>Creates the <c>helm_release</c>.</summary>
    /// <exception cref="ArgumentException">The chart is not in <see cref="ChartPins"/> or the version is not pinned.</exception>
    public PinnedRelease(Construct scope, string id, PinnedReleaseProps props) : base(scope, id)
    {
        if (!ChartPins.Allowed.TryGetValue(props.Chart, out var allowed) || !allowed.Contains(props.Version))
        {
            throw new ArgumentException($"{props.Name}: chart {props.Chart} {props.Version} is not pinned in ChartPins", nameof(props));
        }

        Values = HelmValues.ToYaml(props.Values);
        Release = new Release(this, "Resource", new ReleaseConfig
        {
            Name = props.Name,
            Namespace = props.Namespace,
            Repository = ChartPins.Repositories[props.Chart],
            Chart = props.Chart,
            Version = props.Version,
            Values = [Values],
            Atomic = true,
            CleanupOnFail = true,
            Wait = true,
            MaxHistory = 10,
            Timeout = 600,
            DependsOn = props.DependsOn.ToArray(),
        });
    }

    /// <summary>The YAML values document (with Terraform references still as tokens).</summary>
    public string Values { get; }

    /// <summary>The release, for <c>depends_on</c>.</summary>
    public Release Release { get; }
}
