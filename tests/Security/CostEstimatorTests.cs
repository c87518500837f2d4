using System.Text.Json.Nodes;
using Ecolaura.Tf.App;
using Ecolaura.Tf.Tests.Support;

namespace Ecolaura.Tf.Tests.Security;

/// <summary>The cost estimate: its arithmetic on known JSON, its response to configuration, and the command line.</summary>
public class CostEstimatorTests
{
    private const double H = 730;

    private static JsonObject Stack(string resources, string region = "us-east-1") => JsonNode.Parse($$"""
        {
          "provider": { "aws": [ { "region": "{{region}}" }, { "alias": "dr", "region": "us-west-2" } ] },
          "resource": {{resources}}
        }
        """)!.AsObject();

    private static double Line(WorkspaceEstimate estimate, string startsWith) =>
        estimate.Lines.Where(l => l.Item.StartsWith(startsWith, StringComparison.Ordinal)).Sum(l => l.Monthly);

    [Test]
    public void Node_groups_are_priced_at_their_desired_size_with_root_volumes_and_spot_at_the_assumed_share()
    {
        var estimate = CostEstimator.Estimate("dev-compute", Stack("""
            {
              "aws_launch_template": { "lt": { "block_device_mappings": [ { "ebs": { "volume_size": 50 } } ] } },
              "aws_eks_node_group": {
                "general": { "node_group_name": "general", "capacity_type": "ON_DEMAND", "instance_types": ["t3.large"],
                             "scaling_config": { "desired_size": 2, "min_size": 1, "max_size": 5 }, "launch_template": { "id": "${aws_launch_template.lt.id}" } },
                "spot": { "node_group_name": "spot", "capacity_type": "SPOT", "instance_types": ["m5.large", "t3.large"],
                          "scaling_config": { "desired_size": 1, "min_size": 1, "max_size": 5 } }
              },
              "aws_eks_cluster": { "cluster": { "name": "c" } }
            }
            """), CostAssumptions.Default);
        Assert.Multiple(() =>
        {
            Assert.That(Line(estimate, "EC2 t3.large × 2"), Is.EqualTo(2 * H * 0.0832).Within(1e-9));
            Assert.That(Line(estimate, "EBS gp3 root volumes 50 GB × 2"), Is.EqualTo(100 * 0.08).Within(1e-9));
            Assert.That(Line(estimate, "EC2 m5.large spot × 1"), Is.EqualTo(H * 0.096 * 0.35).Within(1e-9));
            Assert.That(Line(estimate, "EKS control plane"), Is.EqualTo(H * 0.10).Within(1e-9));
            Assert.That(estimate.Monthly, Is.EqualTo(2 * H * 0.0832 + 8 + H * 0.096 * 0.35 + H * 0.10).Within(1e-9));
            Assert.That(estimate.Unpriced, Is.Empty);
        });
    }

    [Test]
    public void Multi_az_doubles_rds_and_an_engine_past_standard_support_adds_extended_support_per_vcpu()
    {
        static WorkspaceEstimate Db(string version, bool multiAz) => CostEstimator.Estimate("prod-data", Stack($$"""
            { "aws_db_instance": { "postgres": { "engine": "postgres", "engine_version": "{{version}}", "instance_class": "db.r5.large",
                                                 "multi_az": {{(multiAz ? "true" : "false")}}, "allocated_storage": 100 } } }
            """), CostAssumptions.Default);
        var single16 = Db("16.4", multiAz: false);
        var multi16 = Db("16.4", multiAz: true);
        var multi13 = Db("13", multiAz: true);
        Assert.Multiple(() =>
        {
            Assert.That(single16.Monthly, Is.EqualTo(H * 0.25 + 100 * 0.115).Within(1e-9));
            Assert.That(multi16.Monthly, Is.EqualTo(2 * (H * 0.25 + 100 * 0.115)).Within(1e-9));
            Assert.That(Line(multi13, "RDS Extended Support PostgreSQL 13"), Is.EqualTo(2 * 2 * H * 0.10).Within(1e-9));
            Assert.That(multi13.Monthly - multi16.Monthly, Is.EqualTo(2 * 2 * H * 0.10).Within(1e-9));
        });
    }

