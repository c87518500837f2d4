using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ecolaura.Tf.Shared;

/// <summary>An IAM/KMS/S3/SNS policy document rendered to JSON in C#: no data source, so plans stay offline and rules can read it.</summary>
/// <remarks>Resource ARNs may be CDKTF string tokens; they are resolved inside the JSON string at synth.</remarks>
public sealed record PolicyDocument(IReadOnlyList<PolicyStatement> Statement)
{
    private static readonly JsonSerializerOptions Options = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The JSON text with <c>Version 2012-10-17</c>.</summary>
    public string ToJson() => JsonSerializer.Serialize(new { Version = "2012-10-17", Statement = Statement.Select(s => s.ToJsonObject()) }, Options);

    /// <summary>Convenience for <c>new PolicyDocument([...]).ToJson()</c>.</summary>
    public static string Of(params PolicyStatement[] statements) => new PolicyDocument(statements).ToJson();
}

/// <summary>One statement. Principals are typed so a bare <c>"*"</c> principal cannot be written by accident.</summary>
public sealed record PolicyStatement
{
    /// <summary>Statement id, readable in the console.</summary>
    public required string Sid { get; init; }

    /// <summary>Allow (default) or Deny.</summary>
    public bool Deny { get; init; }

    /// <summary>Service principals, e.g. <c>logs.us-east-1.amazonaws.com</c>.</summary>
    public IReadOnlyList<string>? Services { get; init; }

    /// <summary>AWS principals (account roots or role ARNs).</summary>
    public IReadOnlyList<string>? AwsPrincipals { get; init; }

    /// <summary>Federated principal (an OIDC provider ARN).</summary>
    public string? Federated { get; init; }

    /// <summary>Every principal; only allowed on <see cref="Deny"/> statements with a condition (e.g. TLS-only).</summary>
    public bool AnyPrincipal { get; init; }

    /// <summary>The actions (empty when <see cref="NotActions"/> is used).</summary>
    public required IReadOnlyList<string> Actions { get; init; }

    /// <summary>Every action except these (<c>NotAction</c>); only allowed on <see cref="Deny"/> statements with empty <see cref="Actions"/>.</summary>
    /// <remarks>Default: null, the statement lists <see cref="Actions"/>.</remarks>
    public IReadOnlyList<string>? NotActions { get; init; }

    /// <summary>The resources (omit in key and bucket policies only where the service requires <c>*</c> meaning "this key").</summary>
    public IReadOnlyList<string>? Resources { get; init; }

    /// <summary>Conditions: operator → key → values.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, IReadOnlyList<string>>>? Conditions { get; init; }

    internal Dictionary<string, object> ToJsonObject()
    {
        if (AnyPrincipal && !(Deny && Conditions is { Count: > 0 }))
        {
            throw new InvalidOperationException($"statement {Sid}: Principal \"*\" is only allowed on a Deny with a condition");
        }

        if (NotActions is not null && (!Deny || Actions.Count > 0 || NotActions.Count == 0))
        {
            throw new InvalidOperationException($"statement {Sid}: NotAction is only allowed on a Deny without Action");
        }

        var json = new Dictionary<string, object> { ["Sid"] = Sid, ["Effect"] = Deny ? "Deny" : "Allow" };
        if (AnyPrincipal)
        {
            json["Principal"] = "*";
        }
        else
        {
            var principal = new Dictionary<string, object>();
            if (Services is { Count: > 0 })
            {
                principal["Service"] = Services.Count == 1 ? Services[0] : Services;
            }

            if (AwsPrincipals is { Count: > 0 })
            {
                principal["AWS"] = AwsPrincipals.Count == 1 ? AwsPrincipals[0] : AwsPrincipals;
            }

            if (Federated is not null)
            {
                principal["Federated"] = Federated;
            }

            if (principal.Count > 0)
            {
                json["Principal"] = principal;
            }
        }

        if (NotActions is not null)
        {
            json["NotAction"] = NotActions.Count == 1 ? NotActions[0] : NotActions;
        }
        else
        {
            json["Action"] = Actions.Count == 1 ? Actions[0] : Actions;
        }

        if (Resources is { Count: > 0 })
        {
            json["Resource"] = Resources.Count == 1 ? Resources[0] : Resources;
        }

        if (Conditions is { Count: > 0 })
        {
            json["Condition"] = Conditions.ToDictionary(
                c => c.Key,
                c => (object)c.Value.ToDictionary(k => k.Key, k => (object)(k.Value.Count == 1 ? k.Value[0] : k.Value)));
        }

        return json;
    }

    /// <summary>A one-operator, one-key condition.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyDictionary<string, IReadOnlyList<string>>> When(string op, string key, params string[] values) =>
        new Dictionary<string, IReadOnlyDictionary<string, IReadOnlyList<string>>> { [op] = new Dictionary<string, IReadOnlyList<string>> { [key] = values } };

    /// <summary>The key-policy statement that lets the account's IAM policies govern the key (AWS's default key policy).</summary>
    /// <remarks>In a key policy <c>Resource "*"</c> means "this key".</remarks>
    public static PolicyStatement KeyAdministeredByAccount(string accountId) => new()
    {
        Sid = "AccountAdministers",
        AwsPrincipals = [$"arn:aws:iam::{accountId}:root"],
        Actions = ["kms:*"],
        Resources = ["*"],
    };
}
