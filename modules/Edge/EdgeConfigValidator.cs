using System.Text.RegularExpressions;

namespace Ecolaura.Tf.Edge;

/// <summary>
/// Bad inputs of the edge workspace: an ALB TLS policy outside the allow-list, a CloudFront protocol floor below
/// TLSv1.2_2021 or a viewer policy that allows HTTP, a CloudFront certificate or a primary region other than us-east-1,
/// domain, site and origin names or a hosted zone id that are not well-formed, out-of-range idle timeout, WAF rate
/// limit and log retention, and deletion protection off where the tier requires it.
/// </summary>
/// <remarks>
/// Terraform accepts all of these until apply (a bogus or outdated TLS policy, a protocol floor below TLS 1.2, a
/// malformed zone id), so they are ours. The WAF scope is not configurable: the CloudFront ACL is always CLOUDFRONT.
/// </remarks>
public static partial class EdgeConfigValidator
{
    /// <summary>
    /// ALB security policies this project allows: TLS 1.2+ with forward secrecy and no CBC/SHA-1 suites. Trivy's outdated
    /// list (AVD-AWS-0047: ELBSecurityPolicy-2016-08, the provider default, …-TLS13-1-2-Ext1/Ext2-2021-06, FS-1-1-2019-08, …)
    /// is refused along with every unknown name.
    /// </summary>
    /// <remarks>Source: <see cref="SslPoliciesSource"/>.</remarks>
    public static readonly IReadOnlyList<string> AllowedSslPolicies =
    [
        "ELBSecurityPolicy-TLS13-1-2-2021-06",
        "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
        "ELBSecurityPolicy-TLS13-1-3-2021-06",
        "ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04",
        "ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04",
        "ELBSecurityPolicy-FS-1-2-Res-2020-10",
    ];

    /// <summary>Source of <see cref="AllowedSslPolicies"/>.</summary>
    public static FactSource SslPoliciesSource { get; } =
        new("Elastic Load Balancing, Security policies for your Application Load Balancer", "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html", "2026-12-01");

    /// <summary>CloudFront viewer protocol floors (checkov CKV_AWS_174, Trivy AVD-AWS-0013): nothing below TLSv1.2_2021.</summary>
    /// <remarks>Source: <see cref="MinimumProtocolVersionsSource"/>.</remarks>
    public static readonly IReadOnlyList<string> AllowedMinimumProtocolVersions = ["TLSv1.2_2021", "TLSv1.2_2025", "TLSv1.3_2025"];

    /// <summary>Source of <see cref="AllowedMinimumProtocolVersions"/>.</summary>
    public static FactSource MinimumProtocolVersionsSource { get; } =
        new("Amazon CloudFront Developer Guide, Supported protocols and ciphers between viewers and CloudFront", "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/secure-connections-supported-viewer-protocols-ciphers.html", "2026-12-01");

    /// <summary>Source of the <see cref="CloudFrontPriceClass"/> values (PriceClass_100, PriceClass_200, PriceClass_All).</summary>
    public static FactSource PriceClassesSource { get; } =
        new("Amazon CloudFront Developer Guide, Choose the price class for a CloudFront distribution", "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/PriceClass.html", "2026-12-01");

    /// <summary>The only region whose ACM certificates CloudFront accepts (and where its metrics and CLOUDFRONT-scope WAF live).</summary>
    public const string CloudFrontRegion = "us-east-1";

    /// <summary>AWS WAF rate-based rule limits (requests per evaluation window).</summary>
    public const int MinRateLimit = 10;

    /// <summary>See <see cref="MinRateLimit"/>.</summary>
    public const int MaxRateLimit = 2_000_000_000;

