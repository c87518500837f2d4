using System.Text.Json.Nodes;
using Ecolaura.Tf.Tests.Support;

namespace Ecolaura.Tf.Tests.Stacks;

/// <summary>Properties of the synthesized network workspace (VPC, subnet, security-group and NACL checks, and the network reliability floors).</summary>
public class NetworkStackTests
{
    private static StackJson Network(EnvironmentName env) => Synthesized.Stack(env, Workspace.Network);

    private static EnvironmentConfig Config(EnvironmentName env) => DefaultEnvironments.All.Single(e => e.Name == env.Id());

    private static IEnumerable<EnvironmentName> AllEnvironments() => Enum.GetValues<EnvironmentName>();

    [TestCaseSource(nameof(AllEnvironments))]
    public void Every_tier_has_one_subnet_in_each_configured_zone(EnvironmentName env)
    {
        var subnets = Network(env).Resources("aws_subnet").Values;
        var zones = Config(env).Network.AvailabilityZones;
        foreach (var tier in new[] { "public", "app", "data" })
        {
            var tierZones = subnets.Where(s => s["tags"].Str("Tier") == tier).Select(s => s.Str("availability_zone")).Order();
            Assert.That(tierZones, Is.EqualTo(zones.Order()), $"{env} {tier}");
        }

        Assert.That(zones.Distinct().Count(), Is.GreaterThanOrEqualTo(env == EnvironmentName.Prod ? 3 : 2));
    }

    [TestCaseSource(nameof(AllEnvironments))]
    public void No_subnet_assigns_public_ips_on_launch(EnvironmentName env)
    {
        foreach (var (name, subnet) in Network(env).Resources("aws_subnet"))
        {
            Assert.That(subnet.Bool("map_public_ip_on_launch"), Is.False, $"aws_subnet.{name} must set map_public_ip_on_launch = false explicitly");
        }
    }

    [TestCase(EnvironmentName.Prod)]
    [TestCase(EnvironmentName.Staging)]
    public void Each_app_route_table_uses_the_nat_gateway_in_its_own_zone(EnvironmentName env)
    {
        var stack = Network(env);
        var nats = stack.Resources("aws_nat_gateway");
        var subnets = stack.Resources("aws_subnet");
        var zones = Config(env).Network.AvailabilityZones;
        Assert.That(nats, Has.Count.EqualTo(zones.Count), "one NAT gateway per AZ");

        foreach (var zone in zones)
        {
            var route = stack.Resource("aws_route", $"vpc_app_{zone}_internet");
            var nat = nats[StackJson.ReferencedName(route["nat_gateway_id"])];
            var natSubnet = subnets[StackJson.ReferencedName(nat["subnet_id"])];
            Assert.That(route.Str("destination_cidr_block"), Is.EqualTo("0.0.0.0/0"));
            Assert.That(natSubnet.Str("availability_zone"), Is.EqualTo(zone), $"app route table of {zone} must use the NAT in {zone}");
            Assert.That(natSubnet["tags"].Str("Tier"), Is.EqualTo("public"));
        }
    }

    [TestCaseSource(nameof(AllEnvironments))]
    public void Every_nat_gateway_has_a_port_allocation_alarm(EnvironmentName env)
    {
        var stack = Network(env);
        var alarmed = stack.Resources("aws_cloudwatch_metric_alarm").Values
            .Where(a => a.Str("metric_name") == "ErrorPortAllocation" && a.Strs("alarm_actions").SequenceEqual(new[] { "${data.terraform_remote_state.foundation.outputs.noncritical_alerts_topic_arn}" }))
            .Select(a => a["dimensions"].Str("NatGatewayId")).Order();
        Assert.That(alarmed, Is.EqualTo(stack.Resources("aws_nat_gateway").Keys.Select(n => stack.Ref("aws_nat_gateway", n)).Order()));
    }

    [Test]
    public void Dev_shares_a_single_nat_gateway()
    {
        var stack = Network(EnvironmentName.Dev);
        Assert.That(stack.Resources("aws_nat_gateway"), Has.Count.EqualTo(1));
        var targets = stack.Resources("aws_route").Values.Where(r => r["nat_gateway_id"] is not null).Select(r => r.Str("nat_gateway_id")).Distinct();
        Assert.That(targets.Count(), Is.EqualTo(1));
    }

    [TestCaseSource(nameof(AllEnvironments))]
    public void Data_subnets_have_no_route_to_the_internet(EnvironmentName env)
    {
        var stack = Network(env);
        var dataTables = stack.Resources("aws_route_table").Where(t => t.Key.Contains("_data_")).Select(t => stack.Ref("aws_route_table", t.Key)).ToHashSet();
        Assert.That(dataTables, Has.Count.EqualTo(Config(env).Network.AvailabilityZones.Count));
        var internetRoutes = stack.Resources("aws_route").Values.Where(r => dataTables.Contains(r.Str("route_table_id")!));
        Assert.That(internetRoutes, Is.Empty);
    }

