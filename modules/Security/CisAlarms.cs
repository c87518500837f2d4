using Constructs;
using HashiCorp.Cdktf.Providers.Aws.CloudwatchLogMetricFilter;

namespace Ecolaura.Tf.Security;

/// <summary>One CIS metric filter on the trail's log group and the alarm on its metric.</summary>
/// <param name="Id">Construct id and metric name suffix (snake_case).</param>
/// <param name="Metric">The metric the filter emits, in <see cref="CisAlarms.Namespace"/>.</param>
/// <param name="Control">The Security Hub control and CIS v1.4.0 recommendation it satisfies.</param>
/// <param name="Description">What it means and what to do.</param>
/// <param name="Pattern">The CloudWatch Logs filter pattern over CloudTrail JSON events.</param>
/// <param name="Severity">Which topic the alarm notifies.</param>
public sealed record CisFilter(string Id, string Metric, string Control, string Description, string Pattern, AlertSeverity Severity);

/// <summary>Props of <see cref="CisAlarms"/>.</summary>
public sealed record CisAlarmsProps
{
    /// <summary>Alarm and filter name prefix.</summary>
    public required string Name { get; init; }

    /// <summary>The trail's log group.</summary>
    public required string LogGroupName { get; init; }

    /// <summary>Pages on-call.</summary>
    public required string CriticalTopicArn { get; init; }

    /// <summary>Posts to Slack.</summary>
    public required string NonCriticalTopicArn { get; init; }
}

/// <summary>
/// The CIS AWS Foundations metric filters on the CloudTrail log group, each with an alarm (one matching event in five
/// minutes) into the foundation's topics: root use pages on-call, every other change posts to Slack.
/// </summary>
/// <remarks>
/// Patterns as in the AWS Security Hub User Guide, "Security Hub controls for CloudWatch" (CloudWatch.1–14),
/// https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html (checked 2026-12-01). AWS Config
/// (CloudWatch.9) is not used by this project, so its filter is left out. The filters emit 0 for every other event, so an
/// alarm returns to OK once the trail delivers events without a match.
/// </remarks>
public sealed class CisAlarms : Construct
{
    /// <summary>The CloudWatch namespace of the filters' metrics.</summary>
    public const string Namespace = "Ecolaura/CIS";

