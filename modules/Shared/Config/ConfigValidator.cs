using System.Text.RegularExpressions;
using Ecolaura.Tf.Network;

namespace Ecolaura.Tf.Shared.Config;

/// <summary>The semantic checks of SECURITY-RULES.md section 4 that concern the configuration, all at once.</summary>
/// <remarks>Terraform and the provider accept most of these (overlapping subnets, AZs of another region, …), so they are ours.</remarks>
public static partial class ConfigValidator
{
    /// <summary>Every problem in <paramref name="environments"/>, in field order.</summary>
    public static IReadOnlyList<ValidationProblem> Validate(IReadOnlyList<EnvironmentConfig> environments)
    {
        var problems = new List<ValidationProblem>();
        foreach (var env in environments)
        {
            Check(env, $"environments.{env.Name.Id()}", problems);
        }

        CheckVpcRangesDisjoint(environments, problems);
        return problems;
    }

    private static void Check(EnvironmentConfig env, string path, List<ValidationProblem> problems)
    {
        void Problem(string field, object? value, string message) =>
            problems.Add(new ValidationProblem($"{path}.{field}", Show(value), message));

        if (!AwsFacts.AccountId().IsMatch(env.AccountId))
        {
            Problem("accountId", env.AccountId, "must be a 12-digit AWS account id");
        }

        var regionOk = CheckRegion(env.Region, "region", Problem);
        CheckTag(env.CostCenter, "costCenter", Problem);
        CheckTag(env.Owner, "owner", Problem);

        var minZones = env.Name == EnvironmentName.Prod ? 3 : 2;
        if (regionOk)
        {
            CheckZones(env.Network.AvailabilityZones, env.Region, minZones, "network.availabilityZones", Problem);
        }

        CheckVpc(env.Network.VpcCidr, "network.vpcCidr", Problem);
        if (env.Name != EnvironmentName.Dev && env.Network.NatGateways != NatGatewayMode.PerAz)
        {
            Problem("network.natGateways", "single", $"{env.Name.Id()} needs one NAT gateway per AZ (per-az); a single gateway is allowed in dev only");
        }

        if (!AwsFacts.LogRetentionDays.Contains(env.Network.FlowLogRetentionDays) || env.Network.FlowLogRetentionDays < 365)
        {
            Problem("network.flowLogRetentionDays", env.Network.FlowLogRetentionDays,
                $"must be a CloudWatch retention value of at least 365 days [{string.Join(", ", AwsFacts.LogRetentionDays.Where(d => d >= 365))}]");
        }

        CheckPrefixList(env.Network.CloudFrontPrefixListId, "network.cloudFrontPrefixListId", Problem);
        if (env.Network.ApplicationPort is < 1024 or > 65535)
        {
            Problem("network.applicationPort", env.Network.ApplicationPort, "must be an unprivileged port, 1024–65535");
        }

        var subnetProblems = new List<ValidationProblem>();
        SubnetPlan.TryCreate(env.Network, $"{path}.network", subnetProblems);
        problems.AddRange(subnetProblems);

        if (CheckRegion(env.Dr.Region, "dr.region", Problem))
        {
            if (env.Dr.Region == env.Region)
            {
                Problem("dr.region", env.Dr.Region, $"must differ from region ({env.Region}): a DR copy in the same region is not disaster recovery");
            }

            CheckZones(env.Dr.AvailabilityZones, env.Dr.Region, 2, "dr.availabilityZones", Problem);
        }

        CheckVpc(env.Dr.VpcCidr, "dr.vpcCidr", Problem);
        CheckPrefixList(env.Dr.CloudFrontPrefixListId, "dr.cloudFrontPrefixListId", Problem);

        if (!SlackTeam().IsMatch(env.Alerting.SlackTeamId))
        {
            Problem("alerting.slackTeamId", env.Alerting.SlackTeamId, "must be a Slack workspace id such as T0123456789");
        }

        if (!AwsFacts.ChatbotRegions.Contains(env.Alerting.ChatbotRegion))
        {
            Problem("alerting.chatbotRegion", env.Alerting.ChatbotRegion, $"must be a region with an AWS Chatbot endpoint [{string.Join(", ", AwsFacts.ChatbotRegions)}]");
        }

        if (!SlackChannel().IsMatch(env.Alerting.SlackChannelId))
        {
            Problem("alerting.slackChannelId", env.Alerting.SlackChannelId, "must be a Slack channel id such as C0123456789");
        }

        DataConfigValidator.Check(env, path, Problem);
        ComputeConfigValidator.Check(env, path, problems);
        EdgeConfigValidator.Check(env, Problem);
    }

