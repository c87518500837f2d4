using System.Text.Json.Nodes;
using Ecolaura.Tf.Policies;
using Ecolaura.Tf.Tests.Support;

namespace Ecolaura.Tf.Tests.Shared;

/// <summary>
/// Environments are data: a new one (a sandbox, a load-test copy of production, production in a second region) is
/// added by configuration alone, takes every default from its tier, and is refused with a clear error when a field
/// that cannot be defaulted is missing or it collides with another environment.
/// </summary>
public class EnvironmentsAsDataTests
{
    /// <summary>A minimal new environment: the tier and the fields no tier default can give, then <paramref name="edit"/>.</summary>
    public static string Qa(Action<JsonObject>? edit = null, string tier = "staging", string account = "444444444444", string vpc = "10.40.0.0/16")
    {
        var qa = new JsonObject
        {
            ["tier"] = tier,
            ["accountId"] = account,
            ["network"] = new JsonObject { ["vpcCidr"] = vpc },
            ["dr"] = new JsonObject { ["vpcCidr"] = "10.140.0.0/16" },
            ["edge"] = new JsonObject { ["domain"] = "qa.ecolaura.example", ["hostedZoneId"] = "Z0000000000000QAZONE" },
            ["compute"] = new JsonObject { ["adminRoleArn"] = $"arn:aws:iam::{account}:role/ecolaura-qa-platform-admin" },
        };
        edit?.Invoke(qa);
        return new JsonObject { ["environments"] = new JsonObject { ["qa"] = qa } }.ToJsonString();
    }

    private static IReadOnlyList<string> Problems(string json)
    {
        var e = Assert.Throws<ConfigValidationException>(() => ConfigLoader.Load(json))!;
        return e.Problems.Select(p => p.ToString()).ToArray();
    }

    [Test]
    public void A_new_environment_takes_its_tiers_defaults_and_derives_the_rest()
    {
        var all = ConfigLoader.Load(Qa());
        var qa = all.Single(e => e.Name == "qa");
        Assert.Multiple(() =>
        {
            Assert.That(all.Select(e => e.Name), Is.EqualTo(new[] { "dev", "staging", "prod", "qa" }));
            Assert.That(qa.Tier, Is.EqualTo(EnvironmentTier.Staging));
            Assert.That(qa.CostCenter, Is.EqualTo("ecolaura-qa"));
            Assert.That(qa.Data.Postgres, Is.EqualTo(DefaultEnvironments.Staging.Data.Postgres), "sizes come from the tier's embedded environment");
            Assert.That(qa.Network.AvailabilityZones, Is.EqualTo(DefaultEnvironments.Staging.Network.AvailabilityZones));
            Assert.That(qa.Network.NatGateways, Is.EqualTo(NatGatewayMode.PerAz));
            Assert.That(new Naming(qa).StateBucket, Is.EqualTo("ecolaura-qa-tfstate-444444444444-us-east-1"));
        });
    }

    [Test]
    public void A_new_environment_in_another_region_derives_zones_and_needs_an_unknown_regions_prefix_list()
    {
        var problems = Problems(Qa(q => { q["region"] = "eu-west-1"; q["dr"]!["region"] = "eu-central-1"; }));
        Assert.That(problems, Has.Some.StartsWith("environments.qa.network.cloudFrontPrefixListId: give the CloudFront origin-facing prefix list of eu-west-1"));
        Assert.That(problems, Has.Some.StartsWith("environments.qa.dr.cloudFrontPrefixListId: give the CloudFront origin-facing prefix list of eu-central-1"));

        var qa = ConfigLoader.Load(Qa(q => { q["region"] = "us-west-2"; q["dr"]!["region"] = "us-east-2"; q["dr"]!["cloudFrontPrefixListId"] = "pl-b6a144df"; }))
            .Single(e => e.Name == "qa");
        Assert.That(qa.Network.AvailabilityZones, Is.EqualTo(new[] { "us-west-2a", "us-west-2b", "us-west-2c" }));
        Assert.That(qa.Network.CloudFrontPrefixListId, Is.EqualTo(DefaultEnvironments.CloudFrontPrefixListUsWest2));
        Assert.That(qa.Dr.AvailabilityZones, Is.EqualTo(new[] { "us-east-2a", "us-east-2b", "us-east-2c" }));
    }

    [Test]
    public void A_new_environment_without_a_tier_is_refused() =>
        Assert.That(Problems("""{ "environments": { "qa": { "accountId": "444444444444" } } }"""),
            Has.Member("environments.qa.tier: a new environment must name its tier, one of [development, staging, production], got absent"));

    [Test]
    public void An_unknown_tier_is_refused() =>
        Assert.That(Problems(Qa(tier: "sandbox")), Has.Member("environments.qa.tier: must be one of [development, staging, production], got \"sandbox\""));

