using System.Text.RegularExpressions;
using Ecolaura.Tf.App.Delivery;
using Ecolaura.Tf.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace Ecolaura.Tf.Tests.Delivery;

/// <summary>
/// The committed workflows in <c>.github/workflows/</c> are what <c>./ecolaura ci</c> generates from the default
/// synth's stack graph, and their parsed job graphs follow the manifest: one job per stack per workflow that needs the
/// jobs of the stacks it reads, a GitHub environment per stack for applies, OIDC only, actions pinned by major version.
/// </summary>
public partial class CiWorkflowTests
{
    private static StackGraph Graph => StackGraph.Load(Synthesized.Directory);

    private static YamlMappingNode Parse(string file)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(Path.Combine(Repository.Root, CiWorkflows.Folder, file))));
        return (YamlMappingNode)stream.Documents.Single().RootNode;
    }

    private static YamlMappingNode Jobs(YamlMappingNode workflow) => (YamlMappingNode)workflow["jobs"];

    private static string[] Needs(YamlMappingNode jobs, string job) =>
        ((YamlMappingNode)jobs[job]).Children.TryGetValue(new YamlScalarNode("needs"), out var needs)
            ? ((YamlSequenceNode)needs).Children.Select(n => ((YamlScalarNode)n).Value!).ToArray()
            : [];

    [Test]
    public void The_committed_workflows_are_what_the_generator_writes()
    {
        foreach (var (name, text) in CiWorkflows.Render(Graph))
        {
            var committed = Path.Combine(Repository.Root, CiWorkflows.Folder, name);
            Assert.That(File.Exists(committed) ? File.ReadAllText(committed) : null, Is.EqualTo(text), $"{committed} is stale: run ./ecolaura ci and commit .github/workflows");
        }
    }

    [TestCase(CiWorkflows.PlanFile, "plan")]
    [TestCase(CiWorkflows.ApplyFile, "apply")]
    [TestCase(CiWorkflows.DriftFile, "drift")]
    public void Each_workflow_has_a_job_per_stack_that_needs_the_jobs_of_the_stacks_it_reads(string file, string prefix)
    {
        var jobs = Jobs(Parse(file));
        var stackJobs = jobs.Children.Keys.Select(k => ((YamlScalarNode)k).Value!).Where(k => k.StartsWith(prefix + "-", StringComparison.Ordinal)).ToArray();
        Assert.That(stackJobs, Is.EquivalentTo(Graph.InDependencyOrder.Select(id => CiWorkflows.JobId(prefix, id))));
        foreach (var id in Graph.InDependencyOrder)
        {
            var job = CiWorkflows.JobId(prefix, id);
            var selection = prefix == "plan" ? new[] { "offline" } : [];
            Assert.That(Needs(jobs, job), Is.EquivalentTo(Graph.DependenciesOf(id).Select(d => CiWorkflows.JobId(prefix, d)).Append("synth").Concat(selection)), job);
            var permissions = (YamlMappingNode)((YamlMappingNode)jobs[job])["permissions"];
            Assert.That(((YamlScalarNode)permissions["id-token"]).Value, Is.EqualTo("write"), $"{job} assumes its role through OIDC");
            var environment = ((YamlMappingNode)jobs[job]).Children.TryGetValue(new YamlScalarNode("environment"), out var e) ? ((YamlScalarNode)e).Value : null;
            Assert.That(environment, Is.EqualTo(prefix == "apply" ? id : null), $"{job}: a GitHub environment per stack for applies only");
        }
    }

    [Test]
    public void The_review_waits_for_every_plan_and_drift_notifies_each_environment()
    {
        var plan = Jobs(Parse(CiWorkflows.PlanFile));
        Assert.That(Needs(plan, "review"), Is.EquivalentTo(Graph.InDependencyOrder.Select(id => CiWorkflows.JobId("plan", id)).Prepend("offline")));
        Assert.That(Needs(plan, "offline"), Is.EqualTo(new[] { "synth" }));

        var drift = Jobs(Parse(CiWorkflows.DriftFile));
        foreach (var environment in Graph.Environments)
        {
            Assert.That(Needs(drift, $"notify-{environment}"), Is.EquivalentTo(Graph.InDependencyOrder.Where(id => StackGraph.EnvironmentOf(id) == environment).Select(id => CiWorkflows.JobId("drift", id))));
        }
    }

    [Test]
    public void Pull_requests_plan_what_changed_since_the_base_commit_and_the_review_lists_the_rest_as_unchanged()
    {
        var jobs = Jobs(Parse(CiWorkflows.PlanFile));
        var offline = (YamlMappingNode)jobs["offline"];
        var steps = ((YamlSequenceNode)offline["steps"]).Children.Cast<YamlMappingNode>().ToArray();
        var checkout = steps.Single(s => s.Children.TryGetValue(new YamlScalarNode("uses"), out var u) && ((YamlScalarNode)u).Value == CiWorkflows.Actions["checkout"]);
        Assert.That(((YamlScalarNode)((YamlMappingNode)checkout["with"])["fetch-depth"]).Value, Is.EqualTo("0"), "the base commit must be in the clone");
        var plan = steps.Single(s => s.Children.TryGetValue(new YamlScalarNode("run"), out var r) && ((YamlScalarNode)r).Value!.Contains("./ecolaura plan", StringComparison.Ordinal));
        Assert.That(((YamlScalarNode)plan["run"]).Value, Does.Contain("--offline --changed-since \"$BASE_SHA\""));
        Assert.That(((YamlScalarNode)((YamlMappingNode)plan["env"])["BASE_SHA"]).Value, Is.EqualTo("${{ github.event.pull_request.base.sha }}"));
        Assert.That(((YamlScalarNode)((YamlMappingNode)offline["outputs"])["stacks"]).Value, Is.EqualTo("${{ steps.selection.outputs.stacks }}"));
        var baseCache = steps.Single(s => s.Children.TryGetValue(new YamlScalarNode("with"), out var w) && ((YamlMappingNode)w).Children.TryGetValue(new YamlScalarNode("path"), out var p) && ((YamlScalarNode)p).Value == "~/.cache/ecolaura-tf/base-synth");
        Assert.That(((YamlScalarNode)((YamlMappingNode)baseCache["with"])["key"]).Value, Is.EqualTo("ecolaura-base-synth-${{ github.event.pull_request.base.sha }}"));
        Assert.That(Array.IndexOf(steps, baseCache), Is.LessThan(Array.IndexOf(steps, plan)), "restored before the plan");
        Assert.That(steps.Any(s => s.Children.TryGetValue(new YamlScalarNode("with"), out var w) && ((YamlMappingNode)w).Children.TryGetValue(new YamlScalarNode("name"), out var n) && ((YamlScalarNode)n).Value == "plan-unchanged"), "the unchanged stacks go to the review as an artifact the plan-* pattern downloads");

        foreach (var id in Graph.InDependencyOrder)
        {
            var condition = ((YamlScalarNode)((YamlMappingNode)jobs[CiWorkflows.JobId("plan", id)])["if"]).Value;
            Assert.That(condition, Does.StartWith("${{ !cancelled() && ").And.Contain($"'{id}')").And.Contain("'all')"), id);
        }

        foreach (var file in new[] { CiWorkflows.ApplyFile, CiWorkflows.DriftFile })
        {
            Assert.That(File.ReadAllText(Path.Combine(Repository.Root, CiWorkflows.Folder, file)), Does.Not.Contain("changed-since").And.Not.Contain("fetch-depth"), $"{file} plans every stack");
        }
    }

    [Test]
    public void Actions_are_pinned_by_major_version_and_no_long_lived_key_appears()
    {
        foreach (var file in new[] { CiWorkflows.PlanFile, CiWorkflows.ApplyFile, CiWorkflows.DriftFile })
        {
            var text = File.ReadAllText(Path.Combine(Repository.Root, CiWorkflows.Folder, file));
            var uses = Uses().Matches(text).Select(m => m.Groups[1].Value).Distinct().ToArray();
            Assert.That(uses, Is.Not.Empty);
            Assert.That(uses, Has.All.Match(@"^[\w.-]+/[\w.-]+@v\d+$"), file);
            Assert.That(text, Does.Not.Contain("aws-access-key-id").And.Not.Contain("AWS_SECRET_ACCESS_KEY"), file);
            Assert.That(text, Does.Contain("key: ecolaura-bindings-${{ runner.os }}-${{ hashFiles('package-lock.json', 'Directory.Packages.props', 'scripts/bindings.js', 'tools/JsiiRuntimePatch/**', 'locks/*.terraform.lock.hcl') }}"), file);
        }
    }

    [GeneratedRegex(@"uses: (\S+)")]
    private static partial Regex Uses();
}
