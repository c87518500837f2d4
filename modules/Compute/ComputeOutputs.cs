using Ecolaura.Tf.Shared;

namespace Ecolaura.Tf.Compute;

/// <summary>The compute workspace's contract: how to reach the cluster, the IRSA roles add-ons run as, and the image repositories.</summary>
/// <param name="ClusterName">The EKS cluster.</param>
/// <param name="ClusterEndpoint">Its API endpoint (private in prod).</param>
/// <param name="ClusterCertificateAuthorityData">Base64 PEM of the cluster CA.</param>
/// <param name="OidcIssuerUrl">The cluster's OIDC issuer.</param>
/// <param name="OidcProviderArn">The IAM OIDC provider later IRSA roles trust.</param>
/// <param name="ClusterSecurityGroupId">The security group EKS created for the control plane.</param>
/// <param name="NodeSecurityGroupId">The nodes' and pods' security group.</param>
/// <param name="VpcCniRoleArn">IRSA role of the VPC CNI (kube-system/aws-node).</param>
/// <param name="EbsCsiDriverRoleArn">IRSA role of the EBS CSI controller (kube-system/ebs-csi-controller-sa).</param>
/// <param name="ClusterAutoscalerRoleArn">IRSA role for the Cluster Autoscaler (kube-system/cluster-autoscaler).</param>
/// <param name="LoadBalancerControllerRoleArn">IRSA role for the AWS Load Balancer Controller (kube-system/aws-load-balancer-controller).</param>
/// <param name="EbsKmsKeyArn">The CMK of node volumes; persistent volumes' StorageClass uses it too.</param>
/// <param name="FrontendRepositoryUrl">ECR repository of the frontend image.</param>
/// <param name="BackendRepositoryUrl">ECR repository of the backend image.</param>
/// <param name="MicroservicesRepositoryUrl">ECR repository of the microservice images.</param>
public sealed record ComputeOutputs(
    string ClusterName,
    string ClusterEndpoint,
    string ClusterCertificateAuthorityData,
    string OidcIssuerUrl,
    string OidcProviderArn,
    string ClusterSecurityGroupId,
    string NodeSecurityGroupId,
    string VpcCniRoleArn,
    string EbsCsiDriverRoleArn,
    string ClusterAutoscalerRoleArn,
    string LoadBalancerControllerRoleArn,
    string EbsKmsKeyArn,
    string FrontendRepositoryUrl,
    string BackendRepositoryUrl,
    string MicroservicesRepositoryUrl) : IWorkspaceContract
{
    private const string Oidc = "oidc.eks.us-east-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF";
    private const string Registry = "000000000000.dkr.ecr.us-east-1.amazonaws.com";

    /// <summary>cluster_name.</summary>
    public static readonly OutputSpec ClusterNameOutput = Spec("cluster_name", "EKS cluster name", "ecolaura-env");

    /// <summary>cluster_endpoint.</summary>
    public static readonly OutputSpec ClusterEndpointOutput = Spec("cluster_endpoint", "EKS API server endpoint", "https://0123456789ABCDEF0123456789ABCDEF.gr7.us-east-1.eks.amazonaws.com");

    /// <summary>cluster_certificate_authority_data.</summary>
    public static readonly OutputSpec ClusterCertificateAuthorityDataOutput = Spec("cluster_certificate_authority_data", "Base64 PEM of the cluster CA", "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUMtLS0tLUVORCBDRVJUSUZJQ0FURS0tLS0tCg==");

    /// <summary>cluster_oidc_issuer_url.</summary>
    public static readonly OutputSpec OidcIssuerUrlOutput = Spec("cluster_oidc_issuer_url", "OIDC issuer of the cluster's service-account tokens", $"https://{Oidc}");

    /// <summary>oidc_provider_arn.</summary>
    public static readonly OutputSpec OidcProviderArnOutput = Spec("oidc_provider_arn", "IAM OIDC provider IRSA roles trust", $"arn:aws:iam::000000000000:oidc-provider/{Oidc}");

    /// <summary>cluster_security_group_id.</summary>
    public static readonly OutputSpec ClusterSecurityGroupIdOutput = Spec("cluster_security_group_id", "Security group EKS created for the control plane", "sg-0a1b2c3d4e5f60010");

    /// <summary>node_security_group_id.</summary>
    public static readonly OutputSpec NodeSecurityGroupIdOutput = Spec("node_security_group_id", "Security group of nodes and pods", "sg-0a1b2c3d4e5f60003");

    /// <summary>vpc_cni_role_arn.</summary>
    public static readonly OutputSpec VpcCniRoleArnOutput = Spec("vpc_cni_role_arn", "IRSA role of kube-system/aws-node", "arn:aws:iam::000000000000:role/ecolaura-env-compute-vpc-cni");

    /// <summary>ebs_csi_driver_role_arn.</summary>
    public static readonly OutputSpec EbsCsiDriverRoleArnOutput = Spec("ebs_csi_driver_role_arn", "IRSA role of kube-system/ebs-csi-controller-sa", "arn:aws:iam::000000000000:role/ecolaura-env-compute-ebs-csi-driver");

    /// <summary>cluster_autoscaler_role_arn.</summary>
    public static readonly OutputSpec ClusterAutoscalerRoleArnOutput = Spec("cluster_autoscaler_role_arn", "IRSA role of kube-system/cluster-autoscaler", "arn:aws:iam::000000000000:role/ecolaura-env-compute-cluster-autoscaler");

    /// <summary>load_balancer_controller_role_arn.</summary>
    public static readonly OutputSpec LoadBalancerControllerRoleArnOutput = Spec("load_balancer_controller_role_arn", "IRSA role of kube-system/aws-load-balancer-controller", "arn:aws:iam::000000000000:role/ecolaura-env-compute-load-balancer-controller");

    /// <summary>ebs_kms_key_arn.</summary>
    public static readonly OutputSpec EbsKmsKeyArnOutput = Spec("ebs_kms_key_arn", "CMK of node and persistent volumes", "arn:aws:kms:us-east-1:000000000000:key/00000000-0000-0000-0000-000000000010");

    /// <summary>ecr_frontend_url.</summary>
    public static readonly OutputSpec FrontendRepositoryUrlOutput = Spec("ecr_frontend_url", "ECR repository of the frontend image", $"{Registry}/ecolaura-env-compute-frontend");

    /// <summary>ecr_backend_url.</summary>
    public static readonly OutputSpec BackendRepositoryUrlOutput = Spec("ecr_backend_url", "ECR repository of the backend image", $"{Registry}/ecolaura-env-compute-backend");

    /// <summary>ecr_microservices_url.</summary>
    public static readonly OutputSpec MicroservicesRepositoryUrlOutput = Spec("ecr_microservices_url", "ECR repository of the microservice images", $"{Registry}/ecolaura-env-compute-microservices");

    /// <inheritdoc />
    public static Workspace Producer => Workspace.Compute;

    /// <inheritdoc />
    public static IReadOnlyList<OutputSpec> Outputs { get; } =
    [
        ClusterNameOutput, ClusterEndpointOutput, ClusterCertificateAuthorityDataOutput, OidcIssuerUrlOutput, OidcProviderArnOutput,
        ClusterSecurityGroupIdOutput, NodeSecurityGroupIdOutput, VpcCniRoleArnOutput, EbsCsiDriverRoleArnOutput,
        ClusterAutoscalerRoleArnOutput, LoadBalancerControllerRoleArnOutput, EbsKmsKeyArnOutput, FrontendRepositoryUrlOutput,
        BackendRepositoryUrlOutput, MicroservicesRepositoryUrlOutput,
    ];

    /// <summary>Writes every output of the contract to <paramref name="stack"/>.</summary>
    public void Publish(EcolauraStack stack)
    {
        stack.Publish(ClusterNameOutput, ClusterName);
        stack.Publish(ClusterEndpointOutput, ClusterEndpoint);
        stack.Publish(ClusterCertificateAuthorityDataOutput, ClusterCertificateAuthorityData);
        stack.Publish(OidcIssuerUrlOutput, OidcIssuerUrl);
        stack.Publish(OidcProviderArnOutput, OidcProviderArn);
        stack.Publish(ClusterSecurityGroupIdOutput, ClusterSecurityGroupId);
        stack.Publish(NodeSecurityGroupIdOutput, NodeSecurityGroupId);
        stack.Publish(VpcCniRoleArnOutput, VpcCniRoleArn);
        stack.Publish(EbsCsiDriverRoleArnOutput, EbsCsiDriverRoleArn);
        stack.Publish(ClusterAutoscalerRoleArnOutput, ClusterAutoscalerRoleArn);
        stack.Publish(LoadBalancerControllerRoleArnOutput, LoadBalancerControllerRoleArn);
        stack.Publish(EbsKmsKeyArnOutput, EbsKmsKeyArn);
        stack.Publish(FrontendRepositoryUrlOutput, FrontendRepositoryUrl);
        stack.Publish(BackendRepositoryUrlOutput, BackendRepositoryUrl);
        stack.Publish(MicroservicesRepositoryUrlOutput, MicroservicesRepositoryUrl);
    }

    /// <summary>Reads the contract from <paramref name="producer"/>'s state in <paramref name="consumer"/>.</summary>
    public static ComputeOutputs FromRemoteState(EcolauraStack consumer, EcolauraStack producer) => new(
        consumer.ReadString(producer, ClusterNameOutput),
        consumer.ReadString(producer, ClusterEndpointOutput),
        consumer.ReadString(producer, ClusterCertificateAuthorityDataOutput),
        consumer.ReadString(producer, OidcIssuerUrlOutput),
        consumer.ReadString(producer, OidcProviderArnOutput),
        consumer.ReadString(producer, ClusterSecurityGroupIdOutput),
        consumer.ReadString(producer, NodeSecurityGroupIdOutput),
        consumer.ReadString(producer, VpcCniRoleArnOutput),
        consumer.ReadString(producer, EbsCsiDriverRoleArnOutput),
        consumer.ReadString(producer, ClusterAutoscalerRoleArnOutput),
        consumer.ReadString(producer, LoadBalancerControllerRoleArnOutput),
        consumer.ReadString(producer, EbsKmsKeyArnOutput),
        consumer.ReadString(producer, FrontendRepositoryUrlOutput),
        consumer.ReadString(producer, BackendRepositoryUrlOutput),
        consumer.ReadString(producer, MicroservicesRepositoryUrlOutput));

    private static OutputSpec Spec(string name, string description, string example) =>
        new(Workspace.Compute, name, OutputKind.String, description, example);
}
