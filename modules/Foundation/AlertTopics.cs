using Constructs;
using HashiCorp.Cdktf.Providers.Aws.ChatbotSlackChannelConfiguration;
using HashiCorp.Cdktf.Providers.Aws.IamRole;
using HashiCorp.Cdktf.Providers.Aws.Provider;
using HashiCorp.Cdktf.Providers.Aws.SnsTopic;
using HashiCorp.Cdktf.Providers.Aws.SnsTopicPolicy;
using HashiCorp.Cdktf.Providers.Aws.SnsTopicSubscription;

namespace Ecolaura.Tf.Foundation;

/// <summary>Props of <see cref="AlertTopics"/>.</summary>
public sealed record AlertTopicsProps
{
    /// <summary>Names of the environment.</summary>
    public required Naming Names { get; init; }

    /// <summary>The PagerDuty CloudWatch integration URL; a sensitive apply-time input (it embeds the integration key).</summary>
    public required string PagerDutyEndpoint { get; init; }

    /// <summary>The provider in <c>alerting.chatbotRegion</c>.</summary>
    public required AwsProvider ChatbotProvider { get; init; }

    /// <summary>The provider of the key, topics and subscriptions.</summary>
    /// <remarks>Default (null): the stack's default provider (the primary region).</remarks>
    public AwsProvider? Provider { get; init; }

    /// <summary>Noncritical topics of other regions that the same Slack channel relays.</summary>
    /// <remarks>Default: none.</remarks>
    public IReadOnlyList<string> MoreSlackTopicArns { get; init; } = [];

    /// <summary>Whether this set owns the Slack channel configuration (false for a second region's set).</summary>
    /// <remarks>Default: true.</remarks>
    public bool Slack { get; init; } = true;

    /// <summary>Suffix of the physical names (e.g. <c>-us-east-1</c> for a second region's set).</summary>
    /// <remarks>Default: none.</remarks>
    public string NameSuffix { get; init; } = "";
}

/// <summary>
/// The two alert topics later workspaces alarm into, encrypted with a CMK CloudWatch may use: <c>critical</c>
/// (PagerDuty over HTTPS) and <c>noncritical</c> (Slack through AWS Chatbot).
/// </summary>
public sealed class AlertTopics : Construct
{
    /// <summary>Services that publish alarms and notifications to the topics (costalerts: Cost Anomaly Detection).</summary>
    public static readonly IReadOnlyList<string> PublishingServices = ["cloudwatch.amazonaws.com", "events.amazonaws.com", "budgets.amazonaws.com", "costalerts.amazonaws.com"];

    /// <summary>Creates the key, topics, policies and subscriptions.</summary>
    public AlertTopics(Construct scope, string id, AlertTopicsProps props) : base(scope, id)
    {
        var env = props.Names.Environment;
        var sourceAccount = PolicyStatement.When("StringEquals", "aws:SourceAccount", env.AccountId);
        var key = new CustomerManagedKey(this, "key", new CustomerManagedKeyProps
        {
            Alias = props.Names.Of(Workspace.Foundation, $"alerts{props.NameSuffix}"),
            Description = $"Alert topics of {env.Name}; CloudWatch, EventBridge and Budgets publish with it",
            AccountId = env.AccountId,
            Provider = props.Provider,
            Statements =
            [
                new PolicyStatement
                {
                    Sid = "AllowAlarmPublishers",
                    Services = PublishingServices,
                    Actions = ["kms:Decrypt", "kms:GenerateDataKey*"],
                    Resources = ["*"],
                    Conditions = sourceAccount,
                },
            ],
        });
        KmsKeyArn = key.KeyArn;

        CriticalTopicArn = Topic("critical", props, "Critical alerts: page on-call through PagerDuty", key.KeyArn);
        NonCriticalTopicArn = Topic("noncritical", props, "Non-critical alerts: Slack", key.KeyArn);

        _ = new SnsTopicSubscription(this, "pagerduty", new SnsTopicSubscriptionConfig
        {
            TopicArn = CriticalTopicArn,
            Protocol = "https",
            Endpoint = props.PagerDutyEndpoint,
            EndpointAutoConfirms = true,
            Provider = props.Provider,
        });
        if (!props.Slack)
        {
            return;
        }


        var chatbotRole = new IamRole(this, "chatbot_role", new IamRoleConfig
        {
            Name = props.Names.Of(Workspace.Foundation, "chatbot"),
            Description = "AWS Chatbot channel role: relays notifications only, no permissions attached",
            AssumeRolePolicy = PolicyDocument.Of(new PolicyStatement
            {
                Sid = "ChatbotAssumes",
                Services = ["chatbot.amazonaws.com"],
                Actions = ["sts:AssumeRole"],
                Conditions = sourceAccount,
            }),
        });
        _ = new ChatbotSlackChannelConfiguration(this, "slack", new ChatbotSlackChannelConfigurationConfig
        {
            ConfigurationName = props.Names.Of(Workspace.Foundation, "slack"),
            IamRoleArn = chatbotRole.Arn,
            SlackTeamId = env.Alerting.SlackTeamId,
            SlackChannelId = env.Alerting.SlackChannelId,
            SnsTopicArns = [NonCriticalTopicArn, .. props.MoreSlackTopicArns],
            // Channel members may only run read-only CloudWatch commands; the provider default would allow far more.
            GuardrailPolicyArns = ["arn:aws:iam::aws:policy/CloudWatchReadOnlyAccess"],
            LoggingLevel = "ERROR",
            UserAuthorizationRequired = true,
            Provider = props.ChatbotProvider,
        });
    }

    /// <summary>The topics' CMK.</summary>
    public string KmsKeyArn { get; }

    /// <summary>Pages on-call.</summary>
    public string CriticalTopicArn { get; }

    /// <summary>Posts to Slack.</summary>
    public string NonCriticalTopicArn { get; }

    private string Topic(string role, AlertTopicsProps props, string displayName, string keyArn)
    {
        var names = props.Names;
        var accountId = names.Environment.AccountId;
        var topic = new SnsTopic(this, role, new SnsTopicConfig
        {
            Name = names.Of(Workspace.Foundation, $"alerts-{role}{props.NameSuffix}"),
            DisplayName = displayName,
            KmsMasterKeyId = keyArn,
            Provider = props.Provider,
        });
        _ = new SnsTopicPolicy(this, $"{role}_policy", new SnsTopicPolicyConfig
        {
            Provider = props.Provider,
            Arn = topic.Arn,
            Policy = PolicyDocument.Of(
                new PolicyStatement
                {
                    Sid = "AccountManages",
                    AwsPrincipals = [$"arn:aws:iam::{accountId}:root"],
                    Actions = ["sns:GetTopicAttributes", "sns:SetTopicAttributes", "sns:Subscribe", "sns:ListSubscriptionsByTopic", "sns:Publish"],
                    Resources = [topic.Arn],
                },
                new PolicyStatement
                {
                    Sid = "AlarmPublishersPublish",
                    Services = PublishingServices,
                    Actions = ["sns:Publish"],
                    Resources = [topic.Arn],
                    Conditions = PolicyStatement.When("StringEquals", "aws:SourceAccount", accountId),
                },
                new PolicyStatement
                {
                    Sid = "DenyInsecureTransport",
                    Deny = true,
                    AnyPrincipal = true,
                    Actions = ["sns:Publish"],
                    Resources = [topic.Arn],
                    Conditions = PolicyStatement.When("Bool", "aws:SecureTransport", "false"),
                }),
        });
        return topic.Arn;
    }
}
