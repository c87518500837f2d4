using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Ecolaura.Tf.Policies;

namespace Ecolaura.Tf.Security;

/// <summary>One priced item of a workspace.</summary>
/// <param name="Item">What it is, e.g. <c>EC2 c5.xlarge (node group compute)</c>.</param>
/// <param name="Region">Where it runs (its provider's region).</param>
/// <param name="Quantity">How many units per month (instance-hours, GB, keys, …).</param>
/// <param name="Unit">The unit of <paramref name="Quantity"/>.</param>
/// <param name="UnitPrice">USD per unit.</param>
public sealed record CostLine(string Item, string Region, double Quantity, string Unit, double UnitPrice)
{
    /// <summary>USD per month.</summary>
    public double Monthly => Quantity * UnitPrice;
}

/// <summary>The estimate of one workspace.</summary>
/// <param name="StackId">e.g. <c>prod-data</c>.</param>
/// <param name="Lines">Priced items.</param>
/// <param name="Unpriced">Resources found whose price the table lacks (named, never silently zero).</param>
public sealed record WorkspaceEstimate(string StackId, IReadOnlyList<CostLine> Lines, IReadOnlyList<string> Unpriced)
{
    /// <summary>USD per month.</summary>
    public double Monthly => Lines.Sum(l => l.Monthly);
}

/// <summary>The estimate of one environment, compared with its budget.</summary>
/// <param name="Environment">The environment.</param>
/// <param name="Workspaces">Per workspace, in apply order.</param>
/// <param name="BudgetLimit">The monthly budget (<c>security.budget.monthlyLimit</c>, USD).</param>
/// <param name="Assumptions">The usage assumptions applied.</param>
public sealed record EnvironmentEstimate(EnvironmentConfig Environment, IReadOnlyList<WorkspaceEstimate> Workspaces, double BudgetLimit, CostAssumptions Assumptions)
{
    /// <summary>USD per month.</summary>
    public double Monthly => Workspaces.Sum(w => w.Monthly);

    /// <summary>The estimate as a share of the budget (1.0 = 100 %).</summary>
    public double ShareOfBudget => Monthly / BudgetLimit;
}

/// <summary>
/// Estimates the monthly cost of synthesized workspaces from their Terraform JSON (what would be applied) and a
/// <see cref="PriceTable"/>: node groups at their desired size with their root volumes, the EKS control plane, RDS
/// (Multi-AZ doubles instance and storage; Extended Support for engines past standard support), Redis nodes, NAT
/// gateways, ALBs, CloudFront, WAF, KMS keys, log ingestion, alarms, dashboards and secrets. Usage-priced services
/// (GuardDuty, Security Hub, S3 storage, data transfer beyond <see cref="CostAssumptions"/>) are not estimated.
/// </summary>
public static class CostEstimator
{
    /// <summary>PostgreSQL major versions past RDS standard support (billed as Extended Support).</summary>
    /// <remarks>Source: https://docs.aws.amazon.com/AmazonRDS/latest/PostgreSQLReleaseNotes/postgresql-release-calendar.html (checked 2026-12-01: 12 ended 2025-02-28, 13 ended 2026-02-28).</remarks>
    public static IReadOnlySet<string> PostgresExtendedSupportMajors { get; } = new HashSet<string>(StringComparer.Ordinal) { "11", "12", "13" };

