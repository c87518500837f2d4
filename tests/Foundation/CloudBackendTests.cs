using System.Text.Json.Nodes;
using Ecolaura.Tf.App;
using Ecolaura.Tf.App.Delivery;
using Ecolaura.Tf.Policies;
using Ecolaura.Tf.Tests.Support;

namespace Ecolaura.Tf.Tests.Foundation;

/// <summary>
/// <c>state.backend</c> on the synthesized JSON of both modes (issue 14 item 4): the default synth (S3) and prod
/// synthesized with <c>cloud</c> (every workspace kind, dr included). Every stack has exactly one place for its state;
/// with <c>cloud</c> a named, prefixed, unique HCP Terraform workspace per stack, no token anywhere, and every remote
/// read pointing at the workspace of the stack it depends on, the contracts' expressions unchanged.
/// </summary>
public class CloudBackendTests
{
    /// <summary>prod on HCP Terraform, with its dr workspace's failure domain acknowledged.</summary>
    public const string CloudOverride = """
        { "environments": { "prod": { "state": { "backend": "cloud", "cloud": {
            "organization": "ecolaura", "project": "Ecolaura Hosting", "workspacePrefix": "eco-",
            "acceptDrStateInHcpTerraform": true } } } } }
        """;

    private static Synthesized.Override CloudSynth => Synthesized.WithOverride(CloudOverride, "prod");

    private static IReadOnlyList<string> CloudStackIds =>
        StackGraph.Load(CloudSynth.Directory).InDependencyOrder;

    /// <summary>Where a stack keeps its state: <c>backend.&lt;type&gt;</c> and <c>cloud</c> entries of its terraform block.</summary>
    public static IReadOnlyList<string> StatePlaces(JsonObject stack) =>
        (stack["terraform"]?["backend"]?.AsObject() ?? []).Select(b => $"backend.{b.Key}")
            .Concat(stack["terraform"]?["cloud"] is null ? [] : ["cloud"])
            .ToArray();

    /// <summary>Every JSON path whose key names a token, or whose string value looks like an HCP Terraform token.</summary>
    public static IReadOnlyList<string> TokenFindings(JsonNode? node, string path = "")
    {
        var found = new List<string>();
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj)
                {
                    var at = path.Length == 0 ? key : $"{path}.{key}";
                    if (key.Equals("token", StringComparison.OrdinalIgnoreCase) || key.StartsWith("TF_TOKEN", StringComparison.OrdinalIgnoreCase))
                    {
                        found.Add(at);
                    }

                    found.AddRange(TokenFindings(child, at));
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    found.AddRange(TokenFindings(array[i], $"{path}[{i}]"));
                }

