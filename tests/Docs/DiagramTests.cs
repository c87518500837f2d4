using System.Diagnostics;
using System.Text.Json.Nodes;
using Ecolaura.Tf.Docs;
using Ecolaura.Tf.Tests.Support;

namespace Ecolaura.Tf.Tests.Docs;

/// <summary>
/// The diagrams are generated from the synthesized stacks and stay true: the committed files equal what
/// <c>./ecolaura graph</c> writes, every diagram parses with the mermaid package, and the graphs say what the JSON says.
/// </summary>
public class DiagramTests
{
    private static readonly Lazy<SynthesizedApp> App = new(() => SynthesizedApp.Load(Synthesized.Directory));

    [Test]
    public void Committed_diagrams_and_tables_match_the_synthesized_stacks()
    {
        var stale = ArchitectureDiagrams.Differences(ArchitectureDiagrams.Render(App.Value), Repository.Root);
        Assert.That(stale, Is.Empty, "run ./ecolaura graph and commit the result; stale: " + string.Join(", ", stale));
    }

    [Test]
    public void Every_committed_diagram_parses_with_mermaid()
    {
        var files = Directory.GetFiles(Path.Combine(Repository.Root, ArchitectureDiagrams.Folder), "*.mmd").Order(StringComparer.Ordinal)
            .Concat(ArchitectureDiagrams.Documents.Keys.Select(d => Path.Combine(Repository.Root, d))).ToArray();
        var (code, output) = CheckMermaid(files);
        Assert.That(code, Is.Zero, output);
        var expected = Directory.GetFiles(Path.Combine(Repository.Root, ArchitectureDiagrams.Folder), "*.mmd").Length
            + ArchitectureDiagrams.Documents.Keys.Sum(d => File.ReadAllText(Path.Combine(Repository.Root, d)).Split("```mermaid\n").Length - 1);
        Assert.That(output, Does.Contain($"{expected} diagram(s), 0 failed"), output);
    }

