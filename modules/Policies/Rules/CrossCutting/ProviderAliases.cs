using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Ecolaura.Tf.Policies.Rules;

/// <summary>
/// ECO-ALIAS-1: regions come from providers, not names. Every KMS key a resource names is in that resource's region (a
/// nested block's own <c>region</c>, such as a secret replica, wins, and so does the destination bucket's region in an S3
/// replication <c>destination</c>); IAM is global, so its policies may name keys of any region; the <c>dr</c> alias is in another region than the
/// default provider; CloudFront certificates and CLOUDFRONT-scope WAF ACLs use us-east-1.
/// </summary>
public sealed partial class ProviderAliases : PolicyRule
{
    /// <inheritdoc />
    public override string Id => "ECO-ALIAS-1";

    /// <inheritdoc />
    public override Severity Severity => Severity.Error;

    /// <inheritdoc />
    public override IReadOnlyList<string> Anchors => ["ACM regions doc", "WAF resources you can protect", "KMS keys are regional"];

    /// <inheritdoc />
    public override string Checks => "Every KMS key a resource (or a replica block) names is in its provider's region; the dr alias differs from the default region; CloudFront certificates and CLOUDFRONT-scope WAF ACLs use us-east-1";

    /// <inheritdoc />
    public override string Why => "KMS keys are regional, so a copy encrypted with a key of the primary region fails or is not DR; CloudFront accepts certificates and ACLs from us-east-1 only.";

    /// <inheritdoc />
    public override IEnumerable<Violation> Evaluate(StackDocument stack)
    {
        var providers = (stack.Root["provider"]?["aws"] as JsonArray ?? []).OfType<JsonNode>().ToArray();
        var primary = providers.FirstOrDefault(p => p["alias"] is null)?["region"]?.GetValue<string>();
        var dr = providers.FirstOrDefault(p => TfResource.Value(p, "alias") == "dr");
        if (dr is not null && TfResource.Value(dr, "region") == primary)
        {
            yield return new Violation("provider.aws.dr", "provider.aws.dr", $"the dr alias is in the primary region {primary}", "give the dr alias the environment's DR region");
        }

        foreach (var resource in stack.AllResources())
        {
            if (resource.Type.StartsWith("aws_iam_", StringComparison.Ordinal))
            {
                continue; // IAM is global: a policy grants keys of every region
            }

            var region = stack.RegionOf(resource);
            foreach (var (at, keyRegion, key) in KeyReferences(stack, resource.Body, region))
            {
                if (keyRegion is not null && at is not null && keyRegion != at)
                {
                    yield return resource.Violation($"names KMS key {key} of {keyRegion} from {at}", "use a key created by a provider in the same region (EcolauraStack.DrProvider for the DR region)");
                }
            }

            var cloudFront = resource.Type == "aws_wafv2_web_acl" && resource.Str("scope") == "CLOUDFRONT"
                || resource.Type == "aws_acm_certificate" && stack.Resources("aws_cloudfront_distribution").Any(d => StackDocument.Refers(d.Body.ToJsonString(), resource));
            if (cloudFront && region != "us-east-1")
            {
                yield return resource.Violation($"CloudFront resource in {region}", "create it with EcolauraStack.UsEast1Provider");
            }
        }
    }

    /// <summary>(region where the key is used, region of the key, key) for every KMS key reference below <paramref name="node"/>.</summary>
    private static IEnumerable<(string? At, string? KeyRegion, string Key)> KeyReferences(StackDocument stack, JsonNode? node, string? at)
    {
        switch (node)
        {
            case JsonObject obj:
                var here = obj["region"] is JsonValue r && r.TryGetValue<string>(out var nested) && !nested.Contains("${", StringComparison.Ordinal) ? nested : at;
                // An S3 replication destination encrypts replicas in the destination bucket's region.
                if (obj.ContainsKey("encryption_configuration") && obj["bucket"] is JsonValue b && b.TryGetValue<string>(out var bucketRef)
                    && BucketResource().Match(bucketRef) is { Success: true } bucketMatch
                    && stack.Resources("aws_s3_bucket").FirstOrDefault(x => x.Name == bucketMatch.Groups[1].Value) is { } destination)
                {
                    here = stack.RegionOf(destination);
                }

                foreach (var (name, child) in obj)
                {
                    if (name is "//" or "provider" or "depends_on" or "lifecycle")
                    {
                        continue;
                    }

                    foreach (var found in KeyReferences(stack, child, here))
                    {
                        yield return found;
                    }
                }

                break;
            case JsonArray array:
                foreach (var found in array.SelectMany(child => KeyReferences(stack, child, at)))
                {
                    yield return found;
                }

                break;
            case JsonValue value when value.TryGetValue<string>(out var text):
                foreach (Match m in KeyResource().Matches(text))
                {
                    var key = stack.Resources("aws_kms_key").FirstOrDefault(k => k.Name == m.Groups[1].Value);
                    if (key is not null)
                    {
                        yield return (at, stack.RegionOf(key), key.Address);
                    }
                }

                foreach (Match m in KeyArn().Matches(text))
                {
                    yield return (at, m.Groups[1].Value, m.Value);
                }

                break;
        }
    }

    [GeneratedRegex(@"\$\{aws_kms_key\.([A-Za-z0-9_-]+)\.(?:arn|key_id|id)\}")]
    private static partial Regex KeyResource();

    [GeneratedRegex(@"^\$\{aws_s3_bucket\.([A-Za-z0-9_-]+)\.arn\}$")]
    private static partial Regex BucketResource();

    [GeneratedRegex(@"arn:aws:kms:([a-z0-9-]+):[0-9]{12}:(?:key|alias)/[A-Za-z0-9/_-]+")]
    private static partial Regex KeyArn();
}
