using Constructs;
using HashiCorp.Cdktf.Providers.Aws.DefaultNetworkAcl;
using HashiCorp.Cdktf.Providers.Aws.DefaultSecurityGroup;
using HashiCorp.Cdktf.Providers.Aws.Eip;
using HashiCorp.Cdktf.Providers.Aws.InternetGateway;
using HashiCorp.Cdktf.Providers.Aws.NatGateway;
using HashiCorp.Cdktf.Providers.Aws.Route;
using HashiCorp.Cdktf.Providers.Aws.RouteTable;
using HashiCorp.Cdktf.Providers.Aws.RouteTableAssociation;
using HashiCorp.Cdktf.Providers.Aws.Subnet;
using HashiCorp.Cdktf.Providers.Aws.Vpc;
using HashiCorp.Cdktf.Providers.Aws.VpcEndpoint;

namespace Ecolaura.Tf.Network;

/// <summary>Props of <see cref="VpcNetwork"/>.</summary>
public sealed record VpcNetworkProps
{
    /// <summary>The VPC's name, e.g. ecolaura-prod-network-vpc.</summary>
    public required string Name { get; init; }

    /// <summary>Subnet ranges per AZ (validated).</summary>
    public required SubnetPlan Plan { get; init; }

    /// <summary>One NAT per AZ or a single one.</summary>
    public required NatGatewayMode NatGateways { get; init; }

    /// <summary>The EKS cluster that will use the subnets (discovery tags).</summary>
    public required string ClusterName { get; init; }

    /// <summary>The region (S3 gateway endpoint service name).</summary>
    public required string Region { get; init; }
}

/// <summary>
/// The VPC with three tiers of subnets in every AZ (public, private-app, private-data), an internet gateway, NAT
/// gateways, route tables per tier and AZ, the S3 gateway endpoint, and the default security group and NACL locked down.
/// </summary>
/// <remarks>No subnet maps public IPs on launch: NAT gateways use EIPs and the ALB manages its own addresses.</remarks>
public sealed class VpcNetwork : Construct
{
    /// <summary>Creates the VPC and its routing.</summary>
    public VpcNetwork(Construct scope, string id, VpcNetworkProps props) : base(scope, id)
    {
        var vpc = new Vpc(this, "vpc", new VpcConfig
        {
            CidrBlock = props.Plan.Vpc.ToString(),
            EnableDnsSupport = true,
            EnableDnsHostnames = true,
            Tags = Tags(props.Name),
        });
        VpcId = vpc.Id;
        VpcCidr = props.Plan.Vpc;

        // Adopting the defaults with no rules removes AWS's allow-all rules: nothing can use them by accident.
        _ = new DefaultSecurityGroup(this, "default_security_group", new DefaultSecurityGroupConfig
        {
            VpcId = vpc.Id,
            Tags = Tags($"{props.Name}-default-deny-all"),
        });
        _ = new DefaultNetworkAcl(this, "default_network_acl", new DefaultNetworkAclConfig
        {
            DefaultNetworkAclId = vpc.DefaultNetworkAclId,
            Tags = Tags($"{props.Name}-default-deny-all"),
            Lifecycle = new HashiCorp.Cdktf.TerraformResourceLifecycle { IgnoreChanges = new[] { "subnet_ids" } },
        });

        var igw = new InternetGateway(this, "internet_gateway", new InternetGatewayConfig { VpcId = vpc.Id, Tags = Tags(props.Name) });

        var publicSubnets = new List<Subnet>();
        var appSubnets = new List<Subnet>();
        var dataSubnets = new List<Subnet>();
        foreach (var zone in props.Plan.Zones)
        {
            publicSubnets.Add(NewSubnet("public", zone.Zone, zone.Public, vpc.Id, props.Name, new Dictionary<string, string>
            {
                ["kubernetes.io/role/elb"] = "1",
            }));
            appSubnets.Add(NewSubnet("app", zone.Zone, zone.App, vpc.Id, props.Name, new Dictionary<string, string>
            {
                ["kubernetes.io/role/internal-elb"] = "1",
                [$"kubernetes.io/cluster/{props.ClusterName}"] = "shared",
            }));
            dataSubnets.Add(NewSubnet("data", zone.Zone, zone.Data, vpc.Id, props.Name, []));
        }

        var natCount = props.NatGateways == NatGatewayMode.PerAz ? props.Plan.Zones.Count : 1;
        var nats = new List<NatGateway>();
        for (var i = 0; i < natCount; i++)
        {
            var zone = props.Plan.Zones[i].Zone;
            var eip = new Eip(this, $"nat_eip_{zone}", new EipConfig { Domain = "vpc", Tags = Tags($"{props.Name}-nat-{zone}") });
            nats.Add(new NatGateway(this, $"nat_{zone}", new NatGatewayConfig
            {
                AllocationId = eip.AllocationId,
                SubnetId = publicSubnets[i].Id,
                ConnectivityType = "public",
                Tags = Tags($"{props.Name}-nat-{zone}"),
                DependsOn = [igw],
            }));
        }

        var privateRouteTables = new List<string>();
        var appRouteTables = new List<string>();
        for (var i = 0; i < props.Plan.Zones.Count; i++)
        {
            var zone = props.Plan.Zones[i].Zone;
            var publicTable = RouteTableFor("public", zone, vpc.Id, props.Name, publicSubnets[i]);
            _ = new Route(this, $"public_{zone}_internet", new RouteConfig
            {
                RouteTableId = publicTable,
                DestinationCidrBlock = "0.0.0.0/0",
                GatewayId = igw.Id,
            });

            var appTable = RouteTableFor("app", zone, vpc.Id, props.Name, appSubnets[i]);
            // Each AZ's app tier leaves through the NAT in its own AZ (or the single NAT in dev).
            _ = new Route(this, $"app_{zone}_internet", new RouteConfig
            {
                RouteTableId = appTable,
                DestinationCidrBlock = "0.0.0.0/0",
                NatGatewayId = nats[Math.Min(i, nats.Count - 1)].Id,
            });
            appRouteTables.Add(appTable);
            privateRouteTables.Add(appTable);

            // The data tier has no route to the internet at all.
            privateRouteTables.Add(RouteTableFor("data", zone, vpc.Id, props.Name, dataSubnets[i]));
        }

        _ = new VpcEndpoint(this, "s3_gateway_endpoint", new VpcEndpointConfig
        {
            VpcId = vpc.Id,
            ServiceName = $"com.amazonaws.{props.Region}.s3",
            VpcEndpointType = "Gateway",
            RouteTableIds = privateRouteTables.ToArray(),
            Tags = Tags($"{props.Name}-s3"),
        });

        PublicSubnetIds = publicSubnets.Select(s => s.Id).ToArray();
        AppSubnetIds = appSubnets.Select(s => s.Id).ToArray();
        DataSubnetIds = dataSubnets.Select(s => s.Id).ToArray();
        NatGatewayIds = nats.Select(n => n.Id).ToArray();
        AppRouteTableIds = appRouteTables.ToArray();
    }

