using System.Text.Json.Nodes;

namespace Ecolaura.Tf.Policies.Rules;

/// <summary>ECO-RDS-12: aws_db_instance: no password attribute; the master password is write-only (password_wo from a variable) or managed by RDS</summary>
public sealed class RdsNoPasswordInState : ResourceRule
{
    /// <inheritdoc />
    public override string Id => "ECO-RDS-12";

    /// <inheritdoc />
    public override Severity Severity => Severity.Error;

    /// <inheritdoc />
    public override IReadOnlyList<string> Anchors => ["Terraform write-only arguments docs", "aws_db_instance password_wo docs"];

    /// <inheritdoc />
    public override string Checks => "aws_db_instance: no password attribute; the master password is write-only (password_wo from a variable) or managed by RDS";

    /// <inheritdoc />
    public override string Why => "A password attribute is stored in state and plan files; password_wo keeps it out of both while still allowing a cross-region replica.";

    /// <inheritdoc />
    protected override string ResourceType => "aws_db_instance";

    /// <inheritdoc />
    protected override IEnumerable<(string Found, string Fix)> Check(TfResource r, StackDocument stack)
    {
        foreach (var p in Require(r.Body["password"] is null && (r.Bool("manage_master_user_password") == true || (r.Str("password_wo") ?? "").StartsWith("${var.", StringComparison.Ordinal) || r.Str("replicate_source_db") is not null), "password attribute or a literal password_wo", "use password_wo = var.<ephemeral input> with password_wo_version")) { yield return p; }
    }
}
