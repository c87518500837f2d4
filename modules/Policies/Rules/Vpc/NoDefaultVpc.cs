using System.Text.Json.Nodes;

namespace Ecolaura.Tf.Policies.Rules;

/// <summary>ECO-VPC-9: No aws_default_vpc resource</summary>
public sealed class NoDefaultVpc : ResourceRule
{
    /// <inheritdoc />
    public override string Id => "ECO-VPC-9";

    /// <inheritdoc />
    public override Severity Severity => Severity.Error;

    /// <inheritdoc />
    public override IReadOnlyList<string> Anchors => ["CKV_AWS_148", "AVD-AWS-0101"];

    /// <inheritdoc />
    public override string Checks => "No aws_default_vpc resource";

    /// <inheritdoc />
    public override string Why => "The default VPC has public subnets and open defaults; nothing may live in or reference it.";

    /// <inheritdoc />
    protected override string ResourceType => "aws_default_vpc";

    /// <inheritdoc />
    protected override IEnumerable<(string Found, string Fix)> Check(TfResource r, StackDocument stack)
    {
        yield return ("the default VPC is managed", "remove aws_default_vpc and use the network workspace VPC");
    }
}