    [Test]
    public void Redis_nat_alb_cloudfront_waf_kms_and_logs_follow_the_table_and_the_stated_assumptions()
    {
        var a = CostAssumptions.Default;
        var estimate = CostEstimator.Estimate("prod-edge", Stack("""
            {
              "aws_elasticache_replication_group": { "redis": { "node_type": "cache.m5.large", "num_cache_clusters": 3 } },
              "aws_nat_gateway": { "a": {}, "b": {} },
              "aws_lb": { "alb": { "name": "alb" } },
              "aws_cloudfront_distribution": { "cdn": {} },
              "aws_wafv2_web_acl": { "acl": { "name": "acl", "rule": [ {}, {}, {} ] } },
              "aws_kms_key": { "k1": {}, "k2": { "provider": "aws.dr" } },
              "aws_cloudwatch_log_group": { "flow": { "name": "/aws/vpc/flow-logs/x" }, "other": { "name": "/aws/eks/x/cluster" } }
            }
            """), a);
        Assert.Multiple(() =>
        {
            Assert.That(Line(estimate, "ElastiCache cache.m5.large × 3"), Is.EqualTo(3 * H * 0.156).Within(1e-9));
            Assert.That(Line(estimate, "NAT gateway"), Is.EqualTo(2 * (H * 0.045 + a.NatGbPerGateway * 0.045)).Within(1e-9));
            Assert.That(Line(estimate, "ALB"), Is.EqualTo(H * 0.0225 + a.AlbAverageLcu * H * 0.008).Within(1e-9));
            Assert.That(Line(estimate, "CloudFront"), Is.EqualTo(a.CloudFrontGbPerDistribution * 0.085 + a.CloudFrontRequestsPerDistribution / 10_000 * 0.01).Within(1e-9));
            Assert.That(Line(estimate, "WAF"), Is.EqualTo(5 + 3 * 1 + a.WafRequestsPerAcl / 1e6 * 0.60).Within(1e-9));
            Assert.That(estimate.Lines.Where(l => l.Item.StartsWith("KMS", StringComparison.Ordinal)).Select(l => (l.Region, l.Monthly)),
                Is.EquivalentTo(new[] { ("us-east-1", 1.0), ("us-west-2", 1.0) }));
            Assert.That(Line(estimate, "CloudWatch Logs ingestion"), Is.EqualTo((a.FlowLogGbPerGroup + a.LogGbPerGroup) * 0.50).Within(1e-9));
        });
    }

    [Test]
    public void An_instance_type_without_a_price_is_named_never_counted_as_zero()
    {
        var estimate = CostEstimator.Estimate("dev-compute", Stack("""
            { "aws_eks_node_group": { "gpu": { "capacity_type": "ON_DEMAND", "instance_types": ["p5.48xlarge"], "scaling_config": { "desired_size": 1 } } } }
            """), CostAssumptions.Default);
        Assert.That(estimate.Unpriced, Is.EqualTo(new[] { "aws_eks_node_group.gpu: EC2 instance type 'p5.48xlarge' has no price in us-east-1" }));
        Assert.That(CostEstimator.Markdown([new EnvironmentEstimate(DefaultEnvironments.Dev, [estimate], 100, CostAssumptions.Default)]),
            Does.Contain("**Not priced").And.Contain("p5.48xlarge"));
    }

    [Test]
    public void A_region_without_a_price_table_is_refused_by_name()
    {
        var error = Assert.Throws<ArgumentException>(() => CostEstimator.Estimate("dev-network", Stack("""{ "aws_nat_gateway": { "a": {} } }""", "eu-west-1"), CostAssumptions.Default));
        Assert.That(error!.Message, Does.StartWith("no price table for region 'eu-west-1'; tables exist for [us-east-1, us-west-2]"));
    }

