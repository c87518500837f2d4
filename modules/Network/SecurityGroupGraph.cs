using Constructs;
using HashiCorp.Cdktf.Providers.Aws.SecurityGroup;
using HashiCorp.Cdktf.Providers.Aws.VpcSecurityGroupEgressRule;
using HashiCorp.Cdktf.Providers.Aws.VpcSecurityGroupIngressRule;

namespace Ecolaura.Tf.Network;

/// <summary>Props of <see cref="SecurityGroupGraph"/>.</summary>
public sealed record SecurityGroupGraphProps
{
    /// <summary>The VPC.</summary>
    public required string VpcId { get; init; }

    /// <summary>The VPC range (DNS to the VPC resolver, endpoint access).</summary>
    public required Cidr VpcCidr { get; init; }

    /// <summary>Name prefix.</summary>
    public required string Name { get; init; }

    /// <summary>CloudFront's origin-facing prefix list: the only source the ALB accepts.</summary>
    public required string CloudFrontPrefixListId { get; init; }

    /// <summary>The port pods listen on.</summary>
    public required int ApplicationPort { get; init; }

    /// <summary>Also create the interface-endpoint group.</summary>
    public required bool InterfaceEndpoints { get; init; }
}

/// <summary>
/// The security groups later workspaces attach by id, and every rule between them (one resource per rule, each with a
/// description): CloudFront → ALB :443 → nodes :app port; nodes ↔ control plane; nodes → database :5432 and cache :6379.
/// Database and cache have no egress; only the nodes reach the internet, on 443.
/// </summary>
public sealed class SecurityGroupGraph : Construct
{
    /// <summary>Creates the groups and rules.</summary>
    public SecurityGroupGraph(Construct scope, string id, SecurityGroupGraphProps props) : base(scope, id)
    {
        var alb = Group("alb", "Application Load Balancer: HTTPS from CloudFront only", props);
        var controlPlane = Group("eks_control_plane", "EKS control plane ENIs", props);
        var nodes = Group("eks_nodes", "EKS nodes and pods", props);
        var database = Group("database", "RDS PostgreSQL: from EKS nodes only", props);
        var cache = Group("cache", "ElastiCache Redis: from EKS nodes only", props);

        Ingress("alb_from_cloudfront", alb, "HTTPS from CloudFront origin-facing servers", ServicePorts.Https, prefixList: props.CloudFrontPrefixListId);
        Egress("alb_to_nodes", alb, "Forward to application pods", props.ApplicationPort, to: nodes);

        Ingress("nodes_from_alb", nodes, "Application traffic from the ALB", props.ApplicationPort, from: alb);
        Ingress("nodes_from_nodes", nodes, "Node-to-node and pod-to-pod traffic", protocol: "-1", from: nodes);
        Ingress("nodes_from_control_plane_https", nodes, "Control plane to webhooks and metrics on 443", ServicePorts.Https, from: controlPlane);
        Ingress("nodes_from_control_plane_kubelet", nodes, "Control plane to kubelets and extension API servers", ServicePorts.EphemeralFrom + 1, ServicePorts.EphemeralTo, from: controlPlane);
        Egress("nodes_to_nodes", nodes, "Node-to-node and pod-to-pod traffic", protocol: "-1", to: nodes);
        Egress("nodes_to_control_plane", nodes, "Kubernetes API", ServicePorts.Https, to: controlPlane);
        Egress("nodes_to_database", nodes, "PostgreSQL", ServicePorts.Postgres, to: database);
        Egress("nodes_to_cache", nodes, "Redis", ServicePorts.Redis, to: cache);
        Egress("nodes_to_dns_udp", nodes, "DNS to the VPC resolver", ServicePorts.Dns, protocol: "udp", cidr: props.VpcCidr.ToString());
        Egress("nodes_to_dns_tcp", nodes, "DNS to the VPC resolver (TCP fallback)", ServicePorts.Dns, cidr: props.VpcCidr.ToString());
        // The one allow-listed internet egress (the allowed exception to checkov CKV_AWS_382): HTTPS through the NAT gateways.
        Egress("nodes_to_internet_https", nodes, "HTTPS to AWS APIs, ECR and registries through NAT", ServicePorts.Https, cidr: "0.0.0.0/0");

        Ingress("control_plane_from_nodes", controlPlane, "Kubernetes API from nodes", ServicePorts.Https, from: nodes);
        Egress("control_plane_to_nodes_https", controlPlane, "Webhooks and metrics on 443", ServicePorts.Https, to: nodes);
        Egress("control_plane_to_nodes_kubelet", controlPlane, "Kubelets and extension API servers", ServicePorts.EphemeralFrom + 1, ServicePorts.EphemeralTo, to: nodes);

        Ingress("database_from_nodes", database, "PostgreSQL from EKS nodes", ServicePorts.Postgres, from: nodes);
        Ingress("cache_from_nodes", cache, "Redis from EKS nodes", ServicePorts.Redis, from: nodes);

        if (props.InterfaceEndpoints)
        {
            var endpoints = Group("endpoints", "Interface VPC endpoints: HTTPS from inside the VPC", props);
            Ingress("endpoints_from_vpc", endpoints, "HTTPS to AWS APIs from inside the VPC", ServicePorts.Https, cidr: props.VpcCidr.ToString());
            EndpointsId = endpoints.Id;
        }

        AlbId = alb.Id;
        ControlPlaneId = controlPlane.Id;
        NodesId = nodes.Id;
        DatabaseId = database.Id;
        CacheId = cache.Id;
    }

