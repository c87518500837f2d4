using Constructs;
using HashiCorp.Cdktf.Providers.Aws.IamRole;
using HashiCorp.Cdktf.Providers.Aws.IamRolePolicy;
using HashiCorp.Cdktf.Providers.Aws.IamRolePolicyAttachment;

namespace Ecolaura.Tf.Compute;

/// <summary>Props of <see cref="ServiceAccountRole"/>.</summary>
public sealed record ServiceAccountRoleProps
{
    /// <summary>The IAM role name.</summary>
    public required string Name { get; init; }

    /// <summary>What the role is for (IAM description).</summary>
    public required string Description { get; init; }

    /// <summary>The cluster's IAM OIDC provider.</summary>
    public required string OidcProviderArn { get; init; }

    /// <summary>The issuer without https:// (a Terraform expression; condition keys are built from it).</summary>
    public required string OidcIssuerHostPath { get; init; }

    /// <summary>The Kubernetes namespace of the service account.</summary>
    public required string Namespace { get; init; }

    /// <summary>The service account; the only identity that may assume the role.</summary>
    public required string ServiceAccount { get; init; }

    /// <summary>AWS-managed policies to attach (for add-ons whose AWS policy is the documented least privilege).</summary>
    /// <remarks>Default: none.</remarks>
    public IReadOnlyList<string> ManagedPolicyArns { get; init; } = [];

    /// <summary>Our own inline policy.</summary>
    /// <remarks>Default: none.</remarks>
    public IReadOnlyList<PolicyStatement> Statements { get; init; } = [];
}

/// <summary>
/// An IAM role for one Kubernetes service account (IRSA): trusted only by the cluster's OIDC provider, only for
/// <c>sts:AssumeRoleWithWebIdentity</c>, and only when <c>sub</c> is exactly
/// <c>system:serviceaccount:&lt;namespace&gt;:&lt;name&gt;</c> and <c>aud</c> is <c>sts.amazonaws.com</c> (checkov CKV_AWS_60, CKV_AWS_61; EKS IRSA docs).
/// </summary>
public sealed class ServiceAccountRole : Construct
{
    /// <summary>Creates the role, its attachments and its inline policy.</summary>
    public ServiceAccountRole(Construct scope, string id, ServiceAccountRoleProps props) : base(scope, id)
    {
        if (props.Namespace.Contains('*') || props.ServiceAccount.Contains('*'))
        {
            throw new ArgumentException($"IRSA role {props.Name}: no wildcards in the trusted service account", nameof(props));
        }

        var role = new IamRole(this, "Resource", new IamRoleConfig
        {
            Name = props.Name,
            Description = props.Description,
            AssumeRolePolicy = PolicyDocument.Of(new PolicyStatement
            {
                Sid = "ServiceAccountAssume",
                Federated = props.OidcProviderArn,
                Actions = ["sts:AssumeRoleWithWebIdentity"],
                Conditions = new Dictionary<string, IReadOnlyDictionary<string, IReadOnlyList<string>>>
                {
                    ["StringEquals"] = new Dictionary<string, IReadOnlyList<string>>
                    {
                        [$"{props.OidcIssuerHostPath}:sub"] = [$"system:serviceaccount:{props.Namespace}:{props.ServiceAccount}"],
                        [$"{props.OidcIssuerHostPath}:aud"] = ["sts.amazonaws.com"],
                    },
                },
            }),
        });

        foreach (var arn in props.ManagedPolicyArns)
        {
            _ = new IamRolePolicyAttachment(this, arn[(arn.LastIndexOf('/') + 1)..], new IamRolePolicyAttachmentConfig
            {
                Role = role.Name,
                PolicyArn = arn,
            });
        }

        if (props.Statements.Count > 0)
        {
            _ = new IamRolePolicy(this, "policy", new IamRolePolicyConfig
            {
                Role = role.Id,
                Name = props.ServiceAccount,
                Policy = new PolicyDocument(props.Statements).ToJson(),
            });
        }

        RoleArn = role.Arn;
        RoleName = role.Name;
    }

    /// <summary>The role ARN (the service account's <c>eks.amazonaws.com/role-arn</c> annotation).</summary>
    public string RoleArn { get; }

    /// <summary>The role name.</summary>
    public string RoleName { get; }
}
