using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Ecolaura.Tf.App.Delivery;
using Ecolaura.Tf.Tests.Support;

namespace Ecolaura.Tf.Tests.Delivery;

/// <summary>How JSON values become HCL expressions (no terraform).</summary>
public class HclWriterTests
{
    [TestCase("${aws_vpc.main.id}", "aws_vpc.main.id")]
    [TestCase("${jsonencode({ a = \"}\" })}", "jsonencode({ a = \"}\" })")]
    [TestCase("arn:${data.aws_partition.p.partition}:s3:::x", "\"arn:${data.aws_partition.p.partition}:s3:::x\"")]
    [TestCase("${a.b}-${c.d}", "\"${a.b}-${c.d}\"")]
    [TestCase("say \"hi\"\\n", "\"say \\\"hi\\\"\\\\n\"")]
    [TestCase("line\nbreak", "\"line\\nbreak\"")]
    [TestCase("$${literal}", "\"$${literal}\"")]
    public void Strings_keep_their_template_meaning(string json, string hcl) =>
        Assert.That(HclWriter.StringExpression(json), Is.EqualTo(hcl));

    [Test]
    public void Lists_objects_and_literals()
    {
        var value = JsonNode.Parse("""{ "Name": "x", "needs-quote.key": 1, "on": true, "none": null, "list": [] }""");
        Assert.That(HclWriter.Expression(value), Is.EqualTo("{\n  Name = \"x\"\n  \"needs-quote.key\" = 1\n  on = true\n  none = null\n  list = []\n}"));
    }

    [Test]
    public void A_resource_type_no_schema_has_is_named()
    {
        var schemas = new ProviderSchemas(new JsonObject { ["provider_schemas"] = new JsonObject() });
        var stack = JsonNode.Parse("""{ "resource": { "aws_vpc": { "main": { "cidr_block": "10.0.0.0/16" } } } }""")!.AsObject();
        var error = Assert.Throws<DeliveryException>(() => HclWriter.Write(stack, schemas))!;
        Assert.That(error.Message, Is.EqualTo("no provider schema has resource type 'aws_vpc'"));
    }
}

/// <summary>
/// <c>./ecolaura synth --hcl</c>'s export, checked by real terraform: the HCL of one stack per workspace kind of the
/// manifest initialises from the provider mirror and passes <c>terraform validate</c>, and declares the same resources,
/// data sources, variables and outputs as the JSON.
/// </summary>
[TestFixture]
[NonParallelizable]
[Category(Categories.Terraform)]
public partial class HclExportTests
{
    [Test]
    public void The_hcl_of_one_stack_per_workspace_kind_validates()
    {
        using var dir = TestTemp.Create("hcl");
        var outdir = dir.Combine("cdktf.out");
        foreach (var file in Directory.GetFiles(Synthesized.Directory, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(outdir, Path.GetRelativePath(Synthesized.Directory, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        var written = HclExport.ExportAsync(outdir, name => name == ProviderMirror.Variable ? TerraformCli.MirrorRoot : null, CancellationToken.None).GetAwaiter().GetResult();
        var graph = StackGraph.Load(outdir);
        Assert.That(written.Select(w => w.StackId), Is.EqualTo(graph.InDependencyOrder));
        var cases = graph.Workspaces.Select(workspace => written.Single(w => w.StackId == graph.InDependencyOrder.First(s => StackGraph.WorkspaceOf(s) == workspace))).ToList();

        // init and validate of every exported folder run in the background, as many at once as the machine has cores.
        var validations = TerraformRuns.Detached(() => cases.Where(c => c.Path is not null).ToDictionary(c => c.StackId, c => TerraformRuns.Start(() =>
        {
            var folder = Path.GetDirectoryName(c.Path)!;
            TerraformRuns.Progress($"[hcl] {c.StackId}: init, validate");
            TerraformCli.Ok(folder, $"init -backend=false -input=false -no-color -plugin-dir={TerraformCli.MirrorRoot}");
            return TerraformCli.Ok(folder, "validate -no-color");
        })));
        try
        {
            AssertEveryExport(cases, validations);
        }
        finally
        {
            TerraformRuns.WaitAll(validations.Values);
        }
    }

    private static void AssertEveryExport(IEnumerable<HclExport.Written> cases, IReadOnlyDictionary<string, Task<string>> validations)
    {
        foreach (var result in cases)
        {
            var id = result.StackId;
            if (result.Path is null)
            {
                TestContext.Progress.WriteLine($"[hcl] {id}: {result.Reason}");
                Assert.That(StackChecks.MissingBinaries(Synthesized.Stack(id)), Is.Not.Empty, $"{id} was skipped without a missing provider binary: {result.Reason}");
                continue;
            }

            var folder = Path.GetDirectoryName(result.Path)!;
            Assert.That(Directory.GetFiles(folder, "*.json"), Is.Empty, "the HCL folder holds no JSON configuration");
            Assert.That(TerraformRuns.Result(validations[id]), Does.Contain("The configuration is valid"), id);

            var hcl = File.ReadAllText(result.Path);
            var json = Synthesized.Stack(id).Root;
            foreach (var section in new[] { "resource", "data" })
            {
                var declared = (json[section]?.AsObject() ?? []).SelectMany(t => t.Value!.AsObject().Select(n => $"{section} \"{t.Key}\" \"{n.Key}\" {{")).ToArray();
                Assert.That(declared.Where(d => !hcl.Contains(d, StringComparison.Ordinal)), Is.Empty, $"{id}: every {section} of the JSON is declared in the HCL");
                Assert.That(Regex.Count(hcl, $"^{section} \"", RegexOptions.Multiline), Is.EqualTo(declared.Length), $"{id}: no extra {section}");
            }

            foreach (var section in new[] { "variable", "output" })
            {
                Assert.That(Regex.Count(hcl, $"^{section} \"", RegexOptions.Multiline), Is.EqualTo(json[section]?.AsObject().Count ?? 0), $"{id}: {section}s");
            }
        }
    }
}
