
namespace Ecolaura.Tf.Tests.Network;

public class SubnetPlanTests
{
    private static NetworkConfig Prod => DefaultEnvironments.Prod.Network;

    [TestCase("10.10.0.0/16", 3)]
    [TestCase("10.10.0.0/16", 6)]
    [TestCase("10.10.0.0/18", 3)]
    public void Carved_subnets_are_disjoint_and_inside_the_vpc(string vpc, int zones)
    {
        var config = Prod with { VpcCidr = vpc, AvailabilityZones = Enumerable.Range(0, zones).Select(i => $"us-east-1{(char)('a' + i)}").ToArray() };
        var problems = new List<ValidationProblem>();
        var plan = SubnetPlan.TryCreate(config, "network", problems);

        Assert.That(problems, Is.Empty);
        var all = plan!.Zones.SelectMany(z => new[] { z.Public, z.App, z.Data }).ToArray();
        Assert.That(all, Has.Length.EqualTo(zones * 3));
        Assert.That(all, Has.All.Matches<Cidr>(c => plan.Vpc.Contains(c)));
        for (var i = 0; i < all.Length; i++)
        {
            for (var j = i + 1; j < all.Length; j++)
            {
                Assert.That(all[i].Overlaps(all[j]), Is.False, $"{all[i]} overlaps {all[j]}");
            }
        }
    }

    [Test]
    public void App_subnets_are_sized_for_eks_pods()
    {
        var plan = SubnetPlan.TryCreate(Prod, "network", new List<ValidationProblem>())!;
        Assert.That(plan.Zones.Select(z => z.App.Prefix), Has.All.LessThanOrEqualTo(SubnetPlan.MaxAppSubnetPrefix));
        Assert.That(plan.Zones.Select(z => z.App.ToString()), Is.EqualTo(new[] { "10.10.0.0/20", "10.10.16.0/20", "10.10.32.0/20" }));
    }

    [Test]
    public void Reserves_room_for_a_fourth_zone_when_the_vpc_allows()
    {
        var plan = SubnetPlan.TryCreate(Prod, "network", new List<ValidationProblem>())!;
        Assert.That(plan.Zones[0].Public.ToString(), Is.EqualTo("10.10.64.0/24"), "4 app /20 slots come first");
    }

    [Test]
    public void A_vpc_too_small_for_the_tiers_is_reported()
    {
        var problems = new List<ValidationProblem>();
        var plan = SubnetPlan.TryCreate(Prod with { VpcCidr = "10.10.0.0/19" }, "environments.prod.network", problems);
        Assert.That(plan, Is.Null);
        Assert.That(problems.Single().ToString(), Does.StartWith("environments.prod.network.vpcCidr: too small for 3 AZs"));
    }

    [Test]
    public void Explicit_subnets_are_used_in_zone_order()
    {
        var ranges = new SubnetRanges
        {
            Public = ["10.10.200.0/24", "10.10.201.0/24", "10.10.202.0/24"],
            App = ["10.10.0.0/19", "10.10.32.0/19", "10.10.64.0/19"],
            Data = ["10.10.210.0/24", "10.10.211.0/24", "10.10.212.0/24"],
        };
        var plan = SubnetPlan.TryCreate(Prod with { Subnets = ranges }, "network", new List<ValidationProblem>())!;
        Assert.That(plan.Zones[1], Is.EqualTo(new ZoneSubnets("us-east-1b", Cidr.Parse("10.10.201.0/24"), Cidr.Parse("10.10.32.0/19"), Cidr.Parse("10.10.211.0/24"))));
    }
}
