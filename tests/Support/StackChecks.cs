using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Ecolaura.Tf.App;

namespace Ecolaura.Tf.Tests.Support;

/// <summary>
/// What the Terraform tiers need to know about a synthesized stack before they run terraform on it, and the
/// JSON-level checks that stand in for <c>terraform validate</c> where they cannot (a provider with no binary in the
/// offline mirror: kubernetes and helm are not there).
/// </summary>
public static partial class StackChecks
{
    /// <summary>
    /// The providers <paramref name="stack"/> requires that the offline mirror does not hold (<c>ADDRESS VERSION</c>),
    /// so terraform cannot init it here. Empty when no mirror was found at all: then the real tier runs and fails
    /// with the reason (<see cref="TerraformCli.MirrorRoot"/>).
    /// </summary>
    public static IReadOnlyList<string> MissingBinaries(StackJson stack)
    {
        var mirror = TerraformCli.TryMirrorRoot;
        return mirror is null
            ? []
            : ProviderLocks.Required(stack.Root).Where(p => !TerraformCli.MirrorHolds(mirror, p.Address, p.Version)).Select(p => p.ToString()).Distinct().ToArray();
    }

    /// <summary>
    /// The JSON-level checks of one stack; empty when it passes: the pinned <c>required_version</c>; exact version
    /// pins for every required provider; exactly one backend; every provider block of a required provider, aliases
    /// unique; every resource's and data source's <c>provider</c> configured; and every reference in an expression to
    /// a resource, data source or variable of a required provider's kind (or <c>terraform_*</c>) declared.
    /// </summary>
    public static IReadOnlyList<string> JsonProblems(StackJson stack)
    {
        var root = stack.Root;
        var problems = new List<string>();
        var version = root["terraform"]?["required_version"]?.GetValue<string>();
        if (version != $"~> {TerraformVersion.Pinned}")
        {
            problems.Add($"terraform.required_version is '{version}', not '~> {TerraformVersion.Pinned}'");
        }

        var required = ProviderLocks.Required(root);
        problems.AddRange(required.Where(p => !ExactVersion().IsMatch(p.Version)).Select(p => $"required provider {p.LocalName} ({p.Address}) pins '{p.Version}', not an exact version"));

        var backends = root["terraform"]?["backend"]?.AsObject().Select(b => b.Key).ToArray() ?? [];
        if (backends.Length != 1)
        {
            problems.Add($"expected exactly one backend, found [{string.Join(", ", backends)}]");
        }

        var configured = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (localName, _) in root["provider"]?.AsObject() ?? [])
        {
            if (required.All(p => p.LocalName != localName))
            {
                problems.Add($"provider '{localName}' is configured but not in terraform.required_providers");
            }

            foreach (var block in OfflineWorkspace.ProviderBlocks(root, localName))
            {
                var key = block.Str("alias") is { } alias ? $"{localName}.{alias}" : localName;
                if (!configured.Add(key))
                {
                    problems.Add($"provider {key} is configured twice");
                }
            }
        }

        foreach (var (mode, section) in new[] { ("resource", root["resource"]), ("data", root["data"]) })
        {
            foreach (var (type, byName) in section?.AsObject() ?? [])
            {
                foreach (var (name, config) in byName?.AsObject() ?? [])
                {
                    var explicitProvider = config.Str("provider");
                    if (explicitProvider is null && type.StartsWith("terraform_", StringComparison.Ordinal))
                    {
                        continue;
                    }

                    // An alias must be configured; a default provider need only be required (an empty configuration is valid).
                    var provider = explicitProvider ?? type.Split('_')[0];
                    if (provider.Contains('.') ? !configured.Contains(provider) : required.All(p => p.LocalName != provider))
                    {
                        problems.Add($"{(mode == "data" ? "data." : "")}{type}.{name} uses provider '{provider}', which is not configured");
                    }
                }
            }
        }

        problems.AddRange(UnresolvedReferences(root, required.Select(p => p.LocalName).Append("terraform").ToHashSet()));
        return problems;
    }

    /// <summary>References in <c>${...}</c> expressions to resources, data sources and variables that the stack does not declare.</summary>
    private static IEnumerable<string> UnresolvedReferences(JsonObject root, IReadOnlySet<string> kinds)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var text in Strings(root))
        {
            foreach (Match expression in Expression().Matches(text))
            {
                foreach (Match reference in Reference().Matches(expression.Value))
                {
                    var isData = reference.Groups["data"].Success;
                    var type = reference.Groups["type"].Value;
                    var name = reference.Groups["name"].Value;
                    if (!kinds.Contains(type.Split('_')[0]) || !seen.Add($"{isData}{type}.{name}"))
                    {
                        continue;
                    }

                    if (root[isData ? "data" : "resource"]?[type]?[name] is null)
                    {
                        yield return $"'{expression.Value}' refers to {(isData ? "data." : "")}{type}.{name}, which the stack does not declare";
                    }
                }

                foreach (Match variable in VariableReference().Matches(expression.Value))
                {
                    if (seen.Add($"var.{variable.Groups[1].Value}") && root["variable"]?[variable.Groups[1].Value] is null)
                    {
                        yield return $"'{expression.Value}' refers to var.{variable.Groups[1].Value}, which the stack does not declare";
                    }
                }
            }
        }
    }

    private static IEnumerable<string> Strings(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => Strings(p.Value)),
        JsonArray a => a.SelectMany(Strings),
        JsonValue v when v.TryGetValue<string>(out var s) => [s],
        _ => [],
    };

    [GeneratedRegex(@"^\d+\.\d+\.\d+$")]
    private static partial Regex ExactVersion();

    /// <summary>An interpolation <c>${...}</c> (not the escaped <c>$${</c>), up to its first closing brace.</summary>
    [GeneratedRegex(@"(?<!\$)\$\{[^}]*\}")]
    private static partial Regex Expression();

    [GeneratedRegex(@"(?<![\w.])(?<data>data\.)?(?<type>[a-z][a-z0-9]*_[a-z0-9_]+)\.(?<name>[A-Za-z_][A-Za-z0-9_-]*)")]
    private static partial Regex Reference();

    [GeneratedRegex(@"(?<![\w.])var\.([A-Za-z_][A-Za-z0-9_-]*)")]
    private static partial Regex VariableReference();
}
