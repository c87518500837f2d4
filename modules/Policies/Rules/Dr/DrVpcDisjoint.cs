namespace Ecolaura.Tf.Policies.Rules;

/// <summary>
/// ECO-DR-4: the DR VPC's range (every <c>aws_vpc</c> of the <c>dr</c> workspace) overlaps no VPC of any other workspace
/// of the same environment (the stacks evaluated with it, <see cref="StackDocument.Siblings"/>).
/// </summary>
public sealed class DrVpcDisjoint : PolicyRule
{
    /// <inheritdoc />
    public override string Id => "ECO-DR-4";

    /// <inheritdoc />
    public override Severity Severity => Severity.Error;

    /// <inheritdoc />
    public override IReadOnlyList<string> Anchors => ["REL02-BP05"];

    /// <inheritdoc />
    public override string Checks => "The DR VPC's CIDR overlaps no other VPC of the environment";

    /// <inheritdoc />
    public override string Why => "Overlapping ranges cannot be peered or routed through a transit gateway, which a fail-back copy of the database or a cross-region tool needs (Well-Architected REL02-BP05, https://docs.aws.amazon.com/wellarchitected/latest/reliability-pillar/rel_planning_network_topology_non_overlap_ip.html).";

    /// <inheritdoc />
    public override IEnumerable<Violation> Evaluate(StackDocument stack)
    {
        if (stack.Workspace != Workspace.Dr)
        {
            yield break;
        }

        var others = stack.Siblings.SelectMany(s => s.Resources("aws_vpc").Select(v => (Stack: s.StackId, Vpc: v))).ToArray();
        foreach (var vpc in stack.Resources("aws_vpc"))
        {
            if (!Cidr.TryParse(vpc.Str("cidr_block"), out var range, out _))
            {
                yield return vpc.Violation($"cidr_block = {vpc.Show("cidr_block")} is not a literal IPv4 range", "give the DR VPC a literal range (dr.vpcCidr)");
                continue;
            }

            foreach (var (other, otherVpc) in others)
            {
                if (Cidr.TryParse(otherVpc.Str("cidr_block"), out var otherRange, out _) && range.Overlaps(otherRange))
                {
                    yield return vpc.Violation($"cidr_block {range} overlaps {other} {otherVpc.Address} ({otherRange})", "choose a dr.vpcCidr disjoint from every VPC of the environment");
                }
            }
        }
    }
}
