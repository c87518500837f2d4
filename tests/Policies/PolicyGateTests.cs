using System.Text.Json.Nodes;
using Ecolaura.Tf.App;
using Ecolaura.Tf.Policies;
using Ecolaura.Tf.Tests.Stacks;
using Ecolaura.Tf.Tests.Support;

namespace Ecolaura.Tf.Tests.Policies;

/// <summary>The gate around the rules: severities, suppressions, the synth summary and docs/RULES.md.</summary>
public class PolicyGateTests
{
    private static readonly DateOnly Today = new(2026, 11, 24);

    private static StackDocument MutatedData()
    {
        var json = Synthesized.Stack("prod-data").Root;
        json["resource"]!["aws_db_instance"]!["postgres"]!["multi_az"] = false;
        return new StackDocument("prod-data", json);
    }

    [Test]
    public void An_error_fails_the_gate_and_the_summary_names_rule_path_address_and_fix()
    {
        var report = PolicyPack.Evaluate([MutatedData()], [], Today);
        Assert.That(report.Failed, Is.True);
        Assert.That(report.Describe(), Does.Contain("ERROR ECO-RDS-3 prod-data aws_db_instance.postgres (prod-data/postgres/instance): multi_az = false. Fix: set data.postgres.multiAz = true"));
        Assert.That(report.Describe(), Does.Contain($"policy: {PolicyPack.Rules.Count} rules,"));
    }

    [Test]
    public void A_warning_is_printed_but_does_not_fail()
    {
        var json = Synthesized.Stack("prod-data").Root;
        json["resource"]!["aws_db_instance"]!["postgres"]!["iam_database_authentication_enabled"] = false;
        var report = PolicyPack.Evaluate([new StackDocument("prod-data", json)], [], Today);
        Assert.That(report.Failed, Is.False);
        Assert.That(report.Describe(), Does.Contain("WARNING ECO-RDS-10"));
    }

    [Test]
    public void A_suppression_covers_one_rule_on_one_resource_and_is_listed()
    {
        var suppression = new Suppression("ECO-RDS-3", "prod-data", "aws_db_instance.postgres", "single-AZ during the storage migration, ticket OPS-42", new DateOnly(2026, 12, 31));
        var report = PolicyPack.Evaluate([MutatedData()], [suppression], Today);
        Assert.That(report.Failed, Is.False);
        Assert.That(report.Suppressed.Single().By, Is.EqualTo(suppression));
        Assert.That(report.Describe(), Does.Contain("SUPPRESSED ECO-RDS-3 prod-data aws_db_instance.postgres until 2026-12-31: single-AZ during the storage migration"));
    }

    [Test]
    public void A_suppression_does_not_cover_another_rule_or_resource()
    {
        var otherRule = new Suppression("ECO-RDS-4", "prod-data", "aws_db_instance.postgres", "not the rule that fires here", new DateOnly(2026, 12, 31));
        var report = PolicyPack.Evaluate([MutatedData()], [otherRule], Today);
        Assert.That(report.Findings.Select(f => f.RuleId), Is.EquivalentTo(new[] { "ECO-RDS-3", "ECO-SUPPRESSION" }));
    }

    [Test]
    public void An_expired_suppression_fails_the_gate()
    {
        var expired = new Suppression("ECO-RDS-3", "prod-data", "aws_db_instance.postgres", "single-AZ during the storage migration", new DateOnly(2026, 11, 1));
        var report = PolicyPack.Evaluate([MutatedData()], [expired], Today);
        Assert.That(report.Failed, Is.True);
        Assert.That(report.Findings.Select(f => f.ToString()), Has.Some.Contains("suppression of ECO-RDS-3 expired on 2026-11-01"));
        Assert.That(report.Findings.Select(f => f.RuleId), Does.Contain("ECO-RDS-3"), "an expired suppression no longer hides the finding");
    }

