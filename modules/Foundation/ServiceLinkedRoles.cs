using Constructs;
using HashiCorp.Cdktf.Providers.Aws.DataAwsIamRole;
using HashiCorp.Cdktf.Providers.Aws.IamServiceLinkedRole;

namespace Ecolaura.Tf.Foundation;

/// <summary>Props of <see cref="ServiceLinkedRoles"/>.</summary>
public sealed record ServiceLinkedRolesProps
{
    /// <summary>Which roles to create and which already exist.</summary>
    public required ServiceLinkedRolesConfig Config { get; init; }
}

/// <summary>
/// The service-linked roles later workspaces name in policies before the owning service would create them:
/// <c>AWSServiceRoleForAutoScaling</c> (the compute workspace's node-volume key lets it use the key, and KMS refuses a
/// policy naming a principal that does not exist). Created here, or read when it exists already, so a fresh account
/// applies without a manual step and an account that has it fails early if the switch is wrong.
/// </summary>
/// <remarks>
/// The other service-linked roles behind generated resources (EKS, EKS node groups, Elastic Load Balancing, RDS,
/// ElastiCache, AWS Chatbot) are named by no policy here: each service creates its own the first time, as long as the
/// applying principal may call <c>iam:CreateServiceLinkedRole</c>. Managing them too would make the foundation fail in
/// every account where they exist already (README, "Account preconditions").
/// </remarks>
public sealed class ServiceLinkedRoles : Construct
{
    /// <summary>The Auto Scaling service principal.</summary>
    public const string AutoScalingService = "autoscaling.amazonaws.com";

    /// <summary>The default Auto Scaling service-linked role, the one EKS managed node groups' Auto Scaling groups use (no custom suffix).</summary>
    /// <remarks>Source: Amazon EC2 Auto Scaling User Guide, "Service-linked roles for Amazon EC2 Auto Scaling", https://docs.aws.amazon.com/autoscaling/ec2/userguide/autoscaling-service-linked-role.html (checked 2026-12-01).</remarks>
    public const string AutoScalingRoleName = "AWSServiceRoleForAutoScaling";

    /// <summary>Creates the role, or reads it when it exists.</summary>
    public ServiceLinkedRoles(Construct scope, string id, ServiceLinkedRolesProps props) : base(scope, id)
    {
        if (props.Config.AutoScaling == ServiceLinkedRoleMode.Create)
        {
            _ = new IamServiceLinkedRole(this, "autoscaling", new IamServiceLinkedRoleConfig
            {
                AwsServiceName = AutoScalingService,
                Description = "Default Auto Scaling role: EKS node groups launch encrypted node volumes with it",
                // Deleting it would leave the node-volume key policy naming a principal that no longer exists.
                Lifecycle = EcolauraStack.PreventDestroy,
            });
        }
        else
        {
            // A plain data source: the plan stops with "couldn't find resource" if the role is not there after all.
            _ = new DataAwsIamRole(this, "autoscaling", new DataAwsIamRoleConfig { Name = AutoScalingRoleName });
        }
    }

    /// <summary>The ARN of <see cref="AutoScalingRoleName"/> in <paramref name="accountId"/> (what key policies name).</summary>
    public static string AutoScalingRoleArn(string accountId) =>
        $"arn:aws:iam::{accountId}:role/aws-service-role/{AutoScalingService}/{AutoScalingRoleName}";
}
