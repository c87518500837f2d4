using System.Text.Json.Nodes;

namespace Ecolaura.Tf.Policies.Rules;

/// <summary>ECO-EKS-9: Node groups: 1 ≤ min ≤ desired ≤ max; SPOT groups list ≥ 2 instance types; at least one ON_DEMAND group (min ≥ 2 outside dev)</summary>
public sealed class NodeGroupCapacity : PolicyRule
{
    /// <inheritdoc />
    public override string Id => "ECO-EKS-9";

    /// <inheritdoc />
    public override Severity Severity => Severity.Error;

    /// <inheritdoc />
    public override IReadOnlyList<string> Anchors => ["WA REL10-BP01", "REL07-BP01"];

    /// <inheritdoc />
    public override string Checks => "Node groups: 1 ≤ min ≤ desired ≤ max; SPOT groups list ≥ 2 instance types; at least one ON_DEMAND group (min ≥ 2 outside dev)";

    /// <inheritdoc />
    public override string Why => "Two on-demand groups and one spot group; a single spot type is one capacity shortage away from zero nodes.";

    /// <inheritdoc />
    public override IEnumerable<Violation> Evaluate(StackDocument stack)
    {
        var groups = stack.Resources("aws_eks_node_group").ToArray();
        foreach (var group in groups)
        {
            var scaling = group.Block("scaling_config");
            var min = TfResource.Number(scaling?["min_size"]);
            var desired = TfResource.Number(scaling?["desired_size"]);
            var max = TfResource.Number(scaling?["max_size"]);
            if (min is null || desired is null || max is null || min < 1 || min > desired || desired > max)
            {
                yield return group.Violation($"scaling min {min}, desired {desired}, max {max}", "keep 1 ≤ min ≤ desired ≤ max");
            }

            if (group.Str("capacity_type") == "SPOT" && group.List("instance_types").Count < 2)
            {
                yield return group.Violation($"spot group with instance types [{string.Join(", ", group.List("instance_types"))}]", "list at least two instance types of similar size");
            }
        }

        var minimum = stack.Floors.OnDemandMinNodes;
        if (groups.Length > 0 && !groups.Any(g => g.Str("capacity_type") == "ON_DEMAND" && TfResource.Number(g.Block("scaling_config")?["min_size"]) >= minimum))
        {
            yield return groups[0].Violation($"no ON_DEMAND group with min_size ≥ {minimum}", "keep an on-demand group for system workloads");
        }
    }
}