    /// <summary>Every problem of <paramref name="env"/>'s <c>edge</c> section (and the primary region it needs).</summary>
    public static IEnumerable<ValidationProblem> Validate(EnvironmentConfig env, string path)
    {
        var problems = new Problems(path);
        var problem = problems.Add;
        var edge = env.Edge;
        var domainOk = DnsName().IsMatch(edge.Domain) && edge.Domain.Length <= 253 && edge.Domain.Contains('.', StringComparison.Ordinal);
        if (!domainOk)
        {
            problem("edge.domain", edge.Domain, "must be a lowercase DNS name with at least two labels such as dev.ecolaura.example (a–z, 0–9 and '-', at most 253 characters)");
        }

        if (!HostedZone().IsMatch(edge.HostedZoneId))
        {
            problem("edge.hostedZoneId", edge.HostedZoneId, "must be a Route 53 hosted zone id such as Z0123456789ABCDEFGHIJ ('Z' and 8–32 uppercase letters or digits)");
        }

        if (edge.SiteNames.Count == 0)
        {
            problem("edge.siteNames", edge.SiteNames, "must name at least one host ('@' is the domain itself)");
        }

        if (edge.SiteNames.Distinct(StringComparer.Ordinal).Count() != edge.SiteNames.Count)
        {
            problem("edge.siteNames", edge.SiteNames, "must not repeat a name");
        }

        foreach (var name in edge.SiteNames.Where(n => n != "@" && !RelativeName().IsMatch(n)))
        {
            problem("edge.siteNames", name, "every name must be '@' or lowercase labels relative to the domain, such as www");
        }

        if (!RelativeName().IsMatch(edge.OriginName))
        {
            problem("edge.originName", edge.OriginName, "must be lowercase labels relative to the domain, such as origin");
        }
        else if (edge.SiteNames.Contains(edge.OriginName))
        {
            problem("edge.originName", edge.OriginName, "must differ from every site name: the origin bypasses CloudFront and only answers CloudFront");
        }

        if (domainOk)
        {
            foreach (var fqdn in SiteDomainNames(edge).Append(OriginDomainName(edge)).Where(n => n.Length > 253))
            {
                problem("edge.siteNames", fqdn, "gives a name longer than 253 characters");
            }
        }

        CheckApp(edge.Frontend, "edge.frontend", problem);
        CheckApp(edge.Backend, "edge.backend", problem);

        if (!AllowedSslPolicies.Contains(edge.SslPolicy))
        {
            problem("edge.sslPolicy", edge.SslPolicy, $"not in allowed [{string.Join(", ", AllowedSslPolicies)}] ({SslPoliciesSource})");
        }

        if (!AllowedMinimumProtocolVersions.Contains(edge.MinimumProtocolVersion))
        {
            problem("edge.minimumProtocolVersion", edge.MinimumProtocolVersion,
                $"not in allowed [{string.Join(", ", AllowedMinimumProtocolVersions)}] (nothing below TLSv1.2_2021; {MinimumProtocolVersionsSource})");
        }

        if (!Enum.IsDefined(edge.ViewerProtocolPolicy))
        {
            problem("edge.viewerProtocolPolicy", edge.ViewerProtocolPolicy, "must be redirect-to-https or https-only (allow-all would serve HTTP)");
        }

        if (edge.CloudFrontCertificateRegion != CloudFrontRegion)
        {
            problem("edge.cloudFrontCertificateRegion", edge.CloudFrontCertificateRegion, "must be us-east-1: CloudFront only accepts ACM certificates issued in us-east-1");
        }

        if (!Enum.IsDefined(edge.PriceClass))
        {
            problem("edge.priceClass", edge.PriceClass, $"must be class100, class200 or all ({PriceClassesSource})");
        }

        if (edge.IdleTimeoutSeconds is < 1 or > 4000)
        {
            problem("edge.idleTimeoutSeconds", edge.IdleTimeoutSeconds, "outside 1–4000 seconds (the ALB limit)");
        }

        if (edge.WafRateLimit is < MinRateLimit or > MaxRateLimit)
        {
            problem("edge.wafRateLimit", edge.WafRateLimit, $"outside {MinRateLimit}–{MaxRateLimit} requests per 5 minutes (the AWS WAF rate-based rule limit)");
        }

        if (!AwsFacts.LogRetentionDays.Contains(edge.WafLogRetentionDays) || edge.WafLogRetentionDays < 365)
        {
            problem("edge.wafLogRetentionDays", edge.WafLogRetentionDays,
                $"must be a CloudWatch retention value of at least 365 days [{string.Join(", ", AwsFacts.LogRetentionDays.Where(d => d >= 365))}]");
        }

        if (env.Floors().DeletionProtection && !edge.DeletionProtection)
        {
            problem("edge.deletionProtection", false, $"{env.Name} ({env.Tier.Id()} tier) needs ALB deletion protection; it may be off in the development tier only");
        }

        if (!HeaderName().IsMatch(edge.OriginVerifyHeaderName))
        {
            problem("edge.originVerifyHeaderName", edge.OriginVerifyHeaderName, "must be a custom header name such as X-Origin-Verify ('X-' and up to 38 letters, digits or '-')");
        }

        return problems;
    }

    /// <summary>The fully qualified site names, in configuration order (<c>@</c> is the domain itself).</summary>
    public static IReadOnlyList<string> SiteDomainNames(EdgeConfig edge) =>
        edge.SiteNames.Select(n => n == "@" ? edge.Domain : $"{n}.{edge.Domain}").ToArray();

    /// <summary>The ALB's name, <c>origin.&lt;domain&gt;</c>.</summary>
    public static string OriginDomainName(EdgeConfig edge) => $"{edge.OriginName}.{edge.Domain}";

    private static void CheckApp(EdgeAppConfig app, string field, Action<string, object?, string> problem)
    {
        if (!Enum.IsDefined(app.ActiveColor))
        {
            problem($"{field}.activeColor", app.ActiveColor, "must be blue or green");
        }

        if (app.CanaryPercent is < 0 or > 50)
        {
            problem($"{field}.canaryPercent", app.CanaryPercent, "outside 0–50 percent (more than half would make the canary the active colour)");
        }

        if (!HealthPath().IsMatch(app.HealthCheckPath))
        {
            problem($"{field}.healthCheckPath", app.HealthCheckPath, "must be a path starting with '/' (up to 1024 characters, no spaces or '?')");
        }
    }

    [GeneratedRegex(@"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$")]
    private static partial Regex DnsName();

    [GeneratedRegex(@"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$")]
    private static partial Regex RelativeName();

    [GeneratedRegex("^Z[A-Z0-9]{8,32}$")]
    private static partial Regex HostedZone();

    [GeneratedRegex("^X-[A-Za-z0-9-]{1,38}$")]
    private static partial Regex HeaderName();

    [GeneratedRegex(@"^/[A-Za-z0-9_.~/%-]{0,1023}$")]
    private static partial Regex HealthPath();
}
