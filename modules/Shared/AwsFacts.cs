using System.Text.RegularExpressions;

namespace Ecolaura.Tf.Shared;

/// <summary>Where a list of AWS facts comes from and when it was last checked; printed in the "allowed" part of errors.</summary>
/// <param name="Title">The document, e.g. <c>Amazon EC2 Instance Types</c>.</param>
/// <param name="Url">Its address.</param>
/// <param name="Checked">The day the list was compared with it, <c>yyyy-MM-dd</c>.</param>
public sealed record FactSource(string Title, string Url, string Checked)
{
    /// <summary><c>Title, URL, checked yyyy-MM-dd</c>.</summary>
    public override string ToString() => $"{Title}, {Url}, checked {Checked}";
}

/// <summary>AWS constants the validation checks against (service enums the provider does not check at plan time).</summary>
public static partial class AwsFacts
{
    /// <summary>Source of <see cref="Ec2InstanceSizes"/>.</summary>
    public static FactSource Ec2InstanceTypesSource { get; } = new(
        "Amazon EC2 Instance Types (cross-checked with the EC2 API's InstanceType enum, @aws-sdk/client-ec2 3.1169.0)",
        "https://docs.aws.amazon.com/ec2/latest/instancetypes/instance-types.html",
        "2026-12-01");

    /// <summary>
    /// The x86_64 instance families EKS nodes may use here (the node groups run the <c>AL2023_x86_64_STANDARD</c> AMI,
    /// so Graviton families such as m6g are refused) and the sizes each offers (bare metal left out). Shape: family →
    /// sizes, e.g. <c>t3 → [nano … 2xlarge]</c>; an instance type is <c>&lt;family&gt;.&lt;size&gt;</c>.
    /// </summary>
    /// <remarks>Source: <see cref="Ec2InstanceTypesSource"/>. Add a family only after checking its sizes there.</remarks>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Ec2InstanceSizes { get; } = new SortedDictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
    {
        ["t3"] = ["nano", "micro", "small", "medium", "large", "xlarge", "2xlarge"],
        ["t3a"] = ["nano", "micro", "small", "medium", "large", "xlarge", "2xlarge"],
        ["m5"] = ["large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge", "24xlarge"],
        ["m5a"] = ["large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge", "24xlarge"],
        ["m6i"] = ["large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge", "24xlarge", "32xlarge"],
        ["m6a"] = ["large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge", "24xlarge", "32xlarge", "48xlarge"],
        ["m7i"] = ["large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge", "24xlarge", "48xlarge"],
        ["m7a"] = ["medium", "large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge", "24xlarge", "32xlarge", "48xlarge"],
        ["c5"] = ["large", "xlarge", "2xlarge", "4xlarge", "9xlarge", "12xlarge", "18xlarge", "24xlarge"],
        ["c5a"] = ["large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge", "24xlarge"],
        ["c6i"] = ["large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge", "24xlarge", "32xlarge"],
        ["c6a"] = ["large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge", "24xlarge", "32xlarge", "48xlarge"],
        ["c7i"] = ["large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge", "24xlarge", "48xlarge"],
        ["c7a"] = ["medium", "large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge", "24xlarge", "32xlarge", "48xlarge"],
        ["r5"] = ["large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge", "24xlarge"],
        ["r5a"] = ["large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge", "24xlarge"],
        ["r6i"] = ["large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge", "24xlarge", "32xlarge"],
        ["r6a"] = ["large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge", "24xlarge", "32xlarge", "48xlarge"],
        ["r7i"] = ["large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge", "24xlarge", "48xlarge"],
        ["r7a"] = ["medium", "large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge", "24xlarge", "32xlarge", "48xlarge"],
    };

