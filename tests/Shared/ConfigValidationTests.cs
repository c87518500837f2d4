
namespace Ecolaura.Tf.Tests.Shared;

/// <summary>
/// Bad inputs of the foundation and network workspaces (environment names, AZ lists, VPC and subnet ranges, overlaps,
/// literal secrets, state-backend settings): each is rejected
/// before synth with the field path, the bad value and what is allowed (Terraform itself accepts most of them).
/// </summary>
public class ConfigValidationTests
{
    private static IReadOnlyList<string> Problems(string overrideJson, params string[] only)
    {
        var e = Assert.Throws<ConfigValidationException>(() => ConfigLoader.Load(overrideJson, only.Length > 0 ? only : null))!;
        return e.Problems.Select(p => p.ToString()).ToArray();
    }

    private static string Prod(string json) => $$"""{ "environments": { "prod": {{json}} } }""";

    [Test]
    public void Embedded_defaults_are_valid() => Assert.That(ConfigValidator.Validate(DefaultEnvironments.All), Is.Empty);

    [Test]
    public void An_empty_override_changes_nothing() =>
        Assert.That(ConfigLoader.Load("{}"), Is.EqualTo(DefaultEnvironments.All));

    [TestCase("prd-")]
    [TestCase("Production")]
    [TestCase("a")]
    [TestCase("qa--1")]
    [TestCase("team_a")]
    [TestCase("a-very-long-environment")]
    public void An_environment_name_that_is_not_dns_safe_is_rejected(string name) =>
        Assert.That(Problems($$"""{ "environments": { "{{name}}": { "tier": "development" } } }"""),
            Has.Member($"environments.{name}: an environment name must be a DNS-safe identifier: 2–16 lower-case letters, digits and '-', starting with a letter, no trailing or double '-', got '{name}'"));

    [Test]
    public void Unknown_environment_on_the_command_line_is_rejected() =>
        Assert.That(Problems("{}", "prd"), Is.EqualTo(new[] { "--env: must be one of [dev, staging, prod], got 'prd'" }));

    // Section 4 #2
    [Test]
    public void Fewer_than_three_zones_in_prod_is_rejected() =>
        Assert.That(Problems(Prod("""{ "network": { "availabilityZones": ["us-east-1a", "us-east-1b"] } }""")),
            Has.Member("environments.prod.network.availabilityZones: need at least 3 distinct AZs in us-east-1, got [us-east-1a, us-east-1b]"));

    [Test]
    public void One_zone_in_dev_is_rejected() =>
        Assert.That(Problems("""{ "environments": { "dev": { "network": { "availabilityZones": ["us-east-1a"] } } } }"""),
            Has.Member("environments.dev.network.availabilityZones: need at least 2 distinct AZs in us-east-1, got [us-east-1a]"));

    [Test]
    public void Duplicate_zones_are_rejected() =>
        Assert.That(Problems(Prod("""{ "network": { "availabilityZones": ["us-east-1a", "us-east-1a", "us-east-1b"] } }""")),
            Has.Member("environments.prod.network.availabilityZones: must not repeat a zone, got [us-east-1a, us-east-1a, us-east-1b]"));

    [Test]
    public void A_zone_of_another_region_is_rejected() =>
        Assert.That(Problems(Prod("""{ "network": { "availabilityZones": ["us-east-1a", "us-east-1b", "us-west-2a"] } }""")),
            Has.Member("environments.prod.network.availabilityZones: every zone must be in us-east-1 (us-east-1a, us-east-1b, …), got 'us-west-2a'"));

    // Section 4 #3
    [Test]
    public void An_invalid_vpc_cidr_is_rejected() =>
        Assert.That(Problems(Prod("""{ "network": { "vpcCidr": "10.0.0.0/33" } }""")),
            Has.Member("environments.prod.network.vpcCidr: must be a valid IPv4 CIDR ('10.0.0.0/33' is not a valid IPv4 CIDR (a.b.c.d/0–32)), got '10.0.0.0/33'"));

    // Section 4 #4
    [Test]
    public void A_vpc_prefix_outside_16_to_28_is_rejected() =>
        Assert.That(Problems(Prod("""{ "network": { "vpcCidr": "10.0.0.0/12" } }""")),
            Has.Member("environments.prod.network.vpcCidr: prefix /12 outside the allowed /16–/28, got '10.0.0.0/12'"));

