namespace Ecolaura.Tf.Foundation;

/// <summary>Terraform state storage.</summary>
public sealed record StateConfig
{
    /// <summary>
    /// The foundation workspace creates the state bucket, so it is first applied with a local backend; after
    /// <c>terraform init -migrate-state</c> it is switched to <see cref="FoundationBackend.S3"/>.
    /// </summary>
    public required FoundationBackend FoundationBackend { get; init; }
}

/// <summary>The backend of the foundation workspace.</summary>
public enum FoundationBackend
{
    /// <summary>Local state (bootstrap: the bucket does not exist yet).</summary>
    Local,

    /// <summary>The S3 bucket it created, like every other workspace.</summary>
    S3,
}

/// <summary>Alert routing: critical alarms page through PagerDuty, non-critical ones go to Slack.</summary>
public sealed record AlertingConfig
{
    /// <summary>Slack workspace id (AWS Chatbot), e.g. T0123456789; the workspace is authorised once in the console.</summary>
    public required string SlackTeamId { get; init; }

    /// <summary>Slack channel id for non-critical alerts, e.g. C0123456789.</summary>
    public required string SlackChannelId { get; init; }

    /// <summary>Region whose AWS Chatbot endpoint manages the Slack channel (Chatbot has endpoints in a few regions only).</summary>
    /// <remarks>Default: us-west-2.</remarks>
    public string ChatbotRegion { get; init; } = "us-west-2";
}

/// <summary>
/// Account-level IAM service-linked roles that policies of this project name before the owning service would create
/// them. Each environment has its own account, so its foundation workspace (applied first) manages them.
/// </summary>
public sealed record ServiceLinkedRolesConfig
{
    /// <summary>
    /// <c>AWSServiceRoleForAutoScaling</c>: the node-volume KMS key of the compute workspace names it, and KMS refuses a
    /// key policy whose principal does not exist yet. <c>create</c> makes the foundation create it; <c>existing</c> is
    /// for accounts that already have it (any Auto Scaling group ever created there made it): the foundation then only
    /// reads it, and its plan fails with "couldn't find resource" if it is missing after all.
    /// </summary>
    /// <remarks>Default: create.</remarks>
    public ServiceLinkedRoleMode AutoScaling { get; init; } = ServiceLinkedRoleMode.Create;
}

/// <summary>Who makes a service-linked role.</summary>
public enum ServiceLinkedRoleMode
{
    /// <summary>The foundation workspace creates it (a fresh account); creating one that exists fails with "has been taken in this account".</summary>
    Create,

    /// <summary>It exists already; the foundation workspace reads it, so a plan fails early when it does not.</summary>
    Existing,
}
