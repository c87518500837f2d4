
namespace Ecolaura.Tf.Compute;

/// <summary>Where an add-on policy applies: one cluster in one account and region.</summary>
/// <param name="Region">The cluster's region.</param>
/// <param name="AccountId">The cluster's account.</param>
/// <param name="ClusterName">The cluster name, used in tag conditions and node-group ARNs.</param>
/// <param name="VpcId">The cluster's VPC (a token).</param>
public sealed record AddonScope(string Region, string AccountId, string ClusterName, string VpcId);

/// <summary>
/// Least-privilege inline policies of the IRSA roles whose AWS-managed policy is broader than they need. Actions
/// that IAM cannot scope (Describe*, List*) keep <c>Resource "*"</c>; every other statement names ARNs of this account
/// and region and, where AWS supports it, a tag condition on resources the controller created for this cluster.
/// </summary>
public static class AddonPolicies
{
    /// <summary>The tag the AWS Load Balancer Controller puts on everything it creates, with the cluster name as value.</summary>
    public const string LoadBalancerClusterTag = "elbv2.k8s.aws/cluster";

    /// <summary>The Cluster Autoscaler's auto-discovery tag of a cluster's node-group ASGs (value <c>owned</c>).</summary>
    public static string AutoscalerOwnerTag(string clusterName) => $"k8s.io/cluster-autoscaler/{clusterName}";

    /// <summary>
    /// Cluster Autoscaler: read the ASGs and instance types, and change only ASGs tagged as this cluster's
    /// (https://github.com/kubernetes/autoscaler/blob/master/cluster-autoscaler/cloudprovider/aws/README.md).
    /// </summary>
    public static IReadOnlyList<PolicyStatement> ClusterAutoscaler(AddonScope scope) =>
    [
        new()
        {
            Sid = "DiscoverGroupsAndTypes",
            Actions =
            [
                "autoscaling:DescribeAutoScalingGroups", "autoscaling:DescribeAutoScalingInstances",
                "autoscaling:DescribeLaunchConfigurations", "autoscaling:DescribeScalingActivities", "autoscaling:DescribeTags",
                "ec2:DescribeImages", "ec2:DescribeInstanceTypes", "ec2:DescribeLaunchTemplateVersions",
                "ec2:GetInstanceTypesFromInstanceRequirements",
            ],
            Resources = ["*"],
        },
        new()
        {
            Sid = "ScaleOwnGroups",
            Actions = ["autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup"],
            Resources = [$"arn:aws:autoscaling:{scope.Region}:{scope.AccountId}:autoScalingGroup:*:autoScalingGroupName/*"],
            Conditions = PolicyStatement.When("StringEquals", $"aws:ResourceTag/{AutoscalerOwnerTag(scope.ClusterName)}", "owned"),
        },
        new()
        {
            Sid = "DescribeOwnNodeGroups",
            Actions = ["eks:DescribeNodegroup"],
            Resources = [$"arn:aws:eks:{scope.Region}:{scope.AccountId}:nodegroup/{scope.ClusterName}/*/*"],
        },
    ];