                break;
            case JsonValue value when value.TryGetValue<string>(out var text) && (text.Contains(".atlasv1.", StringComparison.Ordinal) || text.Contains("TF_TOKEN_", StringComparison.Ordinal)):
                found.Add(path);
                break;
        }

        return found.Distinct().ToArray();
    }

    [Test]
    public void Every_default_stack_keeps_its_state_in_s3_only_the_foundation_bootstraps_locally()
    {
        foreach (var id in Synthesized.StackIds)
        {
            var expected = Synthesized.WorkspaceOf(id) == "foundation" ? "backend.local" : "backend.s3";
            Assert.That(StatePlaces(Synthesized.Stack(id).Root), Is.EqualTo(new[] { expected }), id);
            Assert.That(Synthesized.Stack(id).Root["data"]?["terraform_remote_state"]?.AsObject().Select(r => r.Value.Str("backend")).Distinct() ?? [],
                Is.SubsetOf(new[] { "s3" }), id);
        }
    }

    [Test]
    public void Every_cloud_stack_has_exactly_one_cloud_block_and_no_backend()
    {
        Assert.That(CloudStackIds, Is.EqualTo(Synthesized.StacksOf("prod")), "the same stacks as with s3");
        foreach (var id in CloudStackIds)
        {
            Assert.That(StatePlaces(CloudSynth.Stack(id).Root), Is.EqualTo(new[] { "cloud" }), id);
        }
    }

    [Test]
    public void Cloud_workspaces_are_named_prefixed_unique_and_in_the_project()
    {
        var blocks = CloudStackIds.Select(id => (Id: id, Cloud: CloudSynth.Stack(id).Root["terraform"]!["cloud"]!)).ToArray();
        foreach (var (id, cloud) in blocks)
        {
            Assert.That(cloud.Str("organization"), Is.EqualTo("ecolaura"), id);
            Assert.That(cloud.Str("hostname"), Is.EqualTo("app.terraform.io"), id);
            Assert.That(cloud["workspaces"].Str("name"), Is.EqualTo($"eco-{id}"), id);
            Assert.That(cloud["workspaces"].Str("project"), Is.EqualTo("Ecolaura Hosting"), id);
            Assert.That(cloud["workspaces"]!["tags"], Is.Null, $"{id}: one named workspace, not a tag selection");
            Assert.That(cloud["workspaces"].Str("name")!.Length, Is.LessThanOrEqualTo(FoundationConfigValidator.MaxCloudWorkspaceName));
        }

        Assert.That(blocks.Select(b => b.Cloud["workspaces"].Str("name")), Is.Unique);
    }

    [Test]
    public void No_token_is_written_anywhere()
    {
        foreach (var id in CloudStackIds)
        {
            Assert.That(TokenFindings(CloudSynth.Stack(id).Root), Is.Empty, id);
        }

        foreach (var file in Directory.GetFiles(CloudSynth.Directory, "*", SearchOption.AllDirectories).Where(f => f.EndsWith(".json", StringComparison.Ordinal)))
        {
            Assert.That(File.ReadAllText(file), Does.Not.Contain("TF_TOKEN").And.Not.Contain("atlasv1"), file);
        }
    }

    [Test]
    public void The_token_check_finds_a_token()
    {
        var stack = CloudSynth.Stack("prod-network").Root;
        stack["terraform"]!["cloud"]!["token"] = "abc.atlasv1.def";
        stack["data"]!["terraform_remote_state"]!["foundation"]!["config"]!["token"] = "x";
        Assert.That(TokenFindings(stack), Is.EquivalentTo(new[] { "terraform.cloud.token", "data.terraform_remote_state.foundation.config.token" }));
    }

    [Test]
    public void Remote_reads_point_at_the_workspace_of_the_stack_they_depend_on()
    {
        var graph = StackGraph.Load(CloudSynth.Directory);
        var checkedReads = 0;
        foreach (var id in CloudStackIds)
        {
            var reads = CloudSynth.Stack(id).Root["data"]?["terraform_remote_state"]?.AsObject() ?? [];
            Assert.That(reads.Select(r => $"prod-{r.Key}"), Is.EquivalentTo(graph.DependenciesOf(id)), id);
            foreach (var (name, read) in reads)
            {
                Assert.That(read.Str("backend"), Is.EqualTo("remote"), $"{id} reads {name}");
                Assert.That(read!["config"].Str("organization"), Is.EqualTo("ecolaura"));
                Assert.That(read["config"].Str("hostname"), Is.EqualTo("app.terraform.io"));
                Assert.That(read["config"]!["workspaces"].Str("name"), Is.EqualTo(CloudSynth.Stack($"prod-{name}").Root["terraform"]!["cloud"]!["workspaces"].Str("name")), $"{id} reads {name}");
                checkedReads++;
            }
        }

        Assert.That(checkedReads, Is.EqualTo(Synthesized.StacksOf("prod").Sum(id => Synthesized.Stack(id).Root["data"]?["terraform_remote_state"]?.AsObject().Count ?? 0)));
    }

    [Test]
    public void Only_the_state_location_and_the_remote_read_configs_differ_from_s3()
    {
        foreach (var id in CloudStackIds)
        {
            Assert.That(WithoutStateLocations(CloudSynth.Stack(id).Root).ToJsonString(), Is.EqualTo(WithoutStateLocations(Synthesized.Stack(id).Root).ToJsonString()),
                $"{id}: the contracts and every expression reading them stay the same");
        }
    }

    [Test]
    public void The_cloud_stacks_pass_the_policy_pack_and_a_token_or_a_second_backend_fails_it()
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var stacks = CloudStackIds.Select(id => new StackDocument(id, CloudSynth.Stack(id).Root)).ToArray();
        Assert.That(PolicyPack.Evaluate(stacks, [], today).Findings.Select(f => f.ToString()), Is.Empty);

        var withToken = CloudSynth.Stack("prod-network").Root;
        withToken["terraform"]!["cloud"]!["token"] = "abc.atlasv1.def";
        Assert.That(PolicyPack.Evaluate([new StackDocument("prod-network", withToken)], [], today).Findings.Select(f => (f.RuleId, f.Violation.Address)),
            Is.EqualTo(new[] { ("ECO-STATE-2", "terraform.cloud") }));

        var both = CloudSynth.Stack("prod-network").Root;
        both["terraform"]!["backend"] = Synthesized.Stack("prod-network").Root["terraform"]!["backend"]!.DeepClone();
        Assert.That(PolicyPack.Evaluate([new StackDocument("prod-network", both)], [], today).Findings.Select(f => (f.RuleId, f.Violation.Address)),
            Is.EqualTo(new[] { ("ECO-STATE-1", "terraform.backend") }));
    }

    [Test]
    public void Cloud_workspaces_have_run_triggers_along_the_graph_and_the_stateful_ones_never_auto_apply()
    {
        var workspaces = CloudWorkspaces.From(StackGraph.Load(CloudSynth.Directory), _ => EnvironmentTier.Production).ToDictionary(w => w.StackId);
        Assert.That(workspaces.Keys, Is.EqualTo(CloudStackIds));
        Assert.That(workspaces["prod-platform"].Sources, Is.EqualTo(new[] { "eco-prod-network", "eco-prod-compute", "eco-prod-edge" }));
        Assert.That(workspaces["prod-dr"].Sources, Is.EqualTo(new[] { "eco-prod-data" }));
        Assert.That(workspaces["prod-drplatform"].Sources, Is.EqualTo(new[] { "eco-prod-dr" }));
        Assert.That(workspaces["prod-foundation"].Sources, Is.Empty);
        Assert.That(workspaces["prod-foundation"].Consumers, Is.EqualTo(new[] { "eco-prod-network", "eco-prod-compute", "eco-prod-data", "eco-prod-edge", "eco-prod-security" }));
        Assert.That(workspaces.Values.Where(w => w.AutoApply), Is.Empty, "no production workspace auto-applies");

        // The same stacks in a staging-tier environment: only those without anything under prevent_destroy, and none of
        // foundation, security, data and dr, may auto-apply.
        var allowed = CloudStackIds.Where(id => CloudWorkspaces.AutoApplyOf(id, CloudSynth.Stack(id).Root, EnvironmentTier.Staging).AutoApply).ToArray();
        Assert.That(allowed, Is.EqualTo(new[] { "prod-network", "prod-drplatform", "prod-platform" }));
        foreach (var id in allowed)
        {
            Assert.That(CloudSynth.Stack(id).Root.ToJsonString(), Does.Not.Contain("\"prevent_destroy\":true"), $"{id} auto-applies but protects resources");
        }

        var edge = CloudSynth.Stack("prod-edge").Root;
        Assert.That(CloudWorkspaces.AutoApplyOf("prod-edge", edge, EnvironmentTier.Staging).Reason, Does.StartWith("holds 1 resource(s) under prevent_destroy (aws_kms_key.waf_logs)"));
        edge["resource"]!["aws_kms_key"]!["waf_logs"]!.AsObject().Remove("lifecycle");
        Assert.That(CloudWorkspaces.AutoApplyOf("prod-edge", edge, EnvironmentTier.Staging).AutoApply, Is.True, "the prevent_destroy check is what keeps edge manual");

        var markdown = CloudWorkspaces.Markdown(workspaces.Values.ToArray());
        Assert.That(markdown, Does.Contain("| `eco-prod-platform` | `eco-prod-network`, `eco-prod-compute`, `eco-prod-edge` | — |"));
    }

    [Test]
    public void A_remote_read_of_the_wrong_workspace_is_refused()
    {
        using var dir = TestTemp.Create("cloud-wrong-read");
        foreach (var file in Directory.GetFiles(CloudSynth.Directory, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(dir, Path.GetRelativePath(CloudSynth.Directory, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        var edge = Path.Combine(dir, "stacks", "prod-edge", OutputFolder.StackFile);
        var json = JsonNode.Parse(File.ReadAllText(edge))!.AsObject();
        json["data"]!["terraform_remote_state"]!["data"]!["config"]!["workspaces"]!["name"] = "eco-staging-data";
        File.WriteAllText(edge, json.ToJsonString());
        var error = Assert.Throws<DeliveryException>(() => CloudWorkspaces.From(StackGraph.Load(dir), _ => EnvironmentTier.Production))!;
        Assert.That(error.Message, Is.EqualTo("prod-edge depends on prod-data (HCP Terraform workspace eco-prod-data) but its terraform_remote_state.data reads remote workspace eco-staging-data"));
    }

    [Test]
    public void The_cloud_workspaces_command_prints_the_settings_and_refuses_an_s3_synth()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        using var dir = TestTemp.Create("cloud-workspaces-command");
        File.WriteAllText(dir.Combine("cloud.json"), CloudOverride);
        Assert.That(Cli.Run(["cloud-workspaces", "--dir", CloudSynth.Directory, "--config", dir.Combine("cloud.json")], stdout, stderr, _ => null), Is.EqualTo(Cli.Ok), stderr.ToString());
        Assert.That(stdout.ToString(), Does.StartWith("### prod\n\nOrganization `ecolaura` on `app.terraform.io`, project `Ecolaura Hosting`."));
        Assert.That(stdout.ToString(), Does.Contain("| `eco-prod-data` | `eco-prod-foundation`, `eco-prod-network` | `eco-prod-dr`, `eco-prod-edge` | **never** | holds the databases"));

        stdout = new StringWriter();
        stderr = new StringWriter();
        Assert.That(Cli.Run(["cloud-workspaces", "--dir", Synthesized.Directory], stdout, stderr, _ => null), Is.EqualTo(Cli.Invalid));
        Assert.That(stderr.ToString(), Does.StartWith("cloud-workspaces: dev-foundation has no cloud block: synthesize with state.backend = \"cloud\""));
        Assert.That(stdout.ToString(), Is.Empty);
    }

    [Test]
    public void The_guide_shows_the_example_and_what_the_command_prints_for_it()
    {
        var guide = File.ReadAllText(Path.Combine(Repository.Root, "docs", "terraform-cloud.md"));
        var example = System.Text.RegularExpressions.Regex.Match(guide, "## Configuration\n\n```json\n(?<json>.*?)```", System.Text.RegularExpressions.RegexOptions.Singleline);
        Assert.That(example.Success, "docs/terraform-cloud.md has a JSON example under ## Configuration");
        Assert.That(JsonNode.DeepEquals(JsonNode.Parse(example.Groups["json"].Value), JsonNode.Parse(CloudOverride)), Is.True, "the guide's example is the override these tests synthesize");

        const string begin = "<!-- BEGIN GENERATED cloud-workspaces: ./ecolaura cloud-workspaces of the example above -->\n";
        var start = guide.IndexOf(begin, StringComparison.Ordinal) + begin.Length;
        var generated = guide[start..guide.IndexOf("<!-- END GENERATED cloud-workspaces -->", StringComparison.Ordinal)];
        var tiers = ConfigLoader.Load(CloudOverride).ToDictionary(e => e.Name, e => e.Tier);
        Assert.That(generated, Is.EqualTo(CloudWorkspaces.Markdown(CloudWorkspaces.From(StackGraph.Load(CloudSynth.Directory), env => tiers[env]))),
            "regenerate the block: ./ecolaura synth --env prod --config <the example> --out DIR && ./ecolaura cloud-workspaces --dir DIR --config <the example>");
    }

    private static JsonObject WithoutStateLocations(JsonObject stack)
    {
        var copy = stack.DeepClone().AsObject();
        copy.Remove("//"); // CDKTF's metadata names the backend type
        copy["terraform"]!.AsObject().Remove("backend");
        copy["terraform"]!.AsObject().Remove("cloud");
        foreach (var (_, read) in copy["data"]?["terraform_remote_state"]?.AsObject() ?? [])
        {
            read!.AsObject().Remove("backend");
            read.AsObject().Remove("config");
        }

        return copy;
    }
}