    /// <summary>
    /// Checks <paramref name="value"/> against a <c>&lt;prefix&gt;&lt;family&gt;.&lt;size&gt;</c> table such as
    /// <see cref="Ec2InstanceSizes"/>; null when it is listed, otherwise what is allowed (the family's sizes when the
    /// family is known, else the families), ending with the source.
    /// </summary>
    /// <param name="value">E.g. <c>t3.enormous</c> or <c>db.r5.xlarge</c>.</param>
    /// <param name="prefix">Text before the family: empty for EC2, <c>db.</c> for RDS, <c>cache.</c> for ElastiCache.</param>
    /// <param name="kind">What the value is, e.g. <c>an x86_64 EC2 instance type</c>.</param>
    /// <param name="table">Family → sizes.</param>
    /// <param name="source">Where the table comes from.</param>
    public static string? CheckFamilySize(string value, string prefix, string kind, IReadOnlyDictionary<string, IReadOnlyList<string>> table, FactSource source)
    {
        var rest = value.StartsWith(prefix, StringComparison.Ordinal) ? value[prefix.Length..] : null;
        var dot = rest?.IndexOf('.', StringComparison.Ordinal) ?? -1;
        var (family, size) = dot > 0 ? (rest![..dot], rest[(dot + 1)..]) : ("", "");
        if (table.TryGetValue(family, out var sizes))
        {
            return sizes.Contains(size)
                ? null
                : $"must be {kind} {prefix}<family>.<size>; {prefix}{family} offers sizes [{string.Join(", ", sizes)}] ({source})";
        }

        return $"must be {kind} {prefix}<family>.<size> with family in [{string.Join(", ", table.Keys)}] ({source})";
    }

    /// <summary>Commercial regions; an AZ is its region plus one letter.</summary>
    /// <remarks>Source: AWS General Reference, "Regions and zones", https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-regions.html (checked 2026-11-24).</remarks>
    public static IReadOnlySet<string> Regions { get; } = new SortedSet<string>(StringComparer.Ordinal)
    {
        "af-south-1", "ap-east-1", "ap-east-2", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-south-1",
        "ap-south-2", "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4", "ap-southeast-5",
        "ap-southeast-7", "ca-central-1", "ca-west-1", "eu-central-1", "eu-central-2", "eu-north-1", "eu-south-1",
        "eu-south-2", "eu-west-1", "eu-west-2", "eu-west-3", "il-central-1", "me-central-1", "me-south-1",
        "mx-central-1", "sa-east-1", "us-east-1", "us-east-2", "us-west-1", "us-west-2",
    };

    /// <summary>Regions with an AWS Chatbot (Amazon Q Developer in chat applications) API endpoint.</summary>
    /// <remarks>Source: AWS General Reference, "AWS Chatbot endpoints and quotas", https://docs.aws.amazon.com/general/latest/gr/chatbot.html (checked 2026-11-24).</remarks>
    public static IReadOnlyList<string> ChatbotRegions { get; } = ["ap-southeast-1", "eu-west-1", "us-east-2", "us-west-2"];

    /// <summary>The values CloudWatch Logs accepts for <c>retention_in_days</c> (0, "never expire", is not allowed here).</summary>
    /// <remarks>Source: CloudWatch Logs API, PutRetentionPolicy, https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html (checked 2026-11-24).</remarks>
    public static IReadOnlyList<int> LogRetentionDays { get; } =
        [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

    /// <summary>True when <paramref name="zone"/> is an AZ name of <paramref name="region"/> (us-east-1a).</summary>
    public static bool IsZoneOf(string zone, string region) =>
        zone.Length == region.Length + 1 && zone.StartsWith(region, StringComparison.Ordinal) && zone[^1] is >= 'a' and <= 'z';

    /// <summary>12 digits.</summary>
    [GeneratedRegex("^[0-9]{12}$")]
    public static partial Regex AccountId();

    /// <summary>A managed prefix list id.</summary>
    [GeneratedRegex("^pl-[0-9a-f]{8,17}$")]
    public static partial Regex PrefixListId();
}
