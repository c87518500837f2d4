using System.Text;
using System.Text.Json.Nodes;

namespace Ecolaura.Tf.Policies;

/// <summary>The outcome of one policy run.</summary>
/// <param name="RulesRun">Rules evaluated (per stack, in scope).</param>
/// <param name="Findings">Unsuppressed violations, plus gate errors for expired or unused suppressions.</param>
/// <param name="Suppressed">Violations an active suppression covers, with it.</param>
public sealed record PolicyReport(int RulesRun, IReadOnlyList<Finding> Findings, IReadOnlyList<(Finding Finding, Suppression By)> Suppressed)
{
    /// <summary>True when any error-level finding remains.</summary>
    public bool Failed => Findings.Any(f => f.Severity == Severity.Error);

    /// <summary>The summary <c>./ecolaura synth</c> prints.</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        foreach (var finding in Findings.OrderByDescending(f => f.Severity).ThenBy(f => f.StackId).ThenBy(f => f.RuleId))
        {
            text.AppendLine($"  {finding}");
        }

        foreach (var (finding, by) in Suppressed)
        {
            text.AppendLine($"  SUPPRESSED {finding.RuleId} {finding.StackId} {finding.Violation.Address} until {by.Expires:yyyy-MM-dd}: {by.Reason}");
        }

        var errors = Findings.Count(f => f.Severity == Severity.Error);
        var warnings = Findings.Count(f => f.Severity == Severity.Warning);
        text.Append($"policy: {PolicyPack.Rules.Count} rules, {RulesRun} rule checks, {errors} error(s), {warnings} warning(s), {Suppressed.Count} suppressed");
        return text.ToString();
    }
}

/// <summary>Every rule of <c>modules/Policies/Rules</c>, applied to every synthesized stack of every environment.</summary>
public static class PolicyPack
{
    /// <summary>The rules, ordered by id.</summary>
    public static IReadOnlyList<PolicyRule> Rules { get; } = typeof(PolicyRule).Assembly.GetTypes()
        .Where(t => t.IsSubclassOf(typeof(PolicyRule)) && !t.IsAbstract)
        .Select(t => (PolicyRule)Activator.CreateInstance(t)!)
        .OrderBy(r => r.Id.Split('-')[1]).ThenBy(r => int.Parse(r.Id.Split('-')[2], System.Globalization.CultureInfo.InvariantCulture))
        .ToArray();

    /// <summary>Evaluates every <c>stacks/&lt;id&gt;/cdk.tf.json</c> under <paramref name="outdir"/>.</summary>
    /// <param name="outdir">A synthesized cdktf.out.</param>
    /// <param name="suppressions">Explicit suppressions.</param>
    /// <param name="today">Expiry reference date.</param>
    /// <param name="environments">The environments synthesized (their tiers scope the rules); default: the embedded ones.</param>
    public static PolicyReport EvaluateDirectory(string outdir, IReadOnlyList<Suppression> suppressions, DateOnly today,
        IReadOnlyList<EnvironmentConfig>? environments = null) =>
        Evaluate(Directory.GetDirectories(Path.Combine(outdir, "stacks")).Order()
            .Select(dir =>
            {
                var id = Path.GetFileName(dir);
                var tier = environments?.FirstOrDefault(e => e.Name == NameExtensions.ParseStackId(id).Environment)?.Tier;
                return new StackDocument(id, JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "cdk.tf.json")))!.AsObject(), tier);
            }),
            suppressions, today);

    /// <summary>Evaluates the given stacks.</summary>
    public static PolicyReport Evaluate(IEnumerable<StackDocument> stacks, IReadOnlyList<Suppression> suppressions, DateOnly today)
    {
        var findings = new List<Finding>();
        var runs = 0;
        var all = stacks.ToArray();
        foreach (var stack in all)
        {
            stack.Siblings = all.Where(other => other != stack && other.Environment == stack.Environment).ToArray();
        }

        foreach (var stack in all)
        {
            foreach (var rule in Rules.Where(r => r.Tiers.Contains(stack.Tier)))
            {
                runs++;
                findings.AddRange(rule.Evaluate(stack).Select(v => new Finding(rule.Id, rule.Severity, stack.StackId, v)));
            }
        }

        var suppressed = new List<(Finding, Suppression)>();
        var used = new HashSet<Suppression>();
        foreach (var finding in findings.ToArray())
        {
            var by = suppressions.FirstOrDefault(s => s.Rule == finding.RuleId && s.Stack == finding.StackId && s.Address == finding.Violation.Address);
            if (by is null)
            {
                continue;
            }

            used.Add(by);
            if (by.Expires >= today)
            {
                findings.Remove(finding);
                suppressed.Add((finding, by));
            }
        }

        foreach (var s in suppressions)
        {
            if (s.Expires < today)
            {
                findings.Add(new Finding("ECO-SUPPRESSION", Severity.Error, s.Stack,
                    new Violation(s.Address, s.Address, $"suppression of {s.Rule} expired on {s.Expires:yyyy-MM-dd}", "fix the resource or renew the suppression with a new reason")));
            }
            else if (!used.Contains(s))
            {
                findings.Add(new Finding("ECO-SUPPRESSION", Severity.Error, s.Stack,
                    new Violation(s.Address, s.Address, $"suppression of {s.Rule} matches no finding", "remove it from policy-suppressions.json")));
            }
        }

        return new PolicyReport(runs, findings, suppressed);
    }

    /// <summary>The text of docs/RULES.md.</summary>
    public static string RenderRulesDoc()
    {
        var doc = new StringBuilder();
        doc.AppendLine("# Policy rules");
        doc.AppendLine();
        doc.AppendLine("Generated by `./ecolaura rules` from `modules/Policies/Rules/` (do not edit by hand; a test keeps it current).");
        doc.AppendLine("Every rule runs on every synthesized stack of the environment tiers it lists; `./ecolaura synth` fails on any");
        doc.AppendLine("unsuppressed error. Anchors name the public sources each rule mirrors: checkov `CKV_AWS_*`, Trivy `AVD-AWS-*`,");
        doc.AppendLine("CIS AWS Foundations and AWS Well-Architected ids, or the Terraform and AWS documentation a check comes from.");
        doc.AppendLine("Suppressions live in `policy-suppressions.json` (see [policy-gate.md](policy-gate.md)).");
        doc.AppendLine();
        doc.AppendLine("| id | severity | tiers | anchors | checks | why |");
        doc.AppendLine("|---|---|---|---|---|---|");
        foreach (var rule in Rules)
        {
            var tiers = rule.Tiers.Count == Enum.GetValues<EnvironmentTier>().Length ? "all" : string.Join(", ", rule.Tiers.Order().Select(e => e.ToString().ToLowerInvariant()));
            doc.AppendLine($"| {rule.Id} | {rule.Severity.ToString().ToLowerInvariant()} | {tiers} | {string.Join(", ", rule.Anchors)} | {Escape(rule.Checks)} | {Escape(rule.Why)} |");
        }

        return doc.ToString();
    }

    private static string Escape(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);
}
