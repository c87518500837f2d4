using System.Text.Json.Nodes;

namespace Ecolaura.Tf.Policies.Rules;

/// <summary>ECO-KMS-1: aws_kms_key: rotation on, explicit policy without an unconditioned Principal *, 30-day deletion window, enabled</summary>
public sealed class KmsKeyHardened : ResourceRule
{
    /// <inheritdoc />
    public override string Id => "ECO-KMS-1";

    /// <inheritdoc />
    public override Severity Severity => Severity.Error;

    /// <inheritdoc />
    public override IReadOnlyList<string> Anchors => ["CKV_AWS_7", "AVD-AWS-0065", "CIS 3.6", "CKV2_AWS_64", "CKV_AWS_33", "CKV_AWS_227"];

    /// <inheritdoc />
    public override string Checks => "aws_kms_key: rotation on, explicit policy without an unconditioned Principal *, 30-day deletion window, enabled";

    /// <inheritdoc />
    public override string Why => "Provider defaults leave rotation off; a wildcard principal would open the key to every account.";

    /// <inheritdoc />
    protected override string ResourceType => "aws_kms_key";

    /// <inheritdoc />
    protected override IEnumerable<(string Found, string Fix)> Check(TfResource r, StackDocument stack)
    {
        var policy = r.Str("policy");
        var statements = policy is null ? [] : (JsonNode.Parse(policy)?["Statement"] as JsonArray ?? []).OfType<JsonNode>().ToArray();
        foreach (var p in Require(r.Bool("enable_key_rotation") == true, $"enable_key_rotation = {r.Show("enable_key_rotation")}", "set enable_key_rotation = true")) { yield return p; }
        foreach (var p in Require(policy is not null, "no key policy", "write an explicit key policy")) { yield return p; }
        foreach (var p in Require(!statements.Any(s => (TfResource.Value(s, "Principal") is "*" || TfResource.Value(s?["Principal"], "AWS") is "*") && s?["Condition"] is null), "Principal * without a condition", "name principals, or add a condition")) { yield return p; }
        foreach (var p in Require(r.Num("deletion_window_in_days") == 30, $"deletion_window_in_days = {r.Show("deletion_window_in_days")}", "use a 30-day deletion window")) { yield return p; }
        foreach (var p in Require(r.Bool("is_enabled") != false, "key disabled", "keep is_enabled = true")) { yield return p; }
    }
}
