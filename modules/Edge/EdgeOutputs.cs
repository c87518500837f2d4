namespace Ecolaura.Tf.Edge;

/// <summary>
/// The edge workspace's contract: the ALB, its HTTPS listener and blue/green target groups (a later platform workspace
/// binds Kubernetes services to them with TargetGroupBindings), the CloudFront distribution and its WAF ACL.
/// </summary>
[ContractOf(Workspace.Edge)]
public sealed record EdgeOutputs : WorkspaceContract<EdgeOutputs>
{
    private const string Elb = "arn:aws:elasticloadbalancing:us-east-1:000000000000:";

    /// <summary>The internet-facing ALB (CloudFront's dynamic origin).</summary>
    [Output("alb_arn", "Internet-facing ALB (CloudFront's dynamic origin)", $"{Elb}loadbalancer/app/ecolaura-env-edge-alb/0123456789abcdef", Source = "aws_lb.alb.arn")]
    public required string AlbArn { get; init; }

    /// <summary>Its AWS DNS name.</summary>
    [Output("alb_dns_name", "ALB DNS name", "ecolaura-env-edge-alb-123456789.us-east-1.elb.amazonaws.com", Source = "aws_lb.alb.dns_name")]
    public required string AlbDnsName { get; init; }

    /// <summary>Its canonical hosted zone (alias records).</summary>
    [Output("alb_zone_id", "ALB canonical hosted zone id", "Z35SXDOTRQ7X7K", Source = "aws_lb.alb.zone_id")]
    public required string AlbZoneId { get; init; }

    /// <summary>The HTTPS listener whose rules route by path and origin header.</summary>
    [Output("https_listener_arn", "HTTPS listener", $"{Elb}listener/app/ecolaura-env-edge-alb/0123456789abcdef/0123456789abcdef", Source = "aws_lb_listener.alb_https.arn")]
    public required string HttpsListenerArn { get; init; }

    /// <summary>Frontend, blue.</summary>
    [Output("frontend_blue_target_group_arn", "Frontend blue target group (ip targets)", $"{Elb}targetgroup/ecolaura-env-edge-fe-blue/0123456789abcde1", Source = "aws_lb_target_group.alb_frontend_blue.arn")]
    public required string FrontendBlueTargetGroupArn { get; init; }

    /// <summary>Frontend, green.</summary>
    [Output("frontend_green_target_group_arn", "Frontend green target group (ip targets)", $"{Elb}targetgroup/ecolaura-env-edge-fe-green/0123456789abcde2", Source = "aws_lb_target_group.alb_frontend_green.arn")]
    public required string FrontendGreenTargetGroupArn { get; init; }

    /// <summary>Backend (<c>/api/*</c>, <c>/ws/*</c>), blue.</summary>
    [Output("backend_blue_target_group_arn", "Backend blue target group (ip targets; /api/*, /ws/*)", $"{Elb}targetgroup/ecolaura-env-edge-be-blue/0123456789abcde3", Source = "aws_lb_target_group.alb_backend_blue.arn")]
    public required string BackendBlueTargetGroupArn { get; init; }

    /// <summary>Backend, green.</summary>
    [Output("backend_green_target_group_arn", "Backend green target group (ip targets; /api/*, /ws/*)", $"{Elb}targetgroup/ecolaura-env-edge-be-green/0123456789abcde4", Source = "aws_lb_target_group.alb_backend_green.arn")]
    public required string BackendGreenTargetGroupArn { get; init; }

    /// <summary>The CloudFront distribution id (invalidations).</summary>
    [Output("cloudfront_distribution_id", "CloudFront distribution id", "E0123456789ABC", Source = "aws_cloudfront_distribution.cdn.id")]
    public required string DistributionId { get; init; }

    /// <summary>Its ARN.</summary>
    [Output("cloudfront_distribution_arn", "CloudFront distribution ARN", "arn:aws:cloudfront::000000000000:distribution/E0123456789ABC", Source = "aws_cloudfront_distribution.cdn.arn")]
    public required string DistributionArn { get; init; }

    /// <summary>Its <c>*.cloudfront.net</c> name.</summary>
    [Output("cloudfront_domain_name", "CloudFront domain name", "d0123456789abc.cloudfront.net", Source = "aws_cloudfront_distribution.cdn.domain_name")]
    public required string DistributionDomainName { get; init; }

    /// <summary>The CLOUDFRONT-scope WAF ACL in front of the distribution.</summary>
    [Output("waf_web_acl_arn", "CLOUDFRONT-scope WAF ACL", "arn:aws:wafv2:us-east-1:000000000000:global/webacl/ecolaura-env-edge-cdn/00000000-0000-0000-0000-000000000000", Source = "aws_wafv2_web_acl.cdn_waf.arn")]
    public required string WebAclArn { get; init; }
}