    /// <summary>The estimate of one synthesized stack.</summary>
    /// <param name="stackId">e.g. <c>prod-data</c>.</param>
    /// <param name="root">Its <c>cdk.tf.json</c>.</param>
    /// <param name="assumptions">Usage assumptions.</param>
    /// <exception cref="ArgumentException">A provider region has no <see cref="PriceTable"/>.</exception>
    public static WorkspaceEstimate Estimate(string stackId, JsonObject root, CostAssumptions assumptions)
    {
        var stack = new StackDocument(stackId, root);
        var lines = new List<CostLine>();
        var unpriced = new List<string>();
        const double h = PriceTable.HoursPerMonth;
        string RegionOf(TfResource r) => stack.RegionOf(r) ?? throw new ArgumentException($"{stackId}: {r.Address} uses a provider without a region");
        PriceTable Table(TfResource r) => PriceTable.For(RegionOf(r));
        void Add(TfResource r, string item, double quantity, string unit, double price) => lines.Add(new CostLine(item, RegionOf(r), quantity, unit, price));

        foreach (var cluster in stack.Resources("aws_eks_cluster"))
        {
            Add(cluster, $"EKS control plane {cluster.Str("name")}", h, "hours", Table(cluster).EksClusterHour);
        }

        foreach (var group in stack.Resources("aws_eks_node_group"))
        {
            var table = Table(group);
            var nodes = TfResource.Number(group.Block("scaling_config")?["desired_size"]) ?? 0;
            var type = group.List("instance_types").FirstOrDefault() ?? "";
            var spot = group.Str("capacity_type") == "SPOT";
            var name = group.Str("node_group_name") ?? group.Name;
            if (table.Ec2Hourly.TryGetValue(type, out var hourly))
            {
                Add(group, $"EC2 {type}{(spot ? " spot" : "")} × {nodes} (node group {name})", nodes * h, "instance-hours",
                    spot ? hourly * assumptions.SpotShareOfOnDemand : hourly);
            }
            else
            {
                unpriced.Add($"{group.Address}: EC2 instance type '{type}' has no price in {table.Region}");
            }

            var template = stack.Referenced(TfResource.Value(group.Block("launch_template"), "id"));
            var volume = template?.Blocks("block_device_mappings")
                .Select(b => TfResource.Number((b["ebs"] is JsonArray ebs ? ebs.FirstOrDefault() : b["ebs"])?["volume_size"]))
                .FirstOrDefault(v => v is not null);
            if (volume is { } gb)
            {
                Add(group, $"EBS gp3 root volumes {gb:0} GB × {nodes} (node group {name})", gb * nodes, "GB-months", table.EbsGp3GbMonth);
            }
        }

        foreach (var db in stack.Resources("aws_db_instance"))
        {
            var table = Table(db);
            var cls = db.Str("instance_class") ?? "";
            var copies = db.Bool("multi_az") == true ? 2 : 1;
            var az = copies == 2 ? "Multi-AZ" : "single-AZ";
            if (table.RdsHourly.TryGetValue(cls, out var hourly))
            {
                Add(db, $"RDS {cls} {az} ({db.Str("identifier") ?? db.Name})", copies * h, "instance-hours", hourly);
            }
            else
            {
                unpriced.Add($"{db.Address}: RDS instance class '{cls}' has no price in {table.Region}");
            }

            var storage = db.Num("allocated_storage") ?? 0;
            Add(db, $"RDS gp3 storage {storage:0} GB {az}", storage * copies, "GB-months", table.RdsGp3GbMonth);

            var major = (db.Str("engine_version") ?? "").Split('.')[0];
            if (db.Str("engine") == "postgres" && PostgresExtendedSupportMajors.Contains(major))
            {
                if (table.RdsVcpus.TryGetValue(cls, out var vcpus))
                {
                    Add(db, $"RDS Extended Support PostgreSQL {major}: {vcpus} vCPU × {copies}", vcpus * copies * h, "vCPU-hours", table.RdsExtendedSupportVcpuHour);
                }
                else
                {
                    unpriced.Add($"{db.Address}: vCPUs of '{cls}' unknown for RDS Extended Support");
                }
            }
        }

        foreach (var cache in stack.Resources("aws_elasticache_replication_group"))
        {
            var table = Table(cache);
            var type = cache.Str("node_type") ?? "";
            var nodes = cache.Num("num_cache_clusters") ?? 1;
            if (table.CacheHourly.TryGetValue(type, out var hourly))
            {
                Add(cache, $"ElastiCache {type} × {nodes}", nodes * h, "node-hours", hourly);
            }
            else
            {
                unpriced.Add($"{cache.Address}: ElastiCache node type '{type}' has no price in {table.Region}");
            }
        }

        foreach (var nat in stack.Resources("aws_nat_gateway"))
        {
            var table = Table(nat);
            Add(nat, $"NAT gateway {nat.Name}", h, "hours", table.NatGatewayHour);
            Add(nat, $"NAT gateway {nat.Name} data processed (assumed)", assumptions.NatGbPerGateway, "GB", table.NatGatewayGb);
        }

        foreach (var lb in stack.Resources("aws_lb"))
        {
            var table = Table(lb);
            Add(lb, $"ALB {lb.Str("name") ?? lb.Name}", h, "hours", table.AlbHour);
            Add(lb, $"ALB {lb.Str("name") ?? lb.Name} LCUs (assumed average {assumptions.AlbAverageLcu:0.##})", assumptions.AlbAverageLcu * h, "LCU-hours", table.AlbLcuHour);
        }

        foreach (var cdn in stack.Resources("aws_cloudfront_distribution"))
        {
            var table = Table(cdn);
            Add(cdn, "CloudFront data out (assumed)", assumptions.CloudFrontGbPerDistribution, "GB", table.CloudFrontGb);
            Add(cdn, "CloudFront HTTPS requests (assumed)", assumptions.CloudFrontRequestsPerDistribution / 10_000, "10k requests", table.CloudFrontHttps10K);
        }

        foreach (var acl in stack.Resources("aws_wafv2_web_acl"))
        {
            var table = Table(acl);
            var rules = acl.Blocks("rule").Count;
            Add(acl, $"WAF web ACL {acl.Str("name") ?? acl.Name}", 1, "ACL-months", table.WafAclMonth);
            Add(acl, $"WAF rules of {acl.Str("name") ?? acl.Name}", rules, "rule-months", table.WafRuleMonth);
            Add(acl, $"WAF requests of {acl.Str("name") ?? acl.Name} (assumed)", assumptions.WafRequestsPerAcl / 1_000_000, "million requests", table.WafMillionRequests);
        }

        foreach (var (region, keys) in stack.Resources("aws_kms_key").GroupBy(RegionOf).Select(g => (g.Key, g.ToArray())))
        {
            lines.Add(new CostLine($"KMS customer-managed keys × {keys.Length}", region, keys.Length, "key-months", PriceTable.For(region).KmsKeyMonth));
        }

        foreach (var (region, groups) in stack.Resources("aws_cloudwatch_log_group").GroupBy(RegionOf).Select(g => (g.Key, g.ToArray())))
        {
            var flow = groups.Count(g => (g.Str("name") ?? "").Contains("flow-logs", StringComparison.Ordinal));
            var gb = flow * assumptions.FlowLogGbPerGroup + (groups.Length - flow) * assumptions.LogGbPerGroup;
            lines.Add(new CostLine($"CloudWatch Logs ingestion, {groups.Length} log group(s) (assumed)", region, gb, "GB", PriceTable.For(region).LogIngestionGb));
        }

        foreach (var (region, alarms) in stack.Resources("aws_cloudwatch_metric_alarm").GroupBy(RegionOf).Select(g => (g.Key, g.Count())))
        {
            lines.Add(new CostLine($"CloudWatch alarms × {alarms}", region, alarms, "alarm-months", PriceTable.For(region).AlarmMonth));
        }

        foreach (var dashboard in stack.Resources("aws_cloudwatch_dashboard"))
        {
            Add(dashboard, $"CloudWatch dashboard {dashboard.Str("dashboard_name")}", 1, "dashboard-months", Table(dashboard).DashboardMonth);
        }

        foreach (var secret in stack.Resources("aws_secretsmanager_secret"))
        {
            var copies = 1 + secret.Blocks("replica").Count;
            Add(secret, $"Secrets Manager {secret.Str("name")} (+{copies - 1} replica)", copies, "secret-months", Table(secret).SecretMonth);
        }

        return new WorkspaceEstimate(stackId, lines, unpriced);
    }

