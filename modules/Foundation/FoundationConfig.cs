namespace Ecolaura.Tf.Foundation;

/// <summary>Terraform state storage.</summary>
public sealed record StateConfig
{
    /// <summary>
    /// The foundation workspace creates the state bucket, so it is first applied with a local backend; after
    /// <c>terraform init -migrate-state</c> it is switched to <see cref="FoundationBackend.S3"/>.
    /// </summary>
    /// <remarks>Read only when <see cref="Backend"/> is <see cref="StateBackend.S3"/>: with HCP Terraform there is nothing to bootstrap.</remarks>
    public required FoundationBackend FoundationBackend { get; init; }

    /// <summary>
    /// Where every workspace of the environment keeps its state: <c>s3</c> (the foundation's state bucket, KMS key,
    /// lock file and DynamoDB lock table) or <c>cloud</c> (HCP Terraform or Terraform Enterprise, one workspace per
    /// stack, settings in <see cref="Cloud"/>).
    /// </summary>
    /// <remarks>Default: s3.</remarks>
    public StateBackend Backend { get; init; } = StateBackend.S3;

    /// <summary>The HCP Terraform settings, read when <see cref="Backend"/> is <see cref="StateBackend.Cloud"/>.</summary>
    /// <remarks>Default: no organization (so <c>cloud</c> needs at least <c>state.cloud.organization</c>).</remarks>
    public CloudStateConfig Cloud { get; init; } = new();
}

/// <summary>Where Terraform state lives (<see cref="StateConfig.Backend"/>).</summary>
public enum StateBackend
{
    /// <summary>The S3 backend: the foundation's bucket, KMS key and lock table (the dr workspace's in the DR region).</summary>
    S3,

    /// <summary>HCP Terraform (formerly Terraform Cloud) or Terraform Enterprise: a <c>cloud</c> block per stack.</summary>
    Cloud,
}

/// <summary>
/// HCP Terraform settings of one environment. Every stack <c>&lt;env&gt;-&lt;workspace&gt;</c> becomes the HCP
/// Terraform workspace <c>&lt;workspacePrefix&gt;&lt;env&gt;-&lt;workspace&gt;</c> (e.g. <c>ecolaura-prod-network</c>).
/// No token is configuration (a field named <c>token</c> is refused): Terraform reads it from <c>terraform login</c>
/// or <c>TF_TOKEN_&lt;hostname&gt;</c>.
/// </summary>
/// <remarks>Source: https://developer.hashicorp.com/terraform/cli/cloud/settings (the <c>cloud</c> block).</remarks>
public sealed record CloudStateConfig
{
    /// <summary>
    /// The HCP Terraform organization that holds the workspaces: letters, digits, <c>-</c> and <c>_</c>
    /// (https://developer.hashicorp.com/terraform/cloud-docs/users-teams-organizations/organizations).
    /// </summary>
    /// <remarks>Default: none; required with <c>state.backend = "cloud"</c>.</remarks>
    public string? Organization { get; init; }

    /// <summary>
    /// The HCP Terraform project the workspaces are created in (the <c>cloud</c> block's <c>workspaces.project</c>);
    /// null for the organization's default project. 1–40 letters, digits, spaces, <c>-</c> and <c>_</c>, no leading
    /// or trailing space (https://developer.hashicorp.com/terraform/cloud-docs/projects/manage).
    /// </summary>
    /// <remarks>Default: null (the organization's default project).</remarks>
    public string? Project { get; init; }

    /// <summary>
    /// Put in front of every stack id to make its workspace name. The whole name may hold letters, digits, <c>-</c>
    /// and <c>_</c> only and be at most 90 characters
    /// (https://developer.hashicorp.com/terraform/cloud-docs/workspaces/create).
    /// </summary>
    /// <remarks>Default: <c>ecolaura-</c>.</remarks>
    public string WorkspacePrefix { get; init; } = "ecolaura-";

    /// <summary>The HCP Terraform or Terraform Enterprise host name.</summary>
    /// <remarks>Default: app.terraform.io.</remarks>
    public string Hostname { get; init; } = "app.terraform.io";

    /// <summary>
    /// Required as <c>true</c> when an environment with a <c>dr</c> workspace (<c>dr.mode</c> not <c>none</c>) uses
    /// <c>cloud</c>: the dr workspace's state then lives in HCP Terraform, not in the DR region's state bucket, so the
    /// guarantee that dr plans with nothing but the DR region of AWS becomes "dr plans while HCP Terraform is up" —
    /// another failure domain, chosen on purpose (see docs/terraform-cloud.md).
    /// </summary>
    /// <remarks>Default: false.</remarks>
    public bool AcceptDrStateInHcpTerraform { get; init; }
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
