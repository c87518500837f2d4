using Constructs;
using HashiCorp.Cdktf.Providers.Aws.IamGroup;
using HashiCorp.Cdktf.Providers.Aws.IamGroupPolicyAttachment;
using HashiCorp.Cdktf.Providers.Aws.IamPolicy;

namespace Ecolaura.Tf.Security;

/// <summary>One human role of the platform: an IAM group with AWS managed policies.</summary>
/// <param name="Role">Group name suffix: <c>administrators</c>, <c>developers</c>, <c>read-only</c>.</param>
/// <param name="Description">Who belongs here.</param>
/// <param name="ManagedPolicyArns">AWS managed policies granting the permissions (never AdministratorAccess or IAMFullAccess).</param>
public sealed record ConsoleRole(string Role, string Description, IReadOnlyList<string> ManagedPolicyArns);

/// <summary>Props of <see cref="ConsoleGroups"/>.</summary>
public sealed record ConsoleGroupsProps
{
    /// <summary>Names of the environment.</summary>
    public required Naming Names { get; init; }
}

/// <summary>
/// IAM groups for the platform's human roles. Every group also gets <c>require-mfa</c>, which denies everything except
/// setting up one's own MFA device and changing one's own password until the session is MFA-authenticated
/// (<c>aws:MultiFactorAuthPresent</c>). No IAM users are created here: people are added to the groups where they are managed.
/// </summary>
/// <remarks>
/// The policy follows the AWS IAM User Guide example "Allows MFA-authenticated IAM users to manage their own MFA device",
/// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_examples_iam_mfa-selfmanage.html (checked 2026-12-01).
/// Administrators get PowerUserAccess plus read-only IAM rather than AdministratorAccess (refused by ECO-IAM-1 and
/// checkov CKV_AWS_274): IAM changes go through Terraform.
/// </remarks>
public sealed class ConsoleGroups : Construct
{
    /// <summary>The groups and their AWS managed policies.</summary>
    public static IReadOnlyList<ConsoleRole> Roles { get; } =
    [
        new("administrators", "Platform administrators: every service except IAM and Organizations writes",
            ["arn:aws:iam::aws:policy/PowerUserAccess", "arn:aws:iam::aws:policy/IAMReadOnlyAccess"]),
        new("developers", "Developers: read everything, push images to ECR",
            ["arn:aws:iam::aws:policy/ReadOnlyAccess", "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPowerUser"]),
        new("read-only", "Auditors and support: see resources and their configuration, not their data",
            ["arn:aws:iam::aws:policy/job-function/ViewOnlyAccess"]),
    ];

    /// <summary>The actions a session without MFA may still call: only what enrolling one's own MFA device needs.</summary>
    public static IReadOnlyList<string> AllowedWithoutMfa { get; } =
    [
        "iam:CreateVirtualMFADevice", "iam:EnableMFADevice", "iam:GetUser", "iam:GetMFADevice", "iam:ListMFADevices",
        "iam:ListVirtualMFADevices", "iam:ResyncMFADevice", "iam:ChangePassword", "iam:GetAccountPasswordPolicy", "sts:GetSessionToken",
    ];

    /// <summary>Creates the MFA policy, the groups and their attachments.</summary>
    public ConsoleGroups(Construct scope, string id, ConsoleGroupsProps props) : base(scope, id)
    {
        var names = props.Names;
        var account = names.Environment.AccountId;
        // $$ keeps Terraform from interpolating the IAM policy variable.
        const string self = "$${aws:username}";
        var mfa = new IamPolicy(this, "require_mfa", new IamPolicyConfig
        {
            Name = names.Of(Workspace.Security, "require-mfa"),
            Description = "Deny everything but enrolling one's own MFA device until the session is MFA-authenticated",
            Policy = PolicyDocument.Of(
                new PolicyStatement
                {
                    Sid = "ViewAccountPasswordPolicyAndMfaDevices",
                    Actions = ["iam:GetAccountPasswordPolicy", "iam:ListVirtualMFADevices"],
                    Resources = ["*"],
                },
                new PolicyStatement
                {
                    Sid = "CreateOwnVirtualMfaDevice",
                    Actions = ["iam:CreateVirtualMFADevice"],
                    Resources = [$"arn:aws:iam::{account}:mfa/*"],
                },
                new PolicyStatement
                {
                    Sid = "ManageOwnMfaAndPassword",
                    Actions = ["iam:DeactivateMFADevice", "iam:EnableMFADevice", "iam:GetUser", "iam:GetMFADevice", "iam:ListMFADevices", "iam:ResyncMFADevice", "iam:ChangePassword"],
                    Resources = [$"arn:aws:iam::{account}:user/{self}", $"arn:aws:iam::{account}:user/*/{self}"],
                },
                new PolicyStatement
                {
                    Sid = "DenyAllExceptMfaSetupWithoutMfa",
                    Deny = true,
                    Actions = [],
                    NotActions = AllowedWithoutMfa,
                    Resources = ["*"],
                    Conditions = PolicyStatement.When("BoolIfExists", CisBaseline.MfaConditionKey, "false"),
                }),
        });
        RequireMfaPolicyArn = mfa.Arn;

        var groups = new List<string>();
        foreach (var role in Roles)
        {
            var groupId = role.Role.Replace('-', '_');
            var group = new IamGroup(this, groupId, new IamGroupConfig { Name = names.Of(Workspace.Security, role.Role), Path = "/people/" });
            groups.Add(group.Name);
            foreach (var (policy, index) in role.ManagedPolicyArns.Prepend(mfa.Arn).Select((p, i) => (p, i)))
            {
                var policyId = index == 0 ? "require_mfa" : policy.Split('/')[^1];
                _ = new IamGroupPolicyAttachment(this, $"{groupId}_{policyId}", new IamGroupPolicyAttachmentConfig { Group = group.Name, PolicyArn = policy });
            }
        }

        GroupNames = groups.ToArray();
    }

    /// <summary>The group names, in <see cref="Roles"/> order (tokens).</summary>
    public string[] GroupNames { get; }

    /// <summary>The <c>require-mfa</c> policy (a token).</summary>
    public string RequireMfaPolicyArn { get; }
}
