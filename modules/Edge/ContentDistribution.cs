using Constructs;
using HashiCorp.Cdktf;
using HashiCorp.Cdktf.Providers.Aws.CloudfrontCachePolicy;
using HashiCorp.Cdktf.Providers.Aws.CloudfrontDistribution;
using HashiCorp.Cdktf.Providers.Aws.CloudfrontOriginAccessControl;
using HashiCorp.Cdktf.Providers.Aws.CloudfrontResponseHeadersPolicy;
using HashiCorp.Cdktf.Providers.Aws.CloudwatchLogDelivery;
using HashiCorp.Cdktf.Providers.Aws.CloudwatchLogDeliveryDestination;
using HashiCorp.Cdktf.Providers.Aws.CloudwatchLogDeliverySource;
using HashiCorp.Cdktf.Providers.Aws.Provider;

namespace Ecolaura.Tf.Edge;

/// <summary>Props of <see cref="ContentDistribution"/>.</summary>
public sealed record ContentDistributionProps
{
    /// <summary>Name prefix of the policies, the origin access control and the log delivery.</summary>
    public required string Name { get; init; }

    /// <summary>The site's names (CloudFront aliases); all must be on <see cref="CertificateArn"/>.</summary>
    public required IReadOnlyList<string> Aliases { get; init; }

    /// <summary>The issued us-east-1 certificate of the site names.</summary>
    public required string CertificateArn { get; init; }

    /// <summary>Viewer TLS floor (validated: TLSv1.2_2021 or newer).</summary>
    public required string MinimumProtocolVersion { get; init; }

    /// <summary><c>redirect-to-https</c> or <c>https-only</c>; never <c>allow-all</c>.</summary>
    public required string ViewerProtocolPolicy { get; init; }

    /// <summary>PriceClass_100, PriceClass_200 or PriceClass_All.</summary>
    public required string PriceClass { get; init; }

    /// <summary>The CLOUDFRONT-scope WAF ACL.</summary>
    public required string WebAclArn { get; init; }

    /// <summary>The static-assets bucket's regional domain (S3 origin, read through origin access control).</summary>
    public required string StaticAssetsDomainName { get; init; }

    /// <summary>
    /// The DR-region replica of the static-assets bucket (regional domain): when set, the static paths are served from
    /// an origin group whose primary is <see cref="StaticAssetsDomainName"/> and whose secondary is this bucket, read
    /// through the same origin access control.
    /// </summary>
    /// <remarks>Default: none (no DR region, the bucket alone).</remarks>
    public string? DrStaticAssetsDomainName { get; init; }

    /// <summary>The ALB's own name (custom origin; its certificate's subject).</summary>
    public required string OriginDomainName { get; init; }

    /// <summary>The header CloudFront adds to every ALB request.</summary>
    public required string OriginHeaderName { get; init; }

    /// <summary>Its secret value (a sensitive variable reference, never a literal).</summary>
    public required string OriginHeaderValue { get; init; }

    /// <summary>The access-logs bucket ARN; standard logs v2 go below <see cref="AccessLogDelivery.CloudFrontPrefix"/>.</summary>
    public required string AccessLogsBucketArn { get; init; }

    /// <summary>The us-east-1 provider (CloudFront's API and its log delivery source live there).</summary>
    public required AwsProvider UsEast1Provider { get; init; }
}

/// <summary>
/// The CloudFront distribution: static assets from S3 through origin access control with long caching, the API and
/// WebSocket paths to the ALB uncached with every viewer header, cookie and query string, everything else to the ALB
/// with short caching; HTTPS only (TLS 1.2+, SNI, HTTP/2 and HTTP/3), security headers, WAF, and standard logging v2.
/// </summary>
/// <remarks>
/// Logging: standard logging v2 (CloudWatch Logs vended delivery, configured in us-east-1) writes to the data
/// workspace's access-logs bucket, which stays BucketOwnerEnforced; legacy logging would need an ACL-enabled bucket
/// (checkov CKV2_AWS_65 would need an exception). The distribution therefore has no <c>logging_config</c>.
/// </remarks>
public sealed class ContentDistribution : Construct
{
    /// <summary>AWS managed cache policy CachingDisabled.</summary>
    /// <remarks>https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/using-managed-cache-policies.html</remarks>
    public const string CachingDisabledPolicyId = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad";

