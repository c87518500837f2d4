using System.Reflection;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Ecolaura.Tf.App;

/// <summary>
/// The provider dependency lock files of the repository: <c>locks/*.terraform.lock.hcl</c>, one per provider (any
/// file name; the address inside counts), embedded into the app at build time. At synth every stack folder gets a
/// <c>.terraform.lock.hcl</c> composed of the blocks of exactly the providers its <c>required_providers</c> names, so
/// <c>terraform init</c> installs the pinned versions and checks their hashes.
/// </summary>
/// <remarks>
/// The files are Terraform's own canonical format (what <c>terraform providers lock</c> writes), read with a pattern
/// for that format rather than a general HCL parser: <c>provider "ADDRESS" { version = "X" constraints = "Y"
/// hashes = [...] }</c>. <c>./ecolaura lock</c> regenerates them.
/// </remarks>
public static partial class ProviderLocks
{
    /// <summary>The lock file name Terraform reads in a root module folder.</summary>
    public const string FileName = ".terraform.lock.hcl";

    /// <summary>The header <c>terraform init</c> writes at the top of every lock file.</summary>
    public const string Header = "# This file is maintained automatically by \"terraform init\".\n# Manual edits may be lost in future updates.\n";

    private static readonly Lazy<IReadOnlyDictionary<string, LockedProvider>> Embedded = new(LoadEmbedded);

    /// <summary>One <c>provider</c> block of a lock file.</summary>
    /// <param name="Address">The full provider address, e.g. <c>registry.terraform.io/hashicorp/aws</c>.</param>
    /// <param name="Version">The selected version, e.g. <c>5.100.0</c>.</param>
    /// <param name="Constraints">The version constraints recorded with it (null when absent).</param>
    /// <param name="Hashes">Its package hashes (<c>h1:</c> per platform, <c>zh:</c> from the registry).</param>
    /// <param name="Block">The block's text, as written in the file.</param>
    public sealed record LockedProvider(string Address, string Version, string? Constraints, IReadOnlyList<string> Hashes, string Block);

    /// <summary>A provider a stack requires (<c>terraform.required_providers</c>).</summary>
    /// <param name="LocalName">The local name, e.g. <c>aws</c>.</param>
    /// <param name="Address">The full address its <c>source</c> stands for.</param>
    /// <param name="Version">The version constraint, e.g. <c>5.100.0</c> (CDKTF stacks pin exact versions).</param>
    public sealed record RequiredProvider(string LocalName, string Address, string Version)
    {
        /// <summary><c>ADDRESS VERSION</c>, for messages.</summary>
        public override string ToString() => $"{Address} {Version}";
    }

    /// <summary>What <see cref="Place"/> did with a stack folder's lock file.</summary>
    public enum Placement
    {
        /// <summary>There was none: the repository's lock was written.</summary>
        Written,

        /// <summary>The one there pins the same versions (Terraform may have added hashes for more platforms): kept.</summary>
        Kept,

        /// <summary>The one there pinned other versions: saved beside it with a <c>.replaced-&lt;UTC time&gt;</c> suffix, then replaced.</summary>
        Replaced,
    }

    /// <summary>The repository's locked providers by address (from the embedded <c>locks/</c> files).</summary>
    /// <exception cref="InvalidOperationException">Two lock files lock the same provider.</exception>
    public static IReadOnlyDictionary<string, LockedProvider> Repository => Embedded.Value;

    /// <summary>The <c>provider</c> blocks of a lock file's text.</summary>
    public static IReadOnlyList<LockedProvider> Parse(string hcl) =>
        ProviderBlock().Matches(hcl.Replace("\r\n", "\n")).Select(m =>
        {
            var body = m.Groups["body"].Value;
            var constraints = Attribute("constraints").Match(body);
            return new LockedProvider(
                m.Groups["address"].Value,
                Attribute("version").Match(body) is { Success: true } v ? v.Groups[1].Value : "",
                constraints.Success ? constraints.Groups[1].Value : null,
                HashValue().Matches(body).Select(h => h.Groups[1].Value).ToArray(),
                m.Value);
        }).ToArray();

    /// <summary>
    /// The full address of a <c>required_providers</c> source: <c>aws</c> and <c>hashicorp/aws</c> both stand for
    /// <c>registry.terraform.io/hashicorp/aws</c>; a three-part source is already full. Case-insensitive, returned in lower case.
    /// </summary>
    /// <exception cref="ArgumentException">The source has more than three parts or an empty part.</exception>
    public static string Address(string source)
    {
        var parts = source.Trim().ToLowerInvariant().Split('/');
        return parts switch
        {
            [var type] when type.Length > 0 => $"registry.terraform.io/hashicorp/{type}",
            [var ns, var type] when ns.Length > 0 && type.Length > 0 => $"registry.terraform.io/{ns}/{type}",
            [var host, var ns, var type] when host.Length > 0 && ns.Length > 0 && type.Length > 0 => $"{host}/{ns}/{type}",
            _ => throw new ArgumentException($"'{source}' is not a provider source (TYPE, NAMESPACE/TYPE or HOST/NAMESPACE/TYPE)", nameof(source)),
        };
    }