    [TestCaseSource(nameof(AllEnvironments))]
    public void Vpc_flow_logs_capture_all_traffic_into_an_encrypted_log_group_kept_a_year(EnvironmentName env)
    {
        var stack = Network(env);
        var flowLog = stack.Single("aws_flow_log");
        var group = stack.Single("aws_cloudwatch_log_group");
        Assert.Multiple(() =>
        {
            Assert.That(flowLog.Str("traffic_type"), Is.EqualTo("ALL"));
            Assert.That(flowLog.Str("vpc_id"), Is.EqualTo(stack.Ref("aws_vpc", "vpc")));
            Assert.That(flowLog.Str("log_destination"), Is.EqualTo(stack.Ref("aws_cloudwatch_log_group", "flow_logs", "arn")));
            Assert.That(group.Num("retention_in_days"), Is.GreaterThanOrEqualTo(365));
            Assert.That(group.Str("kms_key_id"), Is.EqualTo("${data.terraform_remote_state.foundation.outputs.logs_kms_key_arn}"));
        });
    }

    [TestCaseSource(nameof(AllEnvironments))]
    public void Default_security_group_and_nacl_are_locked_down(EnvironmentName env)
    {
        var stack = Network(env);
        var sg = stack.Single("aws_default_security_group");
        var nacl = stack.Single("aws_default_network_acl");
        Assert.That(sg["ingress"], Is.Null, StackJson.Show(sg));
        Assert.That(sg["egress"], Is.Null, StackJson.Show(sg));
        Assert.That(nacl["ingress"], Is.Null, StackJson.Show(nacl));
        Assert.That(nacl["egress"], Is.Null, StackJson.Show(nacl));
    }

    [TestCaseSource(nameof(AllEnvironments))]
    public void Each_tier_has_its_own_nacl_with_no_internet_admin_ports(EnvironmentName env)
    {
        var stack = Network(env);
        var acls = stack.Resources("aws_network_acl");
        Assert.That(acls.Keys.Order(), Is.EqualTo(new[] { "nacl_app", "nacl_data", "nacl_public" }));
        foreach (var (name, acl) in acls)
        {
            Assert.That(acl.Arr("subnet_ids"), Has.Count.EqualTo(Config(env).Network.AvailabilityZones.Count), name);
            foreach (var rule in acl.Arr("ingress").Where(r => r.Str("cidr_block") == "0.0.0.0/0"))
            {
                Assert.That(rule.Str("protocol"), Is.Not.EqualTo("-1"), $"{name}: all-protocol ingress from the internet");
                var from = rule.Num("from_port")!.Value;
                var to = rule.Num("to_port")!.Value;
                foreach (var port in new[] { 20, 21, 22, 3389 })
                {
                    Assert.That(port < from || port > to, $"{name}: internet ingress {from}-{to} includes admin port {port}");
                }
            }
        }
    }

    [TestCaseSource(nameof(AllEnvironments))]
    public void Data_tier_nacl_admits_only_database_and_cache_ports_from_app_subnets(EnvironmentName env)
    {
        var plan = SubnetPlan.TryCreate(Config(env).Network, "network", new List<ValidationProblem>())!;
        var apps = plan.Zones.Select(z => z.App.ToString()).ToHashSet();
        var data = plan.Zones.Select(z => z.Data.ToString()).ToHashSet();
        var acl = Network(env).Resource("aws_network_acl", "nacl_data");
        foreach (var rule in acl.Arr("ingress"))
        {
            var source = rule.Str("cidr_block")!;
            if (data.Contains(source))
            {
                continue; // the tier's own subnets
            }

            Assert.That(apps, Does.Contain(source), StackJson.Show(rule));
            Assert.That(rule.Num("from_port"), Is.EqualTo(rule.Num("to_port")));
            Assert.That(new[] { 5432.0, 6379.0 }, Does.Contain(rule.Num("from_port")!.Value));
        }
    }