    [Test]
    public void A_public_vpc_range_is_rejected() =>
        Assert.That(Problems(Prod("""{ "network": { "vpcCidr": "8.8.0.0/16" } }""")),
            Has.Member("environments.prod.network.vpcCidr: must be a private RFC 1918 range (10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16), got '8.8.0.0/16'"));

    // Section 4 #5
    [Test]
    public void Overlapping_subnets_are_rejected() =>
        Assert.That(Problems(Prod("""
            { "network": { "subnets": {
                "public": ["10.10.1.0/24", "10.10.1.0/25", "10.10.3.0/24"],
                "app": ["10.10.16.0/20", "10.10.32.0/20", "10.10.48.0/20"],
                "data": ["10.10.4.0/24", "10.10.5.0/24", "10.10.6.0/24"] } } }
            """)),
            Has.Member("environments.prod.network.subnets.public[1]: must not overlap environments.prod.network.subnets.public[0] 10.10.1.0/24, got 10.10.1.0/25"));

    // Section 4 #6
    [Test]
    public void A_subnet_outside_the_vpc_is_rejected() =>
        Assert.That(Problems(Prod("""
            { "network": { "subnets": {
                "public": ["192.168.0.0/24", "10.10.2.0/24", "10.10.3.0/24"],
                "app": ["10.10.16.0/20", "10.10.32.0/20", "10.10.48.0/20"],
                "data": ["10.10.4.0/24", "10.10.5.0/24", "10.10.6.0/24"] } } }
            """)),
            Has.Member("environments.prod.network.subnets.public[0]: must lie within vpcCidr 10.10.0.0/16, got 192.168.0.0/24"));

    // Section 4 #7
    [Test]
    public void A_dr_vpc_overlapping_a_primary_vpc_is_rejected() =>
        Assert.That(Problems(Prod("""{ "dr": { "vpcCidr": "10.10.128.0/17" } }""")),
            Has.Member("environments.prod.dr.vpcCidr: must not overlap environments.prod.network.vpcCidr (10.10.0.0/16): VPC ranges stay disjoint across environments and regions, got '10.10.128.0/17'"));

    [Test]
    public void Vpcs_of_two_environments_may_not_overlap() =>
        Assert.That(Problems("""{ "environments": { "staging": { "network": { "vpcCidr": "10.30.0.0/16" } } } }"""),
            Has.Member("environments.staging.network.vpcCidr: must not overlap environments.dev.network.vpcCidr (10.30.0.0/16): VPC ranges stay disjoint across environments and regions, got '10.30.0.0/16'"));

    // Section 4 #8
    [Test]
    public void A_subnet_count_different_from_the_zone_count_is_rejected() =>
        Assert.That(Problems(Prod("""
            { "network": { "subnets": {
                "public": ["10.10.1.0/24", "10.10.2.0/24"],
                "app": ["10.10.16.0/20", "10.10.32.0/20", "10.10.48.0/20"],
                "data": ["10.10.4.0/24", "10.10.5.0/24", "10.10.6.0/24"] } } }
            """)),
            Has.Member("environments.prod.network.subnets.public: expected one subnet per AZ (3), got 2 subnets"));

    [Test]
    public void An_app_subnet_too_small_for_eks_pods_is_rejected()
    {
        Assert.That(Problems(Prod("""{ "network": { "appSubnetPrefix": 24 } }""")),
            Has.Member("environments.prod.network.appSubnetPrefix: app subnets hold EKS pod IPs, so the prefix must be /17–/20 inside 10.10.0.0/16, got /24"));
        Assert.That(Problems(Prod("""
            { "network": { "subnets": {
                "public": ["10.10.1.0/24", "10.10.2.0/24", "10.10.3.0/24"],
                "app": ["10.10.16.0/24", "10.10.32.0/20", "10.10.48.0/20"],
                "data": ["10.10.4.0/24", "10.10.5.0/24", "10.10.6.0/24"] } } }
            """)),
            Has.Member("environments.prod.network.subnets.app[0]: app subnets hold EKS pod IPs and must be /20 or larger, got 10.10.16.0/24"));
    }

