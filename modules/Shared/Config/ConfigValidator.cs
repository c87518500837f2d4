using System.Text.RegularExpressions;

namespace Ecolaura.Tf.Shared.Config;

/// <summary>Validates the whole input before any construct is created and reports every problem at once.</summary>
/// <remarks>Terraform and the provider accept most of these (overlapping subnets, AZs of another region, …), so they are ours.</remarks>
public static partial class ConfigValidator
{
    /// <summary>
    /// Every section validator in the order its problems are reported; a new workspace adds its validator here.
    /// </summary>
    public static IReadOnlyList<SectionValidator> Sections { get; } =
    [
        ValidateEnvironment,
        NetworkConfigValidator.Validate,
        DrConfigValidator.Validate,
        FoundationConfigValidator.Validate,
        DataConfigValidator.Validate,
        ComputeConfigValidator.Validate,
        EdgeConfigValidator.Validate,
        SecurityConfigValidator.Validate,
        PlatformConfigValidator.Validate,
    ];

    /// <summary>Every problem in <paramref name="environments"/>, in field order.</summary>
    public static IReadOnlyList<ValidationProblem> Validate(IReadOnlyList<EnvironmentConfig> environments)
    {
        var problems = new List<ValidationProblem>();
        foreach (var env in environments)
        {
            var path = $"environments.{env.Name}";
            foreach (var section in Sections)
            {
                problems.AddRange(section(env, path));
            }
        }

        CheckVpcRangesDisjoint(environments, problems);
        CheckAccountsShared(environments, problems);
        CheckOneDrStandbyPerRegistry(environments, problems);
        CheckCloudWorkspacesUnique(environments, problems);
        return problems;
    }

    /// <summary>
    /// Environments on HCP Terraform share one workspace namespace per organization and host: no two stacks may get
    /// the same workspace name (two prefixes can collide, e.g. prefix <c>a-</c> with environment <c>b-c</c> and prefix
    /// <c>a-b-</c> with environment <c>c</c>).
    /// </summary>
    private static void CheckCloudWorkspacesUnique(IReadOnlyList<EnvironmentConfig> environments, List<ValidationProblem> problems)
    {
        var seen = new Dictionary<(string Host, string Organization, string Name), string>();
        foreach (var env in environments.Where(e => e.State.Backend == StateBackend.Cloud && e.State.Cloud.Organization is not null))
        {
            var names = new Naming(env);
            foreach (var workspace in Enum.GetValues<Workspace>())
            {
                var key = (env.State.Cloud.Hostname, env.State.Cloud.Organization!, names.CloudWorkspace(workspace));
                if (seen.TryGetValue(key, out var other) && other != env.Name)
                {
                    problems.Add(new ValidationProblem($"environments.{env.Name}.state.cloud.workspacePrefix", $"'{env.State.Cloud.WorkspacePrefix}'",
                        $"gives {env.Name}-{workspace.Id()} the HCP Terraform workspace '{names.CloudWorkspace(workspace)}' of environment {other} in organization {key.Item2}; workspace names are unique per organization"));
                    break;
                }

                seen[key] = env.Name;
            }
        }
    }

    /// <summary>Things worth knowing that do not stop synth (e.g. PostgreSQL 13 billed as Extended Support).</summary>
    public static IReadOnlyList<string> Warnings(IReadOnlyList<EnvironmentConfig> environments, DateOnly today) =>
        environments.SelectMany(e => DataConfigValidator.Warnings(e, today)).ToArray();

    /// <summary>The environment's own fields: name, account, primary region and the cost tags.</summary>
    private static IEnumerable<ValidationProblem> ValidateEnvironment(EnvironmentConfig env, string path)
    {
        var problems = new Problems(path);
        if (!ConfigLoader.EnvironmentNamePattern.IsMatch(env.Name))
        {
            problems.Add("name", env.Name, "must be a DNS-safe identifier: 2–16 lower-case letters, digits and '-', starting with a letter, no trailing or double '-'");
        }

        if (!AwsFacts.AccountId().IsMatch(env.AccountId))
        {
            problems.Add("accountId", env.AccountId, "must be a 12-digit AWS account id");
        }

        RegionChecks.Region(env.Region, "region", problems);
        CheckTag(env.CostCenter, "costCenter", problems);
        CheckTag(env.Owner, "owner", problems);
        return problems;
    }

    /// <summary>
    /// Two environments may name the same account only on purpose: the later one says <c>sharesAccountWith</c> the
    /// other (account-level resources then stay with the owner), and the owner shares with nobody.
    /// </summary>
    private static void CheckAccountsShared(IReadOnlyList<EnvironmentConfig> environments, List<ValidationProblem> problems)
    {
        var byName = environments.ToDictionary(e => e.Name, StringComparer.Ordinal);
        foreach (var env in environments)
        {
            var path = $"environments.{env.Name}";
            if (env.SharesAccountWith is { } owner)
            {
                if (!byName.TryGetValue(owner, out var other) || other == env)
                {
                    problems.Add(new ValidationProblem($"{path}.sharesAccountWith", $"'{owner}'",
                        $"must name another environment [{string.Join(", ", byName.Keys.Where(n => n != env.Name))}]"));
                }
                else if (other.AccountId != env.AccountId)
                {
                    problems.Add(new ValidationProblem($"{path}.sharesAccountWith", $"'{owner}'",
                        $"names {owner}, whose account is {other.AccountId}, not {env.AccountId}"));
                }
                else if (other.SharesAccountWith is not null)
                {
                    problems.Add(new ValidationProblem($"{path}.sharesAccountWith", $"'{owner}'",
                        $"must name the environment that owns the account; {owner} itself shares {other.SharesAccountWith}'s"));
                }

                continue;
            }

            foreach (var earlier in environments.TakeWhile(e => e != env).Where(e => e.AccountId == env.AccountId && e.SharesAccountWith is null))
            {
                problems.Add(new ValidationProblem($"{path}.accountId", $"'{env.AccountId}'",
                    $"is also the account of environment {earlier.Name}{(earlier.Region == env.Region ? $" in {env.Region}" : "")}; "
                    + $"give each environment its own account, or set sharesAccountWith: \"{earlier.Name}\" to share it on purpose"));
            }
        }
    }

