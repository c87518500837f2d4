using System.Text.Json;

namespace Ecolaura.Tf.Tests.Support;

/// <summary>The hashicorp/aws resource schemas from the mirror (<c>terraform providers schema -json</c>, read once per run).</summary>
public static class ProviderSchema
{
    private static readonly Lazy<IReadOnlySet<string>> ComputedArnTypes = new(Load);

    /// <summary>Whether resources of <paramref name="type"/> have an <c>arn</c> the provider computes and nobody configures.</summary>
    public static bool HasComputedArn(string type) => ComputedArnTypes.Value.Contains(type);

    private static IReadOnlySet<string> Load()
    {
        string output;
        using (var dir = TestTemp.Create("provider-schema"))
        {
            File.WriteAllText(dir.Combine("main.tf.json"),
                $$"""{ "terraform": { "required_providers": { "aws": { "source": "hashicorp/aws", "version": "{{TerraformCli.AwsProviderVersion}}" } } } }""");
            TerraformCli.Ok(dir, $"init -backend=false -input=false -no-color -plugin-dir={TerraformCli.MirrorRoot}");
            output = TerraformCli.Ok(dir, "providers schema -json", timeout: TimeSpan.FromMinutes(2));
        }

        using var schema = JsonDocument.Parse(output[output.IndexOf('{')..]);
        var resources = schema.RootElement.GetProperty("provider_schemas").GetProperty("registry.terraform.io/hashicorp/aws").GetProperty("resource_schemas");
        var types = new HashSet<string>();
        foreach (var resource in resources.EnumerateObject())
        {
            if (resource.Value.GetProperty("block").TryGetProperty("attributes", out var attributes)
                && attributes.TryGetProperty("arn", out var arn)
                && Flag(arn, "computed") && !Flag(arn, "optional") && !Flag(arn, "required"))
            {
                types.Add(resource.Name);
            }
        }

        return types.Count > 100
            ? types
            : throw new AssertionException($"the aws provider schema lists only {types.Count} resource types with a computed arn; is the mirror complete?");
    }

    private static bool Flag(JsonElement attribute, string name) =>
        attribute.TryGetProperty(name, out var value) && value.GetBoolean();
}