    /// <summary>Things worth knowing that do not stop synth (e.g. PostgreSQL 13 billed as Extended Support).</summary>
    public static IReadOnlyList<string> Warnings(IReadOnlyList<EnvironmentConfig> environments, DateOnly today) =>
        environments.SelectMany(e => DataConfigValidator.Warnings(e, today)).ToArray();

    private static bool CheckRegion(string region, string field, Action<string, object?, string> problem)
    {
        if (AwsFacts.Regions.Contains(region))
        {
            return true;
        }

        problem(field, region, $"must be an AWS region [{string.Join(", ", AwsFacts.Regions)}]");
        return false;
    }

    private static void CheckZones(IReadOnlyList<string> zones, string region, int min, string field, Action<string, object?, string> problem)
    {
        var distinct = zones.Distinct(StringComparer.Ordinal).Count();
        if (distinct != zones.Count)
        {
            problem(field, zones, "must not repeat a zone");
        }

        if (distinct < min)
        {
            problem(field, zones, $"need at least {min} distinct AZs in {region}");
        }

        foreach (var zone in zones.Where(z => !AwsFacts.IsZoneOf(z, region)))
        {
            problem(field, zone, $"every zone must be in {region} ({region}a, {region}b, …)");
        }
    }

    private static void CheckVpc(string text, string field, Action<string, object?, string> problem)
    {
        if (!Cidr.TryParse(text, out var vpc, out var error))
        {
            problem(field, text, $"must be a valid IPv4 CIDR ({error})");
            return;
        }

        if (vpc.Prefix is < 16 or > 28)
        {
            problem(field, text, $"prefix /{vpc.Prefix} outside the allowed /16–/28");
        }

        if (!vpc.IsPrivate)
        {
            problem(field, text, "must be a private RFC 1918 range (10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16)");
        }
    }

    private static void CheckPrefixList(string id, string field, Action<string, object?, string> problem)
    {
        if (!AwsFacts.PrefixListId().IsMatch(id))
        {
            problem(field, id, "must be a managed prefix list id such as pl-3b927c52 (com.amazonaws.global.cloudfront.origin-facing)");
        }
    }

    private static void CheckTag(string value, string field, Action<string, object?, string> problem)
    {
        if (!TagValue().IsMatch(value))
        {
            problem(field, value, "must be 1–256 characters of letters, digits, spaces and _.:/=+-@");
        }
    }

    private static void CheckVpcRangesDisjoint(IReadOnlyList<EnvironmentConfig> environments, List<ValidationProblem> problems)
    {
        var ranges = new List<(string Path, Cidr Range)>();
        foreach (var env in environments)
        {
            foreach (var (field, text) in new[] { ("network.vpcCidr", env.Network.VpcCidr), ("dr.vpcCidr", env.Dr.VpcCidr) })
            {
                if (!Cidr.TryParse(text, out var range, out _))
                {
                    continue;
                }

                var path = $"environments.{env.Name.Id()}.{field}";
                foreach (var (otherPath, other) in ranges.Where(r => r.Range.Overlaps(range)))
                {
                    problems.Add(new ValidationProblem(path, $"'{text}'", $"must not overlap {otherPath} ({other}): VPC ranges stay disjoint across environments and regions"));
                }

                ranges.Add((path, range));
            }
        }
    }

    private static string Show(object? value) => value switch
    {
        null => "null",
        string s => $"'{s}'",
        IEnumerable<string> list => $"[{string.Join(", ", list)}]",
        _ => value.ToString() ?? "",
    };

    [GeneratedRegex("^T[A-Z0-9]{8,12}$")]
    private static partial Regex SlackTeam();

    [GeneratedRegex("^[CG][A-Z0-9]{8,12}$")]
    private static partial Regex SlackChannel();

    [GeneratedRegex(@"^[\p{L}\p{N} _.:/=+\-@]{1,256}$")]
    private static partial Regex TagValue();
}