    /// <summary>The VPC id.</summary>
    public string VpcId { get; }

    /// <summary>The VPC range.</summary>
    public Cidr VpcCidr { get; }

    /// <summary>Public subnets, AZ order.</summary>
    public string[] PublicSubnetIds { get; }

    /// <summary>Private application subnets, AZ order.</summary>
    public string[] AppSubnetIds { get; }

    /// <summary>Private data subnets, AZ order.</summary>
    public string[] DataSubnetIds { get; }

    /// <summary>NAT gateways (one per AZ, or one).</summary>
    public string[] NatGatewayIds { get; }

    /// <summary>The app tier's route tables, AZ order.</summary>
    public string[] AppRouteTableIds { get; }

    private Subnet NewSubnet(string tier, string zone, Cidr range, string vpcId, string name, Dictionary<string, string> extraTags)
    {
        var tags = Tags($"{name}-{tier}-{zone}");
        tags["Tier"] = tier;
        foreach (var (key, value) in extraTags)
        {
            tags[key] = value;
        }

        return new Subnet(this, $"{tier}_{zone}", new SubnetConfig
        {
            VpcId = vpcId,
            AvailabilityZone = zone,
            CidrBlock = range.ToString(),
            MapPublicIpOnLaunch = false,
            Tags = tags,
        });
    }

    private string RouteTableFor(string tier, string zone, string vpcId, string name, Subnet subnet)
    {
        var table = new RouteTable(this, $"route_table_{tier}_{zone}", new RouteTableConfig
        {
            VpcId = vpcId,
            Tags = Tags($"{name}-{tier}-{zone}"),
        });
        _ = new RouteTableAssociation(this, $"route_table_{tier}_{zone}_association", new RouteTableAssociationConfig
        {
            RouteTableId = table.Id,
            SubnetId = subnet.Id,
        });
        return table.Id;
    }

    private static Dictionary<string, string> Tags(string name) => new() { ["Name"] = name };
}
