using Constructs;

namespace Ecolaura.Tf.App.Stacks;

/// <summary>
/// Workspace <c>foundation</c>: the state bucket and lock table, the shared CMKs (state, logs, alerts), the alert topics
/// and the service-linked roles later workspaces need.
/// Applied first, with a local backend until its state is migrated into the bucket it creates.
/// </summary>
public sealed class FoundationStack : EcolauraStack
{
    /// <summary>Composes the workspace and publishes <see cref="FoundationOutputs"/>.</summary>
    public FoundationStack(Construct scope, EnvironmentConfig environment) : base(scope, environment, Workspace.Foundation)
    {
        // With a dr workspace, the state also lives in the DR region (its backend and the replicas of every state it reads).
        var state = new StateStore(this, "state", new StateStoreProps
        {
            Names = Names,
            DrProvider = DrSizing.HasWorkspace(environment) ? DrProvider : null,
        });
        _ = new ServiceLinkedRoles(this, "account", new ServiceLinkedRolesProps { Config = environment.ServiceLinkedRoles });
        var logsKey = new CustomerManagedKey(this, "logs_key", new CustomerManagedKeyProps
        {
            Alias = Names.Of(Workspace.Foundation, "logs"),
            Description = $"CloudWatch log groups of {environment.Name} in {environment.Region}",
            AccountId = environment.AccountId,
            Statements = [LogGroupEncryption.KeyStatement(environment.Region, environment.AccountId)],
        });
        var pagerDuty = SensitiveInput(
            "pagerduty_integration_url",
            "PagerDuty CloudWatch integration URL (embeds the integration key): set TF_VAR_pagerduty_integration_url at apply time",
            "^https://events\\.pagerduty\\.com/integration/[A-Za-z0-9]+/enqueue$",
            "pagerduty_integration_url must look like https://events.pagerduty.com/integration/<key>/enqueue.");

        // CloudFront and CLOUDFRONT-scope WAF publish metrics in us-east-1 only, and an alarm notifies topics of its own
        // region: an environment whose primary region is elsewhere gets a second pair of topics there.
        var global = environment.Region == GlobalServicesRegion ? null : new AlertTopics(this, "alerts_us_east_1", new AlertTopicsProps
        {
            Names = Names,
            PagerDutyEndpoint = pagerDuty,
            ChatbotProvider = RegionalProvider(environment.Alerting.ChatbotRegion),
            Provider = UsEast1Provider,
            Slack = false,
            NameSuffix = $"-{GlobalServicesRegion}",
        });
        var alerts = new AlertTopics(this, "alerts", new AlertTopicsProps
        {
            Names = Names,
            PagerDutyEndpoint = pagerDuty,
            ChatbotProvider = RegionalProvider(environment.Alerting.ChatbotRegion),
            MoreSlackTopicArns = global is null ? [] : [global.NonCriticalTopicArn],
        });

        Outputs = new FoundationOutputs
        {
            StateBucketName = state.BucketName,
            StateKmsKeyArn = state.KmsKeyArn,
            LockTableName = state.LockTableName,
            LogsKmsKeyArn = logsKey.KeyArn,
            AlertsKmsKeyArn = alerts.KmsKeyArn,
            CriticalAlertsTopicArn = alerts.CriticalTopicArn,
            NonCriticalAlertsTopicArn = alerts.NonCriticalTopicArn,
            UsEast1CriticalAlertsTopicArn = global?.CriticalTopicArn,
            UsEast1NonCriticalAlertsTopicArn = global?.NonCriticalTopicArn,
        };
        Outputs.Publish(this);
    }

    /// <summary>What this workspace publishes (values are tokens of this stack; consumers use FromRemoteState).</summary>
    public FoundationOutputs Outputs { get; }
}
