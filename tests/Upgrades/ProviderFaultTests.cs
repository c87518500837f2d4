using System.Text.Json.Nodes;
using Ecolaura.Tf.Tests.Support;

namespace Ecolaura.Tf.Tests.Upgrades;

/// <summary>
/// The workarounds of <see cref="ProviderFaults"/> hold when Terraform plans a change against applied state: the
/// CloudFront log delivery is replaced with its source (CreateDelivery, which adds AWS's prefix the same way every time), never
/// updated in place (UpdateDeliveryConfiguration, which hashicorp/aws 5.100.0 sends without that prefix).
/// </summary>
[TestFixture]
[NonParallelizable]
public class ProviderFaultTests
{
    [Test]
    public void Every_fault_is_sourced_and_listed_in_the_docs()
    {
        var readme = File.ReadAllText(Path.Combine(Repository.Root, "docs", "upgrades-and-preconditions.md"));
        foreach (var fault in ProviderFaults.All)
        {
            Assert.That(fault.Issues, Is.Not.Empty.And.All.StartWith("https://github.com/hashicorp/terraform-provider-aws/"), fault.Resource);
            foreach (var issue in fault.Issues)
            {
                Assert.That(readme, Does.Contain(issue), "docs/upgrades-and-preconditions.md, Known provider faults, lists every issue of ProviderFaults.All");
            }
        }
    }

    [Test]
    [Category(Categories.Terraform)]
    public void Changing_the_cloudfront_log_fields_replaces_the_delivery_instead_of_updating_it()
    {
        var before = Synthesized.Stack(EnvironmentName.Prod, Workspace.Edge);
        var after = Synthesized.Stack(EnvironmentName.Prod, Workspace.Edge);

        // The code change a maintainer would make: one record field less, which renames the source (digest of the settings).
        var delivery = after.Single("aws_cloudwatch_log_delivery");
        var source = after.Resource("aws_cloudwatch_log_delivery_source", StackJson.ReferencedName(delivery["delivery_source_name"]));
        var fewer = delivery.Strs("record_fields").Where(f => f != "c-country").ToArray();
        var s3 = delivery.Block("s3_delivery_configuration");
        var digest = ProviderFaults.LogDeliverySettingsDigest(s3.Str("suffix_path"), s3.Bool("enable_hive_compatible_path"), fewer, null);
        delivery["record_fields"] = new JsonArray(fewer.Select(f => (JsonNode)JsonValue.Create(f)!).ToArray());
        source["name"] = System.Text.RegularExpressions.Regex.Replace(source.Str("name")!, "-[0-9a-f]{8}$", $"-{digest}");

        var plan = UpgradePlan.Run(before, after);
        var address = after.AddressOf("aws_cloudwatch_log_delivery", delivery);
        Assert.Multiple(() =>
        {
            Assert.That(plan[address].Actions, Is.EqualTo(new[] { "delete", "create" }), plan.Summary);
            Assert.That(plan.Changes.Values.Where(c => c.Type == "aws_cloudwatch_log_delivery" && c.Actions.Contains("update")), Is.Empty,
                "an in-place update would store the suffix path without AWSLogs/{account-id}/CloudFront/");
            Assert.That(plan.Changes.Values.Where(c => c.Deletes && c.Type is not ("aws_cloudwatch_log_delivery" or "aws_cloudwatch_log_delivery_source")).Select(c => c.ToString()), Is.Empty,
                "only the delivery and its source are re-created");
        });
    }
}
