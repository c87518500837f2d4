using System.Text.Json.Nodes;

namespace Ecolaura.Tf.Policies.Rules;

/// <summary>ECO-ALB-3: aws_lb: enable_deletion_protection = true (staging, prod)</summary>
public sealed class AlbDeletionProtection : ResourceRule
{
    /// <inheritdoc />
    public override string Id => "ECO-ALB-3";

    /// <inheritdoc />
    public override Severity Severity => Severity.Error;

    /// <inheritdoc />
    public override IReadOnlyList<string> Anchors => ["CKV_AWS_150"];

    /// <inheritdoc />
    public override string Checks => "aws_lb: enable_deletion_protection = true (staging, prod)";

    /// <inheritdoc />
    public override string Why => "Deleting the ALB takes the site down and changes its DNS name.";

    /// <inheritdoc />
    public override IReadOnlySet<EnvironmentTier> Tiers => TiersWhere(f => f.DeletionProtection);

    /// <inheritdoc />
    protected override string ResourceType => "aws_lb";

    /// <inheritdoc />
    protected override IEnumerable<(string Found, string Fix)> Check(TfResource r, StackDocument stack)
    {
        foreach (var p in Require(r.Bool("enable_deletion_protection") == true, $"enable_deletion_protection = {r.Show("enable_deletion_protection")}", "set edge.deletionProtection = true")) { yield return p; }
    }
}
