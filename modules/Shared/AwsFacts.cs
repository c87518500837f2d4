using System.Text.RegularExpressions;

namespace Ecolaura.Tf.Shared;

/// <summary>AWS constants the validation checks against (service enums the provider does not check at plan time).</summary>
public static partial class AwsFacts
{
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
