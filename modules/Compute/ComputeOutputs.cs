namespace Ecolaura.Tf.Compute;

/// <summary>The compute workspace's contract: how to reach the cluster, the IRSA roles add-ons run as, and the image repositories.</summary>
[ContractOf(Workspace.Compute)]
public sealed record ComputeOutputs : WorkspaceContract<ComputeOutputs>
{
    private const string Oidc = "oidc.eks.us-east-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF";
    private const string Registry = "000000000000.dkr.ecr.us-east-1.amazonaws.com";

    /// <summary>The EKS cluster.</summary>
    [Output("cluster_name", "EKS cluster name", "ecolaura-env", Source = "aws_eks_cluster.cluster.name")]
    public required string ClusterName { get; init; }

    /// <summary>Its API endpoint (private in prod).</summary>
    [Output("cluster_endpoint", "EKS API server endpoint", "https://0123456789ABCDEF0123456789ABCDEF.gr7.us-east-1.eks.amazonaws.com", Source = "aws_eks_cluster.cluster.endpoint")]
    public required string ClusterEndpoint { get; init; }

    /// <summary>Base64 PEM of the cluster CA.</summary>
    [Output("cluster_certificate_authority_data", "Base64 PEM of the cluster CA", "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUMtLS0tLUVORCBDRVJUSUZJQ0FURS0tLS0tCg==", Source = "aws_eks_cluster.cluster.certificate_authority[0].data")]
    public required string ClusterCertificateAuthorityData { get; init; }

    /// <summary>The cluster's OIDC issuer.</summary>
    [Output("cluster_oidc_issuer_url", "OIDC issuer of the cluster's service-account tokens", $"https://{Oidc}", Source = "aws_eks_cluster.cluster.identity[0].oidc[0].issuer")]
    public required string OidcIssuerUrl { get; init; }

    /// <summary>The IAM OIDC provider later IRSA roles trust.</summary>
    [Output("oidc_provider_arn", "IAM OIDC provider IRSA roles trust", $"arn:aws:iam::000000000000:oidc-provider/{Oidc}", Source = "aws_iam_openid_connect_provider.cluster_oidc.arn")]
    public required string OidcProviderArn { get; init; }

    /// <summary>The security group EKS created for the control plane.</summary>
    [Output("cluster_security_group_id", "Security group EKS created for the control plane", "sg-0a1b2c3d4e5f60010", Source = "aws_eks_cluster.cluster.vpc_config[0].cluster_security_group_id")]
    public required string ClusterSecurityGroupId { get; init; }

    /// <summary>The nodes' and pods' security group.</summary>
    [Output("node_security_group_id", "Security group of nodes and pods", "sg-0a1b2c3d4e5f60003", Source = "data.terraform_remote_state.network.outputs.eks_nodes_security_group_id")]
    public required string NodeSecurityGroupId { get; init; }

    /// <summary>IRSA role of the VPC CNI (kube-system/aws-node).</summary>
    [Output("vpc_cni_role_arn", "IRSA role of kube-system/aws-node", "arn:aws:iam::000000000000:role/ecolaura-env-compute-vpc-cni", Source = "aws_iam_role.irsa_vpc_cni.arn")]
    public required string VpcCniRoleArn { get; init; }

    /// <summary>IRSA role of the EBS CSI controller (kube-system/ebs-csi-controller-sa).</summary>
    [Output("ebs_csi_driver_role_arn", "IRSA role of kube-system/ebs-csi-controller-sa", "arn:aws:iam::000000000000:role/ecolaura-env-compute-ebs-csi-driver", Source = "aws_iam_role.irsa_ebs_csi.arn")]
    public required string EbsCsiDriverRoleArn { get; init; }

    /// <summary>IRSA role for the Cluster Autoscaler (kube-system/cluster-autoscaler).</summary>
    [Output("cluster_autoscaler_role_arn", "IRSA role of kube-system/cluster-autoscaler", "arn:aws:iam::000000000000:role/ecolaura-env-compute-cluster-autoscaler", Source = "aws_iam_role.irsa_cluster_autoscaler.arn")]
    public required string ClusterAutoscalerRoleArn { get; init; }

    /// <summary>IRSA role for the AWS Load Balancer Controller (kube-system/aws-load-balancer-controller).</summary>
    [Output("load_balancer_controller_role_arn", "IRSA role of kube-system/aws-load-balancer-controller", "arn:aws:iam::000000000000:role/ecolaura-env-compute-load-balancer-controller", Source = "aws_iam_role.irsa_load_balancer_controller.arn")]
    public required string LoadBalancerControllerRoleArn { get; init; }

    /// <summary>The CMK of node volumes; persistent volumes' StorageClass uses it too.</summary>
    [Output("ebs_kms_key_arn", "CMK of node and persistent volumes", "arn:aws:kms:us-east-1:000000000000:key/00000000-0000-0000-0000-000000000010", Source = "aws_kms_key.volumes.arn")]
    public required string EbsKmsKeyArn { get; init; }

    /// <summary>ECR repository of the frontend image.</summary>
    [Output("ecr_frontend_url", "ECR repository of the frontend image", $"{Registry}/ecolaura-env-compute-frontend", Source = "aws_ecr_repository.ecr_frontend.repository_url")]
    public required string FrontendRepositoryUrl { get; init; }

    /// <summary>ECR repository of the backend image.</summary>
    [Output("ecr_backend_url", "ECR repository of the backend image", $"{Registry}/ecolaura-env-compute-backend", Source = "aws_ecr_repository.ecr_backend.repository_url")]
    public required string BackendRepositoryUrl { get; init; }

    /// <summary>ECR repository of the microservice images.</summary>
    [Output("ecr_microservices_url", "ECR repository of the microservice images", $"{Registry}/ecolaura-env-compute-microservices", Source = "aws_ecr_repository.ecr_microservices.repository_url")]
    public required string MicroservicesRepositoryUrl { get; init; }
}
