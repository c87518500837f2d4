namespace Ecolaura.Tf.Shared;

/// <summary>
/// A known fault of the pinned hashicorp/aws provider (<see cref="EcolauraStack.AwsProviderVersion"/>) in a resource
/// this project generates, and how the generated configuration stays stable under it.
/// </summary>
/// <param name="Resource">The affected resource type, e.g. <c>aws_cloudwatch_log_delivery</c>.</param>
/// <param name="Fault">What goes wrong, in one sentence.</param>
/// <param name="Issues">Provider issues and pull requests (GitHub URLs) that describe and fix it.</param>
/// <param name="AffectedReleases">Which releases have it and why the pinned one is among them, with how that was established.</param>
/// <param name="Workaround">What the generated configuration does about it.</param>
/// <param name="IgnoredAttributes">Attributes the workaround puts in <c>lifecycle.ignore_changes</c> (empty when none).</param>
public sealed record ProviderFault(
    string Resource,
    string Fault,
    IReadOnlyList<string> Issues,
    string AffectedReleases,
    string Workaround,
    IReadOnlyList<string> IgnoredAttributes);

/// <summary>
/// The provider faults worked around (README, "Known provider faults"). Remove an entry, and its workaround, only when
/// the pinned provider moves to a release with the fix.
/// </summary>
public static class ProviderFaults
{
    /// <summary>
    /// CloudFront standard logs (v2) to S3: <c>CreateDelivery</c> prepends <c>AWSLogs/{account-id}/CloudFront/</c> to the
    /// suffix path, <c>UpdateDeliveryConfiguration</c> stores the path as sent, and the provider sends the configured
    /// path (without the prefix) on every in-place update, so log objects silently move to another folder.
    /// </summary>
    public static ProviderFault LogDeliverySuffixPath { get; } = new(
        "aws_cloudwatch_log_delivery",
        "an in-place update (any change of record_fields, field_delimiter or s3_delivery_configuration) sends suffix_path without the AWSLogs/{account-id}/CloudFront/ prefix that CreateDelivery added, so CloudFront log objects move to another folder",
        [
            "https://github.com/hashicorp/terraform-provider-aws/issues/40968",
            "https://github.com/hashicorp/terraform-provider-aws/pull/41497",
            "https://github.com/hashicorp/terraform-provider-aws/issues/46328",
            "https://github.com/hashicorp/terraform-provider-aws/pull/46455",
        ],
        "from the release with #41497 (the fix of #40968, opened 2025-02-21, so 5.89.0 of 2025-02-27 at the earliest) to the last release before #46455 (merged 2026-02-12, after 6.32.0 of 2026-02-11); 5.100.0 (2025-06) lies between. Established from the pull requests' dates and the provider's delivery.go of that period (Create overwrites suffix_path with the configured value; nothing strips the prefix on read): the 5.x CHANGELOG could not be read offline, and the 6.33.0–6.35.0 release notes read do not mention the fix",
        "the suffix path is the documented one without AWS's prefix ({DistributionId}/{yyyy}/{MM}/{dd}/{HH}); Terraform never updates the delivery in place: it ignores the attributes an update would send, and the delivery source's name ends with a digest of them (LogDeliverySettingsDigest), so changing them replaces the source and the delivery with it and the path always comes from CreateDelivery. The old delivery and source are deleted first: logs of the seconds in between are not delivered",
        ["record_fields", "field_delimiter", "s3_delivery_configuration"]);

    /// <summary>
    /// <c>UpdateDeliveryConfiguration</c> is sent with an <c>s3DeliveryConfiguration</c> even when only the record fields
    /// change, which CloudWatch Logs refuses for non-S3 destinations (ValidationException).
    /// </summary>
    public static ProviderFault LogDeliveryRecordFieldsUpdate { get; } = new(
        "aws_cloudwatch_log_delivery",
        "changing only record_fields fails with \"ValidationException: Provided delivery configuration is invalid for the destination type\" for non-S3 destinations, because the provider sends s3DeliveryConfiguration anyway",
        [
            "https://github.com/hashicorp/terraform-provider-aws/issues/46108",
            "https://github.com/hashicorp/terraform-provider-aws/pull/46123",
        ],
        "reported against 5.100.0 itself (#46108, 2026-01-22); fixed by #46123 (merged 2026-06-22, a 6.x release)",
        "not reached: the only delivery here goes to S3, and the workaround of the previous fault never updates it in place",
        []);

    /// <summary>
    /// 8 hex digits of SHA-256 over the settings an in-place update of a log delivery would send; the delivery source's
    /// name ends with it (<c>&lt;name&gt;-&lt;digest&gt;</c>), so a change of these settings replaces source and delivery.
    /// </summary>
    /// <param name="suffixPath"><c>s3_delivery_configuration.suffix_path</c>, or null.</param>
    /// <param name="hiveCompatiblePath"><c>s3_delivery_configuration.enable_hive_compatible_path</c>, or null.</param>
    /// <param name="recordFields"><c>record_fields</c>, in order.</param>
    /// <param name="fieldDelimiter"><c>field_delimiter</c>, or null.</param>
    public static string LogDeliverySettingsDigest(string? suffixPath, bool? hiveCompatiblePath, IEnumerable<string> recordFields, string? fieldDelimiter)
    {
        var canonical = System.Text.Json.JsonSerializer.Serialize(new object?[] { suffixPath, hiveCompatiblePath, recordFields.ToArray(), fieldDelimiter });
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(canonical));
        return Convert.ToHexString(hash)[..8].ToLowerInvariant();
    }

    /// <summary>Every fault worked around, in README order.</summary>
    public static IReadOnlyList<ProviderFault> All { get; } = [LogDeliverySuffixPath, LogDeliveryRecordFieldsUpdate];
}