    // NAT redundancy (section 3)
    [Test]
    public void A_single_nat_gateway_is_rejected_outside_dev()
    {
        Assert.That(Problems(Prod("""{ "network": { "natGateways": "single" } }""")),
            Has.Member("environments.prod.network.natGateways: prod (production tier) needs one NAT gateway per AZ (per-az); a single gateway is allowed in the development tier only, got 'single'"));
        Assert.That(ConfigLoader.Load("""{ "environments": { "dev": { "network": { "natGateways": "single" } } } }""")[0].Network.NatGateways,
            Is.EqualTo(NatGatewayMode.Single));
    }

    // Section 4 #20
    [Test]
    public void A_dr_region_equal_to_the_primary_is_rejected() =>
        Assert.That(Problems(Prod("""{ "dr": { "region": "us-east-1", "availabilityZones": ["us-east-1a", "us-east-1b"] } }""")),
            Has.Member("environments.prod.dr.region: must differ from region (us-east-1): a DR copy in the same region is not disaster recovery, got 'us-east-1'"));

    [Test]
    public void An_unknown_region_is_rejected() =>
        Assert.That(Problems(Prod("""{ "region": "us-east-9" }""")), Has.Some.StartsWith("environments.prod.region: must be an AWS region [af-south-1,"));

    // Section 4 #32
    [Test]
    public void A_log_retention_outside_the_cloudwatch_enum_is_rejected() =>
        Assert.That(Problems(Prod("""{ "network": { "flowLogRetentionDays": 45 } }""")),
            Has.Member("environments.prod.network.flowLogRetentionDays: must be a CloudWatch retention value of at least 365 days [365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], got 45"));

    // Section 4 #37
    [TestCase("password")]
    [TestCase("authToken")]
    [TestCase("accessKey")]
    public void Literal_secrets_in_config_are_rejected(string field) =>
        Assert.That(Problems(Prod($$"""{ "{{field}}": "hunter2hunter2hunter2" }""")),
            Has.Member($"environments.prod.{field}: literal secrets are not allowed in configuration; secrets are sensitive Terraform inputs supplied at apply time (TF_VAR_…), got a secret value"));

    [Test]
    public void Account_ids_must_have_twelve_digits() =>
        Assert.That(Problems(Prod("""{ "accountId": "12345" }""")),
            Has.Member("environments.prod.accountId: must be a 12-digit AWS account id, got '12345'"));

    [Test]
    public void Unknown_fields_and_wrong_types_name_what_is_allowed()
    {
        var problems = Problems(Prod("""{ "network": { "vpcCdir": "10.0.0.0/16", "natGateways": "sometimes", "interfaceEndpoints": "yes" } }"""));
        Assert.That(problems, Has.Some.StartsWith("environments.prod.network.vpcCdir: allowed fields are [vpcCidr, availabilityZones, natGateways,"));
        Assert.That(problems, Has.Member("environments.prod.network.natGateways: must be one of [single, per-az], got \"sometimes\""));
        Assert.That(problems, Has.Member("environments.prod.network.interfaceEndpoints: must be true or false, got \"yes\""));
    }

    [Test]
    public void Every_problem_is_reported_at_once()
    {
        var problems = Problems("""
            { "environments": {
                "prod": { "accountId": "x", "network": { "vpcCidr": "10.0.0.0/33", "availabilityZones": ["us-east-1a"] } },
                "dev": { "dr": { "region": "us-east-1", "availabilityZones": ["us-east-1a", "us-east-1b"] } } } }
            """);
        Assert.That(problems, Has.Some.StartsWith("environments.prod.accountId:"));
        Assert.That(problems, Has.Some.StartsWith("environments.prod.network.vpcCidr:"));
        Assert.That(problems, Has.Some.StartsWith("environments.prod.network.availabilityZones:"));
        Assert.That(problems, Has.Some.StartsWith("environments.dev.dr.region:"));
    }

    [Test]
    public void A_valid_override_is_merged_field_by_field()
    {
        var prod = ConfigLoader.Load(Prod("""{ "accountId": "123456789012", "network": { "interfaceEndpoints": false } }"""), ["prod"]).Single();
        Assert.Multiple(() =>
        {
            Assert.That(prod.AccountId, Is.EqualTo("123456789012"));
            Assert.That(prod.Network.InterfaceEndpoints, Is.False);
            Assert.That(prod.Network.VpcCidr, Is.EqualTo(DefaultEnvironments.Prod.Network.VpcCidr), "untouched fields keep their defaults");
        });
    }
}
