using Ecolaura.Tf.Tests.Support;
using Ecolaura.Tf.Tests.Upgrades;

namespace Ecolaura.Tf.Tests.Dr;

/// <summary>
/// The DR mode changes the runbook prescribes, planned by Terraform with the real provider: prod's dr workspace in the
/// previous mode is applied under mocks and the next mode planned against that state (<see cref="UpgradePlan"/>), pilot →
/// warm → active; the three plans run side by side (<see cref="TerraformRuns"/>). No step deletes or replaces a database, cache, bucket, cluster or key; warm only adds, and active
/// updates the replica (promotion) and the node groups in place.
/// </summary>
[TestFixture]
[NonParallelizable]
[Category(Categories.Terraform)]
public class DrModeTransitionTerraformTests
{
    private static readonly string[] Stateful =
    [
        "aws_db_instance", "aws_elasticache_replication_group", "aws_eks_cluster", "aws_s3_bucket", "aws_kms_key", "aws_dynamodb_table",
    ];

    private static StackJson ProdDr(DrMode mode) => mode == DefaultEnvironments.Prod.Dr.Mode
        ? Synthesized.Stack(EnvironmentName.Prod, Workspace.Dr)
        : Synthesized.StackWithOverride($$"""{ "environments": { "prod": { "dr": { "mode": "{{mode.ToString().ToLowerInvariant()}}" } } } }""", EnvironmentName.Prod, Workspace.Dr);

    /// <summary>
    /// The three transitions' plans, all started together when the first test asks (<see cref="UpgradePlan.Start"/>;
    /// pilot's applied state is made once for both transitions from it). Each task synthesizes its modes first.
    /// </summary>
    private static readonly Lazy<IReadOnlyDictionary<(DrMode From, DrMode To), Task<UpgradePlan.Result>>> Plans = new(() => TerraformRuns.Detached(() =>
        new[] { (DrMode.Pilot, DrMode.Warm), (DrMode.Warm, DrMode.Active), (DrMode.Pilot, DrMode.Active) }
            .ToDictionary(t => t, t => Task.Run(() => UpgradePlan.Start(ProdDr(t.Item1), ProdDr(t.Item2))))));

    /// <summary>Every plan this fixture started has ended (<see cref="TerraformRuns.WaitAll{TKey, TValue}"/>).</summary>
    [OneTimeTearDown]
    public void WaitForThePlans() => TerraformRuns.WaitAll(Plans);

    [Test]
    public void Pilot_to_warm_plans_only_creates()
    {
        var plan = TerraformRuns.Result(Plans.Value[(DrMode.Pilot, DrMode.Warm)]);
        var changed = Real(plan, ProdDr(DrMode.Pilot), ProdDr(DrMode.Warm));
        Assert.That(changed.Where(c => c.Actions is not ["create"]).Select(Describe), Is.Empty, Updates(plan));
        Assert.That(changed.Select(c => c.Type).Distinct(), Is.SupersetOf(new[] { "aws_eks_node_group", "aws_lb", "aws_elasticache_replication_group", "aws_route53_record" }));
        Assert.That(changed.Select(c => c.Address), Has.None.EqualTo("aws_db_instance.postgres"), "the replica is untouched");
    }

    [Test]
    public void Warm_to_active_promotes_the_replica_and_scales_the_node_groups_in_place()
    {
        var plan = TerraformRuns.Result(Plans.Value[(DrMode.Warm, DrMode.Active)]);
        AssertNothingStatefulDeleted(plan);
        var changed = Real(plan, ProdDr(DrMode.Warm), ProdDr(DrMode.Active)).ToDictionary(c => c.Address, c => c.Actions);
        Assert.That(changed.Keys.Order(StringComparer.Ordinal), Is.EqualTo(new[]
        {
            "aws_db_instance.postgres", "aws_eks_node_group.nodes_compute", "aws_eks_node_group.nodes_general", "aws_eks_node_group.nodes_spot",
        }), Updates(plan));
        Assert.That(changed.Values.Select(a => string.Join(",", a)).Distinct(), Is.EqualTo(new[] { "update" }), plan.Summary);
        var db = plan["aws_db_instance.postgres"];
        Assert.That(db.Before.Str("replicate_source_db"), Is.Not.Null.And.Not.Empty);
        Assert.That(db.After?["replicate_source_db"]?.ToString() ?? "", Is.Empty, "promotion: replicate_source_db removed");
        Assert.That(db.After.Num("backup_retention_period"), Is.EqualTo(DefaultEnvironments.Prod.Data.Postgres.BackupRetentionDays));
    }

