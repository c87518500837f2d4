using Constructs;
using HashiCorp.Cdktf.Providers.Aws.CloudwatchLogGroup;
using HashiCorp.Cdktf.Providers.Aws.EksAccessEntry;
using HashiCorp.Cdktf.Providers.Aws.EksAccessPolicyAssociation;
using HashiCorp.Cdktf.Providers.Aws.EksCluster;
using HashiCorp.Cdktf.Providers.Aws.IamOpenidConnectProvider;
using HashiCorp.Cdktf.Providers.Aws.IamRole;
using HashiCorp.Cdktf.Providers.Aws.IamRolePolicy;
using HashiCorp.Cdktf.Providers.Aws.IamRolePolicyAttachment;

namespace Ecolaura.Tf.Compute;

/// <summary>Props of <see cref="KubernetesCluster"/>.</summary>
public sealed record KubernetesClusterProps
{
    /// <summary>The cluster name (<see cref="Naming.ClusterName"/>; the network tags its subnets with it).</summary>
    public required string ClusterName { get; init; }

    /// <summary>Name of the cluster's IAM role.</summary>
    public required string RoleName { get; init; }

    /// <summary>The Kubernetes minor version (validated against the standard-support allow-list).</summary>
    public required string KubernetesVersion { get; init; }

    /// <summary>Private application subnets, one per AZ: the control plane's ENIs go there.</summary>
    public required string[] SubnetIds { get; init; }

    /// <summary>The network's <c>eks_control_plane</c> group, attached to the control plane's ENIs besides the EKS-made one.</summary>
    public required string ControlPlaneSecurityGroupId { get; init; }

    /// <summary>Ranges allowed on the public endpoint; empty keeps the endpoint private only.</summary>
    public required IReadOnlyList<string> PublicAccessCidrs { get; init; }

    /// <summary>The CMK that envelope-encrypts Kubernetes secrets.</summary>
    public required string SecretsKmsKeyArn { get; init; }

    /// <summary>The CMK of the control-plane log group (foundation's logs key).</summary>
    public required string LogsKmsKeyArn { get; init; }

    /// <summary>Retention of the control-plane log group (≥ 365: it holds the audit log).</summary>
    public required int LogRetentionDays { get; init; }

    /// <summary>The IAM role given cluster-admin through an access entry.</summary>
    public required string AdminRoleArn { get; init; }
}

/// <summary>
/// The EKS control plane: a private API endpoint, secrets envelope-encrypted with a CMK, all five control-plane log
/// types in a pre-created encrypted log group, API-only authentication with an admin access entry, and the IAM OIDC
/// provider that IAM roles for service accounts trust.
/// </summary>
/// <remarks>
/// IRSA rather than EKS Pod Identity: every add-on here (VPC CNI, EBS CSI, Cluster Autoscaler, AWS Load Balancer
/// Controller) supports it, its trust is plain IAM that plans offline and that tests can read (one role per service
/// account, pinned by <c>sub</c> and <c>aud</c>), and it needs no extra agent DaemonSet on every node as Pod Identity does.
/// </remarks>
public sealed class KubernetesCluster : Construct
{
    /// <summary>The control-plane log types EKS can export; all are enabled (checkov CKV_AWS_37, Trivy AVD-AWS-0038).</summary>
    public static IReadOnlyList<string> ControlPlaneLogTypes { get; } = ["api", "audit", "authenticator", "controllerManager", "scheduler"];

    /// <summary>The access policy of the admin entry.</summary>
    public const string ClusterAdminPolicyArn = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy";