    /// <summary>AWS managed origin request policy AllViewerExceptHostHeader: every viewer header but Host, every cookie and query string.</summary>
    /// <remarks>
    /// Used for the ALB paths instead of AllViewer (216adef6-5c7f-47e4-b989-5492eafa07d3): with Host forwarded, CloudFront
    /// checks the origin's certificate against the viewer's host (www.…) instead of the origin name, and the ALB's
    /// certificate covers only origin.&lt;domain&gt;, so every request would fail with 502. The WebSocket handshake headers
    /// (Sec-WebSocket-Key, Sec-WebSocket-Version, …) are forwarded.
    /// https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/using-managed-origin-request-policies.html
    /// </remarks>
    public const string AllViewerExceptHostHeaderPolicyId = "b689b0a8-53d0-40ab-baf2-68738e2966ac";

    /// <summary>Path patterns served from the static-assets bucket, in behaviour order after the ALB paths.</summary>
    public static IReadOnlyList<string> StaticPaths { get; } =
        ["/static/*", "*.js", "*.css", "*.png", "*.jpg", "*.svg", "*.webp", "*.ico", "*.woff2", "*.woff"];

    /// <summary>Default TTL of static content without Cache-Control (1 day); the origin may ask for up to a year.</summary>
    public const int StaticDefaultTtl = 86_400;

    /// <summary>Longest TTL CloudFront honours for static content (1 year).</summary>
    public const int StaticMaxTtl = 31_536_000;

    /// <summary>Default TTL of dynamic pages without Cache-Control; <c>no-store</c>/<c>private</c> from the origin are honoured.</summary>
    public const int DynamicDefaultTtl = 60;

    /// <summary>Longest TTL CloudFront honours for dynamic pages (1 day).</summary>
    public const int DynamicMaxTtl = 86_400;

    /// <summary>HSTS max-age: two years (preload lists require at least one).</summary>
    public const int HstsMaxAgeSeconds = 63_072_000;

    /// <summary>Origin ids.</summary>
    public const string S3OriginId = "static-assets", AlbOriginId = "alb";

    /// <summary>Origin id of the DR-region replica of the static-assets bucket, and of the origin group of both.</summary>
    public const string S3DrOriginId = "static-assets-dr", S3GroupId = "static-assets-failover";

    /// <summary>
    /// Status codes of the primary static-assets bucket on which CloudFront retries a GET or HEAD on the DR replica: the
    /// 5xx S3 returns when it fails, and 403/404, which S3 returns for an object that has not reached a region yet or a
    /// bucket it cannot read (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/high_availability_origin_failover.html).
    /// </summary>
    public static IReadOnlyList<int> FailoverStatusCodes { get; } = [403, 404, 500, 502, 503, 504];

    /// <summary>Fields of the standard log records: the legacy format's minus <c>cs(Cookie)</c>, which carries session cookies.</summary>
    public static IReadOnlyList<string> LogFields { get; } =
    [
        "date", "time", "x-edge-location", "sc-bytes", "c-ip", "cs-method", "cs(Host)", "cs-uri-stem", "sc-status",
        "cs(Referer)", "cs(User-Agent)", "cs-uri-query", "x-edge-result-type", "x-edge-request-id", "x-host-header",
        "cs-protocol", "cs-bytes", "time-taken", "x-forwarded-for", "ssl-protocol", "ssl-cipher", "x-edge-response-result-type",
        "cs-protocol-version", "time-to-first-byte", "x-edge-detailed-result-type", "sc-content-type", "c-country",
        "cache-behavior-path-pattern",
    ];

