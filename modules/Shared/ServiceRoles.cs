using Constructs;
using HashiCorp.Cdktf.Providers.Aws.IamRole;

namespace Ecolaura.Tf.Shared;

/// <summary>IAM roles that an AWS service assumes on the project's behalf (replication, backup, repository creation).</summary>
public static class ServiceRoles
{
    /// <summary>
    /// A role with construct id <c>role</c> in <paramref name="scope"/> whose trust policy lets only <paramref name="service"/>
    /// (<c>s3.amazonaws.com</c>, <c>backup.amazonaws.com</c>, …) call <c>sts:AssumeRole</c>; the caller attaches its permissions.
    /// </summary>
    /// <param name="scope">The construct that owns the role.</param>
    /// <param name="name">The role name (IAM: ≤ 64 characters).</param>
    /// <param name="description">What the service does with it.</param>
    /// <param name="service">The service principal.</param>
    /// <param name="sid">The trust statement's Sid (<c>S3Assumes</c>).</param>
    public static IamRole AssumedBy(Construct scope, string name, string description, string service, string sid) =>
        new(scope, "role", new IamRoleConfig
        {
            Name = name,
            Description = description,
            AssumeRolePolicy = PolicyDocument.Of(new PolicyStatement
            {
                Sid = sid,
                Services = [service],
                Actions = ["sts:AssumeRole"],
            }),
        });
}
