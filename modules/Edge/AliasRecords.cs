using Constructs;
using HashiCorp.Cdktf.Providers.Aws.Route53Record;

namespace Ecolaura.Tf.Edge;

/// <summary>Props of <see cref="AliasRecords"/>.</summary>
public sealed record AliasRecordsProps
{
    /// <summary>The hosted zone the records live in.</summary>
    public required string HostedZoneId { get; init; }

    /// <summary>Construct id → fully qualified name, e.g. <c>apex</c> → <c>ecolaura.example</c>.</summary>
    public required IReadOnlyList<(string Id, string Name)> Names { get; init; }

    /// <summary>The alias target's DNS name (a CloudFront or ALB domain).</summary>
    public required string TargetDnsName { get; init; }

    /// <summary>The alias target's hosted zone (CloudFront: <see cref="AliasRecords.CloudFrontZoneId"/>).</summary>
    public required string TargetZoneId { get; init; }

    /// <summary>Also create AAAA records (the target must answer on IPv6).</summary>
    public required bool Ipv6 { get; init; }

    /// <summary>Let Route 53 answer only while the target is healthy (ALB targets; CloudFront does not support it).</summary>
    public required bool EvaluateTargetHealth { get; init; }

    /// <summary>Failover routing: the records are the PRIMARY or SECONDARY of a failover pair.</summary>
    /// <remarks>Default: none (simple routing).</remarks>
    public FailoverRouting? Failover { get; init; }
}

/// <summary>
/// Route 53 failover routing of a record: <paramref name="Role"/> <c>PRIMARY</c> or <c>SECONDARY</c>, a
/// <paramref name="SetIdentifier"/> unique per name and type, and the health check Route 53 evaluates (required on a
/// PRIMARY: without one it is always healthy and never fails over)
/// (https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/routing-policy-failover.html).
/// </summary>
public sealed record FailoverRouting(string Role, string SetIdentifier, string? HealthCheckId = null)
{
    /// <summary>The set identifier of the primary region's record.</summary>
    public const string PrimarySetIdentifier = "primary-region";

    /// <summary>The set identifier of the DR region's record.</summary>
    public const string SecondarySetIdentifier = "dr-region";
}

/// <summary>Route 53 alias records (A, and AAAA when the target is dual-stack) for a set of names pointing at one target.</summary>
public sealed class AliasRecords : Construct
{
    /// <summary>The hosted zone id of every CloudFront distribution's alias target (a documented constant).</summary>
    /// <remarks>https://docs.aws.amazon.com/Route53/latest/APIReference/API_AliasTarget.html</remarks>
    public const string CloudFrontZoneId = "Z2FDTNDATAQYW2";

    /// <summary>Creates the records.</summary>
    public AliasRecords(Construct scope, string id, AliasRecordsProps props) : base(scope, id)
    {
        foreach (var (recordId, name) in props.Names)
        {
            foreach (var type in props.Ipv6 ? new[] { "A", "AAAA" } : ["A"])
            {
                _ = new Route53Record(this, $"{recordId}_{type.ToLowerInvariant()}", new Route53RecordConfig
                {
                    ZoneId = props.HostedZoneId,
                    Name = name,
                    Type = type,
                    SetIdentifier = props.Failover?.SetIdentifier,
                    FailoverRoutingPolicy = props.Failover is { } failover ? new Route53RecordFailoverRoutingPolicy { Type = failover.Role } : null,
                    HealthCheckId = props.Failover?.HealthCheckId,
                    Alias = new Route53RecordAlias
                    {
                        Name = props.TargetDnsName,
                        ZoneId = props.TargetZoneId,
                        EvaluateTargetHealth = props.EvaluateTargetHealth,
                    },
                });
            }
        }
    }
}
