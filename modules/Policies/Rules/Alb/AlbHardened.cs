using System.Text.Json.Nodes;

namespace Ecolaura.Tf.Policies.Rules;

/// <summary>ECO-ALB-2: aws_lb: drop_invalid_header_fields, access logs enabled, desync mitigation defensive or strictest</summary>
public sealed class AlbHardened : ResourceRule
{
    /// <inheritdoc />
    public override string Id => "ECO-ALB-2";

    /// <inheritdoc />
    public override Severity Severity => Severity.Error;

    /// <inheritdoc />
    public override IReadOnlyList<string> Anchors => ["CKV_AWS_131", "AVD-AWS-0052", "CKV_AWS_91", "CKV_AWS_328"];

    /// <inheritdoc />
    public override string Checks => "aws_lb: drop_invalid_header_fields, access logs enabled, desync mitigation defensive or strictest";

    /// <inheritdoc />
    public override string Why => "Header smuggling and request desync are classic ALB attacks; access logs are the request record.";

    /// <inheritdoc />
    protected override string ResourceType => "aws_lb";

    /// <inheritdoc />
    protected override IEnumerable<(string Found, string Fix)> Check(TfResource r, StackDocument stack)
    {
        foreach (var p in Require(r.Bool("drop_invalid_header_fields") == true, "invalid header fields are passed on", "set drop_invalid_header_fields = true")) { yield return p; }
        foreach (var p in Require(TfResource.IsTrue(r.Block("access_logs")?["enabled"]) && TfResource.Value(r.Block("access_logs"), "bucket") is not null, "access logs off", "enable access_logs to the access-logs bucket")) { yield return p; }
        foreach (var p in Require(r.Str("desync_mitigation_mode") is "defensive" or "strictest", $"desync_mitigation_mode = {r.Show("desync_mitigation_mode")}", "use defensive or strictest")) { yield return p; }
    }
}