    /// <summary>
    /// AWS Load Balancer Controller: the upstream policy
    /// (https://github.com/kubernetes-sigs/aws-load-balancer-controller/blob/main/docs/install/iam_policy.json) narrowed
    /// to this account, region and VPC, with <c>elbv2.k8s.aws/cluster</c> conditions equal to this cluster instead of
    /// "any cluster", and without Cognito, IAM server certificates and Shield protection changes (not used here).
    /// </summary>
    public static IReadOnlyList<PolicyStatement> LoadBalancerController(AddonScope scope)
    {
        var ec2 = $"arn:aws:ec2:{scope.Region}:{scope.AccountId}";
        var elb = $"arn:aws:elasticloadbalancing:{scope.Region}:{scope.AccountId}";
        string[] securityGroups = [$"{ec2}:security-group/*"];
        string[] balancers = [$"{elb}:loadbalancer/app/*/*", $"{elb}:loadbalancer/net/*/*"];
        string[] targetGroups = [$"{elb}:targetgroup/*/*"];
        string[] listeners = [$"{elb}:listener/app/*/*/*", $"{elb}:listener/net/*/*/*"];
        string[] rules = [$"{elb}:listener-rule/app/*/*/*", $"{elb}:listener-rule/net/*/*/*"];
        var requestTag = $"aws:RequestTag/{LoadBalancerClusterTag}";
        var resourceTag = $"aws:ResourceTag/{LoadBalancerClusterTag}";
        var ownResource = PolicyStatement.When("StringEquals", resourceTag, scope.ClusterName);
        var taggedForCluster = PolicyStatement.When("StringEquals", requestTag, scope.ClusterName);
        var retagOwn = new Dictionary<string, IReadOnlyDictionary<string, IReadOnlyList<string>>>
        {
            ["Null"] = new Dictionary<string, IReadOnlyList<string>> { [requestTag] = ["true"] },
            ["StringEquals"] = new Dictionary<string, IReadOnlyList<string>> { [resourceTag] = [scope.ClusterName] },
        };

        return
        [
            new()
            {
                Sid = "CreateElbServiceLinkedRole",
                Actions = ["iam:CreateServiceLinkedRole"],
                Resources = [$"arn:aws:iam::{scope.AccountId}:role/aws-service-role/elasticloadbalancing.amazonaws.com/AWSServiceRoleForElasticLoadBalancing"],
                Conditions = PolicyStatement.When("StringEquals", "iam:AWSServiceName", "elasticloadbalancing.amazonaws.com"),
            },
            new()
            {
                Sid = "Describe",
                Actions =
                [
                    "ec2:DescribeAccountAttributes", "ec2:DescribeAddresses", "ec2:DescribeAvailabilityZones",
                    "ec2:DescribeInternetGateways", "ec2:DescribeVpcs", "ec2:DescribeVpcPeeringConnections", "ec2:DescribeSubnets",
                    "ec2:DescribeSecurityGroups", "ec2:DescribeInstances", "ec2:DescribeNetworkInterfaces", "ec2:DescribeTags",
                    "ec2:GetCoipPoolUsage", "ec2:DescribeCoipPools", "ec2:GetSecurityGroupsForVpc", "ec2:DescribeIpamPools",
                    "ec2:DescribeRouteTables",
                    "elasticloadbalancing:DescribeLoadBalancers", "elasticloadbalancing:DescribeLoadBalancerAttributes",
                    "elasticloadbalancing:DescribeListeners", "elasticloadbalancing:DescribeListenerCertificates",
                    "elasticloadbalancing:DescribeSSLPolicies", "elasticloadbalancing:DescribeRules",
                    "elasticloadbalancing:DescribeTargetGroups", "elasticloadbalancing:DescribeTargetGroupAttributes",
                    "elasticloadbalancing:DescribeTargetHealth", "elasticloadbalancing:DescribeTags",
                    "elasticloadbalancing:DescribeTrustStores", "elasticloadbalancing:DescribeListenerAttributes",
                    "elasticloadbalancing:DescribeCapacityReservation",
                    "acm:ListCertificates", "wafv2:GetWebACLForResource", "waf-regional:GetWebACLForResource",
                    "shield:GetSubscriptionState",
                ],
                Resources = ["*"],
            },
            new()
            {
                Sid = "DescribeCertificates",
                Actions = ["acm:DescribeCertificate"],
                Resources = [$"arn:aws:acm:{scope.Region}:{scope.AccountId}:certificate/*"],
            },
            new()
            {
                Sid = "AssociateWebAcls",
                Actions =
                [
                    "wafv2:GetWebACL", "wafv2:AssociateWebACL", "wafv2:DisassociateWebACL",
                    "waf-regional:GetWebACL", "waf-regional:AssociateWebACL", "waf-regional:DisassociateWebACL",
                ],
                Resources =
                [
                    $"arn:aws:wafv2:{scope.Region}:{scope.AccountId}:regional/webacl/*/*",
                    $"arn:aws:waf-regional:{scope.Region}:{scope.AccountId}:webacl/*",
                    .. balancers,
                ],
            },
            new()
            {
                Sid = "OpenNodeGroupsInOwnVpc",
                Actions = ["ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress"],
                Resources = securityGroups,
                Conditions = PolicyStatement.When("ArnEquals", "ec2:Vpc", $"{ec2}:vpc/{scope.VpcId}"),
            },
            new()
            {
                Sid = "CreateSecurityGroupsInOwnVpc",
                Actions = ["ec2:CreateSecurityGroup"],
                Resources = [$"{ec2}:vpc/{scope.VpcId}"],
            },
            new()
            {
                Sid = "CreateTaggedSecurityGroups",
                Actions = ["ec2:CreateSecurityGroup"],
                Resources = securityGroups,
                Conditions = taggedForCluster,
            },
            new()
            {
                Sid = "TagSecurityGroupsOnCreate",
                Actions = ["ec2:CreateTags"],
                Resources = securityGroups,
                Conditions = new Dictionary<string, IReadOnlyDictionary<string, IReadOnlyList<string>>>
                {
                    ["StringEquals"] = new Dictionary<string, IReadOnlyList<string>>
                    {
                        ["ec2:CreateAction"] = ["CreateSecurityGroup"],
                        [requestTag] = [scope.ClusterName],
                    },
                },
            },
            new()
            {
                Sid = "RetagOwnSecurityGroups",
                Actions = ["ec2:CreateTags", "ec2:DeleteTags"],
                Resources = securityGroups,
                Conditions = retagOwn,
            },
            new()
            {
                Sid = "DeleteOwnSecurityGroups",
                Actions = ["ec2:DeleteSecurityGroup"],
                Resources = securityGroups,
                Conditions = ownResource,
            },
            new()
            {
                Sid = "CreateTaggedLoadBalancers",
                Actions = ["elasticloadbalancing:CreateLoadBalancer", "elasticloadbalancing:CreateTargetGroup"],
                Resources = [.. balancers, .. targetGroups],
                Conditions = taggedForCluster,
            },
            new()
            {
                Sid = "TagLoadBalancersOnCreate",
                Actions = ["elasticloadbalancing:AddTags"],
                Resources = [.. balancers, .. targetGroups],
                Conditions = new Dictionary<string, IReadOnlyDictionary<string, IReadOnlyList<string>>>
                {
                    ["StringEquals"] = new Dictionary<string, IReadOnlyList<string>>
                    {
                        ["elasticloadbalancing:CreateAction"] = ["CreateTargetGroup", "CreateLoadBalancer"],
                        [requestTag] = [scope.ClusterName],
                    },
                },
            },
            new()
            {
                Sid = "RetagOwnLoadBalancers",
                Actions = ["elasticloadbalancing:AddTags", "elasticloadbalancing:RemoveTags"],
                Resources = [.. balancers, .. targetGroups],
                Conditions = retagOwn,
            },
            new()
            {
                Sid = "ModifyOwnLoadBalancers",
                Actions =
                [
                    "elasticloadbalancing:ModifyLoadBalancerAttributes", "elasticloadbalancing:SetIpAddressType",
                    "elasticloadbalancing:SetSecurityGroups", "elasticloadbalancing:SetSubnets",
                    "elasticloadbalancing:DeleteLoadBalancer", "elasticloadbalancing:ModifyTargetGroup",
                    "elasticloadbalancing:ModifyTargetGroupAttributes", "elasticloadbalancing:DeleteTargetGroup",
                    "elasticloadbalancing:ModifyListenerAttributes", "elasticloadbalancing:ModifyCapacityReservation",
                    "elasticloadbalancing:ModifyIpPools",
                ],
                Resources = [.. balancers, .. targetGroups, .. listeners],
                Conditions = ownResource,
            },
            new()
            {
                Sid = "ManageListenersAndRules",
                Actions =
                [
                    "elasticloadbalancing:CreateListener", "elasticloadbalancing:DeleteListener",
                    "elasticloadbalancing:CreateRule", "elasticloadbalancing:DeleteRule",
                    "elasticloadbalancing:ModifyListener", "elasticloadbalancing:AddListenerCertificates",
                    "elasticloadbalancing:RemoveListenerCertificates", "elasticloadbalancing:ModifyRule",
                    "elasticloadbalancing:SetRulePriorities", "elasticloadbalancing:SetWebAcl",
                ],
                Resources = [.. balancers, .. listeners, .. rules],
            },
            new()
            {
                Sid = "TagListenersAndRules",
                Actions = ["elasticloadbalancing:AddTags", "elasticloadbalancing:RemoveTags"],
                Resources = [.. listeners, .. rules],
            },
            new()
            {
                Sid = "RegisterTargets",
                Actions = ["elasticloadbalancing:RegisterTargets", "elasticloadbalancing:DeregisterTargets"],
                Resources = targetGroups,
            },
        ];
    }

