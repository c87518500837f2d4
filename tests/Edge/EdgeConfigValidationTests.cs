
namespace Ecolaura.Tf.Tests.Edge;

/// <summary>
/// Bad inputs of the edge workspace (a bogus or outdated ALB TLS policy, a CloudFront protocol floor below TLSv1.2_2021,
/// deletion protection off in staging or prod): rejected before synth with field, value and what is allowed (Terraform
/// plans every one of them).
/// </summary>
public class EdgeConfigValidationTests
{
    private const string AllowedPolicies =
        "[ELBSecurityPolicy-TLS13-1-2-2021-06, ELBSecurityPolicy-TLS13-1-2-Res-2021-06, ELBSecurityPolicy-TLS13-1-3-2021-06, "
        + "ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04, ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04, ELBSecurityPolicy-FS-1-2-Res-2020-10]";

    private static IReadOnlyList<string> Problems(string env, string edgeJson)
    {
        var json = $$"""{ "environments": { "{{env}}": { "edge": {{edgeJson}} } } }""";
        return Assert.Throws<ConfigValidationException>(() => ConfigLoader.Load(json))!.Problems.Select(p => p.ToString()).ToArray();
    }

    private static EnvironmentConfig Load(string env, string edgeJson) =>
        ConfigLoader.Load($$"""{ "environments": { "{{env}}": { "edge": {{edgeJson}} } } }""").Single(e => e.Name == env);

    // Section 4 #28
    [TestCase("ELBSecurityPolicy-NOPE")]
    [TestCase("ELBSecurityPolicy-2016-08")]
    [TestCase("ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06")]
    [TestCase("ELBSecurityPolicy-TLS13-1-2-Ext2-2021-06")]
    [TestCase("ELBSecurityPolicy-FS-1-1-2019-08")]
    [TestCase("ELBSecurityPolicy-TLS-1-1-2017-01")]
    public void A_bogus_or_outdated_tls_policy_is_rejected(string policy) =>
        Assert.That(Problems("prod", $$"""{ "sslPolicy": "{{policy}}" }"""),
            Has.Member($"environments.prod.edge.sslPolicy: not in allowed {AllowedPolicies} ({EdgeConfigValidator.SslPoliciesSource}), got '{policy}'"));

    [Test]
    public void An_allowed_tls_policy_is_accepted() =>
        Assert.That(Load("prod", """{ "sslPolicy": "ELBSecurityPolicy-TLS13-1-3-2021-06" }""").Edge.SslPolicy, Is.EqualTo("ELBSecurityPolicy-TLS13-1-3-2021-06"));

    // Section 4 #29
    [TestCase("us-west-2")]
    [TestCase("eu-west-1")]
    public void A_cloudfront_certificate_outside_us_east_1_is_rejected(string region) =>
        Assert.That(Problems("staging", $$"""{ "cloudFrontCertificateRegion": "{{region}}" }"""),
            Has.Member($"environments.staging.edge.cloudFrontCertificateRegion: must be us-east-1: CloudFront only accepts ACM certificates issued in us-east-1, got '{region}'"));

    [Test]
    public void The_waf_scope_is_not_configurable()
    {
        var problems = Problems("prod", """{ "wafScope": "REGIONAL" }""");
        Assert.That(problems, Has.One.StartsWith("environments.prod.edge.wafScope: allowed fields are [domain, hostedZoneId, siteNames,"));
        Assert.That(problems.Single(), Does.EndWith("got an unknown field"));
    }

    // Section 4 #30
    [TestCase("TLSv1")]
    [TestCase("TLSv1_2016")]
    [TestCase("TLSv1.1_2016")]
    [TestCase("TLSv1.2_2019")]
    [TestCase("SSLv3")]
    public void A_viewer_protocol_floor_below_tls_1_2_2021_is_rejected(string version) =>
        Assert.That(Problems("prod", $$"""{ "minimumProtocolVersion": "{{version}}" }"""),
            Has.Member($"environments.prod.edge.minimumProtocolVersion: not in allowed [TLSv1.2_2021, TLSv1.2_2025, TLSv1.3_2025] (nothing below TLSv1.2_2021; {EdgeConfigValidator.MinimumProtocolVersionsSource}), got '{version}'"));

    [Test]
    public void Viewer_policy_allow_all_is_rejected() =>
        Assert.That(Problems("prod", """{ "viewerProtocolPolicy": "allow-all" }"""),
            Has.Member("environments.prod.edge.viewerProtocolPolicy: must be one of [redirect-to-https, https-only], got \"allow-all\""));

    [Test]
    public void Viewer_policy_https_only_is_accepted() =>
        Assert.That(Load("prod", """{ "viewerProtocolPolicy": "https-only" }""").Edge.ViewerProtocolPolicy, Is.EqualTo(ViewerProtocol.HttpsOnly));

    [TestCase("z0123456789ABCDEF")]
    [TestCase("Z123")]
    [TestCase("Z0123456789-ABCDEF")]
    [TestCase("/hostedzone/Z0123456789ABCDEF")]
    public void A_malformed_hosted_zone_id_is_rejected(string zone) =>
        Assert.That(Problems("prod", $$"""{ "hostedZoneId": "{{zone}}" }"""),
            Has.Member($"environments.prod.edge.hostedZoneId: must be a Route 53 hosted zone id such as Z0123456789ABCDEFGHIJ ('Z' and 8–32 uppercase letters or digits), got '{zone}'"));

