namespace Ecolaura.Tf.Tests.Security;

/// <summary>
/// Bad inputs of the security workspace that Terraform accepts (or only fails on at apply): each is rejected before synth
/// with the field path, the bad value and what is allowed, and nothing is synthesized.
/// </summary>
public class SecurityConfigValidationTests
{
    private static IReadOnlyList<string> Problems(string env, string securityJson)
    {
        var json = $$"""{ "environments": { "{{env}}": { "security": {{securityJson}} } } }""";
        return Assert.Throws<ConfigValidationException>(() => ConfigLoader.Load(json))!.Problems.Select(p => p.ToString()).ToArray();
    }

    private static EnvironmentConfig Load(string env, string securityJson) =>
        ConfigLoader.Load($$"""{ "environments": { "{{env}}": { "security": {{securityJson}} } } }""").Single(e => e.Name == env);

    [Test]
    public void The_defaults_are_valid_and_follow_cis()
    {
        var security = ConfigLoader.Load().Single(e => e.Name == "prod").Security;
        Assert.Multiple(() =>
        {
            Assert.That(security.PasswordPolicy.MinimumLength, Is.EqualTo(14));
            Assert.That(security.PasswordPolicy.ReusePrevention, Is.EqualTo(24));
            Assert.That(security.SecurityHubStandards, Is.EqualTo(new[] { "aws-foundational-security-best-practices/v/1.0.0", "cis-aws-foundations-benchmark/v/3.0.0" }));
            Assert.That(security.Budget.Currency, Is.EqualTo("USD"));
            Assert.That(security.TrailLogRetentionDays, Is.EqualTo(365));
        });
    }

    [TestCase(0)]
    [TestCase(-100)]
    public void A_budget_limit_of_zero_or_less_is_rejected(int limit) =>
        Assert.That(Problems("prod", $$"""{ "budget": { "monthlyLimit": {{limit}} } }"""),
            Is.EqualTo(new[] { $"environments.prod.security.budget.monthlyLimit: must be greater than 0 (whole USD per month), got {limit}" }));

    [TestCase("EUR")]
    [TestCase("usd")]
    public void A_currency_other_than_usd_is_rejected(string currency) =>
        Assert.That(Problems("dev", $$"""{ "budget": { "monthlyLimit": 100, "currency": "{{currency}}" } }"""),
            Is.EqualTo(new[] { $"environments.dev.security.budget.currency: must be USD: AWS Budgets cost budgets are kept in US dollars, got '{currency}'" }));

    [TestCase("forecastThresholdsPercent", 0)]
    [TestCase("forecastThresholdsPercent", 1001)]
    [TestCase("actualThresholdsPercent", -5)]
    [TestCase("actualThresholdsPercent", 5000)]
    public void A_threshold_outside_1_to_1000_percent_is_rejected(string field, int percent) =>
        Assert.That(Problems("staging", $$"""{ "budget": { "monthlyLimit": 100, "{{field}}": [50, {{percent}}] } }"""),
            Has.Member($"environments.staging.security.budget.{field}[1]: must be 1–1000 % of the limit, got {percent}"));

    [TestCase(0)]
    [TestCase(1500)]
    public void A_critical_threshold_outside_1_to_1000_percent_is_rejected(int percent) =>
        Assert.That(Problems("prod", $$"""{ "budget": { "monthlyLimit": 100, "criticalThresholdPercent": {{percent}} } }"""),
            Has.Member($"environments.prod.security.budget.criticalThresholdPercent: must be 1–1000 % of the limit, got {percent}"));

    [Test]
    public void A_critical_threshold_equal_to_an_actual_one_is_rejected() =>
        Assert.That(Problems("prod", """{ "budget": { "monthlyLimit": 100, "actualThresholdsPercent": [80, 120], "criticalThresholdPercent": 120 } }"""),
            Is.EqualTo(new[] { "environments.prod.security.budget.criticalThresholdPercent: must differ from every actualThresholdsPercent value (one budget notification per type and threshold), got 120" }));

    [Test]
    public void More_than_ten_budget_notifications_are_rejected() =>
        Assert.That(Problems("prod", """{ "budget": { "monthlyLimit": 100, "forecastThresholdsPercent": [10, 20, 30, 40, 50], "actualThresholdsPercent": [60, 70, 80, 90, 95] } }"""),
            Is.EqualTo(new[] { "environments.prod.security.budget: must have at most 10 notifications (forecast + actual thresholds + the critical one), got 11 notifications" }));

    [TestCase(8)]
    [TestCase(13)]
    public void A_password_length_below_cis_is_rejected(int length) =>
        Assert.That(Problems("prod", $$"""{ "passwordPolicy": { "minimumLength": {{length}} } }"""),
            Is.EqualTo(new[] { $"environments.prod.security.passwordPolicy.minimumLength: must be 14–128 characters (CIS AWS Foundations 1.8 asks for at least 14), got {length}" }));