    /// <summary>
    /// The delivery's <c>s3_delivery_configuration.suffix_path</c>, without AWS's prefix (as the provider documents):
    /// CreateDelivery prepends <c>AWSLogs/{account-id}/CloudFront/</c>, so objects land below
    /// <c>cloudfront/AWSLogs/&lt;account&gt;/CloudFront/&lt;distribution id&gt;/&lt;yyyy&gt;/&lt;MM&gt;/&lt;dd&gt;/&lt;HH&gt;/</c> of the access-logs bucket.
    /// </summary>
    public const string LogSuffixPath = "{DistributionId}/{yyyy}/{MM}/{dd}/{HH}";

    private static readonly string[] AllMethods = ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"];
    private static readonly string[] ReadMethods = ["GET", "HEAD"];
    private static readonly string[] ReadAndOptions = ["GET", "HEAD", "OPTIONS"];

    /// <summary>Creates the distribution, its policies, origin access control and log delivery.</summary>
    public ContentDistribution(Construct scope, string id, ContentDistributionProps props) : base(scope, id)
    {
        var provider = props.UsEast1Provider;
        var oac = new CloudfrontOriginAccessControl(this, "oac", new CloudfrontOriginAccessControlConfig
        {
            Name = $"{props.Name}-static-assets",
            Description = "CloudFront reads the static-assets bucket with signed requests",
            OriginAccessControlOriginType = "s3",
            SigningBehavior = "always",
            SigningProtocol = "sigv4",
            Provider = provider,
        });

        var staticPolicy = CachePolicy("static_cache", $"{props.Name}-static", "Static assets: long TTLs, compressed, query strings in the key",
            0, StaticDefaultTtl, StaticMaxTtl, cookies: "none");
        var dynamicPolicy = CachePolicy("dynamic_cache", $"{props.Name}-dynamic", "Pages: short TTL unless the origin says otherwise; cookies in the key",
            0, DynamicDefaultTtl, DynamicMaxTtl, cookies: "all");

        var headers = new CloudfrontResponseHeadersPolicy(this, "security_headers", new CloudfrontResponseHeadersPolicyConfig
        {
            Name = $"{props.Name}-security-headers",
            Comment = "HSTS with preload, nosniff, DENY framing, referrer policy, XSS protection",
            SecurityHeadersConfig = new CloudfrontResponseHeadersPolicySecurityHeadersConfig
            {
                StrictTransportSecurity = new CloudfrontResponseHeadersPolicySecurityHeadersConfigStrictTransportSecurity
                {
                    AccessControlMaxAgeSec = HstsMaxAgeSeconds,
                    IncludeSubdomains = true,
                    Preload = true,
                    Override = true,
                },
                ContentTypeOptions = new CloudfrontResponseHeadersPolicySecurityHeadersConfigContentTypeOptions { Override = true },
                FrameOptions = new CloudfrontResponseHeadersPolicySecurityHeadersConfigFrameOptions { FrameOption = "DENY", Override = true },
                ReferrerPolicy = new CloudfrontResponseHeadersPolicySecurityHeadersConfigReferrerPolicy { ReferrerPolicy = "strict-origin-when-cross-origin", Override = true },
                XssProtection = new CloudfrontResponseHeadersPolicySecurityHeadersConfigXssProtection { Protection = true, ModeBlock = true, Override = true },
            },
            Provider = provider,
        });

        var behaviours = new List<CloudfrontDistributionOrderedCacheBehavior>();
        foreach (var path in EdgeRoutes.BackendPaths)
        {
            // API and WebSocket upgrades: nothing cached, every viewer header (but Host), cookie and query string forwarded.
            behaviours.Add(new CloudfrontDistributionOrderedCacheBehavior
            {
                PathPattern = path,
                TargetOriginId = AlbOriginId,
                ViewerProtocolPolicy = props.ViewerProtocolPolicy,
                AllowedMethods = AllMethods,
                CachedMethods = ReadMethods,
                CachePolicyId = CachingDisabledPolicyId,
                OriginRequestPolicyId = AllViewerExceptHostHeaderPolicyId,
                ResponseHeadersPolicyId = headers.Id,
                Compress = false,
            });
        }

        foreach (var path in StaticPaths)
        {
            behaviours.Add(new CloudfrontDistributionOrderedCacheBehavior
            {
                PathPattern = path,
                TargetOriginId = props.DrStaticAssetsDomainName is null ? S3OriginId : S3GroupId,
                ViewerProtocolPolicy = props.ViewerProtocolPolicy,
                AllowedMethods = ReadAndOptions,
                CachedMethods = ReadMethods,
                CachePolicyId = staticPolicy.Id,
                ResponseHeadersPolicyId = headers.Id,
                Compress = true,
            });
        }

        var distribution = new CloudfrontDistribution(this, "distribution", new CloudfrontDistributionConfig
        {
            Enabled = true,
            Comment = $"{props.Name}: static assets from S3, everything else from the ALB",
            Aliases = props.Aliases.ToArray(),
            IsIpv6Enabled = true,
            HttpVersion = "http2and3",
            PriceClass = props.PriceClass,
            WebAclId = props.WebAclArn,
            Origin = new[]
            {
                new CloudfrontDistributionOrigin
                {
                    OriginId = S3OriginId,
                    DomainName = props.StaticAssetsDomainName,
                    OriginAccessControlId = oac.Id,
                },
            }.Concat(props.DrStaticAssetsDomainName is { } drDomain
                ? [new CloudfrontDistributionOrigin { OriginId = S3DrOriginId, DomainName = drDomain, OriginAccessControlId = oac.Id }]
                : []).Append(
                new CloudfrontDistributionOrigin
                {
                    OriginId = AlbOriginId,
                    DomainName = props.OriginDomainName,
                    CustomOriginConfig = new CloudfrontDistributionOriginCustomOriginConfig
                    {
                        HttpPort = ServicePorts.Http,
                        HttpsPort = ServicePorts.Https,
                        OriginProtocolPolicy = "https-only",
                        OriginSslProtocols = ["TLSv1.2"],
                        OriginReadTimeout = 60,
                        OriginKeepaliveTimeout = 60,
                    },
                    CustomHeader = new[] { new CloudfrontDistributionOriginCustomHeader { Name = props.OriginHeaderName, Value = props.OriginHeaderValue } },
                }).ToArray(),
            OriginGroup = props.DrStaticAssetsDomainName is null ? null : new[]
            {
                new CloudfrontDistributionOriginGroup
                {
                    OriginId = S3GroupId,
                    FailoverCriteria = new CloudfrontDistributionOriginGroupFailoverCriteria { StatusCodes = FailoverStatusCodes.Select(c => (double)c).ToArray() },
                    Member = new[]
                    {
                        new CloudfrontDistributionOriginGroupMember { OriginId = S3OriginId },
                        new CloudfrontDistributionOriginGroupMember { OriginId = S3DrOriginId },
                    },
                },
            },
            DefaultCacheBehavior = new CloudfrontDistributionDefaultCacheBehavior
            {
                TargetOriginId = AlbOriginId,
                ViewerProtocolPolicy = props.ViewerProtocolPolicy,
                AllowedMethods = AllMethods,
                CachedMethods = ReadMethods,
                CachePolicyId = dynamicPolicy.Id,
                ResponseHeadersPolicyId = headers.Id,
                Compress = true,
            },
            OrderedCacheBehavior = behaviours.ToArray(),
            ViewerCertificate = new CloudfrontDistributionViewerCertificate
            {
                AcmCertificateArn = props.CertificateArn,
                SslSupportMethod = "sni-only",
                MinimumProtocolVersion = props.MinimumProtocolVersion,
                CloudfrontDefaultCertificate = false,
            },
            Restrictions = new CloudfrontDistributionRestrictions
            {
                GeoRestriction = new CloudfrontDistributionRestrictionsGeoRestriction { RestrictionType = "none", Locations = [] },
            },
            Provider = provider,
        });
        DistributionId = distribution.Id;
        DistributionArn = distribution.Arn;
        DomainName = distribution.DomainName;

        // Provider fault (ProviderFaults.LogDeliverySuffixPath): an in-place UpdateDeliveryConfiguration stores the suffix
        // path without the AWSLogs/<account>/CloudFront/ prefix CreateDelivery added, so logs would move folder. The
        // delivery is therefore never updated in place: Terraform ignores drift on what an update would send, and the
        // source's name carries a digest of those settings, so changing them replaces the source and with it the
        // delivery (its delivery_source_name forces replacement): CreateDelivery again, the same prefix.
        var settingsDigest = ProviderFaults.LogDeliverySettingsDigest(LogSuffixPath, false, LogFields, null);
        var source = new CloudwatchLogDeliverySource(this, "log_source", new CloudwatchLogDeliverySourceConfig
        {
            Name = $"{props.Name}-access-logs-{settingsDigest}",
            LogType = "ACCESS_LOGS",
            ResourceArn = distribution.Arn,
            Provider = provider,
        });
        var destination = new CloudwatchLogDeliveryDestination(this, "log_destination", new CloudwatchLogDeliveryDestinationConfig
        {
            Name = $"{props.Name}-access-logs-s3",
            OutputFormat = "json",
            DeliveryDestinationConfiguration = new[]
            {
                new CloudwatchLogDeliveryDestinationDeliveryDestinationConfiguration
                {
                    DestinationResourceArn = $"{props.AccessLogsBucketArn}/{AccessLogDelivery.CloudFrontPrefix}",
                },
            },
            Provider = provider,
        });
        _ = new CloudwatchLogDelivery(this, "log_delivery", new CloudwatchLogDeliveryConfig
        {
            DeliverySourceName = source.Name,
            DeliveryDestinationArn = destination.Arn,
            RecordFields = LogFields.ToArray(),
            S3DeliveryConfiguration = new[]
            {
                new CloudwatchLogDeliveryS3DeliveryConfiguration { SuffixPath = LogSuffixPath, EnableHiveCompatiblePath = false },
            },
            Provider = provider,
            Lifecycle = new TerraformResourceLifecycle { IgnoreChanges = ProviderFaults.LogDeliverySuffixPath.IgnoredAttributes.ToArray() },
        });

        CloudfrontCachePolicy CachePolicy(string policyId, string name, string comment, int min, int defaultTtl, int max, string cookies) =>
            new(this, policyId, new CloudfrontCachePolicyConfig
            {
                Name = name,
                Comment = comment,
                MinTtl = min,
                DefaultTtl = defaultTtl,
                MaxTtl = max,
                ParametersInCacheKeyAndForwardedToOrigin = new CloudfrontCachePolicyParametersInCacheKeyAndForwardedToOrigin
                {
                    EnableAcceptEncodingGzip = true,
                    EnableAcceptEncodingBrotli = true,
                    CookiesConfig = new CloudfrontCachePolicyParametersInCacheKeyAndForwardedToOriginCookiesConfig { CookieBehavior = cookies },
                    HeadersConfig = new CloudfrontCachePolicyParametersInCacheKeyAndForwardedToOriginHeadersConfig { HeaderBehavior = "none" },
                    QueryStringsConfig = new CloudfrontCachePolicyParametersInCacheKeyAndForwardedToOriginQueryStringsConfig { QueryStringBehavior = "all" },
                },
                Provider = provider,
            });
    }

    /// <summary>The distribution id.</summary>
    public string DistributionId { get; }

    /// <summary>The distribution ARN.</summary>
    public string DistributionArn { get; }

    /// <summary>The <c>*.cloudfront.net</c> name (alias target).</summary>
    public string DomainName { get; }
}