    [TestCaseSource(nameof(AllEnvironments))]
    public void Security_group_graph_is_least_privilege(EnvironmentName env)
    {
        var stack = Network(env);
        var groups = stack.Resources("aws_security_group");
        var ingress = stack.Resources("aws_vpc_security_group_ingress_rule").Values.ToArray();
        var egress = stack.Resources("aws_vpc_security_group_egress_rule").Values.ToArray();
        string Id(string group) => stack.Ref("aws_security_group", $"sg_{group}");

        Assert.Multiple(() =>
        {
            Assert.That(groups.Values.Select(g => g.Str("description")), Has.All.Not.Empty);
            Assert.That(ingress.Concat(egress).Select(r => r.Str("description")), Has.All.Not.Empty);
            Assert.That(ingress.Where(r => r.Str("cidr_ipv4") == "0.0.0.0/0"), Is.Empty, "no ingress from the internet; the ALB admits CloudFront's prefix list");
            Assert.That(egress.Where(r => r.Str("security_group_id") == Id("database") || r.Str("security_group_id") == Id("cache")), Is.Empty, "database and cache have no egress");
            Assert.That(egress.Where(r => r.Str("cidr_ipv4") == "0.0.0.0/0").Select(r => (r.Str("security_group_id"), r.Str("ip_protocol"), r.Num("from_port"), r.Num("to_port"))),
                Is.EqualTo(new[] { (Id("eks_nodes"), "tcp", (double?)443, (double?)443) }), "only nodes reach the internet, on 443");
            Assert.That(ingress.Single(r => r.Str("security_group_id") == Id("alb")).Str("prefix_list_id"), Is.EqualTo(Config(env).Network.CloudFrontPrefixListId));
            Assert.That(ingress.Single(r => r.Str("security_group_id") == Id("database")).Str("referenced_security_group_id"), Is.EqualTo(Id("eks_nodes")));
            Assert.That(ingress.Single(r => r.Str("security_group_id") == Id("database")).Num("from_port"), Is.EqualTo(5432));
            Assert.That(ingress.Single(r => r.Str("security_group_id") == Id("cache")).Num("from_port"), Is.EqualTo(6379));
        });
    }

    [Test]
    public void Interface_endpoints_exist_in_prod_only()
    {
        var prodEndpoints = Network(EnvironmentName.Prod).Resources("aws_vpc_endpoint").Values;
        Assert.That(prodEndpoints.Where(e => e.Str("vpc_endpoint_type") == "Interface").Select(e => e.Str("service_name")).Order(),
            Is.EqualTo(new[] { "com.amazonaws.us-east-1.ecr.api", "com.amazonaws.us-east-1.ecr.dkr", "com.amazonaws.us-east-1.logs", "com.amazonaws.us-east-1.sts" }));
        Assert.That(prodEndpoints.Where(e => e.Str("vpc_endpoint_type") == "Interface").Select(e => e.Bool("private_dns_enabled")), Has.All.True);
        foreach (var env in new[] { EnvironmentName.Dev, EnvironmentName.Staging })
        {
            var endpoints = Network(env).Resources("aws_vpc_endpoint").Values;
            Assert.That(endpoints.Select(e => e.Str("vpc_endpoint_type")), Is.EqualTo(new[] { "Gateway" }), $"{env}: only the free S3 gateway endpoint");
        }
    }

    [TestCaseSource(nameof(AllEnvironments))]
    public void Subnets_carry_eks_and_load_balancer_discovery_tags(EnvironmentName env)
    {
        var subnets = Network(env).Resources("aws_subnet").Values;
        var cluster = new Naming(Config(env)).ClusterName;
        Assert.That(subnets.Where(s => s["tags"].Str("Tier") == "public").Select(s => s["tags"].Str("kubernetes.io/role/elb")), Has.All.EqualTo("1"));
        Assert.That(subnets.Where(s => s["tags"].Str("Tier") == "app").Select(s => s["tags"].Str("kubernetes.io/role/internal-elb")), Has.All.EqualTo("1"));
        Assert.That(subnets.Where(s => s["tags"].Str("Tier") == "app").Select(s => s["tags"].Str($"kubernetes.io/cluster/{cluster}")), Has.All.EqualTo("shared"));
    }

    [TestCaseSource(nameof(AllEnvironments))]
    public void Subnet_ranges_match_the_plan(EnvironmentName env)
    {
        var plan = SubnetPlan.TryCreate(Config(env).Network, "network", new List<ValidationProblem>())!;
        var subnets = Network(env).Resources("aws_subnet");
        foreach (var zone in plan.Zones)
        {
            Assert.That(subnets[$"vpc_public_{zone.Zone}"].Str("cidr_block"), Is.EqualTo(zone.Public.ToString()));
            Assert.That(subnets[$"vpc_app_{zone.Zone}"].Str("cidr_block"), Is.EqualTo(zone.App.ToString()));
            Assert.That(subnets[$"vpc_data_{zone.Zone}"].Str("cidr_block"), Is.EqualTo(zone.Data.ToString()));
        }
    }
}
