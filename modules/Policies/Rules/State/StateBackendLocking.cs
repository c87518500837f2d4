using System.Text.Json.Nodes;

namespace Ecolaura.Tf.Policies.Rules;

/// <summary>ECO-STATE-1: S3 backend with use_lockfile = true (dynamodb_table only beside it), or an HCP Terraform cloud block and no backend; required_version at least 1.11; a local backend only for the foundation bootstrap</summary>
public sealed class StateBackendLocking : PolicyRule
{
    /// <inheritdoc />
    public override string Id => "ECO-STATE-1";

    /// <inheritdoc />
    public override Severity Severity => Severity.Error;

    /// <inheritdoc />
    public override IReadOnlyList<string> Anchors => ["Terraform S3 backend docs", "hashicorp/terraform#36257", "Terraform cloud block docs"];

    /// <inheritdoc />
    public override string Checks => "S3 backend with use_lockfile = true (dynamodb_table only beside it), or an HCP Terraform cloud block and no backend; required_version at least 1.11; a local backend only for the foundation bootstrap";

    /// <inheritdoc />
    public override string Why => "Two people applying at once corrupt state; Terraform 1.11 deprecates DynamoDB-only locking; HCP Terraform locks a workspace during every run.";

    /// <inheritdoc />
    public override IEnumerable<Violation> Evaluate(StackDocument stack)
    {
        var terraform = stack.Root["terraform"];
        var backend = terraform?["backend"] as JsonObject;
        var s3 = backend?["s3"];
        var version = TfResource.Value(terraform, "required_version") ?? "";
        var digits = System.Text.RegularExpressions.Regex.Match(version, @"(\d+)\.(\d+)");
        if (!digits.Success || int.Parse(digits.Groups[1].Value) < 1 || (int.Parse(digits.Groups[1].Value) == 1 && int.Parse(digits.Groups[2].Value) < 11))
        {
            yield return new Violation("terraform.required_version", "terraform", $"required_version = '{version}'", "pin Terraform ≥ 1.11 (.terraform-version)");
        }

        if (terraform?["cloud"] is not null)
        {
            if (backend is not null)
            {
                yield return new Violation("terraform.backend", "terraform", $"backend {string.Join(",", backend.Select(b => b.Key))} beside a cloud block", "use either the cloud block (state.backend = cloud) or a backend, never both");
            }

            yield break;
        }

        if (s3 is null)
        {
            if (!(stack.Workspace == Workspace.Foundation && backend?["local"] is not null))
            {
                yield return new Violation("terraform.backend", "terraform", $"backend {string.Join(",", backend?.Select(b => b.Key) ?? [])}", "use the S3 backend (only the foundation bootstraps on a local one)");
            }

            yield break;
        }

        if (s3["use_lockfile"] is not JsonValue v || !v.TryGetValue<bool>(out var on) || !on)
        {
            yield return new Violation("terraform.backend.s3", "terraform", $"use_lockfile = {s3["use_lockfile"]?.ToJsonString() ?? "absent"}", "set use_lockfile = true (the base stack adds it)");
        }
    }
}
