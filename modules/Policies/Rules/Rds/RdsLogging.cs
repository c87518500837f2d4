using System.Text.Json.Nodes;

namespace Ecolaura.Tf.Policies.Rules;

/// <summary>ECO-RDS-8: aws_db_instance exports postgresql and upgrade logs; its parameter group sets log_statement and log_min_duration_statement</summary>
public sealed class RdsLogging : ResourceRule
{
    /// <inheritdoc />
    public override string Id => "ECO-RDS-8";

    /// <inheritdoc />
    public override Severity Severity => Severity.Error;

    /// <inheritdoc />
    public override IReadOnlyList<string> Anchors => ["CKV_AWS_129", "CKV2_AWS_30"];

    /// <inheritdoc />
    public override string Checks => "aws_db_instance exports postgresql and upgrade logs; its parameter group sets log_statement and log_min_duration_statement";

    /// <inheritdoc />
    public override string Why => "Slow queries and DDL must be visible to diagnose incidents and audits.";

    /// <inheritdoc />
    protected override string ResourceType => "aws_db_instance";

    /// <inheritdoc />
    protected override IEnumerable<(string Found, string Fix)> Check(TfResource r, StackDocument stack)
    {
        var exports = r.List("enabled_cloudwatch_logs_exports");
        foreach (var p in Require(exports.Contains("postgresql") && exports.Contains("upgrade"), $"log exports [{string.Join(", ", exports)}]", "export postgresql and upgrade logs")) { yield return p; }
        var group = stack.Referenced(r.Str("parameter_group_name"));
        var names = group?.Blocks("parameter").Select(p => TfResource.Value(p, "name")).ToArray() ?? [];
        foreach (var p in Require(!(r.Str("replicate_source_db") is null) || (names.Contains("log_statement") && names.Contains("log_min_duration_statement")), "parameter group does not set log_statement and log_min_duration_statement", "use the project parameter group")) { yield return p; }
    }
}
