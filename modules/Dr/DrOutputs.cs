namespace Ecolaura.Tf.Dr;

/// <summary>
/// What the dr workspace publishes (its state lives in the DR region's state bucket): what the edge workspace needs for
/// the failover records and what the drplatform workspace needs to run the platform on the DR cluster.
/// </summary>
[ContractOf(Workspace.Dr)]
public sealed record DrOutputs : WorkspaceContract<DrOutputs>
{
    private const string Elb = "arn:aws:elasticloadbalancing:us-west-2:000000000000:";
    private const string Oidc = "oidc.eks.us-west-2.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF";
    private const string Registry = "000000000000.dkr.ecr.us-west-2.amazonaws.com";

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

    /// <summary>The DR cluster's API server URL.</summary>
    [Output("cluster_endpoint", "DR EKS API server endpoint", "https://0123456789ABCDEF0123456789ABCDEF.gr7.us-west-2.eks.amazonaws.com", Source = "aws_eks_cluster.cluster.endpoint")]
    public required string ClusterEndpoint { get; init; }

    /// <summary>Base64 PEM of the DR cluster's CA.</summary>
    [Output("cluster_certificate_authority_data", "Base64 PEM of the DR cluster CA", "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUMtLS0tLUVORCBDRVJUSUZJQ0FURS0tLS0tCg==", Source = "aws_eks_cluster.cluster.certificate_authority[0].data")]
    public required string ClusterCertificateAuthorityData { get; init; }

    /// <summary>The DR cluster's OIDC issuer URL (https).</summary>
    [Output("cluster_oidc_issuer_url", "OIDC issuer of the DR cluster's service-account tokens", $"https://{Oidc}", Source = "aws_eks_cluster.cluster.identity[0].oidc[0].issuer")]
    public required string OidcIssuerUrl { get; init; }

    /// <summary>The DR cluster's IAM OIDC provider.</summary>
    [Output("oidc_provider_arn", "IAM OIDC provider the DR cluster's IRSA roles trust", $"arn:aws:iam::000000000000:oidc-provider/{Oidc}", Source = "aws_iam_openid_connect_provider.cluster_oidc.arn")]
    public required string OidcProviderArn { get; init; }

    /// <summary>IRSA role of the DR cluster's Cluster Autoscaler.</summary>
    [Output("cluster_autoscaler_role_arn", "IRSA role of kube-system/cluster-autoscaler on the DR cluster", "arn:aws:iam::000000000000:role/ecolaura-env-dr-cluster-autoscaler", Source = "aws_iam_role.irsa_cluster_autoscaler.arn")]
    public required string ClusterAutoscalerRoleArn { get; init; }

    /// <summary>IRSA role of the DR cluster's AWS Load Balancer Controller.</summary>
    [Output("load_balancer_controller_role_arn", "IRSA role of kube-system/aws-load-balancer-controller on the DR cluster", "arn:aws:iam::000000000000:role/ecolaura-env-dr-load-balancer-controller", Source = "aws_iam_role.irsa_load_balancer_controller.arn")]
    public required string LoadBalancerControllerRoleArn { get; init; }

    /// <summary>The DR region's CMK of node and persistent volumes.</summary>
    [Output("ebs_kms_key_arn", "CMK of the DR cluster's node and persistent volumes", "arn:aws:kms:us-west-2:000000000000:key/00000000-0000-0000-0000-000000000020", Source = "aws_kms_key.volumes.arn")]
    public required string EbsKmsKeyArn { get; init; }

    /// <summary>The frontend repository in the DR region's registry (created by replication, not by Terraform).</summary>
    [Output("ecr_frontend_url", "DR-region replica of the frontend image repository", $"{Registry}/ecolaura-env-compute-frontend")]
    public required string FrontendRepositoryUrl { get; init; }

    /// <summary>The backend repository in the DR region's registry.</summary>
    [Output("ecr_backend_url", "DR-region replica of the backend image repository", $"{Registry}/ecolaura-env-compute-backend")]
    public required string BackendRepositoryUrl { get; init; }

    /// <summary>The microservices repository in the DR region's registry.</summary>
    [Output("ecr_microservices_url", "DR-region replica of the microservice image repository", $"{Registry}/ecolaura-env-compute-microservices")]
    public required string MicroservicesRepositoryUrl { get; init; }

    /// <summary>The DR load balancer's frontend blue target group; only in warm and active mode.</summary>
    [Output("frontend_blue_target_group_arn", "DR frontend blue target group (ip targets)", $"{Elb}targetgroup/ecolaura-env-dr-fe-blue/0123456789abcde5", Source = "aws_lb_target_group.alb_frontend_blue.arn", Optional = true)]
    public string? FrontendBlueTargetGroupArn { get; init; }

    /// <summary>The DR load balancer's frontend green target group; only in warm and active mode.</summary>
    [Output("frontend_green_target_group_arn", "DR frontend green target group (ip targets)", $"{Elb}targetgroup/ecolaura-env-dr-fe-green/0123456789abcde6", Source = "aws_lb_target_group.alb_frontend_green.arn", Optional = true)]
    public string? FrontendGreenTargetGroupArn { get; init; }

    /// <summary>The DR load balancer's backend blue target group; only in warm and active mode.</summary>
    [Output("backend_blue_target_group_arn", "DR backend blue target group (ip targets; /api/*, /ws/*)", $"{Elb}targetgroup/ecolaura-env-dr-be-blue/0123456789abcde7", Source = "aws_lb_target_group.alb_backend_blue.arn", Optional = true)]
    public string? BackendBlueTargetGroupArn { get; init; }

    /// <summary>The DR load balancer's backend green target group; only in warm and active mode.</summary>
    [Output("backend_green_target_group_arn", "DR backend green target group (ip targets; /api/*, /ws/*)", $"{Elb}targetgroup/ecolaura-env-dr-be-green/0123456789abcde8", Source = "aws_lb_target_group.alb_backend_green.arn", Optional = true)]
    public string? BackendGreenTargetGroupArn { get; init; }
}
