using System.Text.RegularExpressions;

namespace Ecolaura.Tf.Foundation;

/// <summary>Checks the foundation's alert routing: Slack ids and a region with an AWS Chatbot endpoint.</summary>
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

        return problems;
    }

    [GeneratedRegex("^T[A-Z0-9]{8,12}$")]
    private static partial Regex SlackTeam();

    [GeneratedRegex("^[CG][A-Z0-9]{8,12}$")]
    private static partial Regex SlackChannel();
}