    [TestCase(0)]
    [TestCase(5)]
    [TestCase(23)]
    public void A_password_reuse_prevention_below_cis_is_rejected(int reuse) =>
        Assert.That(Problems("dev", $$"""{ "passwordPolicy": { "reusePrevention": {{reuse}} } }"""),
            Is.EqualTo(new[] { $"environments.dev.security.passwordPolicy.reusePrevention: must be 24 (CIS AWS Foundations 1.9 asks for at least 24; IAM allows at most 24), got {reuse}" }));

    [Test]
    public void A_stronger_password_policy_is_accepted() =>
        Assert.That(Load("prod", """{ "passwordPolicy": { "minimumLength": 20, "maxAgeDays": 60 } }""").Security.PasswordPolicy.MinimumLength, Is.EqualTo(20));

    [TestCase("cis-aws-foundations-benchmark/v/9.9.9")]
    [TestCase("arn:aws:securityhub:us-east-1::standards/aws-foundational-security-best-practices/v/1.0.0")]
    [TestCase("cis-aws-foundations-benchmark/v/1.2.0")]
    public void An_unknown_security_hub_standard_is_rejected(string standard) =>
        Assert.That(Problems("prod", $$"""{ "securityHubStandards": ["{{standard}}"] }"""),
            Is.EqualTo(new[]
            {
                $"environments.prod.security.securityHubStandards: is not a known Security Hub standard; allowed: [{string.Join(", ", SecurityHubStandards.Known)}], got '{standard}'",
            }));

    [Test]
    public void No_security_hub_standard_is_rejected() =>
        Assert.That(Problems("prod", """{ "securityHubStandards": [] }"""),
            Has.One.StartsWith("environments.prod.security.securityHubStandards: must name at least one standard of ["));

    [TestCase(364)]
    [TestCase(366)]
    [TestCase(0)]
    [TestCase(30)]
    public void A_trail_retention_that_is_not_a_cloudwatch_value_of_a_year_or_more_is_rejected(int days) =>
        Assert.That(Problems("staging", $$"""{ "trailLogRetentionDays": {{days}} }"""),
            Is.EqualTo(new[] { $"environments.staging.security.trailLogRetentionDays: must be a CloudWatch Logs retention value of at least 365 [365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], got {days}" }));

    [Test]
    public void A_longer_cloudwatch_trail_retention_is_accepted() =>
        Assert.That(Load("staging", """{ "trailLogRetentionDays": 731 }""").Security.TrailLogRetentionDays, Is.EqualTo(731));

    [Test]
    public void A_container_insights_retention_that_is_not_a_cloudwatch_value_is_rejected() =>
        Assert.That(Problems("dev", """{ "containerInsightsLogRetentionDays": 10 }"""),
            Has.One.StartsWith("environments.dev.security.containerInsightsLogRetentionDays: must be a CloudWatch Logs retention value [1, 3, 5, 7, 14, 30,"));

    [Test]
    public void A_bucket_prefix_that_makes_the_trail_bucket_name_too_long_is_rejected()
    {
        var json = """{ "environments": { "staging": { "data": { "buckets": { "namePrefix": "ecolaura-platform-xy" } } } } }""";
        var problems = Assert.Throws<ConfigValidationException>(() => ConfigLoader.Load(json))!.Problems.Select(p => p.ToString());
        Assert.That(problems, Has.Member("environments.staging.data.buckets.namePrefix: gives the trail bucket name "
            + "'ecolaura-platform-xy-staging-cloudtrail-logs-222222222222-us-east-1' (67 characters), longer than the 63 S3 allows; use a shorter prefix, got 'ecolaura-platform-xy'"));
    }

    [Test]
    public void Every_problem_is_reported_at_once_and_the_synth_writes_nothing()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"ecolaura-security-invalid-{Guid.NewGuid():N}");
        try
        {
            Directory.CreateDirectory(dir);
            var config = Path.Combine(dir, "bad.json");
            File.WriteAllText(config, """{ "environments": { "prod": { "security": { "budget": { "monthlyLimit": 0, "currency": "EUR" }, "passwordPolicy": { "minimumLength": 8 } } } } }""");
            var stderr = new StringWriter();
            var code = Ecolaura.Tf.App.Cli.Run(["synth", "--config", config, "--out", Path.Combine(dir, "cdktf.out")], TextWriter.Null, stderr);
            Assert.Multiple(() =>
            {
                Assert.That(code, Is.EqualTo(1));
                Assert.That(stderr.ToString(), Does.Contain("configuration is invalid (3 problems)"));
                Assert.That(stderr.ToString(), Does.Contain("environments.prod.security.budget.monthlyLimit"));
                Assert.That(stderr.ToString(), Does.Contain("environments.prod.security.budget.currency"));
                Assert.That(stderr.ToString(), Does.Contain("environments.prod.security.passwordPolicy.minimumLength"));
                Assert.That(Directory.Exists(Path.Combine(dir, "cdktf.out")), Is.False);
            });
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