    [Test]
    public void Every_field_without_a_tier_default_is_named_when_missing()
    {
        var problems = Problems("""{ "environments": { "qa": { "tier": "development" } } }""");
        Assert.That(problems.Where(p => p.EndsWith(", got absent", StringComparison.Ordinal)).Select(p => p.Split(':')[0]), Is.EquivalentTo(
            ConfigLoader.RequiredForNewEnvironments.Select(f => $"environments.qa.{f}")));
    }

    [Test]
    public void A_shared_account_must_be_declared()
    {
        Assert.That(Problems(Qa(account: "333333333333")),
            Has.Member("environments.qa.accountId: is also the account of environment prod in us-east-1; give each environment its own account, or set sharesAccountWith: \"prod\" to share it on purpose, got '333333333333'"));
        // Development tier: prod already holds the account's DR standby (one per account and region).
        var qa = ConfigLoader.Load(Qa(q => q["sharesAccountWith"] = "prod", tier: "development", account: "333333333333")).Single(e => e.Name == "qa");
        var names = new Naming(qa);
        var prod = new Naming(DefaultEnvironments.Prod);
        Assert.That(new[] { names.StateBucket, names.LockTable, names.ClusterName, names.Bucket("app-state") },
            Is.Not.EquivalentTo(new[] { prod.StateBucket, prod.LockTable, prod.ClusterName, prod.Bucket("app-state") }).And.Unique);
        Assert.That(names.StateBucket, Is.Not.EqualTo(prod.StateBucket));
    }

    [Test]
    public void Sharing_names_an_owner_with_the_same_account()
    {
        Assert.That(Problems(Qa(q => q["sharesAccountWith"] = "uat")),
            Has.Member("environments.qa.sharesAccountWith: must name another environment [dev, staging, prod], got 'uat'"));
        Assert.That(Problems(Qa(q => q["sharesAccountWith"] = "prod")),
            Has.Member("environments.qa.sharesAccountWith: names prod, whose account is 333333333333, not 444444444444, got 'prod'"));
    }

    [Test]
    public void A_production_tier_environment_with_development_values_is_refused()
    {
        var problems = Problems(Qa(q => { q["network"]!["natGateways"] = "single"; q["data"] = new JsonObject { ["postgres"] = new JsonObject { ["multiAz"] = false } }; }, tier: "production"));
        Assert.That(problems, Has.Member("environments.qa.network.natGateways: qa (production tier) needs one NAT gateway per AZ (per-az); a single gateway is allowed in the development tier only, got 'single'"));
        Assert.That(problems, Has.Member("environments.qa.data.postgres.multiAz: qa (production tier) needs a Multi-AZ database; single-AZ is allowed in the development tier only, got False"));
    }

    [Test]
    public void Ranges_overlapping_any_other_environment_are_refused() =>
        Assert.That(Problems(Qa(vpc: "10.10.128.0/17")),
            Has.Member("environments.qa.network.vpcCidr: must not overlap environments.prod.network.vpcCidr (10.10.0.0/16): VPC ranges stay disjoint across environments and regions, got '10.10.128.0/17'"));

    [Test]
    public void A_key_given_twice_is_refused_not_crashed_on() =>
        Assert.That(Problems("""{ "environments": { "qa": { "tier": "staging" }, "qa": { "tier": "production" } } }"""),
            Is.EqualTo(new[] { "environments.qa: each key may appear once (environment names are unique), got given twice" }));

    [Test]
    public void Ten_generated_environments_are_valid_and_disjoint()
    {
        var all = ConfigLoader.Load(SampleEnvironments.Override(10));
        Assert.That(all, Has.Count.EqualTo(10));
        Assert.That(all.Select(e => e.Name), Is.Unique);
        Assert.That(all.Select(e => e.Tier).Distinct(), Is.EquivalentTo(Enum.GetValues<EnvironmentTier>()));
    }

    [Test]
    public void Policy_rules_are_scoped_by_the_tier_of_the_stacks_environment()
    {
        // prod's database, as if it belonged to a development-tier environment: the Multi-AZ rule no longer applies.
        var json = Synthesized.Stack("prod-data").Root;
        json["resource"]!["aws_db_instance"]!["postgres"]!["multi_az"] = false;
        Assert.That(Findings(new StackDocument("prod-data", json, EnvironmentTier.Production), "ECO-RDS-3"), Has.Count.EqualTo(1));
        Assert.That(Findings(new StackDocument("prod-data", json, EnvironmentTier.Development), "ECO-RDS-3"), Is.Empty);

        static IReadOnlyList<Finding> Findings(StackDocument stack, string rule) =>
            PolicyPack.Evaluate([stack], [], new DateOnly(2026, 11, 24)).Findings.Where(f => f.RuleId == rule).ToArray();
    }

    [Test]
    public void A_stack_id_splits_at_its_last_dash() =>
        Assert.That(NameExtensions.ParseStackId("load-test-data"), Is.EqualTo(("load-test", Workspace.Data)));
}