    [Test]
    public void The_mermaid_check_fails_on_a_broken_diagram()
    {
        var dir = Directory.CreateTempSubdirectory("ecolaura-mermaid-");
        try
        {
            var good = Path.Combine(dir.FullName, "good.mmd");
            var broken = Path.Combine(dir.FullName, "broken.mmd");
            File.WriteAllText(good, "flowchart LR\n  a[\"A\"] -->|\"x\"| b[\"B\"]\n");
            File.WriteAllText(broken, "flowchart LR\n  subgraph s[\"S\"]\n  a -->\n");
            var (code, output) = CheckMermaid([good, broken]);
            Assert.That(code, Is.EqualTo(1), output);
            Assert.That(output, Does.Contain($"ok {good}").And.Contain($"error {broken}").And.Contain("2 diagram(s), 1 failed"));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Test]
    public void Workspace_edges_are_the_manifest_dependencies_of_every_environment()
    {
        var manifest = Synthesized.Manifest["stacks"]!.AsObject();
        foreach (var env in App.Value.Environments)
        {
            var graph = WorkspaceGraph.Of(App.Value, env);
            var expected = manifest.Where(s => s.Key.StartsWith($"{env}-", StringComparison.Ordinal))
                .SelectMany(s => s.Value!["dependencies"]!.AsArray().Select(d => $"{d} -> {s.Key}")).Order(StringComparer.Ordinal);
            Assert.That(graph.Edges.Select(e => $"{e.Producer} -> {e.Consumer}").Order(StringComparer.Ordinal), Is.EqualTo(expected), env);
            Assert.That(graph.Edges.Where(e => e.Outputs.Count == 0), Is.Empty, $"{env}: every dependency carries outputs");
        }
    }

    [Test]
    public void Workspace_edges_name_exactly_the_outputs_the_consumer_reads()
    {
        var graph = WorkspaceGraph.Of(App.Value, "prod");
        Assert.That(graph.Edges.Single(e => e is { Producer: "prod-data", Consumer: "prod-edge" }).Outputs,
            Is.EqualTo(new[] { "access_logs_bucket_arn", "access_logs_bucket_name", "dr_static_assets_bucket_domain_name", "static_assets_bucket_domain_name" }));
        Assert.That(graph.Edges.Single(e => e is { Producer: "prod-foundation", Consumer: "prod-compute" }).Outputs, Is.EqualTo(new[] { "logs_kms_key_arn" }));

        // Every label entry is an output the producer publishes and the consumer's JSON reads.
        foreach (var edge in graph.Edges)
        {
            var consumer = File.ReadAllText(Path.Combine(Synthesized.Directory, "stacks", edge.Consumer, "cdk.tf.json"));
            var producer = Synthesized.Stack(edge.Producer).Root["output"]!.AsObject();
            var remote = edge.Producer[(edge.Producer.IndexOf('-') + 1)..];
            foreach (var output in edge.Outputs)
            {
                Assert.That(producer.ContainsKey(output), $"{edge.Producer} publishes {output}");
                Assert.That(consumer, Does.Contain($"data.terraform_remote_state.{remote}.outputs.{output}"), $"{edge.Consumer} reads {output}");
            }
        }
    }

    [Test]
    public void An_output_the_consumer_stops_reading_leaves_the_label_and_a_read_without_dependency_is_refused()
    {
        var copy = CopyOfSynthesized();
        try
        {
            var edgeFile = Path.Combine(copy, "stacks", "prod-edge", "cdk.tf.json");
            var text = File.ReadAllText(edgeFile).Replace("${data.terraform_remote_state.data.outputs.static_assets_bucket_domain_name}", "assets.example.com", StringComparison.Ordinal);
            File.WriteAllText(edgeFile, text);
            var edge = WorkspaceGraph.Of(SynthesizedApp.Load(copy), "prod").Edges.Single(e => e is { Producer: "prod-data", Consumer: "prod-edge" });
            Assert.That(edge.Outputs, Is.EqualTo(new[] { "access_logs_bucket_arn", "access_logs_bucket_name", "dr_static_assets_bucket_domain_name" }));

            var computeFile = Path.Combine(copy, "stacks", "prod-compute", "cdk.tf.json");
            var compute = JsonNode.Parse(File.ReadAllText(computeFile))!.AsObject();
            compute["data"]!["terraform_remote_state"]!["data"] = JsonNode.Parse("""{ "backend": "s3", "config": { "bucket": "b", "key": "prod/data.tfstate", "region": "us-east-1" } }""");
            compute["output"]!["stolen"] = JsonNode.Parse("""{ "value": "${data.terraform_remote_state.data.outputs.access_logs_bucket_arn}" }""");
            File.WriteAllText(computeFile, compute.ToJsonString());
            var error = Assert.Throws<InvalidOperationException>(() => WorkspaceGraph.Of(SynthesizedApp.Load(copy), "prod"))!;
            Assert.That(error.Message, Is.EqualTo("prod-compute reads the state of prod-data, which manifest.json does not list as its dependency"));
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }

    [Test]
    public void Topology_places_resources_by_region_and_subnet_tier()
    {
        var topology = TopologyGraph.Of(App.Value, "prod");
        TopologyNode Node(string stack, string address) =>
            topology.NodeOf(stack, address) ?? throw new AssertionException($"{stack} {address} is not drawn");

        Assert.That(topology.PrimaryRegion, Is.EqualTo("us-east-1"));
        Assert.That(Node("prod-edge", "aws_cloudfront_distribution.cdn").Place, Is.EqualTo(TopologyGraph.GlobalPlace));
        Assert.That(Node("prod-edge", "aws_wafv2_web_acl.cdn_waf").Place, Is.EqualTo(TopologyGraph.GlobalPlace));
        Assert.That(Node("prod-edge", "aws_lb.alb").Group, Is.EqualTo("public"));
        Assert.That(Node("prod-edge", "aws_lb_target_group.alb_backend_green").Group, Is.EqualTo("public"), "target groups sit with their ALB");
        Assert.That(Node("prod-edge", "aws_wafv2_web_acl.alb_waf").Group, Is.EqualTo("public"), "the regional ACL sits with the ALB it filters");
        Assert.That(Node("prod-compute", "aws_eks_cluster.cluster").Group, Is.EqualTo("app"));
        Assert.That(Node("prod-compute", "aws_eks_node_group.nodes_spot").Group, Is.EqualTo("app"));
        Assert.That(Node("prod-data", "aws_db_instance.postgres").Group, Is.EqualTo("data"));
        Assert.That(Node("prod-data", "aws_elasticache_replication_group.redis").Group, Is.EqualTo("data"));
        Assert.That(Node("prod-data", "aws_s3_bucket.static_assets").Group, Is.EqualTo("storage"));
        Assert.That(Node("prod-data", "aws_kms_key.dr_secrets").Place, Is.EqualTo("us-west-2"));
        Assert.That(topology.DrRegions, Is.EquivalentTo(new[] { "us-west-2" }));
        Assert.That(topology.Nodes.Where(n => n.Resource?.Type == "aws_kms_key").Select(n => n.Resource!.ToString()),
            Is.EquivalentTo(App.Value.StacksOf("prod").SelectMany(s => s.Document.Resources("aws_kms_key").Select(r => $"{s.Id}:{r.Address}"))),
            "every KMS key is drawn");
    }

    [Test]
    public void Topology_flows_come_from_references_in_the_json()
    {
        var topology = TopologyGraph.Of(App.Value, "prod");
        string Id(string stack, string address) => topology.NodeOf(stack, address)!.Id;
        TopologyEdge? Flow(string from, string to) => topology.Edges.SingleOrDefault(e => e.From == from && e.To == to);
        var nodesBox = topology.Edges.Single(e => e.From == Id("prod-edge", "aws_lb.alb") && e.Kind == "network").To;

        Assert.That(Flow("ext_users", Id("prod-edge", "aws_cloudfront_distribution.cdn"))?.Label, Does.Contain("www.ecolaura.example"));
        Assert.That(Flow(Id("prod-edge", "aws_cloudfront_distribution.cdn"), Id("prod-data", "aws_s3_bucket.static_assets"))?.Label, Does.Contain("origin static-assets"),
            "through the data workspace's output");
        Assert.That(Flow(Id("prod-edge", "aws_cloudfront_distribution.cdn"), Id("prod-edge", "aws_lb.alb"))?.Label, Does.Contain("origin alb"),
            "through the Route 53 alias record of origin.<domain>");
        Assert.That(Flow(Id("prod-edge", "aws_lb.alb"), Id("prod-edge", "aws_lb_target_group.alb_backend_blue"))?.Label, Is.EqualTo(new[] { "/api/*, /ws/*", "weight 100" }));
        Assert.That(Flow(Id("prod-edge", "aws_lb.alb"), Id("prod-edge", "aws_lb_target_group.alb_backend_green"))?.Label, Is.EqualTo(new[] { "/api/*, /ws/*", "weight 0" }));
        Assert.That(Flow(Id("prod-edge", "aws_wafv2_web_acl.alb_waf"), Id("prod-edge", "aws_lb.alb"))?.Style, Is.EqualTo(EdgeStyle.Dotted));
        Assert.That(Flow(Id("prod-edge", "aws_lb.alb"), nodesBox)?.Label, Is.EqualTo(new[] { "tcp 8080" }));
        Assert.That(Flow(nodesBox, Id("prod-data", "aws_db_instance.postgres"))?.Label, Is.EqualTo(new[] { "tcp 5432" }));
        Assert.That(Flow(nodesBox, Id("prod-data", "aws_elasticache_replication_group.redis"))?.Label, Is.EqualTo(new[] { "tcp 6379" }));
        Assert.That(Flow(Id("prod-data", "aws_db_instance.postgres"), Id("prod-foundation", "aws_sns_topic.alerts_critical"))?.Kind, Is.EqualTo("alarm"));
        Assert.That(Flow(Id("prod-data", "aws_elasticache_replication_group.redis"), Id("prod-foundation", "aws_sns_topic.alerts_critical"))?.Label, Does.Contain("ReplicationLag"),
            "member cluster ids in alarm dimensions name their replication group");
        Assert.That(Flow(Id("prod-data", "aws_kms_key.rds"), Id("prod-data", "aws_db_instance.postgres"))?.Kind, Is.EqualTo("encrypts"));
        Assert.That(Flow(Id("prod-compute", "aws_kms_key.volumes"), Id("prod-compute", "aws_eks_node_group.nodes_general"))?.Kind, Is.EqualTo("encrypts"),
            "through the launch template");
        Assert.That(Flow(Id("prod-foundation", "aws_sns_topic.alerts_critical"), Id("prod-foundation", "aws_sns_topic_subscription.alerts_pagerduty"))?.Kind, Is.EqualTo("notifies"));
        Assert.That(topology.Edges.Where(e => e.Kind == "reference"), Is.Empty.Or.All.Matches<TopologyEdge>(e => e.Label.Count == 1),
            "unexplained references are labelled with their attribute");
    }

    [Test]
    public void A_flow_disappears_with_its_reference()
    {
        var copy = CopyOfSynthesized();
        try
        {
            var networkFile = Path.Combine(copy, "stacks", "prod-network", "cdk.tf.json");
            var network = JsonNode.Parse(File.ReadAllText(networkFile))!.AsObject();
            network["resource"]!["aws_vpc_security_group_ingress_rule"]!.AsObject().Remove("sg_database_from_nodes");
            File.WriteAllText(networkFile, network.ToJsonString());
            var topology = TopologyGraph.Of(SynthesizedApp.Load(copy), "prod");
            var postgres = topology.NodeOf("prod-data", "aws_db_instance.postgres")!.Id;
            Assert.That(topology.Edges.Where(e => e.To == postgres && e.Kind == "network"), Is.Empty);
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }

    [Test]
    public void Mermaid_ids_and_labels_cannot_break_the_syntax()
    {
        var chart = new MermaidFlowchart("LR");
        var id = MermaidFlowchart.Id("r", "edge_lb_target-group.us-east-1a");
        Assert.That(id, Is.EqualTo("r_edge_lb_target_group_us_east_1a"));
        chart.Node(id, NodeShape.Store, "a \"quoted\" <b>name</b> & #1", "second");
        chart.Node("r_other", NodeShape.External, "x");
        chart.Edge(id, "r_other", EdgeStyle.Dotted, "label");
        Assert.That(chart.ToString(), Is.EqualTo(
            "flowchart LR\n  r_edge_lb_target_group_us_east_1a[(\"a #quot;quoted#quot; #lt;b#gt;name#lt;/b#gt; #amp; #35;1<br/>second\")]\n"
            + "  r_other([\"x\"])\n  r_edge_lb_target_group_us_east_1a -.->|\"label\"| r_other\n"));
        Assert.Throws<InvalidOperationException>(() => chart.Node("r_other", NodeShape.Box, "again"));
        Assert.Throws<InvalidOperationException>(() => chart.Edge("r_other", "r_missing", EdgeStyle.Solid));
        Assert.Throws<ArgumentException>(() => _ = new MermaidFlowchart("RL"));
    }

    [Test]
    public void A_document_without_its_block_markers_is_refused_with_the_marker_to_add()
    {
        var blocks = new Dictionary<string, string> { ["workspaces"] = "x\n", ["environments"] = "y\n", ["topology"] = "z\n" };
        var error = Assert.Throws<InvalidOperationException>(() => ArchitectureDiagrams.ReplaceBlocks("# Title\n", blocks, "README.md"))!;
        Assert.That(error.Message, Does.StartWith("README.md must hold the generated block 'workspaces' once").And.Contain(ArchitectureDiagrams.BeginMarker("workspaces")));

        var text = $"# T\n{ArchitectureDiagrams.BeginMarker("workspaces")}\nold\n{ArchitectureDiagrams.EndMarker("workspaces")}\nrest\n";
        Assert.That(ArchitectureDiagrams.ReplaceBlocks(text, blocks, "README.md"),
            Is.EqualTo($"# T\n{ArchitectureDiagrams.BeginMarker("workspaces")}\nx\n{ArchitectureDiagrams.EndMarker("workspaces")}\nrest\n"));
    }

    [Test]
    public void The_environment_tables_show_every_reliability_floor_per_tier()
    {
        var tables = EnvironmentTables.Render();
        foreach (var property in typeof(ReliabilityFloors).GetProperties())
        {
            Assert.That(tables, Does.Contain($"| `{property.Name}` |"), property.Name);
        }

        Assert.That(tables, Does.Contain("| `PostgresBackupRetentionDays` | 1 | 7 | 14 |"));
        Assert.That(tables, Does.Contain("| `PostgresMultiAz` | — | required | required |"));
        Assert.That(tables, Does.Contain("| PostgreSQL | 13, db.t4g.medium, single-AZ | 13, db.r5.large, Multi-AZ | 13, db.r5.xlarge, Multi-AZ |"));
    }

    private static string CopyOfSynthesized()
    {
        var copy = Path.Combine(Path.GetTempPath(), $"ecolaura-graph-test-{Guid.NewGuid():N}");
        foreach (var file in Directory.GetFiles(Synthesized.Directory, "*.json", SearchOption.AllDirectories))
        {
            var target = Path.Combine(copy, Path.GetRelativePath(Synthesized.Directory, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        return copy;
    }

    private static (int Code, string Output) CheckMermaid(IEnumerable<string> files)
    {
        var info = new ProcessStartInfo(Repository.Node)
        {
            WorkingDirectory = Repository.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(Repository.Root, "scripts", "check-mermaid.mjs"));
        foreach (var file in files)
        {
            info.ArgumentList.Add(file);
        }

        using var node = Process.Start(info) ?? throw new AssertionException("could not start node");
        var stdout = node.StandardOutput.ReadToEndAsync();
        var stderr = node.StandardError.ReadToEndAsync();
        node.WaitForExit();
        return (node.ExitCode, stdout.Result + stderr.Result);
    }
}