    [Test]
    public void More_nodes_in_the_configuration_raise_the_estimate_by_exactly_their_price()
    {
        const string groups = """
            [ { "name": "general", "capacityType": "on-demand", "instanceTypes": ["t3.large"], "scaling": { "min": 3, "desired": 5, "max": 20 } },
              { "name": "compute", "capacityType": "on-demand", "instanceTypes": ["c5.xlarge"], "scaling": { "min": 3, "desired": 5, "max": 20 }, "dedicated": true },
              { "name": "spot", "capacityType": "spot", "instanceTypes": ["t3.large", "t3a.large", "m5.large"], "scaling": { "min": 3, "desired": 5, "max": 20 } } ]
            """;
        var bigger = Synthesized.StackWithOverride($$"""{ "environments": { "prod": { "compute": { "nodeGroups": {{groups}} } } } }""", EnvironmentName.Prod, Workspace.Compute);
        var before = CostEstimator.Estimate("prod-compute", Synthesized.Stack(EnvironmentName.Prod, Workspace.Compute).Root, CostAssumptions.Default);
        var after = CostEstimator.Estimate("prod-compute", bigger.Root, CostAssumptions.Default);
        var twoMoreNodesEach = 2 * H * (0.0832 + 0.17 + 0.0832 * 0.35) + 3 * 2 * 50 * 0.08;
        Assert.That(after.Monthly - before.Monthly, Is.EqualTo(twoMoreNodesEach).Within(1e-6));
    }

    [Test]
    public void The_command_prints_markdown_per_workspace_compared_with_the_budget()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = Cli.Run(["cost", "--env", "prod", "--dir", Synthesized.Directory], stdout, stderr);
        var text = stdout.ToString();
        var expected = CostEstimator.Estimate(Synthesized.Directory, DefaultEnvironments.Prod, CostAssumptions.Default);
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.Zero, stderr.ToString());
            Assert.That(text, Does.Contain("### prod (account 333333333333, us-east-1, DR us-west-2)"));
            foreach (var ws in Enum.GetValues<Workspace>().Where(w => w != Workspace.Dr))
            {
                Assert.That(text, Does.Contain($"| prod-{ws.Id()} | "), ws.Id());
            }

            Assert.That(text, Does.Contain($"| **total** | **{expected.Monthly.ToString("N2", System.Globalization.CultureInfo.InvariantCulture)}** |"));
            Assert.That(text, Does.Contain($"Budget `security.budget.monthlyLimit`: {DefaultEnvironments.Prod.Security.Budget.MonthlyLimit:N0} USD"));
            Assert.That(text, Does.Contain("✅ within budget"));
            Assert.That(text, Does.Contain("| item | us-east-1 | us-west-2 |"), "the price table of the primary and DR regions");
            Assert.That(text, Does.Contain($"recorded {PriceTable.Recorded:yyyy-MM-dd}"));
            Assert.That(text, Does.Contain("### Assumptions").And.Contain("Log ingestion:"));
            Assert.That(text, Does.Not.Contain("### dev"));
        });
    }

    [Test]
    public void An_estimate_over_the_budget_says_so()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"ecolaura-cost-{Guid.NewGuid():N}");
        try
        {
            Directory.CreateDirectory(dir);
            var config = Path.Combine(dir, "small-budget.json");
            File.WriteAllText(config, """{ "environments": { "dev": { "security": { "budget": { "monthlyLimit": 100 } } } } }""");
            var stdout = new StringWriter();
            var code = Cli.Run(["cost", "--env", "dev", "--config", config, "--dir", Synthesized.Directory], stdout, TextWriter.Null);
            Assert.That(code, Is.Zero);
            Assert.That(stdout.ToString(), Does.Contain("Budget `security.budget.monthlyLimit`: 100 USD").And.Contain("⚠️ **over budget** by"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Test]
    public void Bad_arguments_and_a_missing_synth_are_clear_errors()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"ecolaura-no-synth-{Guid.NewGuid():N}");
        var stderr = new StringWriter();
        Assert.Multiple(() =>
        {
            Assert.That(Cli.Run(["cost", "--dir", missing, "--env", "dev"], TextWriter.Null, stderr), Is.EqualTo(1));
            Assert.That(stderr.ToString(), Does.Contain("no synthesized stack of dev").And.Contain("run ./ecolaura synth --env dev first"));
            Assert.That(Cli.Run(["cost", "--env", "qa"], TextWriter.Null, stderr), Is.EqualTo(1));
            Assert.That(stderr.ToString(), Does.Contain("--env: must be one of [dev, staging, prod], got 'qa'"));
            Assert.That(Cli.Run(["cost", "--bogus"], TextWriter.Null, stderr), Is.EqualTo(2));
            Assert.That(stderr.ToString(), Does.Contain("ecolaura cost: unknown option '--bogus'; allowed: --env, --config, --dir, --help"));
        });
    }
}
