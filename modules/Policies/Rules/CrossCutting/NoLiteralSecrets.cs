using System.Text.Json.Nodes;

namespace Ecolaura.Tf.Policies.Rules;

/// <summary>ECO-SECRET-1: No attribute named password, auth_token, secret_key, access_key, private_key or token (or their _wo forms) holds a literal string</summary>
public sealed class NoLiteralSecrets : PolicyRule
{
    /// <inheritdoc />
    public override string Id => "ECO-SECRET-1";

    /// <inheritdoc />
    public override Severity Severity => Severity.Error;

    /// <inheritdoc />
    public override IReadOnlyList<string> Anchors => ["AVD-AWS-0029", "AVD-AWS-0129"];

    /// <inheritdoc />
    public override string Checks => "No attribute named password, auth_token, secret_key, access_key, private_key or token (or their _wo forms) holds a literal string";

    /// <inheritdoc />
    public override string Why => "Anything literal in cdk.tf.json is in git history, CI logs, plan files and state.";

    /// <inheritdoc />
    public override IEnumerable<Violation> Evaluate(StackDocument stack)
    {
        foreach (var resource in stack.AllResources())
        {
            foreach (var path in Literals(resource.Body, ""))
            {
                yield return resource.Violation($"{path} is a literal value", "take secrets from a sensitive (ideally ephemeral) input or a managed secret");
            }
        }
    }

    private static readonly HashSet<string> SecretKeys = ["password", "password_wo", "auth_token", "secret_key", "access_key", "private_key", "token", "secret_string", "secret_string_wo", "master_password"];

    private static IEnumerable<string> Literals(JsonNode? node, string path)
    {
        if (node is JsonObject obj)
        {
            foreach (var (key, child) in obj)
            {
                if (SecretKeys.Contains(key) && child is JsonValue v && v.TryGetValue<string>(out var text) && !text.StartsWith("${", StringComparison.Ordinal))
                {
                    yield return $"{path}{key}";
                }

                foreach (var inner in Literals(child, $"{path}{key}."))
                {
                    yield return inner;
                }
            }
        }
        else if (node is JsonArray array)
        {
            foreach (var (child, i) in array.Select((c, i) => (c, i)))
            {
                foreach (var inner in Literals(child, $"{path}[{i}]."))
                {
                    yield return inner;
                }
            }
        }
    }
}
