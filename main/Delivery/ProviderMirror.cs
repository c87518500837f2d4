using System.Text.Json.Nodes;

namespace Ecolaura.Tf.App.Delivery;

/// <summary>
/// A Terraform filesystem provider mirror (the folder holding <c>registry.terraform.io/…</c>) for offline
/// <c>terraform init -plugin-dir</c>: where it is, and which providers it holds a linux_amd64 binary of.
/// </summary>
public static class ProviderMirror
{
    /// <summary>The address of the AWS provider.</summary>
    public const string AwsProviderAddress = "registry.terraform.io/hashicorp/aws";

    /// <summary>The environment variable naming the mirror explicitly.</summary>
    public const string Variable = "ECOLAURA_TF_PLUGIN_DIR";

    /// <summary>
    /// Whether the mirror at <paramref name="mirror"/> holds <paramref name="address"/> at <paramref name="version"/> for
    /// linux_amd64, unpacked (<c>HOST/NS/TYPE/VERSION/linux_amd64/</c>) or packed (<c>terraform-provider-TYPE_VERSION_linux_amd64.zip</c>).
    /// </summary>
    public static bool Holds(string mirror, string address, string version)
    {
        var folder = Path.Combine([mirror, .. address.Split('/')]);
        var type = address.Split('/')[^1];
        return Directory.Exists(Path.Combine(folder, version, "linux_amd64"))
            || File.Exists(Path.Combine(folder, $"terraform-provider-{type}_{version}_linux_amd64.zip"));
    }

    /// <summary>The providers a stack requires (<c>ADDRESS VERSION</c>) that <paramref name="mirror"/> has no binary for.</summary>
    public static IReadOnlyList<string> MissingBinaries(string mirror, JsonObject stack) =>
        ProviderLocks.Required(stack).Where(p => !Holds(mirror, p.Address, p.Version)).Select(p => p.ToString()).Distinct().ToArray();

    /// <summary>
    /// Finds a mirror holding hashicorp/aws <see cref="EcolauraStack.AwsProviderVersion"/>: <c>ECOLAURA_TF_PLUGIN_DIR</c>,
    /// Terraform's implied local mirror folders, then a shallow search of the filesystem (three levels).
    /// Null, with <paramref name="why"/> saying how to provide one, when there is none.
    /// </summary>
    /// <param name="environment">Reads an environment variable.</param>
    /// <param name="why">Why none was found (empty when one was).</param>
    public static string? Find(Func<string, string?> environment, out string why)
    {
        static bool HoldsAws(string root) => Holds(root, AwsProviderAddress, EcolauraStack.AwsProviderVersion);

        why = "";
        var configured = environment(Variable);
        if (!string.IsNullOrEmpty(configured))
        {
            if (HoldsAws(configured))
            {
                return configured;
            }

            why = $"{Variable}={configured} has no {AwsProviderAddress}/{EcolauraStack.AwsProviderVersion}/linux_amd64";
            return null;
        }

        var home = System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile);
        var implied = new[]
        {
            Path.Combine(home, ".terraform.d", "plugins"),
            Path.Combine(home, ".local", "share", "terraform", "plugins"),
            "/usr/local/share/terraform/plugins",
            "/usr/share/terraform/plugins",
        };
        var found = implied.FirstOrDefault(HoldsAws) ?? Search("/", depth: 3, HoldsAws);
        if (found is null)
        {
            why = $"no Terraform provider mirror with hashicorp/aws {EcolauraStack.AwsProviderVersion} found; set {Variable} to the folder above registry.terraform.io";
        }

        return found;
    }

    private static string? Search(string dir, int depth, Func<string, bool> holds)
    {
        if (depth < 0 || dir is "/proc" or "/sys" or "/dev" or "/run")
        {
            return null;
        }

        if (holds(dir))
        {
            return dir;
        }

        try
        {
            foreach (var child in Directory.EnumerateDirectories(dir).Order(StringComparer.Ordinal))
            {
                if (new FileInfo(child).LinkTarget is not null)
                {
                    continue;
                }

                var found = Search(child, depth - 1, holds);
                if (found is not null)
                {
                    return found;
                }
            }
        }
        catch (UnauthorizedAccessException)
        {
        }
        catch (IOException)
        {
        }

        return null;
    }
}
