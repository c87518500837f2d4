using YamlDotNet.Serialization;

namespace Ecolaura.Tf.Platform;

/// <summary>
/// Writes Helm values as YAML with YamlDotNet: one typed tree per release (dictionaries, lists, strings, numbers and
/// booleans) becomes one <c>values</c> document. Strings that YAML would read as another type (<c>"true"</c>, <c>"1"</c>)
/// are quoted; Terraform references inside strings (CDKTF tokens) stay intact and are interpolated by Terraform.
/// </summary>
public static class HelmValues
{
    private static readonly ISerializer Serializer = new SerializerBuilder()
        .WithQuotingNecessaryStrings()
        .WithIndentedSequences()
        .DisableAliases()
        .Build();

    /// <summary>The YAML document of <paramref name="values"/>.</summary>
    /// <param name="values">A tree of <see cref="IDictionary{TKey,TValue}"/> (string keys), lists and scalars.</param>
    public static string ToYaml(object values) => Serializer.Serialize(values);
}