    /// <summary>Creates the role, log group, cluster, admin access and OIDC provider.</summary>
    public KubernetesCluster(Construct scope, string id, KubernetesClusterProps props) : base(scope, id)
    {
        var role = new IamRole(this, "role", new IamRoleConfig
        {
            Name = props.RoleName,
            Description = "EKS control plane of " + props.ClusterName,
            AssumeRolePolicy = PolicyDocument.Of(new PolicyStatement
            {
                Sid = "EksAssume",
                Services = ["eks.amazonaws.com"],
                Actions = ["sts:AssumeRole"],
            }),
        });
        var clusterPolicy = new IamRolePolicyAttachment(this, "role_cluster_policy", new IamRolePolicyAttachmentConfig
        {
            Role = role.Name,
            PolicyArn = "arn:aws:iam::aws:policy/AmazonEKSClusterPolicy",
        });
        var encryptionPolicy = new IamRolePolicy(this, "role_secrets_encryption", new IamRolePolicyConfig
        {
            Role = role.Id,
            Name = "secrets-encryption",
            Policy = PolicyDocument.Of(new PolicyStatement
            {
                Sid = "EnvelopeEncryptSecrets",
                Actions = ["kms:Encrypt", "kms:Decrypt", "kms:ListGrants", "kms:DescribeKey"],
                Resources = [props.SecretsKmsKeyArn],
            }),
        });

        // Pre-created so EKS does not create it unencrypted with infinite retention.
        var logGroup = new CloudwatchLogGroup(this, "log_group", new CloudwatchLogGroupConfig
        {
            Name = $"/aws/eks/{props.ClusterName}/cluster",
            RetentionInDays = props.LogRetentionDays,
            KmsKeyId = props.LogsKmsKeyArn,
        });

        var publicEndpoint = props.PublicAccessCidrs.Count > 0;
        var cluster = new EksCluster(this, "Resource", new EksClusterConfig
        {
            Name = props.ClusterName,
            Version = props.KubernetesVersion,
            RoleArn = role.Arn,
            VpcConfig = new EksClusterVpcConfig
            {
                SubnetIds = props.SubnetIds,
                SecurityGroupIds = [props.ControlPlaneSecurityGroupId],
                EndpointPrivateAccess = true,
                EndpointPublicAccess = publicEndpoint,
                PublicAccessCidrs = publicEndpoint ? props.PublicAccessCidrs.ToArray() : null,
            },
            EncryptionConfig = new EksClusterEncryptionConfig
            {
                Resources = ["secrets"],
                Provider = new EksClusterEncryptionConfigProvider { KeyArn = props.SecretsKmsKeyArn },
            },
            EnabledClusterLogTypes = ControlPlaneLogTypes.ToArray(),
            AccessConfig = new EksClusterAccessConfig
            {
                AuthenticationMode = "API",
                // Nobody is admin by accident of having run terraform apply; admins come from the access entry below.
                BootstrapClusterCreatorAdminPermissions = false,
            },
            // vpc-cni, kube-proxy and CoreDNS come as managed add-ons instead of EKS's unmanaged copies.
            BootstrapSelfManagedAddons = false,
            // Versions leave the allow-list when standard support ends and synth fails until config moves on;
            // extended support is the safety net rather than a forced control-plane upgrade by AWS.
            UpgradePolicy = new EksClusterUpgradePolicy { SupportType = "EXTENDED" },
            Lifecycle = EcolauraStack.PreventDestroy,
            DependsOn = [clusterPolicy, encryptionPolicy, logGroup],
        });

        var admin = new EksAccessEntry(this, "admin", new EksAccessEntryConfig
        {
            ClusterName = cluster.Name,
            PrincipalArn = props.AdminRoleArn,
            Type = "STANDARD",
        });
        _ = new EksAccessPolicyAssociation(this, "admin_policy", new EksAccessPolicyAssociationConfig
        {
            ClusterName = cluster.Name,
            PrincipalArn = admin.PrincipalArn,
            PolicyArn = ClusterAdminPolicyArn,
            AccessScope = new EksAccessPolicyAssociationAccessScope { Type = "cluster" },
        });

        var issuer = cluster.Identity.Get(0).Oidc.Get(0).Issuer;
        // thumbprint_list is omitted: IAM trusts EKS's OIDC endpoints through its own CA library, and a
        // tls_certificate data source would make the plan depend on the network.
        var oidc = new IamOpenidConnectProvider(this, "oidc", new IamOpenidConnectProviderConfig
        {
            Url = issuer,
            ClientIdList = ["sts.amazonaws.com"],
        });

        ClusterName = cluster.Name;
        ClusterVersion = cluster.Version;
        ClusterEndpoint = cluster.Endpoint;
        CertificateAuthorityData = cluster.CertificateAuthority.Get(0).Data;
        ClusterSecurityGroupId = cluster.VpcConfig.ClusterSecurityGroupId;
        OidcIssuerUrl = issuer;
        OidcProviderArn = oidc.Arn;
        OidcIssuerHostPath = TerraformExpressions.Local(this, "oidc_issuer_host", TerraformExpressions.WithoutHttps(issuer));
    }

    /// <summary>The cluster name (a token: referencing it orders dependants after the cluster).</summary>
    public string ClusterName { get; }

    /// <summary>The running Kubernetes version (node groups follow it).</summary>
    public string ClusterVersion { get; }

    /// <summary>The API server endpoint (https://…).</summary>
    public string ClusterEndpoint { get; }

    /// <summary>Base64 PEM of the cluster CA.</summary>
    public string CertificateAuthorityData { get; }

    /// <summary>The security group EKS creates for the control plane.</summary>
    public string ClusterSecurityGroupId { get; }

    /// <summary>The OIDC issuer URL (https://oidc.eks.…/id/…).</summary>
    public string OidcIssuerUrl { get; }

    /// <summary>The IAM OIDC provider IRSA roles trust.</summary>
    public string OidcProviderArn { get; }

    /// <summary>The issuer without https://, the prefix of IRSA condition keys (<c>&lt;host path&gt;:sub</c>).</summary>
    public string OidcIssuerHostPath { get; }
}
