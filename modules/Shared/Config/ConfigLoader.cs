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

        var names = all.Select(e => e.Name.Id()).ToArray();
        foreach (var name in only.Where(n => !names.Contains(n, StringComparer.Ordinal)))
        {
            problems.Add(new ValidationProblem("--env", $"'{name}'", $"must be one of [{string.Join(", ", names)}]"));
        }

        return all.Where(e => only.Contains(e.Name.Id())).ToArray();
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

        var names = defaults.Select(d => d.Name.Id()).ToArray();
        foreach (var (name, _) in environments.Where(p => !names.Contains(p.Key)))
        {
            problems.Add(new ValidationProblem($"environments.{name}", $"'{name}'", $"is not one of [{string.Join(", ", names)}]"));
        }

        var merged = new List<EnvironmentConfig>();
        foreach (var config in defaults)
        {
            var path = $"environments.{config.Name.Id()}";
            if (environments[config.Name.Id()] is not { } patch)
            {
                merged.Add(config);
                continue;
            }

            var before = problems.Count;
            CheckShape(patch, typeof(EnvironmentConfig), nullable: false, path, problems);
            if (patch is JsonObject patchObject && patchObject["name"] is { } nameNode && nameNode.ToJsonString() != $"\"{config.Name.Id()}\"")
            {
                problems.Add(new ValidationProblem($"{path}.name", Show(nameNode), $"must equal the environment key '{config.Name.Id()}'"));
            }

            if (problems.Count > before)
            {
                merged.Add(config);
                continue;
            }

            var node = JsonSerializer.SerializeToNode(config, JsonOptions)!;
            MergeInto(node.AsObject(), patch.AsObject());
            merged.Add(node.Deserialize<EnvironmentConfig>(JsonOptions)!);
        }

        return merged;
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
