using System.Text.Json.Nodes;

namespace Ecolaura.Tf.Policies.Rules;

/// <summary>ECO-STATE-2: S3 backend with encrypt = true and a KMS key; no access_key, secret_key or sse_customer_key literals; no token in a cloud block</summary>
public sealed class StateBackendEncryption : PolicyRule
{
    /// <inheritdoc />
    public override string Id => "ECO-STATE-2";

    /// <inheritdoc />
    public override Severity Severity => Severity.Error;

    /// <inheritdoc />
    public override IReadOnlyList<string> Anchors => ["Terraform S3 backend docs (encrypt, kms_key_id)", "Terraform cloud block docs (token)"];

    /// <inheritdoc />
    public override string Checks => "S3 backend with encrypt = true and a KMS key; no access_key, secret_key or sse_customer_key literals; no token in a cloud block";

    /// <inheritdoc />
    public override string Why => "State holds every attribute of every resource, including sensitive ones; literal credentials would end up in .terraform and plan files (HCP Terraform encrypts state itself; its token comes from terraform login or TF_TOKEN_<host>).";

    /// <inheritdoc />
    public override IEnumerable<Violation> Evaluate(StackDocument stack)
    {
        if (stack.Root["terraform"]?["cloud"] is JsonObject cloud && cloud["token"] is not null)
        {
            yield return new Violation("terraform.cloud", "terraform", "token is set in the cloud block", "log in with terraform login or set TF_TOKEN_<host>, never the configuration");
        }

        var s3 = stack.Root["terraform"]?["backend"]?["s3"];
        if (s3 is null)
        {
            yield break;
        }

        if (s3["encrypt"] is not JsonValue v || !v.TryGetValue<bool>(out var on) || !on)
        {
            yield return new Violation("terraform.backend.s3", "terraform", $"encrypt = {s3["encrypt"]?.ToJsonString() ?? "absent"}", "set encrypt = true");
        }

        if (string.IsNullOrEmpty(TfResource.Value(s3, "kms_key_id")))
        {
            yield return new Violation("terraform.backend.s3", "terraform", "no kms_key_id", "encrypt state with the foundation's state CMK");
        }

        foreach (var key in new[] { "access_key", "secret_key", "sse_customer_key", "token" }.Where(k => s3[k] is not null))
        {
            yield return new Violation("terraform.backend.s3", "terraform", $"{key} is set in the backend block", "pass credentials through the environment, never the configuration");
        }
    }
}
