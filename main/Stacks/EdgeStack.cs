using Constructs;

namespace Ecolaura.Tf.App.Stacks;

/// <summary>Producers the edge workspace reads.</summary>
public sealed record EdgeStackProps
{
    /// <summary>Foundation (logs key, alert topics).</summary>
    public required FoundationStack Foundation { get; init; }

    /// <summary>Network (VPC, public subnets, the ALB security group).</summary>
    public required NetworkStack Network { get; init; }

    /// <summary>Data (static-assets bucket, access-logs bucket).</summary>
    public required DataStack Data { get; init; }
}

/// <summary>Workspace <c>edge</c>: certificates and DNS, the ALB with blue/green target groups, CloudFront, WAF and alarms.</summary>
public sealed class EdgeStack : EcolauraStack
{
    /// <summary>The apply-time input holding the origin header's value.</summary>
    public const string OriginSecretInput = "origin_verify_secret";

    /// <summary>Composes the workspace and publishes <see cref="EdgeOutputs"/>.</summary>
    public EdgeStack(Construct scope, EnvironmentConfig environment, EdgeStackProps props)
        : base(scope, environment, Workspace.Edge)
    {
        var foundation = FoundationOutputs.FromRemoteState(this, props.Foundation);
        var network = NetworkOutputs.FromRemoteState(this, props.Network);
        var data = DataOutputs.FromRemoteState(this, props.Data);
        var config = environment.Edge;
        var account = environment.AccountId;
        var name = Names.Of(Workspace.Edge, "").TrimEnd('-'); // ecolaura-<env>-edge, the prefix of every edge name
        var siteNames = EdgeConfigValidator.SiteDomainNames(config);
        var originName = EdgeConfigValidator.OriginDomainName(config);
        var hasDr = DrSizing.HasWorkspace(environment);
        var usEast1Critical = environment.Region == GlobalServicesRegion ? foundation.CriticalAlertsTopicArn : foundation.UsEast1CriticalAlertsTopicArn!;
        var usEast1NonCritical = environment.Region == GlobalServicesRegion ? foundation.NonCriticalAlertsTopicArn : foundation.UsEast1NonCriticalAlertsTopicArn!;

        var originSecret = SensitiveInput(
            OriginSecretInput,
            $"Value of the {config.OriginVerifyHeaderName} header CloudFront adds to origin requests and the ALB requires: set TF_VAR_{OriginSecretInput} for plan and apply (kept in state, masked in plans)",
            "^[A-Za-z0-9_-]{32,128}$",
            $"{OriginSecretInput} must be 32–128 characters of letters, digits, '_' and '-' (ALB rule values treat * and ? as wildcards).");

        var siteCertificate = new DnsValidatedCertificate(this, "site_certificate", new DnsValidatedCertificateProps
        {
            DomainNames = siteNames,
            HostedZoneId = config.HostedZoneId,
            Provider = UsEast1Provider,
        });
        var originCertificate = new DnsValidatedCertificate(this, "origin_certificate", new DnsValidatedCertificateProps
        {
            DomainNames = [originName],
            HostedZoneId = config.HostedZoneId,
        });

        var alb = new OriginLoadBalancer(this, "alb", new OriginLoadBalancerProps
        {
            Name = name,
            VpcId = network.VpcId,
            SubnetIds = network.PublicSubnetIds,
            SecurityGroupId = network.AlbSecurityGroupId,
            ApplicationPort = environment.Network.ApplicationPort,
            CertificateArn = originCertificate.CertificateArn,
            SslPolicy = config.SslPolicy,
            IdleTimeoutSeconds = config.IdleTimeoutSeconds,
            DeletionProtection = config.DeletionProtection,
            AccessLogsBucketName = data.AccessLogsBucketName,
            Frontend = config.Frontend,
            Backend = config.Backend,
            OriginHeaderName = config.OriginVerifyHeaderName,
            OriginHeaderValue = originSecret,
        });
        var originWaf = new OriginWebAcl(this, "alb_waf", new OriginWebAclProps
        {
            Name = $"{name}-alb",
            LoadBalancerArn = alb.LoadBalancerArn,
            OriginHeaderName = config.OriginVerifyHeaderName,
            OriginHeaderValue = originSecret,
        });
        var redacted = new[] { config.OriginVerifyHeaderName.ToLowerInvariant(), "authorization", "cookie" };
        _ = new WafLogging(this, "alb_waf_logs", new WafLoggingProps
        {
            WebAclArn = originWaf.WebAclArn,
            LogGroupName = $"{WafLogging.LogGroupPrefix}{name}-alb",
            KmsKeyArn = foundation.LogsKmsKeyArn,
            RetentionDays = config.WafLogRetentionDays,
            RedactedHeaders = redacted,
            AccountId = account,
            Region = environment.Region,
        });

        var cdnWaf = new CdnWebAcl(this, "cdn_waf", new CdnWebAclProps
        {
            Name = $"{name}-cdn",
            RateLimit = config.WafRateLimit,
            UsEast1Provider = UsEast1Provider,
        });
        var wafLogsKey = new CustomerManagedKey(this, "waf_logs_key", new CustomerManagedKeyProps
        {
            Alias = Names.Of(Workspace.Edge, "waf-logs"),
            Description = $"CloudFront WAF logs of {environment.Name} (us-east-1)",
            AccountId = account,
            Statements = [LogGroupEncryption.KeyStatement(EdgeConfigValidator.CloudFrontRegion, account)],
            Provider = UsEast1Provider,
        });
        _ = new WafLogging(this, "cdn_waf_logs", new WafLoggingProps
        {
            WebAclArn = cdnWaf.WebAclArn,
            LogGroupName = $"{WafLogging.LogGroupPrefix}{name}-cdn",
            KmsKeyArn = wafLogsKey.KeyArn,
            RetentionDays = config.WafLogRetentionDays,
            RedactedHeaders = redacted,
            AccountId = account,
            Region = EdgeConfigValidator.CloudFrontRegion,
            Provider = UsEast1Provider,
        });

        var cdn = new ContentDistribution(this, "cdn", new ContentDistributionProps
        {
            Name = name,
            Aliases = siteNames,
            CertificateArn = siteCertificate.CertificateArn,
            MinimumProtocolVersion = config.MinimumProtocolVersion,
            ViewerProtocolPolicy = config.ViewerProtocolPolicy == ViewerProtocol.HttpsOnly ? "https-only" : "redirect-to-https",
            PriceClass = config.PriceClass switch
            {
                CloudFrontPriceClass.Class100 => "PriceClass_100",
                CloudFrontPriceClass.Class200 => "PriceClass_200",
                _ => "PriceClass_All",
            },
            WebAclArn = cdnWaf.WebAclArn,
            StaticAssetsDomainName = data.StaticAssetsBucketDomainName,
            DrStaticAssetsDomainName = hasDr ? data.DrStaticAssetsBucketDomainName : null,
            OriginDomainName = originName,
            OriginHeaderName = config.OriginVerifyHeaderName,
            OriginHeaderValue = originSecret,
            AccessLogsBucketArn = data.AccessLogsBucketArn,
            UsEast1Provider = UsEast1Provider,
        });

        _ = new AliasRecords(this, "dns_site", new AliasRecordsProps
        {
            HostedZoneId = config.HostedZoneId,
            Names = config.SiteNames.Zip(siteNames, (relative, fqdn) => (relative == "@" ? "apex" : relative.Replace('.', '_'), fqdn)).ToArray(),
            TargetDnsName = cdn.DomainName,
            TargetZoneId = AliasRecords.CloudFrontZoneId,
            Ipv6 = true,
            EvaluateTargetHealth = false,
        });
        // With a DR region the origin name is a failover pair: this PRIMARY (health-checked, OriginHealthCheck) and the dr
        // workspace's SECONDARY (the DR load balancer, warm and active only). Same construct id, so the address stays
        // aws_route53_record.dns_origin_a; Route 53 has no SECONDARY in pilot and keeps answering with the PRIMARY.
        var originHealth = hasDr ? new OriginHealthCheck(this, "origin_health", new OriginHealthCheckProps
        {
            Name = Names.Of(Workspace.Edge, "alarm"),
            LoadBalancerArnSuffix = alb.LoadBalancerArnSuffix,
            Region = environment.Region,
            CriticalTopicArn = foundation.CriticalAlertsTopicArn,
            UsEast1CriticalTopicArn = usEast1Critical,
            UsEast1Provider = UsEast1Provider,
        }) : null;
        _ = new AliasRecords(this, "dns", new AliasRecordsProps
        {
            HostedZoneId = config.HostedZoneId,
            Names = [("origin", originName)],
            TargetDnsName = alb.DnsName,
            TargetZoneId = alb.ZoneId,
            Ipv6 = false,
            EvaluateTargetHealth = true,
            Failover = originHealth is null ? null : new FailoverRouting("PRIMARY", FailoverRouting.PrimarySetIdentifier, originHealth.HealthCheckId),
        });

        _ = new EdgeAlarms(this, "alarms", new EdgeAlarmsProps
        {
            Name = Names.Of(Workspace.Edge, "alarm"),
            LoadBalancerArnSuffix = alb.LoadBalancerArnSuffix,
            TargetGroups = alb.TargetGroups,
            CriticalTopicArn = foundation.CriticalAlertsTopicArn,
            NonCriticalTopicArn = foundation.NonCriticalAlertsTopicArn,
            Cdn = new CdnAlarmTargets
            {
                DistributionId = cdn.DistributionId,
                WebAclName = cdnWaf.WebAclName,
                BlockedRequestsThreshold = Math.Max(1000, config.WafRateLimit),
                UsEast1CriticalTopicArn = usEast1Critical,
                UsEast1NonCriticalTopicArn = usEast1NonCritical,
                UsEast1Provider = UsEast1Provider,
            },
        });

        Outputs = new EdgeOutputs
        {
            AlbArn = alb.LoadBalancerArn,
            AlbDnsName = alb.DnsName,
            AlbZoneId = alb.ZoneId,
            HttpsListenerArn = alb.HttpsListenerArn,
            FrontendBlueTargetGroupArn = alb.TargetGroups[(EdgeApp.Frontend, DeploymentColor.Blue)].Arn,
            FrontendGreenTargetGroupArn = alb.TargetGroups[(EdgeApp.Frontend, DeploymentColor.Green)].Arn,
            BackendBlueTargetGroupArn = alb.TargetGroups[(EdgeApp.Backend, DeploymentColor.Blue)].Arn,
            BackendGreenTargetGroupArn = alb.TargetGroups[(EdgeApp.Backend, DeploymentColor.Green)].Arn,
            DistributionId = cdn.DistributionId,
            DistributionArn = cdn.DistributionArn,
            DistributionDomainName = cdn.DomainName,
            WebAclArn = cdnWaf.WebAclArn,
        };
        Outputs.Publish(this);
    }

    /// <summary>What this workspace publishes.</summary>
    public EdgeOutputs Outputs { get; }
}
