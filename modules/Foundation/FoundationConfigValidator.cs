using System.Text.RegularExpressions;

namespace Ecolaura.Tf.Foundation;

/// <summary>Checks the foundation's alert routing (Slack ids, a region with an AWS Chatbot endpoint) and the state backend.</summary>
public static partial class FoundationConfigValidator
{
    /// <summary>Every problem of <paramref name="env"/>'s <c>alerting</c> and <c>state</c> sections.</summary>
    public static IEnumerable<ValidationProblem> Validate(EnvironmentConfig env, string path)
    {
        var problems = new Problems(path);
        if (!SlackTeam().IsMatch(env.Alerting.SlackTeamId))
        {
            problems.Add("alerting.slackTeamId", env.Alerting.SlackTeamId, "must be a Slack workspace id such as T0123456789");
        }

        if (!AwsFacts.ChatbotRegions.Contains(env.Alerting.ChatbotRegion))
        {
            problems.Add("alerting.chatbotRegion", env.Alerting.ChatbotRegion, $"must be a region with an AWS Chatbot endpoint [{string.Join(", ", AwsFacts.ChatbotRegions)}]");
        }

        if (!SlackChannel().IsMatch(env.Alerting.SlackChannelId))
        {
            problems.Add("alerting.slackChannelId", env.Alerting.SlackChannelId, "must be a Slack channel id such as C0123456789");
        }

        CheckState(env, problems);
        return problems;
    }

    /// <summary>Longest name HCP Terraform accepts for a workspace.</summary>
    /// <remarks>Source: https://developer.hashicorp.com/terraform/cloud-docs/workspaces/create (workspace names).</remarks>
    public const int MaxCloudWorkspaceName = 90;

    /// <summary>Longest HCP Terraform project name.</summary>
    /// <remarks>Source: https://developer.hashicorp.com/terraform/cloud-docs/projects/manage.</remarks>
    public const int MaxCloudProjectName = 40;

    /// <summary>
    /// The <c>state</c> section: with <c>backend = "cloud"</c> an organization, a project and workspace names HCP
    /// Terraform accepts (every workspace the environment may have, so adding dr later cannot break a name), and an
    /// explicit acknowledgement when a dr workspace would keep its state in HCP Terraform instead of the DR region.
    /// </summary>
    private static void CheckState(EnvironmentConfig env, Problems problems)
    {
        if (env.State.Backend != StateBackend.Cloud)
        {
            return;
        }

        var cloud = env.State.Cloud;
        if (cloud.Organization is null)
        {
            problems.Add("state.cloud.organization", new Verbatim("absent"), "state.backend 'cloud' needs the HCP Terraform organization that holds the workspaces");
        }
        else if (!CloudName().IsMatch(cloud.Organization))
        {
            problems.Add("state.cloud.organization", cloud.Organization, "must be an HCP Terraform organization name: letters, digits, '-' and '_'");
        }

        if (cloud.Project is { } project && (project.Length > MaxCloudProjectName || !CloudProject().IsMatch(project)))
        {
            problems.Add("state.cloud.project", project,
                $"must be an HCP Terraform project name: 1–{MaxCloudProjectName} letters, digits, spaces, '-' and '_', no leading or trailing space (or leave it out for the organization's default project)");
        }

        if (!CloudHostname().IsMatch(cloud.Hostname))
        {
            problems.Add("state.cloud.hostname", cloud.Hostname, "must be a host name such as app.terraform.io (no scheme, path or port)");
        }

        var names = new Naming(env);
        var longest = Enum.GetValues<Workspace>().Select(names.CloudWorkspace).MaxBy(n => n.Length)!;
        if (!CloudName().IsMatch(cloud.WorkspacePrefix + "x"))
        {
            problems.Add("state.cloud.workspacePrefix", cloud.WorkspacePrefix, "HCP Terraform workspace names hold only letters, digits, '-' and '_'");
        }
        else if (longest.Length > MaxCloudWorkspaceName)
        {
            problems.Add("state.cloud.workspacePrefix", cloud.WorkspacePrefix,
                $"makes the workspace name '{longest}' {longest.Length} characters long; HCP Terraform allows at most {MaxCloudWorkspaceName}");
        }

        if (env.Dr.Mode != DrMode.None && !cloud.AcceptDrStateInHcpTerraform)
        {
            problems.Add("state.backend", "cloud",
                $"with dr.mode '{env.Dr.Mode.ToString().ToLowerInvariant()}' the dr workspace's state would leave the DR region's state bucket for HCP Terraform, "
                + "so dr could no longer be planned with AWS's DR region alone; set state.cloud.acceptDrStateInHcpTerraform = true to accept HCP Terraform as that failure domain, or keep 's3'");
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_-]+$")]
    private static partial Regex CloudName();

    [GeneratedRegex("^[A-Za-z0-9_-](?:[A-Za-z0-9 _-]*[A-Za-z0-9_-])?$")]
    private static partial Regex CloudProject();

    [GeneratedRegex(@"^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$")]
    private static partial Regex CloudHostname();

    [GeneratedRegex("^T[A-Z0-9]{8,12}$")]
    private static partial Regex SlackTeam();

    [GeneratedRegex("^[CG][A-Z0-9]{8,12}$")]
    private static partial Regex SlackChannel();
}