    [Test]
    public void Pilot_to_active_in_one_step_deletes_nothing_stateful()
    {
        var plan = TerraformRuns.Result(Plans.Value[(DrMode.Pilot, DrMode.Active)]);
        AssertNothingStatefulDeleted(plan);
        Assert.That(plan.Changes.Values.Where(c => c.Deletes).Select(c => c.ToString()), Is.Empty, plan.Summary);
        Assert.That(plan["aws_db_instance.postgres"].Actions, Is.EqualTo(new[] { "update" }));
    }

    /// <summary>The attributes a change changes (before → after); one that becomes known only after apply shows as "(unknown)".</summary>
    private static string[] Diffs(UpgradePlan.Change change) =>
        (change.After ?? []).Where(p => !System.Text.Json.Nodes.JsonNode.DeepEquals(p.Value, change.Before?[p.Key]))
            .Select(p => $"{p.Key}: {change.Before?[p.Key]?.ToJsonString() ?? "null"} -> {p.Value?.ToJsonString() ?? "null"}")
            .Concat((change.Before ?? []).Where(p => p.Value is not null && change.After?.ContainsKey(p.Key) != true).Select(p => $"{p.Key}: (unknown)"))
            .ToArray();

    /// <summary>A change with what it changes, for failure messages.</summary>
    private static string Describe(UpgradePlan.Change change) => $"{change}: {string.Join("; ", Diffs(change))}";

    /// <summary>
    /// The changes the mode change causes. Two kinds of "update" are artefacts of the mocked apply, not of the mode: one
    /// that changes no value (the mocked state file carries no sensitivity marks, so Terraform re-marks a sensitive value:
    /// "The value is unchanged"), and one of a resource whose configuration is identical in both modes (nested provider
    /// defaults the mock left empty, e.g. a listener redirect's <c>#{host}</c>). Creates, deletes and replacements always count.
    /// </summary>
    private static UpgradePlan.Change[] Real(UpgradePlan.Result plan, StackJson before, StackJson after) =>
        plan.Changes.Values.Where(c => c.Actions is not ["no-op"]
            && !(c.Actions is ["update"] && (Diffs(c).Length == 0 || SameConfiguration(c.Address, before, after)))).ToArray();

    private static bool SameConfiguration(string address, StackJson before, StackJson after)
    {
        var (type, name) = (address.Split('.')[0], address.Split('.')[1]);
        System.Text.Json.Nodes.JsonNode? Body(StackJson stack)
        {
            var body = stack.Root["resource"]?[type]?[name]?.DeepClone().AsObject();
            body?.Remove("//");
            return body;
        }

        return Body(before) is { } a && System.Text.Json.Nodes.JsonNode.DeepEquals(a, Body(after));
    }

    /// <summary>The "will be updated in-place" blocks of the plan text.</summary>
    private static string Updates(UpgradePlan.Result plan) => string.Join("\n",
        System.Text.RegularExpressions.Regex.Matches(plan.Output, @"  # \S+ will be updated in-place\n(?:.*\n)*?    \}\n").Select(m => m.Value));

    private static void AssertNothingStatefulDeleted(UpgradePlan.Result plan) =>
        Assert.That(plan.Changes.Values.Where(c => Stateful.Contains(c.Type) && c.Deletes).Select(c => c.ToString()), Is.Empty, plan.Summary);
}
