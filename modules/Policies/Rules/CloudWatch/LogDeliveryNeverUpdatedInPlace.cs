using System.Text.Json.Nodes;

namespace Ecolaura.Tf.Policies.Rules;

/// <summary>ECO-OBS-4: aws_cloudwatch_log_delivery to S3: never updated in place (ProviderFaults.LogDeliverySuffixPath)</summary>
public sealed class LogDeliveryNeverUpdatedInPlace : ResourceRule
{
    /// <inheritdoc />
    public override string Id => "ECO-OBS-4";

    /// <inheritdoc />
    public override Severity Severity => Severity.Error;

    /// <inheritdoc />
    public override IReadOnlyList<string> Anchors => ["hashicorp/terraform-provider-aws#46328", "README Known provider faults"];

    /// <inheritdoc />
    public override string Checks => "aws_cloudwatch_log_delivery with s3_delivery_configuration: lifecycle ignores record_fields, field_delimiter and s3_delivery_configuration, and its delivery source's name ends with the digest of those settings";

    /// <inheritdoc />
    public override string Why => "hashicorp/aws 5.100.0 drops the AWSLogs/<account>/<service>/ prefix of the S3 path at the first in-place update, so log objects silently move; replacing the delivery keeps the path CreateDelivery chose.";

    /// <inheritdoc />
    protected override string ResourceType => "aws_cloudwatch_log_delivery";

    /// <inheritdoc />
    protected override IEnumerable<(string Found, string Fix)> Check(TfResource r, StackDocument stack)
    {
        if (r.Block("s3_delivery_configuration") is null)
        {
            yield break;
        }

        var lifecycle = r.Body["lifecycle"];
        var ignored = lifecycle?["ignore_changes"] is JsonArray a ? a.Select(n => TfResource.Value(n)).ToHashSet() : [];
        var missing = ProviderFaults.LogDeliverySuffixPath.IgnoredAttributes.Where(attribute => !ignored.Contains(attribute)).ToArray();
        foreach (var p in Require(missing.Length == 0, $"lifecycle.ignore_changes lacks [{string.Join(", ", missing)}]", "ignore what an in-place update would send")) { yield return p; }

        var s3 = r.Block("s3_delivery_configuration");
        var hive = s3?["enable_hive_compatible_path"] is JsonValue h && h.TryGetValue<bool>(out var b) ? b : (bool?)null;
        var digest = ProviderFaults.LogDeliverySettingsDigest(TfResource.Value(s3, "suffix_path"), hive, r.List("record_fields"), r.Str("field_delimiter"));
        var sourceName = stack.Referenced(r.Str("delivery_source_name"))?.Str("name") ?? "";
        foreach (var p in Require(sourceName.EndsWith($"-{digest}", StringComparison.Ordinal), $"delivery source name '{sourceName}' does not end with -{digest}", "end the source's name with ProviderFaults.LogDeliverySettingsDigest of the delivery settings, so changing them replaces the delivery")) { yield return p; }
    }
}