    /// <summary>
    /// EBS CSI driver, on top of AmazonEBSCSIDriverPolicy: use the node-volume CMK for the volumes it creates and
    /// attaches (grants only for AWS resources, i.e. EBS).
    /// </summary>
    public static IReadOnlyList<PolicyStatement> EbsCsiVolumeKey(string volumeKmsKeyArn) =>
    [
        new()
        {
            Sid = "GrantEbsUseOfVolumeKey",
            Actions = ["kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"],
            Resources = [volumeKmsKeyArn],
            Conditions = PolicyStatement.When("Bool", "kms:GrantIsForAWSResource", "true"),
        },
        new()
        {
            Sid = "UseVolumeKey",
            Actions = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"],
            Resources = [volumeKmsKeyArn],
        },
    ];

    /// <summary>
    /// Key-policy statements that let EC2 Auto Scaling (which launches managed node groups' instances) use the node
    /// volume CMK. Its service-linked role must exist before the key policy is written: the foundation workspace creates
    /// or checks it (<see cref="ServiceLinkedRoles"/>).
    /// </summary>
    /// <remarks>https://docs.aws.amazon.com/autoscaling/ec2/userguide/key-policy-requirements-EBS-encryption.html</remarks>
    public static IReadOnlyList<PolicyStatement> AutoScalingVolumeKey(string accountId)
    {
        // Created (or checked) by the foundation workspace, applied first: KMS refuses a policy naming a missing principal.
        var role = ServiceLinkedRoles.AutoScalingRoleArn(accountId);
        return
        [
            new()
            {
                Sid = "AutoScalingUsesKey",
                AwsPrincipals = [role],
                Actions = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"],
                Resources = ["*"],
            },
            new()
            {
                Sid = "AutoScalingGrantsToEbs",
                AwsPrincipals = [role],
                Actions = ["kms:CreateGrant"],
                Resources = ["*"],
                Conditions = PolicyStatement.When("Bool", "kms:GrantIsForAWSResource", "true"),
            },
        ];
    }
}
