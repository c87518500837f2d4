using System.Text.Json.Nodes;

namespace Ecolaura.Tf.App.Delivery;

/// <summary>
/// The block structure of providers, resources and data sources from <c>terraform providers schema -json</c>
/// (https://developer.hashicorp.com/terraform/cli/commands/providers/schema, checked 2026-12-01): which keys are nested
/// blocks (<c>block_types</c>) rather than arguments (<c>attributes</c>). <see cref="HclWriter"/> needs it.
/// </summary>
public sealed class ProviderSchemas
{
    private readonly Dictionary<string, JsonObject> _providers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, JsonObject> _resources = new(StringComparer.Ordinal);
    private readonly Dictionary<string, JsonObject> _dataSources = new(StringComparer.Ordinal);

    /// <summary>Reads the output of <c>terraform providers schema -json</c>.</summary>
    public ProviderSchemas(JsonObject schemaJson)
    {
        foreach (var (address, provider) in schemaJson["provider_schemas"]?.AsObject() ?? [])
        {
            _providers[address.Split('/')[^1]] = provider?["provider"]?["block"]?.AsObject() ?? [];
            foreach (var (type, schema) in provider?["resource_schemas"]?.AsObject() ?? [])
            {
                _resources[type] = schema!["block"]!.AsObject();
            }

            foreach (var (type, schema) in provider?["data_source_schemas"]?.AsObject() ?? [])
            {
                _dataSources[type] = schema!["block"]!.AsObject();
            }
        }
    }

    /// <summary>The provider types loaded (e.g. <c>aws</c>).</summary>
    public IReadOnlyCollection<string> Providers => _providers.Keys;

    /// <summary>The block structure of a provider configuration (by local name, which is its type here).</summary>
    /// <exception cref="DeliveryException">No schema for it.</exception>
    public BlockSchema Provider(string name) => _providers.TryGetValue(name, out var block)
        ? Convert(block)
        : throw new DeliveryException($"no provider schema for '{name}'; loaded: {string.Join(", ", _providers.Keys)}");

    /// <summary>The block structure of a resource type.</summary>
    /// <exception cref="DeliveryException">No loaded provider has the type.</exception>
    public BlockSchema Resource(string type) => type.StartsWith("terraform_", StringComparison.Ordinal) ? BlockSchema.Attributes
        : _resources.TryGetValue(type, out var block) ? Convert(block)
        : throw new DeliveryException($"no provider schema has resource type '{type}'");

    /// <summary>The block structure of a data source type (<c>terraform_remote_state</c> is built in).</summary>
    /// <exception cref="DeliveryException">No loaded provider has the type.</exception>
    public BlockSchema DataSource(string type) => type.StartsWith("terraform_", StringComparison.Ordinal) ? BlockSchema.Attributes
        : _dataSources.TryGetValue(type, out var block) ? Convert(block)
        : throw new DeliveryException($"no provider schema has data source type '{type}'");

    private static BlockSchema Convert(JsonObject block) => new(
        (block["block_types"]?.AsObject() ?? []).ToDictionary(b => b.Key, b => Convert(b.Value!["block"]!.AsObject())));
}
