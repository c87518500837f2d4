using System.Reflection;

namespace Ecolaura.Tf.Shared;

/// <summary>The Terraform version from <c>.terraform-version</c> (embedded at build time), the single source of the pin.</summary>
public static class TerraformVersion
{
    /// <summary>e.g. 1.11.4.</summary>
    public static string Pinned { get; } = Read();

    private static string Read()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("terraform-version")
            ?? throw new InvalidOperationException(".terraform-version was not embedded");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Trim();
    }
}
