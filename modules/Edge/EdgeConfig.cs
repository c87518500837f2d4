namespace Ecolaura.Tf.Edge;

/// <summary>The edge workspace: certificates and DNS, the ALB and its blue/green target groups, CloudFront and WAF.</summary>
/// <remarks>Validated by <see cref="EdgeConfigValidator"/>; the TLS allow-lists live there.</remarks>
public sealed record EdgeConfig
{
    /// <summary>The environment's DNS domain, e.g. <c>dev.ecolaura.example</c>; its Route 53 zone is <see cref="HostedZoneId"/>.</summary>
    public required string Domain { get; init; }

    /// <summary>The public Route 53 hosted zone of <see cref="Domain"/> (certificate validation and alias records).</summary>
    public required string HostedZoneId { get; init; }

    /// <summary>The names the site answers on, relative to <see cref="Domain"/>: <c>@</c> is the domain itself.</summary>
    /// <remarks>Default: <c>["@", "www"]</c>. The first one is the CloudFront certificate's subject, the others its SANs.</remarks>
    public IReadOnlyList<string> SiteNames { get; init; } = ["@", "www"];

    /// <summary>The ALB's own name below <see cref="Domain"/> (CloudFront's origin and the regional certificate's subject).</summary>
    /// <remarks>Default: origin (origin.&lt;domain&gt;).</remarks>
    public string OriginName { get; init; } = "origin";

    /// <summary>Routing of the frontend (every path except <c>/api/*</c> and <c>/ws/*</c>).</summary>
    /// <remarks>Default: blue active, no canary, health check <c>/healthz</c>.</remarks>
    public EdgeAppConfig Frontend { get; init; } = new();

    /// <summary>Routing of the backend (<c>/api/*</c> and the WebSocket path <c>/ws/*</c>).</summary>
    /// <remarks>Default: blue active, no canary, health check <c>/healthz</c>.</remarks>
    public EdgeAppConfig Backend { get; init; } = new();

    /// <summary>The ALB HTTPS listener's security policy, from <see cref="EdgeConfigValidator.AllowedSslPolicies"/>.</summary>
    /// <remarks>Default: ELBSecurityPolicy-TLS13-1-2-2021-06 (TLS 1.2 with forward secrecy, and TLS 1.3).</remarks>
    public string SslPolicy { get; init; } = "ELBSecurityPolicy-TLS13-1-2-2021-06";

    /// <summary>The oldest TLS version CloudFront accepts from viewers, from <see cref="EdgeConfigValidator.AllowedMinimumProtocolVersions"/>.</summary>
    /// <remarks>Default: TLSv1.2_2021.</remarks>
    public string MinimumProtocolVersion { get; init; } = "TLSv1.2_2021";

    /// <summary>What CloudFront does with plain HTTP viewers; serving HTTP (<c>allow-all</c>) is not an option.</summary>
    /// <remarks>Default: redirect-to-https.</remarks>
    public ViewerProtocol ViewerProtocolPolicy { get; init; } = ViewerProtocol.RedirectToHttps;

    /// <summary>Where the CloudFront certificate is issued: CloudFront only accepts ACM certificates from us-east-1.</summary>
    /// <remarks>Default: us-east-1 (the only allowed value; present so an override to another region is refused, not ignored).</remarks>
    public string CloudFrontCertificateRegion { get; init; } = "us-east-1";

    /// <summary>Which CloudFront edge locations serve the site (cost against latency).</summary>
    public required CloudFrontPriceClass PriceClass { get; init; }

    /// <summary>ALB idle timeout in seconds (1–4000): how long an idle WebSocket or keep-alive connection stays open.</summary>
    public required int IdleTimeoutSeconds { get; init; }

    /// <summary>WAF rate-based rule: requests per client IP per 5 minutes before it is blocked (10–2,000,000,000).</summary>
    /// <remarks>Default: 2000.</remarks>
    public int WafRateLimit { get; init; } = 2000;

    /// <summary>Retention of the WAF log groups; a CloudWatch retention value, at least 365.</summary>
    /// <remarks>Default: 365.</remarks>
    public int WafLogRetentionDays { get; init; } = 365;

    /// <summary>ALB deletion protection; required in staging and prod.</summary>
    public required bool DeletionProtection { get; init; }

    /// <summary>The header CloudFront adds to every origin request and the ALB requires (its value is an apply-time secret).</summary>
    /// <remarks>Default: X-Origin-Verify.</remarks>
    public string OriginVerifyHeaderName { get; init; } = "X-Origin-Verify";
}

/// <summary>Blue/green routing of one application behind the ALB.</summary>
public sealed record EdgeAppConfig
{
    /// <summary>The colour that receives the traffic; switching it changes only the listener's forward weights.</summary>
    /// <remarks>Default: blue.</remarks>
    public DeploymentColor ActiveColor { get; init; } = DeploymentColor.Blue;

    /// <summary>Percent of requests sent to the other colour (a canary), 0–50.</summary>
    /// <remarks>Default: 0 (active 100, other 0).</remarks>
    public int CanaryPercent { get; init; }

    /// <summary>The path the ALB health-checks on every target, starting with <c>/</c>.</summary>
    /// <remarks>Default: /healthz.</remarks>
    public string HealthCheckPath { get; init; } = "/healthz";
}

/// <summary>The two target groups of each application.</summary>
public enum DeploymentColor
{
    /// <summary>The blue target group.</summary>
    Blue,

    /// <summary>The green target group.</summary>
    Green,
}

/// <summary>CloudFront viewer protocol policies that never serve content over plain HTTP.</summary>
public enum ViewerProtocol
{
    /// <summary>HTTP requests get a 301 to HTTPS.</summary>
    RedirectToHttps,

    /// <summary>HTTP requests get a 403.</summary>
    HttpsOnly,
}

/// <summary>CloudFront price classes.</summary>
public enum CloudFrontPriceClass
{
    /// <summary>PriceClass_100: North America, Europe and Israel.</summary>
    Class100,

    /// <summary>PriceClass_200: also Asia, the Middle East and Africa.</summary>
    Class200,

    /// <summary>PriceClass_All: every edge location.</summary>
    All,
}