    [TestCase("Ecolaura.Example")]
    [TestCase("ecolaura")]
    [TestCase("-bad.example")]
    [TestCase("bad_domain.example")]
    [TestCase("ecolaura.example.")]
    public void A_malformed_domain_is_rejected(string domain) =>
        Assert.That(Problems("prod", $$"""{ "domain": "{{domain}}" }"""),
            Has.Member($"environments.prod.edge.domain: must be a lowercase DNS name with at least two labels such as dev.ecolaura.example (a–z, 0–9 and '-', at most 253 characters), got '{domain}'"));

    [TestCase(9)]
    [TestCase(0)]
    [TestCase(2_000_000_001)]
    public void A_rate_limit_out_of_range_is_rejected(int limit) =>
        Assert.That(Problems("prod", $$"""{ "wafRateLimit": {{limit}} }"""),
            Has.Member($"environments.prod.edge.wafRateLimit: outside 10–2000000000 requests per 5 minutes (the AWS WAF rate-based rule limit), got {limit}"));

    [TestCase(0)]
    [TestCase(4001)]
    [TestCase(-5)]
    public void An_idle_timeout_outside_1_to_4000_is_rejected(int seconds) =>
        Assert.That(Problems("prod", $$"""{ "idleTimeoutSeconds": {{seconds}} }"""),
            Has.Member($"environments.prod.edge.idleTimeoutSeconds: outside 1–4000 seconds (the ALB limit), got {seconds}"));

    [TestCase("staging")]
    [TestCase("prod")]
    public void Alb_without_deletion_protection_is_rejected_outside_dev(string env)
    {
        Assert.That(Problems(env, """{ "deletionProtection": false }"""),
            Has.Member($"environments.{env}.edge.deletionProtection: {env} ({Tier(env)} tier) needs ALB deletion protection; it may be off in the development tier only, got False"));
        Assert.That(Load("dev", """{ "deletionProtection": false }""").Edge.DeletionProtection, Is.False);
    }

    [Test]
    public void An_unknown_price_class_is_rejected() =>
        Assert.That(Problems("prod", """{ "priceClass": "PriceClass_300" }"""),
            Has.Member("environments.prod.edge.priceClass: must be one of [class100, class200, all], got \"PriceClass_300\""));

    [Test]
    public void An_unknown_colour_is_rejected() =>
        Assert.That(Problems("prod", """{ "backend": { "activeColor": "purple" } }"""),
            Has.Member("environments.prod.edge.backend.activeColor: must be one of [blue, green], got \"purple\""));

    [Test]
    public void Site_and_origin_names_are_checked()
    {
        var problems = Problems("prod", """{ "siteNames": ["@", "WWW", "@"], "originName": "origin_1" }""");
        Assert.That(problems, Has.Member("environments.prod.edge.siteNames: must not repeat a name, got [@, WWW, @]"));
        Assert.That(problems, Has.Member("environments.prod.edge.siteNames: every name must be '@' or lowercase labels relative to the domain, such as www, got 'WWW'"));
        Assert.That(problems, Has.Member("environments.prod.edge.originName: must be lowercase labels relative to the domain, such as origin, got 'origin_1'"));
        Assert.That(Problems("prod", """{ "siteNames": [] }"""),
            Has.Member("environments.prod.edge.siteNames: must name at least one host ('@' is the domain itself), got []"));
        Assert.That(Problems("prod", """{ "siteNames": ["@", "origin"] }"""),
            Has.Member("environments.prod.edge.originName: must differ from every site name: the origin bypasses CloudFront and only answers CloudFront, got 'origin'"));
    }

    [Test]
    public void Canary_health_path_header_and_log_retention_are_checked()
    {
        var problems = Problems("prod", """
            { "frontend": { "canaryPercent": 60, "healthCheckPath": "healthz" }, "originVerifyHeaderName": "Origin Verify",
              "wafLogRetentionDays": 30 }
            """);
        Assert.That(problems, Has.Member("environments.prod.edge.frontend.canaryPercent: outside 0–50 percent (more than half would make the canary the active colour), got 60"));
        Assert.That(problems, Has.Member("environments.prod.edge.frontend.healthCheckPath: must be a path starting with '/' (up to 1024 characters, no spaces or '?'), got 'healthz'"));
        Assert.That(problems, Has.Member("environments.prod.edge.originVerifyHeaderName: must be a custom header name such as X-Origin-Verify ('X-' and up to 38 letters, digits or '-'), got 'Origin Verify'"));
        Assert.That(problems, Has.Some.StartsWith("environments.prod.edge.wafLogRetentionDays: must be a CloudWatch retention value of at least 365 days [365, 400,"));
    }

    [Test]
    public void A_literal_origin_secret_in_config_is_refused() =>
        Assert.That(Problems("prod", """{ "token": "0123456789abcdef0123456789abcdef" }"""),
            Has.Member("environments.prod.edge.token: literal secrets are not allowed in configuration; secrets are sensitive Terraform inputs supplied at apply time (TF_VAR_…), got a secret value"));

    private static string Tier(string env) => DefaultEnvironments.All.Single(e => e.Name == env).Tier.Id();
}
