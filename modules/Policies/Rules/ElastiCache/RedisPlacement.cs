using System.Text.Json.Nodes;

namespace Ecolaura.Tf.Policies.Rules;

/// <summary>ECO-REDIS-5: aws_elasticache_replication_group: private subnet group, security groups and automatic minor upgrades</summary>
public sealed class RedisPlacement : ResourceRule
{
    /// <inheritdoc />
    public override string Id => "ECO-REDIS-5";

    /// <inheritdoc />
    public override Severity Severity => Severity.Warning;

    /// <inheritdoc />
    public override IReadOnlyList<string> Anchors => ["CKV_AWS_323", "CKV_AWS_322"];

    /// <inheritdoc />
    public override string Checks => "aws_elasticache_replication_group: private subnet group, security groups and automatic minor upgrades";

    /// <inheritdoc />
    public override string Why => "The cache lives in the data tier behind its own group and gets patched.";

    /// <inheritdoc />
    protected override string ResourceType => "aws_elasticache_replication_group";

    /// <inheritdoc />
    protected override IEnumerable<(string Found, string Fix)> Check(TfResource r, StackDocument stack)
    {
        foreach (var p in Require(r.Str("subnet_group_name") is not null && (r.List("security_group_ids").Count > 0 || (r.Str("security_group_ids") ?? "").Contains("${", StringComparison.Ordinal)) && r.Bool("auto_minor_version_upgrade") == true, "subnet group, security groups or minor upgrades missing", "set subnet_group_name, security_group_ids and auto_minor_version_upgrade = true")) { yield return p; }
    }
}