    /// <summary>
    /// Two environments of one account may not both have a DR standby in the same primary or the same DR region: the ECR
    /// registry replication configuration (compute, primary region) and the DR region's <c>ROOT</c> repository creation
    /// template (dr) are one per account and region, so the second environment's workspaces would overwrite the first's.
    /// </summary>
    private static void CheckOneDrStandbyPerRegistry(IReadOnlyList<EnvironmentConfig> environments, List<ValidationProblem> problems)
    {
        foreach (var env in environments.Where(e => e.Dr.Mode != DrMode.None))
        {
            var earlier = environments.TakeWhile(e => e != env).FirstOrDefault(e => e.AccountId == env.AccountId && e.Dr.Mode != DrMode.None
                && (e.Region == env.Region || e.Dr.Region == env.Dr.Region));
            if (earlier is not null)
            {
                var region = earlier.Region == env.Region ? $"primary region {env.Region}" : $"DR region {env.Dr.Region}";
                problems.Add(new ValidationProblem($"environments.{env.Name}.dr.mode", $"'{env.Dr.Mode.ToString().ToLowerInvariant()}'",
                    $"environment {earlier.Name} already has a DR standby in account {env.AccountId} with the same {region}; the ECR registry "
                    + "replication and the DR region's repository creation template are one per account and region, so allowed here is 'none' "
                    + "(development tier only), other regions, or the environment's own account"));
            }
        }
    }

    private static void CheckTag(string value, string field, Problems problems)
    {
        if (!TagValue().IsMatch(value))
        {
            problems.Add(field, value, "must be 1–256 characters of letters, digits, spaces and _.:/=+-@");
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

                var path = $"environments.{env.Name}.{field}";
                foreach (var (otherPath, other) in ranges.Where(r => r.Range.Overlaps(range)))
                {
                    problems.Add(new ValidationProblem(path, $"'{text}'", $"must not overlap {otherPath} ({other}): VPC ranges stay disjoint across environments and regions"));
                }

                ranges.Add((path, range));
            }
        }
    }

    [GeneratedRegex(@"^[\p{L}\p{N} _.:/=+\-@]{1,256}$")]
    private static partial Regex TagValue();
}

/// <summary>Checks shared by the sections that name a region, its zones, a VPC range or a prefix list.</summary>
public static class RegionChecks
{
    /// <summary>True when <paramref name="region"/> is a known region; otherwise adds a problem.</summary>
    public static bool Region(string region, string field, Problems problems)
    {
        if (AwsFacts.Regions.Contains(region))
        {
            return true;
        }

        problems.Add(field, region, $"must be an AWS region [{string.Join(", ", AwsFacts.Regions)}]");
        return false;
    }

    /// <summary>At least <paramref name="min"/> distinct zones, all of <paramref name="region"/>.</summary>
    public static void Zones(IReadOnlyList<string> zones, string region, int min, string field, Problems problems)
    {
        var distinct = zones.Distinct(StringComparer.Ordinal).Count();
        if (distinct != zones.Count)
        {
            problems.Add(field, zones, "must not repeat a zone");
        }

        if (distinct < min)
        {
            problems.Add(field, zones, $"need at least {min} distinct AZs in {region}");
        }

        foreach (var zone in zones.Where(z => !AwsFacts.IsZoneOf(z, region)))
        {
            problems.Add(field, zone, $"every zone must be in {region} ({region}a, {region}b, …)");
        }
    }

    /// <summary>A private RFC 1918 range of prefix /16–/28.</summary>
    public static void Vpc(string text, string field, Problems problems)
    {
        if (!Cidr.TryParse(text, out var vpc, out var error))
        {
            problems.Add(field, text, $"must be a valid IPv4 CIDR ({error})");
            return;
        }

        if (vpc.Prefix is < 16 or > 28)
        {
            problems.Add(field, text, $"prefix /{vpc.Prefix} outside the allowed /16–/28");
        }

        if (!vpc.IsPrivate)
        {
            problems.Add(field, text, "must be a private RFC 1918 range (10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16)");
        }
    }

    /// <summary>A managed prefix list id.</summary>
    public static void PrefixList(string id, string field, Problems problems)
    {
        if (!AwsFacts.PrefixListId().IsMatch(id))
        {
            problems.Add(field, id, "must be a managed prefix list id such as pl-3b927c52 (com.amazonaws.global.cloudfront.origin-facing)");
        }
    }
}
