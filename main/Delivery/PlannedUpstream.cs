using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Ecolaura.Tf.App.Delivery;

/// <summary>What one consumer's offline plan was given for one upstream workspace (<see cref="PlannedUpstream.From"/>).</summary>
/// <param name="Outputs">A Terraform state's <c>outputs</c> object (<c>{ name: { value, type } }</c>) with every contract output of the producer.</param>
/// <param name="Planned">The outputs the consumer reads whose planned value was used in full, as <c>&lt;workspace&gt;.&lt;output&gt;</c>.</param>
/// <param name="KnownAfterApply">
/// The outputs the consumer reads whose planned value is unknown (in whole or in part) until the producer is applied, as
/// <c>&lt;workspace&gt;.&lt;output&gt;</c>: their unknown parts are contract placeholders, shaped like the planned value
/// (a list keeps the planned number of items).
/// </param>
public sealed record UpstreamValues(JsonObject Outputs, IReadOnlyList<string> Planned, IReadOnlyList<string> KnownAfterApply);

/// <summary>
/// Downstream offline plans with upstream <b>planned</b> values: in one <c>./ecolaura plan --offline</c> run, a consumer's
/// <c>terraform_remote_state</c> of a producer planned earlier in the same run holds the producer's planned outputs
/// (<c>terraform show -json</c>: <c>output_changes.&lt;name&gt;.after</c> and <c>after_unknown</c>) instead of the
/// contract placeholders, so a change to an upstream output (an extra subnet, a new name) shows in its consumers' plans
/// before the upstream is applied. A value Terraform knows only after apply (an id, an ARN) stays a placeholder and is
/// reported (<see cref="UpstreamValues.KnownAfterApply"/>; the review comment says "depends on network.data_subnet_ids,
/// known after apply").
/// </summary>
/// <remarks>
/// Source of the plan format: https://developer.hashicorp.com/terraform/internals/json-format ("Change Representation":
/// <c>after</c> holds the known values with unknown ones as null, <c>after_unknown</c> mirrors its shape with
/// <c>true</c> where a value is unknown; checked 2026-12-01). Only outputs whose action is not <c>no-op</c> are
/// taken from the plan: an output the plan leaves alone keeps the value the consumer would read anyway.
/// </remarks>
public static partial class PlannedUpstream
{
    /// <summary>
    /// The outputs <paramref name="consumer"/> reads from each upstream workspace, by <c>terraform_remote_state</c> name
    /// (the producer's workspace id), from every <c>data.terraform_remote_state.&lt;name&gt;.outputs.&lt;output&gt;</c>
    /// in its JSON. A state read as a whole (<c>…outputs</c> not followed by a name) counts as reading every output: the
    /// set holds <c>*</c>.
    /// </summary>
    public static IReadOnlyDictionary<string, IReadOnlySet<string>> Reads(JsonObject consumer)
    {
        var text = consumer.ToJsonString();
        var reads = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (Match match in RemoteStateOutputs().Matches(text))
        {
            if (!reads.TryGetValue(match.Groups["state"].Value, out var outputs))
            {
                reads[match.Groups["state"].Value] = outputs = new SortedSet<string>(StringComparer.Ordinal);
            }

            outputs.Add(match.Groups["output"].Success ? match.Groups["output"].Value : "*");
        }

        return reads.ToDictionary(r => r.Key, r => (IReadOnlySet<string>)r.Value, StringComparer.Ordinal);
    }

    /// <summary>
    /// The upstream state a consumer's offline plan reads for <paramref name="producer"/>: its contract placeholders
    /// (<see cref="OfflineWorkspace.PlaceholderOutputs"/>), each contract output the producer's
    /// <paramref name="plan"/> changes replaced by its planned value, unknown parts by placeholders.
    /// </summary>
    /// <param name="plan">The producer's <c>terraform show -json</c> plan.</param>
    /// <param name="producer">The producer's workspace (its contract gives the placeholders and the output kinds).</param>
    /// <param name="read">The outputs the consumer reads (<see cref="Reads"/>; <c>*</c>: all), for the reported lists.</param>
    /// <exception cref="DeliveryException">No contract publishes <paramref name="producer"/>.</exception>
    public static UpstreamValues From(JsonObject plan, Workspace producer, IReadOnlySet<string> read)
    {
        var outputs = OfflineWorkspace.PlaceholderOutputs(producer);
        var planned = new List<string>();
        var afterApply = new List<string>();
        var changes = plan["output_changes"]?.AsObject() ?? [];
        foreach (var spec in WorkspaceContracts.ByProducer[producer])
        {
            if (changes[spec.Name] is not JsonObject change || PlanSummary.Actions(change["actions"]) is ["no-op"] or [] or ["delete"])
            {
                continue;
            }

            var (value, unknown) = Merge(change["after"], change["after_unknown"], outputs[spec.Name]!["value"]!, spec);
            outputs[spec.Name]!["value"] = value;
            if (read.Contains(spec.Name) || read.Contains("*"))
            {
                (unknown ? afterApply : planned).Add($"{producer.Id()}.{spec.Name}");
            }
        }

        return new UpstreamValues(outputs, planned, afterApply);
    }

    /// <summary>
    /// The planned value with its unknown parts filled from the placeholder: a whole unknown value is the placeholder;
    /// a list with unknown items keeps the planned length, item i unknown becoming the contract example for the i-th
    /// letter (<c>{0}</c> → a, b, c, …). Returns whether anything was unknown.
    /// </summary>
    private static (JsonNode Value, bool Unknown) Merge(JsonNode? after, JsonNode? afterUnknown, JsonNode placeholder, OutputSpec spec)
    {
        if (afterUnknown is JsonValue flag && flag.GetValue<bool>())
        {
            return (placeholder.DeepClone(), true);
        }

        if (after is JsonArray items && spec.Kind != OutputKind.String)
        {
            var unknownItems = afterUnknown as JsonArray;
            var merged = new JsonArray();
            var any = false;
            for (var i = 0; i < items.Count; i++)
            {
                if (unknownItems is not null && i < unknownItems.Count && unknownItems[i] is JsonValue u && u.GetValue<bool>())
                {
                    merged.Add(JsonValue.Create(spec.Example.Replace("{0}", Letter(i), StringComparison.Ordinal)));
                    any = true;
                }
                else
                {
                    merged.Add(items[i]?.DeepClone());
                }
            }

            return (merged, any);
        }

        return after is null ? (placeholder.DeepClone(), true) : (after.DeepClone(), false);
    }

    /// <summary>The letter of the i-th list item, as the contract placeholders name their three (a, b, c, then d, …, z, a1, …).</summary>
    private static string Letter(int index) => $"{(char)('a' + (index % 26))}{(index >= 26 ? (index / 26).ToString(System.Globalization.CultureInfo.InvariantCulture) : "")}";

    [GeneratedRegex(@"data\.terraform_remote_state\.(?<state>[A-Za-z0-9_-]+)\.outputs(?:\.(?<output>[A-Za-z0-9_]+))?")]
    private static partial Regex RemoteStateOutputs();
}
