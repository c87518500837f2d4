namespace Ecolaura.Tf.Dr;

/// <summary>What the dr workspace publishes (its state lives in the DR region's state bucket).</summary>
[ContractOf(Workspace.Dr)]
public sealed record DrOutputs : WorkspaceContract<DrOutputs>
{
    /// <summary>The DR VPC.</summary>
    [Output("vpc_id", "DR VPC id", "vpc-0a1b2c3d4e5f60011", Source = "aws_vpc.vpc.id")]
    public required string VpcId { get; init; }

    /// <summary>The DR EKS cluster's name.</summary>
    [Output("cluster_name", "DR EKS cluster name", "ecolaura-env-dr", Source = "aws_eks_cluster.cluster.name")]
    public required string ClusterName { get; init; }

    /// <summary>The DR database (a replica until promoted); only with <c>dr.database.replica</c>.</summary>
    [Output("postgres_address", "Host name of the DR database (replica, or the promoted primary in active mode)", "ecolaura-env-dr-postgres.abcdefghijkl.us-west-2.rds.amazonaws.com", Source = "aws_db_instance.postgres.address", Optional = true)]
    public string? PostgresAddress { get; init; }

    /// <summary>The DR load balancer's DNS name; only in warm and active mode.</summary>
    [Output("alb_dns_name", "DNS name of the DR load balancer (the SECONDARY origin)", "ecolaura-env-dr-alb-123456789.us-west-2.elb.amazonaws.com", Source = "aws_lb.alb.dns_name", Optional = true)]
    public string? AlbDnsName { get; init; }

    /// <summary>The DR load balancer's hosted zone id; only in warm and active mode.</summary>
    [Output("alb_zone_id", "Hosted zone of the DR load balancer (alias records)", "Z1H1FL5HABSF5", Source = "aws_lb.alb.zone_id", Optional = true)]
    public string? AlbZoneId { get; init; }
}
