using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Ecolaura.Tf.Tests.Support;

namespace Ecolaura.Tf.Tests.Shared;

public class ReadableAddressesTests
{
    private static string Write(string json)
    {
        var file = Path.Combine(Path.GetTempPath(), $"ecolaura-addr-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, json);
        return file;
    }

    [Test]
    public void Renames_resources_and_every_reference_to_them()
    {
        var file = Write("""
            { "resource": {
                "aws_vpc": { "vpc_vpc_6776A399": { "//": { "metadata": { "path": "s/vpc/vpc", "uniqueId": "vpc_vpc_6776A399" } }, "cidr_block": "10.0.0.0/16" } },
                "aws_subnet": { "vpc_a_11111111": { "//": { "metadata": { "path": "s/vpc/a/Resource" } },
                    "vpc_id": "${aws_vpc.vpc_vpc_6776A399.id}", "depends_on": ["aws_vpc.vpc_vpc_6776A399"],
                    "description": "ecolaura.example is not an address" } } } }
            """);
        ReadableAddresses.Rewrite(file, "s");
        var json = JsonNode.Parse(File.ReadAllText(file))!;
        var subnet = json["resource"]!["aws_subnet"]!["vpc_a"]!;
        Assert.Multiple(() =>
        {
            Assert.That(json["resource"]!["aws_vpc"]!["vpc"], Is.Not.Null);
            Assert.That(subnet.Str("vpc_id"), Is.EqualTo("${aws_vpc.vpc.id}"));
            Assert.That(subnet.Strs("depends_on"), Is.EqualTo(new[] { "aws_vpc.vpc" }));
            Assert.That(subnet.Str("description"), Is.EqualTo("ecolaura.example is not an address"));
        });
    }

    [TestCase("s/s3_key/key", "aws_kms_key", "s3")]
    [TestCase("s/state/bucket/bucket", "aws_s3_bucket", "state")]
    [TestCase("s/alb/lb", "aws_lb", "alb")]
    [TestCase("s/postgres/instance", "aws_db_instance", "postgres")]
    [TestCase("s/postgres/subnet_group", "aws_db_subnet_group", "postgres")]
    [TestCase("s/cluster_autoscaler/role_policy", "aws_iam_role_policy", "cluster_autoscaler")]
    [TestCase("s/vpc/vpc", "aws_vpc", "vpc")]
    [TestCase("s/vpc/app/us-east-1a", "aws_subnet", "vpc_app_us-east-1a")]
    [TestCase("s/logs/Resource", "aws_s3_bucket", "logs")]
    public void Drops_trailing_words_that_repeat_the_type(string path, string type, string expected) =>
        Assert.That(ReadableAddresses.Readable(path, "s", type), Is.EqualTo(expected));

    [Test]
    public void Refuses_two_constructs_with_the_same_readable_address()
    {
        var file = Write("""
            { "resource": { "aws_vpc": {
                "a_b_11111111": { "//": { "metadata": { "path": "s/a/b" } } },
                "a_b_22222222": { "//": { "metadata": { "path": "s/a_b" } } } } } }
            """);
        var e = Assert.Throws<InvalidOperationException>(() => ReadableAddresses.Rewrite(file, "s"));
        Assert.That(e!.Message, Does.Contain("would both be aws_vpc.a_b"));
    }

    [Test]
    public void Synthesized_stacks_have_no_hashed_addresses()
    {
        foreach (var id in Synthesized.StackIds)
        {
            var text = Synthesized.Stack(id).Root.ToJsonString();
            Assert.That(Regex.Matches(text, @"\.[A-Za-z0-9_-]+_[0-9A-F]{8}\b").Select(m => m.Value), Is.Empty, id);
        }
    }
}