    /// <summary>The ALB's group.</summary>
    public string AlbId { get; }

    /// <summary>Additional group of the EKS control plane.</summary>
    public string ControlPlaneId { get; }

    /// <summary>EKS nodes and pods.</summary>
    public string NodesId { get; }

    /// <summary>RDS.</summary>
    public string DatabaseId { get; }

    /// <summary>ElastiCache.</summary>
    public string CacheId { get; }

    /// <summary>Interface endpoints, or null when they are off.</summary>
    public string? EndpointsId { get; }

    private SecurityGroup Group(string role, string description, SecurityGroupGraphProps props) =>
        new(this, role, new SecurityGroupConfig
        {
            Name = $"{props.Name}-{role.Replace('_', '-')}",
            Description = description,
            VpcId = props.VpcId,
            RevokeRulesOnDelete = true,
            Tags = new Dictionary<string, string> { ["Name"] = $"{props.Name}-{role.Replace('_', '-')}" },
        });

    private void Ingress(string id, SecurityGroup group, string description, int fromPort = 0, int? toPort = null,
        string protocol = "tcp", SecurityGroup? from = null, string? cidr = null, string? prefixList = null) =>
        _ = new VpcSecurityGroupIngressRule(this, id, new VpcSecurityGroupIngressRuleConfig
        {
            SecurityGroupId = group.Id,
            Description = description,
            IpProtocol = protocol,
            FromPort = protocol == "-1" ? null : fromPort,
            ToPort = protocol == "-1" ? null : toPort ?? fromPort,
            ReferencedSecurityGroupId = from?.Id,
            CidrIpv4 = cidr,
            PrefixListId = prefixList,
        });

    private void Egress(string id, SecurityGroup group, string description, int fromPort = 0, int? toPort = null,
        string protocol = "tcp", SecurityGroup? to = null, string? cidr = null) =>
        _ = new VpcSecurityGroupEgressRule(this, id, new VpcSecurityGroupEgressRuleConfig
        {
            SecurityGroupId = group.Id,
            Description = description,
            IpProtocol = protocol,
            FromPort = protocol == "-1" ? null : fromPort,
            ToPort = protocol == "-1" ? null : toPort ?? fromPort,
            ReferencedSecurityGroupId = to?.Id,
            CidrIpv4 = cidr,
        });
}
