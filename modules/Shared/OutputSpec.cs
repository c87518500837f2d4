using System.Reflection;

namespace Ecolaura.Tf.Shared;

/// <summary>One named output of a workspace contract: the name both <c>Publish</c> and <c>FromRemoteState</c> use.</summary>
/// <param name="Producer">The workspace that publishes it; reading it from any other workspace's state is refused.</param>
/// <param name="Name">The Terraform output name (snake_case).</param>
/// <param name="Kind">Its Terraform type.</param>
/// <param name="Description">Written to the output's <c>description</c>.</param>
/// <param name="Example">A well-formed example value (lists: one element, <c>{0}</c> replaced by the index); the offline
/// Terraform tier plans consumers against these before their producer exists.</param>
/// <param name="Source">
/// The Terraform expression the published value must come from (<c>aws_db_instance.postgres.arn</c>; <c>*</c> matches
/// any characters, for lists such as <c>aws_subnet.vpc_app_*.id</c>), or null for a literal. The contract tests check it.
/// </param>
/// <param name="Optional">
/// Published only where the producer has it (its property is null otherwise), e.g. us-east-1 alert topics of an
/// environment whose primary region is elsewhere; consumers read it only in the same circumstances.
/// </param>
public sealed record OutputSpec(Workspace Producer, string Name, OutputKind Kind, string Description, string Example, string? Source = null, bool Optional = false);

/// <summary>Terraform types a contract output may have.</summary>
public enum OutputKind
{
    /// <summary>A string.</summary>
    String,

    /// <summary>A list of strings.</summary>
    StringList,
}

/// <summary>Declares one contract output on the property that carries its value: the output is declared once, here.</summary>
/// <param name="name">The Terraform output name (snake_case).</param>
/// <param name="description">The output's description.</param>
/// <param name="example">A well-formed example value (lists: <c>{0}</c> is replaced by the element index).</param>
[AttributeUsage(AttributeTargets.Property)]
public sealed class OutputAttribute(string name, string description, string example) : Attribute
{
    /// <summary>The Terraform output name.</summary>
    public string Name { get; } = name;

    /// <summary>The description.</summary>
    public string Description { get; } = description;

    /// <summary>The example value.</summary>
    public string Example { get; } = example;

    /// <summary>See <see cref="OutputSpec.Source"/>; null for a literal value.</summary>
    public string? Source { get; set; }

    /// <summary>See <see cref="OutputSpec.Optional"/>; the property is then nullable.</summary>
    public bool Optional { get; set; }
}

/// <summary>Names the workspace that publishes a contract record.</summary>
/// <param name="producer">The producer.</param>
[AttributeUsage(AttributeTargets.Class)]
public sealed class ContractOfAttribute(Workspace producer) : Attribute
{
    /// <summary>The producer.</summary>
    public Workspace Producer { get; } = producer;
}

/// <summary>
/// The base of every <c>&lt;Workspace&gt;Outputs</c> record. Each output is declared once, as an <see cref="OutputAttribute"/>
/// on a <c>required init</c> property, so <see cref="Publish"/> and <see cref="FromRemoteState"/> cannot disagree in order
/// or count, and producers assign values by name (two ARNs cannot be swapped by position).
/// </summary>
/// <typeparam name="TSelf">The contract record itself.</typeparam>
public abstract record WorkspaceContract<TSelf> where TSelf : WorkspaceContract<TSelf>
{
    private static readonly (OutputSpec Spec, PropertyInfo Property)[] Declared = Declare();

    /// <summary>The workspace that publishes the contract.</summary>
    public static Workspace Producer => typeof(TSelf).GetCustomAttribute<ContractOfAttribute>()!.Producer;

    /// <summary>Every output of the contract, in declaration order.</summary>
    public static IReadOnlyList<OutputSpec> Outputs { get; } = Declared.Select(d => d.Spec).ToArray();

    /// <summary>Writes every output of the contract to <paramref name="stack"/>.</summary>
    public void Publish(EcolauraStack stack)
    {
        foreach (var (spec, property) in Declared)
        {
            var value = property.GetValue(this);
            if (value is not null)
            {
                stack.Publish(spec, value);
            }
            else if (!spec.Optional)
            {
                throw new InvalidOperationException($"{typeof(TSelf).Name}.{property.Name} has no value; only optional outputs may be left out");
            }
        }
    }

    /// <summary>Reads the contract from <paramref name="producer"/>'s state in <paramref name="consumer"/>.</summary>
    /// <remarks>Optional outputs are read as expressions too; a consumer must only use them where the producer publishes them.</remarks>
    public static TSelf FromRemoteState(EcolauraStack consumer, EcolauraStack producer)
    {
        var contract = (TSelf)Activator.CreateInstance(typeof(TSelf), nonPublic: true)!;
        foreach (var (spec, property) in Declared)
        {
            property.SetValue(contract, spec.Kind == OutputKind.String ? consumer.ReadString(producer, spec) : consumer.ReadList(producer, spec));
        }

        return contract;
    }

    /// <summary>The spec of the output declared on <paramref name="property"/> (e.g. <c>nameof(VpcId)</c>).</summary>
    public static OutputSpec Output(string property) =>
        Declared.Single(d => d.Property.Name == property).Spec;

    private static (OutputSpec, PropertyInfo)[] Declare()
    {
        var producer = typeof(TSelf).GetCustomAttribute<ContractOfAttribute>()
            ?? throw new InvalidOperationException($"{typeof(TSelf).Name} needs [ContractOf(Workspace.X)]");
        var declared = new List<(OutputSpec, PropertyInfo)>();
        foreach (var property in typeof(TSelf).GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly).OrderBy(p => p.MetadataToken))
        {
            if (property.Name == "EqualityContract")
            {
                continue;
            }

            var output = property.GetCustomAttribute<OutputAttribute>()
                ?? throw new InvalidOperationException($"{typeof(TSelf).Name}.{property.Name} needs an [Output(...)] declaration");
            var kind = property.PropertyType == typeof(string) ? OutputKind.String
                : property.PropertyType == typeof(string[]) ? OutputKind.StringList
                : throw new InvalidOperationException($"{typeof(TSelf).Name}.{property.Name}: contract outputs are string or string[]");
            declared.Add((new OutputSpec(producer.Producer, output.Name, kind, output.Description, output.Example, output.Source, output.Optional), property));
        }

        var duplicate = declared.GroupBy(d => d.Item1.Name).FirstOrDefault(g => g.Count() > 1);
        return duplicate is null ? declared.ToArray()
            : throw new InvalidOperationException($"{typeof(TSelf).Name} declares output '{duplicate.Key}' twice");
    }
}

/// <summary>Every workspace contract of the product, found by reflection so tooling never keeps its own list.</summary>
public static class WorkspaceContracts
{
    /// <summary>Each producer's outputs.</summary>
    public static IReadOnlyDictionary<Workspace, IReadOnlyList<OutputSpec>> ByProducer { get; } =
        typeof(WorkspaceContracts).Assembly.GetTypes()
            .Where(t => t is { IsAbstract: false, BaseType.IsGenericType: true } && t.BaseType.GetGenericTypeDefinition() == typeof(WorkspaceContract<>))
            .ToDictionary(
                t => t.GetCustomAttribute<ContractOfAttribute>()!.Producer,
                t => (IReadOnlyList<OutputSpec>)t.BaseType!.GetProperty("Outputs", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!);
}