    /// <summary>Every provider <paramref name="stack"/> (a synthesized <c>cdk.tf.json</c>) requires, by local name.</summary>
    public static IReadOnlyList<RequiredProvider> Required(JsonObject stack) =>
        (stack["terraform"]?["required_providers"]?.AsObject() ?? [])
        .Select(p => new RequiredProvider(
            p.Key,
            Address(p.Value?["source"]?.GetValue<string>() ?? p.Key),
            p.Value?["version"]?.GetValue<string>() ?? ""))
        .ToArray();

    /// <summary>Whether <paramref name="locked"/> satisfies <paramref name="required"/>: the exact version, or for a range the same recorded constraints.</summary>
    public static bool Satisfies(LockedProvider locked, RequiredProvider required) =>
        locked.Address == required.Address
        && (locked.Version == required.Version || (locked.Constraints is not null && locked.Constraints == required.Version));

    /// <summary>
    /// The lock file for <paramref name="stack"/> from the repository's locks: one block per required provider, in
    /// address order (as Terraform writes them). <c>Missing</c> lists the providers without a matching repository lock
    /// (their blocks are left out; <c>terraform init</c> records them); <c>Text</c> is null when none matched.
    /// </summary>
    public static (string? Text, IReadOnlyList<RequiredProvider> Missing) Compose(JsonObject stack) => Compose(stack, Repository);

    /// <summary><see cref="Compose(JsonObject)"/> against the given locks (tests).</summary>
    public static (string? Text, IReadOnlyList<RequiredProvider> Missing) Compose(JsonObject stack, IReadOnlyDictionary<string, LockedProvider> locks)
    {
        var blocks = new List<LockedProvider>();
        var missing = new List<RequiredProvider>();
        foreach (var required in Required(stack).OrderBy(r => r.Address, StringComparer.Ordinal))
        {
            if (locks.TryGetValue(required.Address, out var locked) && Satisfies(locked, required))
            {
                blocks.Add(locked);
            }
            else
            {
                missing.Add(required);
            }
        }

        if (blocks.Count == 0)
        {
            return (null, missing);
        }

        var text = new StringBuilder(Header);
        foreach (var block in blocks.DistinctBy(b => b.Address))
        {
            text.Append('\n').Append(block.Block.TrimEnd()).Append('\n');
        }

        return (text.ToString(), missing);
    }

    /// <summary>
    /// Puts <paramref name="lockText"/> at <paramref name="path"/> unless a lock there already pins the same version of
    /// every provider in it (then Terraform's file is kept: it may hold hashes for more platforms). A lock pinning other
    /// versions is renamed to <c>PATH.replaced-&lt;yyyyMMddTHHmmssZ&gt;</c> first, never deleted.
    /// </summary>
    public static Placement Place(string lockText, string path)
    {
        if (File.Exists(path))
        {
            var existing = Parse(File.ReadAllText(path)).ToDictionary(p => p.Address, p => p.Version);
            if (Parse(lockText).All(p => existing.TryGetValue(p.Address, out var version) && version == p.Version))
            {
                return Placement.Kept;
            }

            File.Move(path, $"{path}.replaced-{DateTime.UtcNow:yyyyMMddTHHmmssZ}", overwrite: true);
            WriteAtomically(path, lockText);
            return Placement.Replaced;
        }

        WriteAtomically(path, lockText);
        return Placement.Written;
    }

    private static void WriteAtomically(string path, string text)
    {
        var temp = $"{path}.ecolaura-tmp";
        File.WriteAllText(temp, text);
        File.Move(temp, path, overwrite: true);
    }

    private static IReadOnlyDictionary<string, LockedProvider> LoadEmbedded()
    {
        var assembly = Assembly.GetExecutingAssembly();
        var locks = new Dictionary<string, LockedProvider>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith("locks/", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
            foreach (var provider in Parse(reader.ReadToEnd()))
            {
                if (!locks.TryAdd(provider.Address, provider))
                {
                    throw new InvalidOperationException($"{name}: {provider.Address} is locked by another file in locks/ as well; keep one");
                }
            }
        }

        return locks;
    }

    private static Regex Attribute(string name) => name == "version" ? VersionAttribute() : ConstraintsAttribute();

    [GeneratedRegex(@"^provider\s+""(?<address>[^""]+)""\s*\{(?<body>.*?)^\}", RegexOptions.Singleline | RegexOptions.Multiline)]
    private static partial Regex ProviderBlock();

    [GeneratedRegex(@"^\s*version\s*=\s*""([^""]*)""", RegexOptions.Multiline)]
    private static partial Regex VersionAttribute();

    [GeneratedRegex(@"^\s*constraints\s*=\s*""([^""]*)""", RegexOptions.Multiline)]
    private static partial Regex ConstraintsAttribute();

    [GeneratedRegex(@"""((?:h1|zh):[^""]+)""")]
    private static partial Regex HashValue();
}
