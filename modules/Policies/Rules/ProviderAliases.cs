using System.Text.Json.Nodes;
using Ecolaura.Tf.Shared;

namespace Ecolaura.Tf.Policies.Rules;

/// <summary>ECO-ALIAS-1: DR resources (dr_* constructs) use a provider in the DR region; CloudFront certificates and CLOUDFRONT-scope WAF ACLs use us-east-1</summary>
public sealed class ProviderAliases : PolicyRule
{
    /// <inheritdoc />
    public override string Id => "ECO-ALIAS-1";

    /// <inheritdoc />
    public override Severity Severity => Severity.Error;

    /// <inheritdoc />
    public override IReadOnlyList<string> Anchors => ["ACM regions doc", "WAF resources you can protect", "SECURITY-RULES cross-cutting: provider aliases"];

    /// <inheritdoc />
    public override string Checks => "DR resources (dr_* constructs) use a provider in the DR region; CloudFront certificates and CLOUDFRONT-scope WAF ACLs use us-east-1";

    /// <inheritdoc />
    public override string Why => "A DR copy in the primary region is not DR; CloudFront accepts certificates and ACLs from us-east-1 only.";

    /// <inheritdoc />
    public override IEnumerable<Violation> Evaluate(StackDocument stack)
    {
        var drRegion = (stack.Root["provider"]?["aws"] as JsonArray ?? []).OfType<JsonNode>()
            .FirstOrDefault(p => TfResource.Value(p, "alias") == "dr")?["region"]?.GetValue<string>();
        var primary = stack.RegionOf(new TfResource("provider", "default", []));
        foreach (var resource in stack.AllResources())
        {
            var path = resource.ConstructPath.Split('/');
            if (path.Skip(1).Any(p => p.StartsWith("dr_", StringComparison.Ordinal)) && (stack.RegionOf(resource) is not { } region || region == primary || region != drRegion))
            {
                yield return resource.Violation($"DR resource in {stack.RegionOf(resource) ?? "an unknown region"}", "create it with EcolauraStack.DrProvider");
            }

            var cloudFront = resource.Type == "aws_wafv2_web_acl" && resource.Str("scope") == "CLOUDFRONT"
                || resource.Type == "aws_acm_certificate" && stack.Resources("aws_cloudfront_distribution").Any(d => StackDocument.Refers(d.Body.ToJsonString(), resource));
            if (cloudFront && stack.RegionOf(resource) != "us-east-1")
            {
                yield return resource.Violation($"CloudFront resource in {stack.RegionOf(resource)}", "create it with EcolauraStack.UsEast1Provider");
            }
        }
    }
}
