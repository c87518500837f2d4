namespace Ecolaura.Tf.Dr;

/// <summary>The disaster-recovery region.</summary>
public sealed record DrConfig
{
    /// <summary>Must differ from the primary region.</summary>
    public required string Region { get; init; }

    /// <summary>The DR VPC range; disjoint from every other VPC.</summary>
    public required string VpcCidr { get; init; }

    /// <summary>Explicit DR zones, at least 2.</summary>
    public required IReadOnlyList<string> AvailabilityZones { get; init; }

    /// <summary>The DR region's CloudFront origin-facing managed prefix list.</summary>
    public required string CloudFrontPrefixListId { get; init; }
}
