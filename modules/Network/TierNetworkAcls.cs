using Constructs;
using HashiCorp.Cdktf.Providers.Aws.NetworkAcl;

namespace Ecolaura.Tf.Network;

/// <summary>Props of <see cref="TierNetworkAcls"/>.</summary>
public sealed record TierNetworkAclsProps
{
    /// <summary>The VPC.</summary>
    public required string VpcId { get; init; }

    /// <summary>Name prefix.</summary>
    public required string Name { get; init; }

    /// <summary>Subnet ranges per AZ.</summary>
    public required SubnetPlan Plan { get; init; }

    /// <summary>Public subnet ids.</summary>
    public required string[] PublicSubnetIds { get; init; }

    /// <summary>App subnet ids.</summary>
    public required string[] AppSubnetIds { get; init; }

    /// <summary>Data subnet ids.</summary>
    public required string[] DataSubnetIds { get; init; }
}

/// <summary>One stateless NACL per tier with explicit, numbered rules (the second layer under the security groups).</summary>
/// <remarks>
/// Public: HTTPS/HTTP and return traffic from the internet, anything within the VPC. App: the VPC plus return traffic
/// of NAT'd connections. Data: only PostgreSQL and Redis from the app subnets, replies to them, and its own tier.
/// Nothing from 0.0.0.0/0 reaches 20, 21, 22 or 3389 anywhere.
/// </remarks>
public sealed class TierNetworkAcls : Construct
{
    /// <summary>A NACL rule before numbering.</summary>
    /// <param name="Protocol">"tcp", "udp" or "-1".</param>
    /// <param name="Cidr">Source (ingress) or destination (egress).</param>
    /// <param name="From">First port (0 with protocol -1).</param>
    /// <param name="To">Last port.</param>
    public sealed record Rule(string Protocol, string Cidr, int From, int To);

    /// <summary>Creates the three NACLs.</summary>
    public TierNetworkAcls(Construct scope, string id, TierNetworkAclsProps props) : base(scope, id)
    {
        var vpc = props.Plan.Vpc.ToString();
        const string anywhere = "0.0.0.0/0";
        var apps = props.Plan.Zones.Select(z => z.App.ToString()).ToArray();
        var data = props.Plan.Zones.Select(z => z.Data.ToString()).ToArray();

        Acl("public", props, props.PublicSubnetIds,
            ingress:
            [
                new("tcp", anywhere, ServicePorts.Https, ServicePorts.Https),
                new("tcp", anywhere, ServicePorts.Http, ServicePorts.Http),
                .. ReturnTrafficFrom(anywhere),
                new("-1", vpc, 0, 0),
            ],
            egress:
            [
                new("-1", vpc, 0, 0),
                new("tcp", anywhere, ServicePorts.Https, ServicePorts.Https),
                new("tcp", anywhere, ServicePorts.Http, ServicePorts.Http),
                new("tcp", anywhere, ServicePorts.EphemeralFrom, ServicePorts.EphemeralTo),
            ]);

        Acl("app", props, props.AppSubnetIds,
            ingress:
            [
                new("-1", vpc, 0, 0),
                .. ReturnTrafficFrom(anywhere),
            ],
            egress:
            [
                new("-1", vpc, 0, 0),
                new("tcp", anywhere, ServicePorts.Https, ServicePorts.Https),
                new("tcp", anywhere, ServicePorts.Http, ServicePorts.Http),
            ]);

        Acl("data", props, props.DataSubnetIds,
            ingress:
            [
                .. apps.Select(app => new Rule("tcp", app, ServicePorts.Postgres, ServicePorts.Postgres)),
                .. apps.Select(app => new Rule("tcp", app, ServicePorts.Redis, ServicePorts.Redis)),
                .. data.Select(tier => new Rule("tcp", tier, 0, ServicePorts.EphemeralTo)),
            ],
            egress:
            [
                .. apps.Select(app => new Rule("tcp", app, ServicePorts.EphemeralFrom, ServicePorts.EphemeralTo)),
                .. data.Select(tier => new Rule("tcp", tier, 0, ServicePorts.EphemeralTo)),
            ]);
    }

    /// <summary>
    /// Replies to outbound connections (NAT gateways use source ports 1024–65535), split around 3389 so no rule admits
    /// RDP from the internet (checkov CKV_AWS_352, Trivy AVD-AWS-0105, CIS 5.1).
    /// </summary>
    private static Rule[] ReturnTrafficFrom(string cidr) =>
    [
        new("tcp", cidr, ServicePorts.EphemeralFrom, ServicePorts.Rdp - 1),
        new("tcp", cidr, ServicePorts.Rdp + 1, ServicePorts.EphemeralTo),
    ];

    private void Acl(string tier, TierNetworkAclsProps props, string[] subnetIds, Rule[] ingress, Rule[] egress) =>
        _ = new NetworkAcl(this, tier, new NetworkAclConfig
        {
            VpcId = props.VpcId,
            SubnetIds = subnetIds,
            Ingress = ingress.Select((r, i) => new NetworkAclIngress
            {
                RuleNo = 100 + i * 10, Action = "allow", Protocol = r.Protocol, CidrBlock = r.Cidr, FromPort = r.From, ToPort = r.To,
            }).ToArray(),
            Egress = egress.Select((r, i) => new NetworkAclEgress
            {
                RuleNo = 100 + i * 10, Action = "allow", Protocol = r.Protocol, CidrBlock = r.Cidr, FromPort = r.From, ToPort = r.To,
            }).ToArray(),
            Tags = new Dictionary<string, string> { ["Name"] = $"{props.Name}-{tier}", ["Tier"] = tier },
        });
}