    /// <summary>Every filter, in CIS order.</summary>
    public static IReadOnlyList<CisFilter> Filters { get; } =
    [
        new("root_use", "RootAccountUsage", "CloudWatch.1, CIS 1.4.0 4.3", "The root user was used: confirm who and why at once (root is for break-glass only)",
            "{ $.userIdentity.type = \"Root\" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != \"AwsServiceEvent\" }", AlertSeverity.Critical),
        new("unauthorized_api_calls", "UnauthorizedApiCalls", "CloudWatch.2, CIS 1.4.0 4.1", "API calls were refused as unauthorised: a misconfigured role or someone probing",
            "{ ($.errorCode = \"*UnauthorizedOperation\") || ($.errorCode = \"AccessDenied*\") }", AlertSeverity.NonCritical),
        new("console_signin_without_mfa", "ConsoleSigninWithoutMfa", "CloudWatch.3, CIS 1.4.0 4.2", "An IAM user signed in to the console without MFA",
            "{ ($.eventName = \"ConsoleLogin\") && ($.additionalEventData.MFAUsed != \"Yes\") && ($.userIdentity.type = \"IAMUser\") && ($.responseElements.ConsoleLogin = \"Success\") }", AlertSeverity.NonCritical),
        new("iam_policy_changes", "IamPolicyChanges", "CloudWatch.4, CIS 1.4.0 4.4", "An IAM policy was created, changed, attached or detached",
            "{ ($.eventName = DeleteGroupPolicy) || ($.eventName = DeleteRolePolicy) || ($.eventName = DeleteUserPolicy) || ($.eventName = PutGroupPolicy) || ($.eventName = PutRolePolicy) || ($.eventName = PutUserPolicy) || ($.eventName = CreatePolicy) || ($.eventName = DeletePolicy) || ($.eventName = CreatePolicyVersion) || ($.eventName = DeletePolicyVersion) || ($.eventName = AttachRolePolicy) || ($.eventName = DetachRolePolicy) || ($.eventName = AttachUserPolicy) || ($.eventName = DetachUserPolicy) || ($.eventName = AttachGroupPolicy) || ($.eventName = DetachGroupPolicy) }", AlertSeverity.NonCritical),
        new("cloudtrail_changes", "CloudTrailChanges", "CloudWatch.5, CIS 1.4.0 4.5", "A trail was created, changed, stopped or deleted: audit logging may be off",
            "{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail) || ($.eventName = StartLogging) || ($.eventName = StopLogging) }", AlertSeverity.NonCritical),
        new("console_auth_failures", "ConsoleAuthenticationFailures", "CloudWatch.6, CIS 1.4.0 4.6", "Console sign-in failed: a forgotten password or a guessing attempt",
            "{ ($.eventName = ConsoleLogin) && ($.errorMessage = \"Failed authentication\") }", AlertSeverity.NonCritical),
        new("kms_key_disabled_or_deleted", "KmsKeyDisabledOrScheduledForDeletion", "CloudWatch.7, CIS 1.4.0 4.7", "A customer-managed KMS key was disabled or scheduled for deletion: data under it becomes unreadable",
            "{ ($.eventSource = kms.amazonaws.com) && (($.eventName = DisableKey) || ($.eventName = ScheduleKeyDeletion)) }", AlertSeverity.NonCritical),
        new("s3_bucket_policy_changes", "S3BucketPolicyChanges", "CloudWatch.8, CIS 1.4.0 4.8", "An S3 bucket policy, ACL, CORS, lifecycle or replication setting changed",
            "{ ($.eventSource = s3.amazonaws.com) && (($.eventName = PutBucketAcl) || ($.eventName = PutBucketPolicy) || ($.eventName = PutBucketCors) || ($.eventName = PutBucketLifecycle) || ($.eventName = PutBucketReplication) || ($.eventName = DeleteBucketPolicy) || ($.eventName = DeleteBucketCors) || ($.eventName = DeleteBucketLifecycle) || ($.eventName = DeleteBucketReplication)) }", AlertSeverity.NonCritical),
        new("security_group_changes", "SecurityGroupChanges", "CloudWatch.10, CIS 1.4.0 4.10", "A security group or its rules changed",
            "{ ($.eventName = AuthorizeSecurityGroupIngress) || ($.eventName = AuthorizeSecurityGroupEgress) || ($.eventName = RevokeSecurityGroupIngress) || ($.eventName = RevokeSecurityGroupEgress) || ($.eventName = CreateSecurityGroup) || ($.eventName = DeleteSecurityGroup) }", AlertSeverity.NonCritical),
        new("nacl_changes", "NetworkAclChanges", "CloudWatch.11, CIS 1.4.0 4.11", "A network ACL or its entries changed",
            "{ ($.eventName = CreateNetworkAcl) || ($.eventName = CreateNetworkAclEntry) || ($.eventName = DeleteNetworkAcl) || ($.eventName = DeleteNetworkAclEntry) || ($.eventName = ReplaceNetworkAclEntry) || ($.eventName = ReplaceNetworkAclAssociation) }", AlertSeverity.NonCritical),
        new("network_gateway_changes", "NetworkGatewayChanges", "CloudWatch.12, CIS 1.4.0 4.12", "An internet, customer or VPN gateway changed",
            "{ ($.eventName = CreateCustomerGateway) || ($.eventName = DeleteCustomerGateway) || ($.eventName = AttachInternetGateway) || ($.eventName = CreateInternetGateway) || ($.eventName = DeleteInternetGateway) || ($.eventName = DetachInternetGateway) }", AlertSeverity.NonCritical),
        new("route_table_changes", "RouteTableChanges", "CloudWatch.13, CIS 1.4.0 4.13", "A route table or route changed",
            "{ ($.eventName = CreateRoute) || ($.eventName = CreateRouteTable) || ($.eventName = ReplaceRoute) || ($.eventName = ReplaceRouteTableAssociation) || ($.eventName = DeleteRouteTable) || ($.eventName = DeleteRoute) || ($.eventName = DisassociateRouteTable) }", AlertSeverity.NonCritical),
        new("vpc_changes", "VpcChanges", "CloudWatch.14, CIS 1.4.0 4.14", "A VPC, its peering or ClassicLink setting changed",
            "{ ($.eventName = CreateVpc) || ($.eventName = DeleteVpc) || ($.eventName = ModifyVpcAttribute) || ($.eventName = AcceptVpcPeeringConnection) || ($.eventName = CreateVpcPeeringConnection) || ($.eventName = DeleteVpcPeeringConnection) || ($.eventName = RejectVpcPeeringConnection) || ($.eventName = AttachClassicLinkVpc) || ($.eventName = DetachClassicLinkVpc) || ($.eventName = DisableVpcClassicLink) || ($.eventName = EnableVpcClassicLink) }", AlertSeverity.NonCritical),
    ];

    /// <summary>Creates one filter and one alarm per entry of <see cref="Filters"/>.</summary>
    public CisAlarms(Construct scope, string id, CisAlarmsProps props) : base(scope, id)
    {
        foreach (var filter in Filters)
        {
            _ = new CloudwatchLogMetricFilter(this, $"{filter.Id}_filter", new CloudwatchLogMetricFilterConfig
            {
                Name = $"{props.Name}-{filter.Id.Replace('_', '-')}",
                LogGroupName = props.LogGroupName,
                Pattern = filter.Pattern,
                MetricTransformation = new CloudwatchLogMetricFilterMetricTransformation
                {
                    Name = filter.Metric,
                    Namespace = Namespace,
                    Value = "1",
                    DefaultValue = "0",
                    Unit = "Count",
                },
            });
            _ = new MetricAlarm(this, filter.Id, new MetricAlarmProps
            {
                Name = $"{props.Name}-{filter.Id.Replace('_', '-')}",
                Description = $"{filter.Description} ({filter.Control}; CloudTrail event in the last 5 minutes, see the trail's log group)",
                Namespace = Namespace,
                Metric = filter.Metric,
                Dimensions = new Dictionary<string, string>(),
                Statistic = "Sum",
                Comparison = "GreaterThanOrEqualToThreshold",
                Threshold = 1,
                TopicArn = filter.Severity == AlertSeverity.Critical ? props.CriticalTopicArn : props.NonCriticalTopicArn,
                EvaluationPeriods = 1,
                TreatMissingData = "notBreaching",
            });
        }
    }
}
