using Constructs;
using HashiCorp.Cdktf.Providers.Aws.VpcEndpoint;

namespace Ecolaura.Tf.Network;

/// <summary>Props of <see cref="InterfaceEndpoints"/>.</summary>
public sealed record InterfaceEndpointsProps
{
    /// <summary>The VPC.</summary>
    public required string VpcId { get; init; }

    /// <summary>The region (service names).</summary>
    public required string Region { get; init; }

    /// <summary>Subnets the endpoint ENIs go in (the app tier, one per AZ).</summary>
    public required string[] SubnetIds { get; init; }

    /// <summary>The endpoints' security group.</summary>
    public required string SecurityGroupId { get; init; }

    /// <summary>Name prefix.</summary>
    public required string Name { get; init; }
}

/// <summary>Private-DNS interface endpoints so nodes reach ECR, STS and CloudWatch Logs without the NAT gateways.</summary>
public sealed class InterfaceEndpoints : Construct
{
    /// <summary>The services given an endpoint.</summary>
    public static readonly IReadOnlyList<string> Services = ["ecr.api", "ecr.dkr", "sts", "logs"];

    /// <summary>Creates one endpoint per service.</summary>
    public InterfaceEndpoints(Construct scope, string id, InterfaceEndpointsProps props) : base(scope, id)
    {
        foreach (var service in Services)
        {
            _ = new VpcEndpoint(this, service.Replace('.', '_'), new VpcEndpointConfig
            {
                VpcId = props.VpcId,
                ServiceName = $"com.amazonaws.{props.Region}.{service}",
                VpcEndpointType = "Interface",
                PrivateDnsEnabled = true,
                SubnetIds = props.SubnetIds,
                SecurityGroupIds = [props.SecurityGroupId],
                Tags = new Dictionary<string, string> { ["Name"] = $"{props.Name}-{service}" },
            });
        }
    }
}
