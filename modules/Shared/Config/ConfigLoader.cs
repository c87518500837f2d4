using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Ecolaura.Tf.Shared.Config;

/// <summary>Builds the environments to synthesize: embedded defaults, an optional JSON override, one validation pass.</summary>
/// <remarks>
/// An override file holds only what differs, keyed by environment:
/// <code>{ "environments": { "prod": { "accountId": "123456789012", "network": { "natGateways": "per-az" } } } }</code>
/// Objects merge field by field; arrays and scalars replace. Unknown fields, wrong JSON types and unknown enum
/// values are reported with the same path/value/allowed wording as the semantic checks, all together.
/// </remarks>
public static class ConfigLoader
{
    /// <summary>JSON naming used by override files: camelCase fields, kebab-case enum values.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false) },
        WriteIndented = true,
    };

    /// <summary>Loads, merges and validates; throws <see cref="ConfigValidationException"/> listing every problem.</summary>
    /// <param name="overrideJson">The override file's text, or null for the embedded defaults.</param>
    /// <param name="only">Environment names to return (<c>--env</c>); null for all. All are validated either way.</param>
    public static IReadOnlyList<EnvironmentConfig> Load(string? overrideJson = null, IReadOnlyCollection<string>? only = null)
    {
        var problems = new List<ValidationProblem>();
        var environments = Merge(DefaultEnvironments.All, overrideJson, problems);
        var selected = Select(environments, only, problems);
        if (problems.Count == 0)
        {
            problems.AddRange(ConfigValidator.Validate(environments));
        }

        return problems.Count > 0 ? throw new ConfigValidationException(problems) : selected;
    }

    /// <summary>Returns the JSON an override file would contain to restate <paramref name="config"/> in full.</summary>
    public static string ToJson(EnvironmentConfig config) => JsonSerializer.Serialize(config, JsonOptions);

    private static IReadOnlyList<EnvironmentConfig> Select(IReadOnlyList<EnvironmentConfig> all,
        IReadOnlyCollection<string>? only, List<ValidationProblem> problems)
    {
        if (only is null || only.Count == 0)
        {
            return all;
        }

        var names = all.Select(e => e.Name).ToArray();
        foreach (var name in only.Where(n => !names.Contains(n, StringComparer.Ordinal)))
        {
            problems.Add(new ValidationProblem("--env", $"'{name}'", $"must be one of [{string.Join(", ", names)}]"));
        }

        return all.Where(e => only.Contains(e.Name)).ToArray();
    }

    private static IReadOnlyList<EnvironmentConfig> Merge(IReadOnlyList<EnvironmentConfig> defaults, string? overrideJson,
        List<ValidationProblem> problems)
    {
        if (overrideJson is null)
        {
            return defaults;
        }

        JsonNode? root;
        try
        {
            root = JsonNode.Parse(overrideJson, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            problems.Add(new ValidationProblem("(config file)", $"line {e.LineNumber + 1}", $"must be valid JSON: {e.Message}"));
            return defaults;
        }

        var duplicates = new List<ValidationProblem>();
        using (var document = JsonDocument.Parse(overrideJson, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }))
        {
            FindDuplicateKeys(document.RootElement, "", duplicates);
        }

        if (duplicates.Count > 0)
        {
            problems.AddRange(duplicates);
            return defaults;
        }

        if (root is not JsonObject rootObject)
        {
            problems.Add(new ValidationProblem("(config file)", Show(root), "must be a JSON object with an \"environments\" field"));
            return defaults;
        }

        foreach (var (key, _) in rootObject.Where(p => p.Key != "environments"))
        {
            problems.Add(new ValidationProblem(key, "an unknown field", "the only top-level field is [environments]"));
        }

        if (rootObject["environments"] is not { } environmentsNode)
        {
            return defaults;
        }

        if (environmentsNode is not JsonObject environments)
        {
            problems.Add(new ValidationProblem("environments", Show(environmentsNode), "must be an object keyed by environment name"));
            return defaults;
        }

        var merged = new List<EnvironmentConfig>();
        foreach (var config in defaults)
        {
            var path = $"environments.{config.Name}";
            if (environments[config.Name] is not { } patch)
            {
                merged.Add(config);
                continue;
            }

            var before = problems.Count;
            CheckShape(patch, typeof(EnvironmentConfig), nullable: false, path, problems);
            CheckName(patch, config.Name, path, problems);
            if (problems.Count > before)
            {
                merged.Add(config);
                continue;
            }

            var node = JsonSerializer.SerializeToNode(config, JsonOptions)!;
            MergeInto(node.AsObject(), patch.AsObject());
            merged.Add(node.Deserialize<EnvironmentConfig>(JsonOptions)!);
        }

        var known = defaults.Select(d => d.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var (name, patch) in environments.Where(p => !known.Contains(p.Key)))
        {
            if (NewEnvironment(name, patch, problems) is { } created)
            {
                merged.Add(created);
            }
        }

        return merged;
    }

    /// <summary>
    /// DNS-safe environment names: 2–16 lower-case letters, digits and '-', starting with a letter, no trailing or double
    /// '-' (the name goes into S3 bucket names, RDS identifiers and Redis replication group ids, whose limits it must fit).
    /// </summary>
    public static readonly System.Text.RegularExpressions.Regex EnvironmentNamePattern =
        new("^[a-z](?:[a-z0-9]|-(?=[a-z0-9])){1,15}$", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    /// <summary>
    /// The fields a new environment must state because no tier default fits two environments: the account, the VPC
    /// ranges (disjoint across every environment and region), the public domain and its zone, and the cluster admin role.
    /// </summary>
    public static readonly IReadOnlyList<string> RequiredForNewEnvironments =
        ["accountId", "network.vpcCidr", "dr.vpcCidr", "edge.domain", "edge.hostedZoneId", "compute.adminRoleArn"];

    /// <summary>CloudFront origin-facing prefix lists by region, for regions whose id this project has checked.</summary>
    /// <remarks>Source: see <see cref="DefaultEnvironments.CloudFrontPrefixListUsEast1"/>. Other regions: give the id.</remarks>
    public static readonly IReadOnlyDictionary<string, string> KnownCloudFrontPrefixLists = new Dictionary<string, string>
    {
        ["us-east-1"] = DefaultEnvironments.CloudFrontPrefixListUsEast1,
        ["us-west-2"] = DefaultEnvironments.CloudFrontPrefixListUsWest2,
    };

    /// <summary>
    /// An environment that is not embedded, built from configuration alone: its tier's embedded environment gives
    /// every default (sizes, retention, versions); the identity fields of <see cref="RequiredForNewEnvironments"/> must
    /// be given; the cost-center tag is <c>ecolaura-&lt;name&gt;</c>; zones follow the region (<c>&lt;region&gt;a</c>,
    /// <c>b</c>, … as many as the tier template has) unless given.
    /// </summary>
    private static EnvironmentConfig? NewEnvironment(string name, JsonNode? patch, List<ValidationProblem> problems)
    {
        var path = $"environments.{name}";
        var before = problems.Count;
        if (!EnvironmentNamePattern.IsMatch(name))
        {
            problems.Add(new ValidationProblem(path, $"'{name}'",
                "an environment name must be a DNS-safe identifier: 2–16 lower-case letters, digits and '-', starting with a letter, no trailing or double '-'"));
        }

        CheckShape(patch, typeof(EnvironmentConfig), nullable: false, path, problems);
        if (patch is not JsonObject patchObject)
        {
            return null;
        }

        CheckName(patchObject, name, path, problems);
        var tiers = EnumNames(typeof(EnvironmentTier));
        if (patchObject["tier"] is null)
        {
            problems.Add(new ValidationProblem($"{path}.tier", "absent", $"a new environment must name its tier, one of [{string.Join(", ", tiers)}]"));
        }

        if (problems.Count > before)
        {
            return null;
        }

        var tier = patchObject["tier"].Deserialize<EnvironmentTier>(JsonOptions);
        var template = DefaultEnvironments.All.First(e => e.Tier == tier);
        var node = JsonSerializer.SerializeToNode(template, JsonOptions)!.AsObject();
        node["name"] = name;
        node["costCenter"] = $"{Naming.Project}-{name}";
        node["sharesAccountWith"] = null;
        node["network"]!["subnets"] = null;
        foreach (var field in RequiredForNewEnvironments)
        {
            var parts = field.Split('.');
            (parts.Length == 1 ? node : node[parts[0]]!.AsObject()).Remove(parts[^1]);
        }

        DeriveRegional(node, patchObject, "region", "network", template.Network.AvailabilityZones.Count);
        DeriveRegional(node, patchObject, "dr.region", "dr", template.Dr.AvailabilityZones.Count);
        MergeInto(node, patchObject);

        foreach (var field in RequiredForNewEnvironments.Where(f => f.Split('.').Aggregate((JsonNode?)node, (n, p) => n?[p]) is null))
        {
            problems.Add(new ValidationProblem($"{path}.{field}", "absent",
                $"a new environment must give it (no {tier.ToString().ToLowerInvariant()}-tier default fits two environments); required: [{string.Join(", ", RequiredForNewEnvironments)}]"));
        }

        foreach (var (section, region) in new[] { ("network", node["region"]), ("dr", node["dr"]?["region"]) })
        {
            if (node[section]?["cloudFrontPrefixListId"] is null)
            {
                problems.Add(new ValidationProblem($"{path}.{section}.cloudFrontPrefixListId", "absent",
                    $"give the CloudFront origin-facing prefix list of {region?.GetValue<string>()} (known here: [{string.Join(", ", KnownCloudFrontPrefixLists.Keys)}]); "
                    + "aws ec2 describe-managed-prefix-lists --filters Name=prefix-list-name,Values=com.amazonaws.global.cloudfront.origin-facing"));
            }
        }

        return problems.Count > before ? null : node.Deserialize<EnvironmentConfig>(JsonOptions);
    }

    /// <summary>When the patch moves a region but not its zones or prefix list, derive them for the new region.</summary>
    private static void DeriveRegional(JsonObject node, JsonObject patch, string regionField, string section, int zoneCount)
    {
        var regionParts = regionField.Split('.');
        var patchedRegion = regionParts.Aggregate((JsonNode?)patch, (n, p) => n?[p]);
        if (patchedRegion is not JsonValue value || !value.TryGetValue<string>(out var region))
        {
            return;
        }

        var sectionPatch = patch[section] as JsonObject;
        if (sectionPatch?["availabilityZones"] is null)
        {
            node[section]!["availabilityZones"] = new JsonArray(Enumerable.Range(0, zoneCount).Select(i => (JsonNode)JsonValue.Create($"{region}{(char)('a' + i)}")!).ToArray());
        }

        if (sectionPatch?["cloudFrontPrefixListId"] is null)
        {
            node[section]!["cloudFrontPrefixListId"] = KnownCloudFrontPrefixLists.TryGetValue(region, out var id) ? id : null;
        }
    }

    private static void CheckName(JsonNode? patch, string name, string path, List<ValidationProblem> problems)
    {
        if (patch is JsonObject patchObject && patchObject["name"] is { } nameNode && nameNode.ToJsonString() != $"\"{name}\"")
        {
            problems.Add(new ValidationProblem($"{path}.name", Show(nameNode), $"must equal the environment key '{name}'"));
        }
    }

    /// <summary>JSON allows a key twice in one object (the last one wins silently); configuration does not.</summary>
    private static void FindDuplicateKeys(JsonElement element, string path, List<ValidationProblem> problems)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in element.EnumerateObject())
            {
                var at = path.Length == 0 ? property.Name : $"{path}.{property.Name}";
                if (!seen.Add(property.Name))
                {
                    problems.Add(new ValidationProblem(at, "given twice", $"each key may appear once{(path == "environments" ? " (environment names are unique)" : "")}"));
                    continue;
                }

                FindDuplicateKeys(property.Value, at, problems);
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            var i = 0;
            foreach (var item in element.EnumerateArray())
            {
                FindDuplicateKeys(item, $"{path}[{i++}]", problems);
            }
        }
    }

    private static void MergeInto(JsonObject target, JsonObject patch)
    {
        foreach (var (key, value) in patch.ToArray())
        {
            if (value is JsonObject patchChild && target[key] is JsonObject targetChild)
            {
                MergeInto(targetChild, patchChild);
            }
            else
            {
                target[key] = value?.DeepClone();
            }
        }
    }

    private static readonly NullabilityInfoContext Nullability = new();

    /// <summary>Field names that would carry a secret into the synthesized JSON (and so into Git history, plan files and state).</summary>
    private static readonly HashSet<string> SecretFieldNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "password", "masterPassword", "authToken", "auth_token", "secretKey", "secret_key", "accessKey", "access_key",
        "privateKey", "private_key", "token", "apiKey", "integrationKey",
    };

    private static void CheckShape(JsonNode? node, Type type, bool nullable, string path, List<ValidationProblem> problems)
    {
        var underlying = Nullable.GetUnderlyingType(type);
        if (node is null)
        {
            if (!nullable && underlying is null)
            {
                problems.Add(new ValidationProblem(path, "null", $"must be {Describe(type)}"));
            }

            return;
        }

        type = underlying ?? type;
        var kind = node.GetValueKind();
        if (type == typeof(string))
        {
            Expect(kind == JsonValueKind.String);
        }
        else if (type == typeof(int))
        {
            Expect(kind == JsonValueKind.Number && node.AsValue().TryGetValue<int>(out _));
        }
        else if (type == typeof(bool))
        {
            Expect(kind is JsonValueKind.True or JsonValueKind.False);
        }
        else if (type.IsEnum)
        {
            var allowed = EnumNames(type);
            if (kind != JsonValueKind.String || !allowed.Contains(node.GetValue<string>()))
            {
                problems.Add(new ValidationProblem(path, Show(node), $"must be one of [{string.Join(", ", allowed)}]"));
            }
        }
        else if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyList<>))
        {
            if (node is not JsonArray array)
            {
                Expect(false);
                return;
            }

            for (var i = 0; i < array.Count; i++)
            {
                CheckShape(array[i], type.GenericTypeArguments[0], nullable: false, $"{path}[{i}]", problems);
            }
        }
        else if (node is not JsonObject obj)
        {
            Expect(false);
        }
        else
        {
            var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Where(p => p.CanWrite)
                .ToDictionary(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name));
            foreach (var (key, value) in obj)
            {
                if (SecretFieldNames.Contains(key))
                {
                    problems.Add(new ValidationProblem($"{path}.{key}", "a secret value",
                        "literal secrets are not allowed in configuration; secrets are sensitive Terraform inputs supplied at apply time (TF_VAR_…)"));
                    continue;
                }

                if (!properties.TryGetValue(key, out var property))
                {
                    problems.Add(new ValidationProblem($"{path}.{key}", "an unknown field",
                        $"allowed fields are [{string.Join(", ", properties.Keys)}]"));
                    continue;
                }

                var propertyNullable = Nullability.Create(property).WriteState == NullabilityState.Nullable;
                CheckShape(value, property.PropertyType, propertyNullable, $"{path}.{key}", problems);
            }
        }

        void Expect(bool ok)
        {
            if (!ok)
            {
                problems.Add(new ValidationProblem(path, Show(node), $"must be {Describe(type)}"));
            }
        }
    }

    private static string Describe(Type type) =>
        type == typeof(string) ? "a string"
        : type == typeof(int) ? "a whole number"
        : type == typeof(bool) ? "true or false"
        : type.IsEnum ? $"one of [{string.Join(", ", EnumNames(type))}]"
        : type.IsGenericType ? "an array"
        : "an object";

    private static string[] EnumNames(Type type) =>
        Enum.GetNames(type).Select(JsonNamingPolicy.KebabCaseLower.ConvertName).ToArray();

    private static string Show(JsonNode? node) => node?.ToJsonString() ?? "null";
}