    /// <summary>The environment's estimate from the stacks in <paramref name="outdir"/> (<c>cdktf.out</c>).</summary>
    /// <exception cref="DirectoryNotFoundException">No synthesized stack of the environment (run <c>./ecolaura synth</c> first).</exception>
    public static EnvironmentEstimate Estimate(string outdir, EnvironmentConfig environment, CostAssumptions assumptions)
    {
        var stacks = Path.Combine(outdir, "stacks");
        var found = Enum.GetValues<Workspace>()
            .Select(w => (Workspace: w, File: Path.Combine(stacks, new Naming(environment).StackId(w), "cdk.tf.json")))
            .Where(s => File.Exists(s.File))
            .Select(s => Estimate(Path.GetFileName(Path.GetDirectoryName(s.File))!, JsonNode.Parse(File.ReadAllText(s.File))!.AsObject(), assumptions))
            .ToArray();
        return found.Length == 0
            ? throw new DirectoryNotFoundException($"no synthesized stack of {environment.Name} in {stacks}: run ./ecolaura synth --env {environment.Name} first")
            : new EnvironmentEstimate(environment, found, environment.Security.Budget.MonthlyLimit, assumptions);
    }

    /// <summary>Markdown for a pull-request comment: totals per workspace, the budget comparison, line items, assumptions and the price table.</summary>
    public static string Markdown(IReadOnlyList<EnvironmentEstimate> estimates)
    {
        var md = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        md.AppendLine("## Monthly cost estimate");
        md.AppendLine();
        md.AppendLine(c, $"From the synthesized stacks (`cdktf.out`) and list prices recorded {PriceTable.Recorded:yyyy-MM-dd}; usage assumptions below. USD per month.");
        foreach (var e in estimates)
        {
            var env = e.Environment;
            md.AppendLine();
            md.AppendLine(c, $"### {env.Name} (account {env.AccountId}, {env.Region}, DR {env.Dr.Region})");
            md.AppendLine();
            md.AppendLine("| workspace | USD / month |");
            md.AppendLine("|---|---:|");
            foreach (var w in e.Workspaces)
            {
                md.AppendLine(c, $"| {w.StackId} | {w.Monthly:N2} |");
            }

            md.AppendLine(c, $"| **total** | **{e.Monthly:N2}** |");
            md.AppendLine();
            var verdict = e.Monthly > e.BudgetLimit
                ? $"⚠️ **over budget** by {e.Monthly - e.BudgetLimit:N2} USD"
                : $"✅ within budget ({e.BudgetLimit - e.Monthly:N2} USD headroom)";
            md.AppendLine(c, $"Budget `security.budget.monthlyLimit`: {e.BudgetLimit:N0} USD; estimate {e.ShareOfBudget:P0} of it. {verdict}.");
            var unpriced = e.Workspaces.SelectMany(w => w.Unpriced).ToArray();
            if (unpriced.Length > 0)
            {
                md.AppendLine();
                md.AppendLine("**Not priced (add to `modules/Security/Cost/PriceTable.cs`):**");
                foreach (var u in unpriced)
                {
                    md.AppendLine(c, $"- {u}");
                }
            }

            md.AppendLine();
            md.AppendLine("<details><summary>Line items</summary>");
            md.AppendLine();
            md.AppendLine("| workspace | item | region | quantity | unit price | USD / month |");
            md.AppendLine("|---|---|---|---:|---:|---:|");
            foreach (var w in e.Workspaces)
            {
                foreach (var l in w.Lines)
                {
                    md.AppendLine(c, $"| {w.StackId} | {l.Item} | {l.Region} | {l.Quantity:#,0.##} {l.Unit} | {l.UnitPrice:0.#####} | {l.Monthly:N2} |");
                }
            }

            md.AppendLine();
            md.AppendLine("</details>");
        }

        var a = estimates.FirstOrDefault()?.Assumptions ?? CostAssumptions.Default;
        md.AppendLine();
        md.AppendLine("### Assumptions");
        md.AppendLine();
        md.AppendLine(c, $"- {PriceTable.HoursPerMonth:0} hours per month; node groups at their desired size, every node running all month.");
        md.AppendLine(c, $"- Spot nodes at {a.SpotShareOfOnDemand:P0} of on-demand, priced as the group's first instance type.");
        md.AppendLine(c, $"- Log ingestion: {a.FlowLogGbPerGroup:0} GB per VPC flow-log group, {a.LogGbPerGroup:0} GB per other log group, per month (storage not counted).");
        md.AppendLine(c, $"- NAT: {a.NatGbPerGateway:0} GB processed per gateway. ALB: {a.AlbAverageLcu:0.##} LCU on average. CloudFront: {a.CloudFrontGbPerDistribution:0} GB and {a.CloudFrontRequestsPerDistribution / 1e6:0.#} M HTTPS requests per distribution. WAF: {a.WafRequestsPerAcl / 1e6:0.#} M requests per ACL.");
        md.AppendLine("- RDS Multi-AZ bills instance and storage twice; Extended Support at the year 1–2 rate for every vCPU of both instances.");
        md.AppendLine("- Not estimated: GuardDuty, Security Hub, S3 storage and requests, data transfer out of the ALB/NAT beyond the above, Route 53 queries, ECR storage, CloudTrail beyond the free management-event copy, backups beyond the free allowance.");

        md.AppendLine();
        md.AppendLine(c, $"### Price table (USD, on-demand, recorded {PriceTable.Recorded:yyyy-MM-dd})");
        md.AppendLine();
        md.AppendLine("Sources: aws.amazon.com pricing pages of EC2, EBS, EKS, RDS for PostgreSQL, ElastiCache, VPC, ELB, CloudFront, WAF, KMS, CloudWatch and Secrets Manager (see `modules/Security/Cost/PriceTable.cs`).");
        md.AppendLine();
        var regions = PriceTable.ByRegion.Values.ToArray();
        md.AppendLine(c, $"| item | {string.Join(" | ", regions.Select(r => r.Region))} |");
        md.AppendLine(c, $"|---|{string.Concat(regions.Select(_ => "---:|"))}");
        void Row(string item, Func<PriceTable, double> price) => md.AppendLine(c, $"| {item} | {string.Join(" | ", regions.Select(r => price(r).ToString("0.#####", c)))} |");
        foreach (var type in regions[0].Ec2Hourly.Keys.Order(StringComparer.Ordinal))
        {
            Row($"EC2 {type} per hour", r => r.Ec2Hourly[type]);
        }

        foreach (var cls in regions[0].RdsHourly.Keys.Order(StringComparer.Ordinal))
        {
            Row($"RDS PostgreSQL {cls} single-AZ per hour", r => r.RdsHourly[cls]);
        }

        foreach (var type in regions[0].CacheHourly.Keys.Order(StringComparer.Ordinal))
        {
            Row($"ElastiCache {type} per hour", r => r.CacheHourly[type]);
        }

        Row("RDS gp3 storage per GB-month", r => r.RdsGp3GbMonth);
        Row("RDS Extended Support per vCPU-hour (years 1–2)", r => r.RdsExtendedSupportVcpuHour);
        Row("EBS gp3 per GB-month", r => r.EbsGp3GbMonth);
        Row("EKS cluster per hour", r => r.EksClusterHour);
        Row("NAT gateway per hour", r => r.NatGatewayHour);
        Row("NAT gateway per GB processed", r => r.NatGatewayGb);
        Row("ALB per hour", r => r.AlbHour);
        Row("ALB per LCU-hour", r => r.AlbLcuHour);
        Row("CloudFront per GB out (first 10 TB)", r => r.CloudFrontGb);
        Row("CloudFront per 10k HTTPS requests", r => r.CloudFrontHttps10K);
        Row("WAF per web ACL-month", r => r.WafAclMonth);
        Row("WAF per rule-month", r => r.WafRuleMonth);
        Row("WAF per million requests", r => r.WafMillionRequests);
        Row("KMS per key-month", r => r.KmsKeyMonth);
        Row("CloudWatch Logs per GB ingested", r => r.LogIngestionGb);
        Row("CloudWatch alarm per month", r => r.AlarmMonth);
        Row("CloudWatch dashboard per month", r => r.DashboardMonth);
        Row("Secrets Manager secret per month", r => r.SecretMonth);
        return md.ToString();
    }
}