/// <summary>
/// The scale case: the three embedded environments plus seven generated by <c>sample-config --environments 10</c>,
/// synthesized once per test run (through the command line, policy gate included) and shared by the scale tests.
/// </summary>
public static class TenEnvironments
{
    private static readonly Lazy<(string Directory, string Stderr)> Synth = new(() =>
    {
        var dir = Path.Combine(TestTemp.Root, "ten-environments");
        System.IO.Directory.CreateDirectory(dir);
        var config = Path.Combine(dir, "ten.json");
        File.WriteAllText(config, SampleEnvironments.Override(10));
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = Ecolaura.Tf.App.Cli.Run(["synth", "--config", config, "--out", Path.Combine(dir, "cdktf.out")], stdout, stderr);
        return code == 0 ? (Path.Combine(dir, "cdktf.out"), stderr.ToString()) : throw new InvalidOperationException($"synth of ten environments failed ({code}):\n{stderr}");
    });

    /// <summary>The output folder (cdktf.out) of the ten-environment synth.</summary>
    public static string Directory => Synth.Value.Directory;

    /// <summary>What the synth wrote to stderr (progress and the policy summary).</summary>
    public static string Stderr => Synth.Value.Stderr;

    /// <summary>The names of the generated environments (team-01 …), in order.</summary>
    public static IReadOnlyList<string> Generated =>
        JsonNode.Parse(SampleEnvironments.Override(10))!["environments"]!.AsObject().Select(e => e.Key).ToArray();

    /// <summary>Every stack id of the ten-environment synth.</summary>
    public static IReadOnlyList<string> StackIds =>
        System.IO.Directory.GetDirectories(Path.Combine(Directory, "stacks")).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;

    /// <summary>The parsed <c>cdk.tf.json</c> of one of its stacks.</summary>
    public static StackJson Stack(string stackId) =>
        new(stackId, JsonNode.Parse(File.ReadAllText(Path.Combine(Directory, "stacks", stackId, Ecolaura.Tf.App.OutputFolder.StackFile)))!.AsObject());
}

/// <summary>Ten environments (the three embedded and seven generated ones) synthesize and pass the policy gate.</summary>
[TestFixture]
[Category(Categories.Scale)]
public class TenEnvironmentsTests
{
    [Test]
    public void Ten_environments_synthesize_and_pass_the_policy_gate()
    {
        Assert.That(TenEnvironments.Stderr, Does.Contain("policy: ").And.Contain(" 0 error(s)"));
        var stacks = TenEnvironments.StackIds;
        // Every primary-region workspace in each, plus dr and drplatform for the staging and production tiers (staging,
        // prod, team-02, -03, -05, -06).
        static bool InDrRegion(string s) => s.EndsWith("-dr", StringComparison.Ordinal) || s.EndsWith("-drplatform", StringComparison.Ordinal);
        static string Env(string s) => s[..s.LastIndexOf('-')];
        Assert.That(stacks.Count(s => !InDrRegion(s)),
            Is.EqualTo(10 * (Synthesized.StackIds.Count(id => !InDrRegion(id)) / DefaultEnvironments.All.Count)));
        var dr = stacks.Where(s => s.EndsWith("-dr", StringComparison.Ordinal)).Select(Env).ToArray();
        Assert.That(dr, Has.Length.EqualTo(6));
        Assert.That(stacks.Where(s => s.EndsWith("-drplatform", StringComparison.Ordinal)).Select(Env), Is.EquivalentTo(dr),
            "every environment with a dr workspace has a drplatform workspace, and only those");
        Assert.That(stacks, Does.Contain("team-07-edge").And.Contain("team-03-data").And.Contain("team-03-dr").And.Contain("team-03-drplatform"));
    }
}

/// <summary>An environment sharing its account leaves the account-level security workspace to the owner.</summary>
public class SharedAccountSynthTests
{
    [Test]
    public void A_sharing_environment_has_every_workspace_but_security()
    {
        // Development tier: no DR standby (prod already has the account's, see DrPlatformTests.A_second_dr_standby_in_one_registry_is_rejected).
        var synth = Synthesized.WithOverride(EnvironmentsAsDataTests.Qa(q => q["sharesAccountWith"] = "prod", tier: "development", account: "333333333333"), "qa");
        var stacks = Directory.GetDirectories(Path.Combine(synth.Directory, "stacks")).Select(Path.GetFileName).Where(s => s!.StartsWith("qa-", StringComparison.Ordinal));
        Assert.That(stacks, Is.EquivalentTo(new[] { "qa-foundation", "qa-network", "qa-data", "qa-compute", "qa-edge", "qa-platform" }));
        Assert.That(synth.Stack("qa-network").Root["terraform"]!["backend"]!["s3"].Str("bucket"), Is.EqualTo("ecolaura-qa-tfstate-333333333333-us-east-1"));
    }
}