    [Test]
    public void A_suppression_that_matches_nothing_fails_the_gate()
    {
        var stale = new Suppression("ECO-RDS-3", "prod-data", "aws_db_instance.postgres", "was needed before the fix landed", new DateOnly(2027, 1, 31));
        var compliant = new StackDocument("prod-data", Synthesized.Stack("prod-data").Root);
        var report = PolicyPack.Evaluate([compliant], [stale], Today);
        Assert.That(report.Failed, Is.True);
        Assert.That(report.Findings.Single().ToString(), Does.Contain("suppression of ECO-RDS-3 matches no finding"));
    }

    [Test]
    public void Suppressions_need_a_reason_an_expiry_and_a_known_rule()
    {
        var e = Assert.Throws<ConfigValidationException>(() => Suppression.Load("""
            [ { "rule": "ECO-RDS-3", "stack": "prod-data", "address": "aws_db_instance.postgres", "reason": "", "expires": "2027-01-01" },
              { "rule": "ECO-RDS-3", "stack": "prod-data", "address": "aws_db_instance.postgres", "reason": "a good enough reason" },
              { "rule": "ECO-NOPE-1", "stack": "prod-data", "address": "x.y", "reason": "a good enough reason", "expires": "2027-01-01" },
              { "rule": "ECO-RDS-3", "reason": "a good enough reason", "expires": "2027-01-01" } ]
            """, "policy-suppressions.json"))!;
        var problems = e.Problems.Select(p => p.ToString()).ToArray();
        Assert.That(problems, Has.Some.StartsWith("policy-suppressions.json[0].reason: must explain why"));
        Assert.That(problems, Has.Some.StartsWith("policy-suppressions.json[1].expires: must be a date"));
        Assert.That(problems, Has.Some.StartsWith("policy-suppressions.json[2].rule: is not a rule id of the pack"));
        Assert.That(problems, Has.Some.StartsWith("policy-suppressions.json[3]: needs rule, stack and address"));
    }

    [Test]
    public void Synth_fails_on_a_violation_and_writes_nothing()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"ecolaura-gate-{Guid.NewGuid():N}");
        var config = Path.Combine(dir, "c.json");
        Directory.CreateDirectory(dir);
        // A suppression that matches nothing passes loading but fails the gate after a real synth.
        File.WriteAllText(config, "{}");
        var suppressions = Path.Combine(dir, "s.json");
        File.WriteAllText(suppressions, """[ { "rule": "ECO-RDS-3", "stack": "dev-data", "address": "aws_db_instance.postgres", "reason": "dev is single-AZ on purpose", "expires": "2099-01-01" } ]""");
        var stderr = new StringWriter();
        var code = Cli.Run(["synth", "--env", "dev", "--config", config, "--suppressions", suppressions, "--out", Path.Combine(dir, "cdktf.out")], new StringWriter(), stderr);
        Assert.That(code, Is.EqualTo(1), stderr.ToString());
        Assert.That(stderr.ToString(), Does.Contain("ERROR ECO-SUPPRESSION dev-data aws_db_instance.postgres"));
        Assert.That(stderr.ToString(), Does.Contain("policy violations (above), nothing was written"));
        Assert.That(Directory.Exists(Path.Combine(dir, "cdktf.out")), Is.False);
        Directory.Delete(dir, recursive: true);
    }

    [Test]
    public void Docs_rules_md_is_generated_from_the_pack()
    {
        var file = Path.Combine(ContractTests.FindRepoRoot(), "docs", "RULES.md");
        Assert.That(File.Exists(file), "run ./ecolaura rules");
        Assert.That(File.ReadAllText(file), Is.EqualTo(PolicyPack.RenderRulesDoc()), "docs/RULES.md is stale: run ./ecolaura rules");
        foreach (var rule in PolicyPack.Rules)
        {
            Assert.That(rule.Anchors, Is.Not.Empty, rule.Id);
            Assert.That(rule.Why, Is.Not.Empty, rule.Id);
        }
    }

    [Test]
    public void The_checked_in_suppression_file_is_valid() =>
        Assert.That(() => Suppression.Load(File.ReadAllText(Path.Combine(ContractTests.FindRepoRoot(), "policy-suppressions.json")), "policy-suppressions.json"), Throws.Nothing);
}
