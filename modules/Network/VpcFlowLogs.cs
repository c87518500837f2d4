using Constructs;
using HashiCorp.Cdktf.Providers.Aws.CloudwatchLogGroup;
using HashiCorp.Cdktf.Providers.Aws.FlowLog;
using HashiCorp.Cdktf.Providers.Aws.IamRole;
using HashiCorp.Cdktf.Providers.Aws.IamRolePolicy;

namespace Ecolaura.Tf.Network;

/// <summary>Props of <see cref="VpcFlowLogs"/>.</summary>
public sealed record VpcFlowLogsProps
{
    /// <summary>The VPC to log.</summary>
    public required string VpcId { get; init; }

    /// <summary>Name prefix of the log group and role.</summary>
    public required string Name { get; init; }

    /// <summary>The CMK of the log group (foundation's logs key).</summary>
    public required string KmsKeyArn { get; init; }

    /// <summary>Retention in days (≥ 365, a CloudWatch value).</summary>
    public required int RetentionDays { get; init; }

    /// <summary>Account and region, to scope the role's trust and policy.</summary>
    public required string AccountId { get; init; }

    /// <summary>The region of the VPC.</summary>
    public required string Region { get; init; }
}

/// <summary>VPC flow logs of ALL traffic into a pre-created, KMS-encrypted log group with retention, via a least-privilege role.</summary>
public sealed class VpcFlowLogs : Construct
{
    /// <summary>Creates the log group, role and flow log.</summary>
    public VpcFlowLogs(Construct scope, string id, VpcFlowLogsProps props) : base(scope, id)
    {
        var group = new CloudwatchLogGroup(this, "log_group", new CloudwatchLogGroupConfig
        {
            Name = $"/aws/vpc/flow-logs/{props.Name}",
            RetentionInDays = props.RetentionDays,
            KmsKeyId = props.KmsKeyArn,
        });
        LogGroupName = group.Name;

        var role = new IamRole(this, "role", new IamRoleConfig
        {
            Name = $"{props.Name}-flow-logs",
            Description = "VPC Flow Logs delivery into its own log group only",
            AssumeRolePolicy = PolicyDocument.Of(new PolicyStatement
            {
                Sid = "FlowLogsAssume",
                Services = ["vpc-flow-logs.amazonaws.com"],
                Actions = ["sts:AssumeRole"],
                Conditions = new Dictionary<string, IReadOnlyDictionary<string, IReadOnlyList<string>>>
                {
                    ["StringEquals"] = new Dictionary<string, IReadOnlyList<string>> { ["aws:SourceAccount"] = [props.AccountId] },
                    ["ArnLike"] = new Dictionary<string, IReadOnlyList<string>>
                    {
                        ["aws:SourceArn"] = [$"arn:aws:ec2:{props.Region}:{props.AccountId}:vpc-flow-log/*"],
                    },
                },
            }),
        });
        _ = new IamRolePolicy(this, "role_policy", new IamRolePolicyConfig
        {
            Role = role.Id,
            Name = "deliver-flow-logs",
            Policy = PolicyDocument.Of(new PolicyStatement
            {
                Sid = "WriteOwnLogGroup",
                Actions = ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
                Resources = [group.Arn, $"{group.Arn}:*"],
            }),
        });

        _ = new FlowLog(this, "flow_log", new FlowLogConfig
        {
            VpcId = props.VpcId,
            TrafficType = "ALL",
            LogDestinationType = "cloud-watch-logs",
            LogDestination = group.Arn,
            IamRoleArn = role.Arn,
            MaxAggregationInterval = 60,
            Tags = new Dictionary<string, string> { ["Name"] = $"{props.Name}-flow-logs" },
        });
    }

    /// <summary>The flow-log group's name.</summary>
    public string LogGroupName { get; }
}
