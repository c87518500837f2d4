using System.Text.Json.Nodes;

namespace Ecolaura.Tf.Policies.Rules;

/// <summary>ECO-LIFE-1: lifecycle.prevent_destroy on databases, Redis, buckets, KMS keys, DynamoDB tables, EKS clusters, backup vaults and hosted zones (staging, prod)</summary>
public sealed class StatefulPreventDestroy : PolicyRule
{
    /// <inheritdoc />
    public override string Id => "ECO-LIFE-1";

    /// <inheritdoc />
    public override Severity Severity => Severity.Error;

    /// <inheritdoc />
    public override IReadOnlyList<string> Anchors => ["Terraform lifecycle meta-argument"];

    /// <inheritdoc />
    public override string Checks => "lifecycle.prevent_destroy on databases, Redis, buckets, KMS keys, DynamoDB tables, EKS clusters, backup vaults and hosted zones (staging, prod)";

    /// <inheritdoc />
    public override string Why => "A refactor that renames a construct plans a destroy; prevent_destroy turns that into an error instead of data loss.";

    /// <inheritdoc />
    public override IReadOnlySet<EnvironmentTier> Tiers => TiersWhere(f => f.DeletionProtection);

    /// <inheritdoc />
    public override IEnumerable<Violation> Evaluate(StackDocument stack)
    {
        var types = new[] { "aws_db_instance", "aws_elasticache_replication_group", "aws_s3_bucket", "aws_kms_key", "aws_dynamodb_table", "aws_eks_cluster", "aws_backup_vault", "aws_route53_zone" };
        foreach (var resource in types.SelectMany(stack.Resources).Where(r => !r.PreventDestroy))
        {
            yield return resource.Violation("stateful resource without prevent_destroy", "set lifecycle.prevent_destroy = true (EcolauraStack.PreventDestroy)");
        }
    }
}
