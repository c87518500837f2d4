using System.Text.Json;

namespace Ecolaura.Tf.Policies;

/// <summary>
/// An explicit, audited exception: one rule, one resource in one stack, a reason and an expiry date. Expired
/// suppressions and ones that match nothing fail the gate, so none outlives its purpose.
/// </summary>
/// <param name="Rule">Rule id, e.g. ECO-VPC-9.</param>
/// <param name="Stack">Stack id, e.g. prod-network.</param>
/// <param name="Address">Terraform address in that stack.</param>
/// <param name="Reason">Why the exception is acceptable, and until what.</param>
/// <param name="Expires">Last day it applies (UTC).</param>
public sealed record Suppression(string Rule, string Stack, string Address, string Reason, DateOnly Expires)
{
    private static readonly JsonSerializerOptions Options = new() { PropertyNameCaseInsensitive = true, ReadCommentHandling = JsonCommentHandling.Skip };

    /// <summary>Loads <c>policy-suppressions.json</c> (an array); every malformed entry is reported at once.</summary>
    public static IReadOnlyList<Suppression> Load(string json, string file)
    {
        List<Suppression?>? entries;
        try
        {
            entries = JsonSerializer.Deserialize<List<Suppression?>>(json, Options);
        }
        catch (JsonException e)
        {
            throw new ConfigValidationException([new ValidationProblem(file, $"line {e.LineNumber + 1}", "must be a JSON array of {rule, stack, address, reason, expires}")]);
        }

        var problems = new List<ValidationProblem>();
        for (var i = 0; i < (entries?.Count ?? 0); i++)
        {
            var s = entries![i];
            if (s is null || string.IsNullOrWhiteSpace(s.Rule) || string.IsNullOrWhiteSpace(s.Stack) || string.IsNullOrWhiteSpace(s.Address))
            {
                problems.Add(new ValidationProblem($"{file}[{i}]", "an incomplete entry", "needs rule, stack and address (one rule, one resource)"));
            }
            else if (string.IsNullOrWhiteSpace(s.Reason) || s.Reason.Trim().Length < 10)
            {
                problems.Add(new ValidationProblem($"{file}[{i}].reason", $"'{s.Reason}'", "must explain why the exception is acceptable (at least 10 characters)"));
            }
            else if (s.Expires == default)
            {
                problems.Add(new ValidationProblem($"{file}[{i}].expires", "absent", "must be a date (yyyy-MM-dd) after which the exception stops applying"));
            }
            else if (PolicyPack.Rules.All(r => r.Id != s.Rule))
            {
                problems.Add(new ValidationProblem($"{file}[{i}].rule", $"'{s.Rule}'", "is not a rule id of the pack (see docs/RULES.md)"));
            }
        }

        return problems.Count > 0 ? throw new ConfigValidationException(problems) : entries?.Select(e => e!).ToArray() ?? [];
    }
}
