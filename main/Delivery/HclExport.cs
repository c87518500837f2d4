using System.Text.Json.Nodes;

namespace Ecolaura.Tf.App.Delivery;

/// <summary>
/// <c>./ecolaura synth --hcl</c>: every stack of a synthesized output written as Terraform native syntax,
/// <c>&lt;out&gt;/hcl/&lt;stack&gt;/main.tf</c> with the stack's provider lock file (<see cref="HclWriter"/>). A separate
/// folder, because Terraform would load both <c>cdk.tf.json</c> and a <c>.tf</c> of the same stack and find every
/// object declared twice. The provider schemas come from <c>terraform providers schema -json</c> after an
/// <c>init -backend=false</c> of a scratch configuration requiring every provider: from the provider mirror when one is
/// found (<see cref="ProviderMirror.Find"/>), else from the registry.
/// </summary>
public static class HclExport
{
    /// <summary>The folder below the output that holds the HCL stacks.</summary>
    public const string Folder = "hcl";

    /// <summary>The HCL file of each stack.</summary>
    public const string FileName = "main.tf";

    /// <summary>What the export did to one stack.</summary>
    /// <param name="StackId">The stack.</param>
    /// <param name="Path">The file written, or null when skipped.</param>
    /// <param name="Reason">Why it was skipped (null when written).</param>
    public sealed record Written(string StackId, string? Path, string? Reason);

    /// <summary>Writes the HCL of every stack of <paramref name="outdir"/>'s manifest.</summary>
    /// <exception cref="DeliveryException">No manifest, no terraform, or the schemas could not be read.</exception>
    public static async Task<IReadOnlyList<Written>> ExportAsync(string outdir, Func<string, string?> environment, CancellationToken cancel)
    {
        var graph = StackGraph.Load(outdir);
        var stacks = graph.InDependencyOrder.ToDictionary(id => id, graph.Document);
        var mirror = ProviderMirror.Find(environment, out _);
        var required = stacks.Values.SelectMany(ProviderLocks.Required).DistinctBy(p => p.Address).ToArray();
        var loadable = mirror is null ? required : required.Where(p => ProviderMirror.Holds(mirror, p.Address, p.Version)).ToArray();
        var schemas = await LoadSchemas(loadable, mirror, cancel);

        var written = new List<Written>();
        foreach (var (id, stack) in stacks)
        {
            var missing = ProviderLocks.Required(stack).Where(p => !loadable.Contains(p)).Select(p => p.ToString()).ToArray();
            if (missing.Length > 0)
            {
                written.Add(new Written(id, null, $"no schema for {string.Join(", ", missing)} (the provider mirror has no binary)"));
                continue;
            }

            var folder = Path.Combine(outdir, Folder, id);
            Directory.CreateDirectory(folder);
            var file = Path.Combine(folder, FileName);
            File.WriteAllText(file, HclWriter.Write(stack, schemas));
            OfflineWorkspace.WriteLock(stack, folder);
            written.Add(new Written(id, file, null));
        }

        return written;
    }

    private static async Task<ProviderSchemas> LoadSchemas(IReadOnlyList<ProviderLocks.RequiredProvider> providers, string? mirror, CancellationToken cancel)
    {
        var scratch = Path.Combine(Path.GetTempPath(), $"ecolaura-hcl-{System.Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(scratch);
        try
        {
            var requiredProviders = new JsonObject();
            foreach (var provider in providers)
            {
                requiredProviders[provider.LocalName] = new JsonObject { ["source"] = provider.Address, ["version"] = provider.Version };
            }

            File.WriteAllText(Path.Combine(scratch, "main.tf.json"), new JsonObject { ["terraform"] = new JsonObject { ["required_providers"] = requiredProviders } }.ToJsonString());
            var cliConfig = Path.Combine(scratch, "terraformrc");
            File.WriteAllText(cliConfig, "");
            var environment = mirror is null ? TerraformProcess.RealEnvironment() : TerraformProcess.OfflineEnvironment(cliConfig);
            var init = await TerraformProcess.RunAsync(scratch, ["init", "-backend=false", "-input=false", "-no-color", .. mirror is null ? Array.Empty<string>() : [$"-plugin-dir={mirror}"]], environment, cancel);
            if (init.ExitCode != 0)
            {
                throw new DeliveryException($"terraform init of the provider schemas failed:\n{init.Output}");
            }

            var schema = await TerraformProcess.RunAsync(scratch, ["providers", "schema", "-json"], environment, cancel);
            return schema.ExitCode == 0
                ? new ProviderSchemas(JsonNode.Parse(schema.StandardOutput)!.AsObject())
                : throw new DeliveryException($"terraform providers schema -json failed:\n{schema.Output}");
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }
}
