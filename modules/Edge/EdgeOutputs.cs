using Ecolaura.Tf.Shared;

namespace Ecolaura.Tf.Edge;

/// <summary>
/// The edge workspace's contract: the ALB, its HTTPS listener and blue/green target groups (a later platform workspace
/// binds Kubernetes services to them with TargetGroupBindings), the CloudFront distribution and its WAF ACL.
/// </summary>
/// <param name="AlbArn">The internet-facing ALB (CloudFront's dynamic origin).</param>
/// <param name="AlbDnsName">Its AWS DNS name.</param>
/// <param name="AlbZoneId">Its canonical hosted zone (alias records).</param>
/// <param name="HttpsListenerArn">The HTTPS listener whose rules route by path and origin header.</param>
/// <param name="FrontendBlueTargetGroupArn">Frontend, blue.</param>
/// <param name="FrontendGreenTargetGroupArn">Frontend, green.</param>
/// <param name="BackendBlueTargetGroupArn">Backend (<c>/api/*</c>, <c>/ws/*</c>), blue.</param>
/// <param name="BackendGreenTargetGroupArn">Backend, green.</param>
/// <param name="DistributionId">The CloudFront distribution id (invalidations).</param>
/// <param name="DistributionArn">Its ARN.</param>
/// <param name="DistributionDomainName">Its <c>*.cloudfront.net</c> name.</param>
/// <param name="WebAclArn">The CLOUDFRONT-scope WAF ACL in front of the distribution.</param>
public sealed record EdgeOutputs(
    string AlbArn,
    string AlbDnsName,
    string AlbZoneId,
    string HttpsListenerArn,
    string FrontendBlueTargetGroupArn,
    string FrontendGreenTargetGroupArn,
    string BackendBlueTargetGroupArn,
    string BackendGreenTargetGroupArn,
    string DistributionId,
    string DistributionArn,
    string DistributionDomainName,
    string WebAclArn) : IWorkspaceContract
{
    private const string Elb = "arn:aws:elasticloadbalancing:us-east-1:000000000000:";

    /// <summary>All outputs with their example values, in record order.</summary>
    public static readonly IReadOnlyList<OutputSpec> Specs =
    [
        S("alb_arn", "Internet-facing ALB (CloudFront's dynamic origin)", $"{Elb}loadbalancer/app/ecolaura-env-edge-alb/0123456789abcdef"),
        S("alb_dns_name", "ALB DNS name", "ecolaura-env-edge-alb-123456789.us-east-1.elb.amazonaws.com"),
        S("alb_zone_id", "ALB canonical hosted zone id", "Z35SXDOTRQ7X7K"),
        S("https_listener_arn", "HTTPS listener", $"{Elb}listener/app/ecolaura-env-edge-alb/0123456789abcdef/0123456789abcdef"),
        S("frontend_blue_target_group_arn", "Frontend blue target group (ip targets)", $"{Elb}targetgroup/ecolaura-env-edge-fe-blue/0123456789abcde1"),
        S("frontend_green_target_group_arn", "Frontend green target group (ip targets)", $"{Elb}targetgroup/ecolaura-env-edge-fe-green/0123456789abcde2"),
        S("backend_blue_target_group_arn", "Backend blue target group (ip targets; /api/*, /ws/*)", $"{Elb}targetgroup/ecolaura-env-edge-be-blue/0123456789abcde3"),
        S("backend_green_target_group_arn", "Backend green target group (ip targets; /api/*, /ws/*)", $"{Elb}targetgroup/ecolaura-env-edge-be-green/0123456789abcde4"),
        S("cloudfront_distribution_id", "CloudFront distribution id", "E0123456789ABC"),
        S("cloudfront_distribution_arn", "CloudFront distribution ARN", "arn:aws:cloudfront::000000000000:distribution/E0123456789ABC"),
        S("cloudfront_domain_name", "CloudFront domain name", "d0123456789abc.cloudfront.net"),
        S("waf_web_acl_arn", "CLOUDFRONT-scope WAF ACL", "arn:aws:wafv2:us-east-1:000000000000:global/webacl/ecolaura-env-edge-cdn/00000000-0000-0000-0000-000000000000"),
    ];

    /// <inheritdoc />
    public static Workspace Producer => Workspace.Edge;

    /// <inheritdoc />
    public static IReadOnlyList<OutputSpec> Outputs => Specs;

    private string[] Values =>
    [
        AlbArn, AlbDnsName, AlbZoneId, HttpsListenerArn, FrontendBlueTargetGroupArn, FrontendGreenTargetGroupArn,
        BackendBlueTargetGroupArn, BackendGreenTargetGroupArn, DistributionId, DistributionArn, DistributionDomainName, WebAclArn,
    ];

    /// <summary>Writes every output of the contract to <paramref name="stack"/>.</summary>
    public void Publish(EcolauraStack stack)
    {
        foreach (var (spec, value) in Specs.Zip(Values))
        {
            stack.Publish(spec, value);
        }
    }

    /// <summary>Reads the contract from <paramref name="producer"/>'s state in <paramref name="consumer"/>.</summary>
    public static EdgeOutputs FromRemoteState(EcolauraStack consumer, EcolauraStack producer)
    {
        var v = Specs.Select(spec => consumer.ReadString(producer, spec)).ToArray();
        return new EdgeOutputs(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11]);
    }

    private static OutputSpec S(string name, string description, string example) =>
        new(Workspace.Edge, name, OutputKind.String, description, example);
}
