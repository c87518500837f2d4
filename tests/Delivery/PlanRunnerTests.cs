using System.Text.Json.Nodes;
using Ecolaura.Tf.App;
using Ecolaura.Tf.App.Delivery;
using Ecolaura.Tf.Tests.Support;

namespace Ecolaura.Tf.Tests.Delivery;

/// <summary>
/// <c>./ecolaura plan</c> without terraform: the stack graph read from a manifest, the selection and its errors, the exit
/// code of a run, and a stack that needs a provider the mirror lacks (skipped with the reason, never failed).
/// </summary>
public class PlanRunnerTests
{
    private TempDirectory _dir = null!;

    [SetUp]
    public void CreateDir() => _dir = TestTemp.Create(TestContext.CurrentContext.Test.Name);

    [TearDown]
    public void RemoveDir() => _dir.Dispose();

    private static JsonObject Manifest(params (string Id, string[] Dependencies)[] stacks) => new()
    {
        ["version"] = "0.21.0",
        ["stacks"] = new JsonObject(stacks.Select(s => KeyValuePair.Create<string, JsonNode?>(s.Id, new JsonObject
        {
            ["name"] = s.Id,
            ["dependencies"] = new JsonArray(s.Dependencies.Select(d => (JsonNode)JsonValue.Create(d)).ToArray()),
        }))),
    };

    [Test]
    public void The_graph_of_the_default_synth_puts_producers_first_and_knows_every_environment_and_workspace()
    {
        var graph = StackGraph.Load(Synthesized.Directory);
        Assert.That(graph.InDependencyOrder, Is.EquivalentTo(Synthesized.StackIds));
        foreach (var id in graph.InDependencyOrder)
        {
            foreach (var producer in graph.DependenciesOf(id))
            {
                Assert.That(graph.InDependencyOrder.ToList().IndexOf(producer), Is.LessThan(graph.InDependencyOrder.ToList().IndexOf(id)), $"{producer} before {id}");
            }
        }

        Assert.That(graph.Environments, Is.EquivalentTo(Synthesized.EnvironmentIds));
        Assert.That(graph.Workspaces, Is.EquivalentTo(Synthesized.StackIds.Select(Synthesized.WorkspaceOf).Distinct()));
        Assert.That(graph.ConsumersOf("prod-network"), Does.Contain("prod-data").And.Not.Contain("prod-foundation"));
    }

    [Test]
    public void Selection_keeps_dependency_order_and_refuses_names_the_manifest_lacks()
    {
        var graph = StackGraph.FromManifest(_dir, Manifest(
            ("load-test-network", ["load-test-foundation"]), ("load-test-foundation", []), ("prod-network", ["prod-foundation"]), ("prod-foundation", [])));
        Assert.That(graph.Select([], ["network"]), Is.EqualTo(new[] { "load-test-network", "prod-network" }));
        Assert.That(graph.Select(["load-test"], []), Is.EqualTo(new[] { "load-test-foundation", "load-test-network" }));
        Assert.That(StackGraph.EnvironmentOf("load-test-network"), Is.EqualTo("load-test"));

        var error = Assert.Throws<DeliveryException>(() => graph.Select(["qa"], ["netwrk"]))!;
        Assert.That(error.Message, Does.Contain("--env 'qa' is not an environment of").And.Contain("allowed: load-test, prod"));
        Assert.That(error.Message, Does.Contain("--workspace 'netwrk' is not a workspace of").And.Contain("allowed: foundation, network"));
    }

    [Test]
    public void A_cycle_in_the_manifest_is_named()
    {
        var error = Assert.Throws<DeliveryException>(() => StackGraph.FromManifest(_dir, Manifest(("dev-a", ["dev-b"]), ("dev-b", ["dev-a"]))))!;
        Assert.That(error.Message, Does.Contain("dev-a → dev-b").And.Contain("dev-b → dev-a"));
    }

    [TestCase(new[] { PlanStatus.NoChanges, PlanStatus.Skipped }, 0)]
    [TestCase(new[] { PlanStatus.NoChanges, PlanStatus.Changes, PlanStatus.Skipped }, 2)]
    [TestCase(new[] { PlanStatus.Changes, PlanStatus.Failed }, 1)]
    public void The_exit_code_is_that_of_detailed_exitcode(PlanStatus[] statuses, int expected)
    {
        var run = new PlanRun(true, statuses.Select((s, i) => new StackPlan($"dev-w{i}", [], s, null, null, 0)).ToArray());
        Assert.That(run.ExitCode, Is.EqualTo(expected));
    }

    [Test]
    public void A_plan_folder_without_run_json_is_refused_naming_the_command_to_run()
    {
        var error = Assert.Throws<DeliveryException>(() => PlanRunner.Load(_dir))!;
        Assert.That(error.Message, Does.Contain("run.json does not exist").And.Contain($"./ecolaura plan --out {_dir.Path}"));
    }

    [Test]
    public void The_command_refuses_an_unknown_environment_before_running_terraform()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = Cli.Run(["plan", "--env", "qa", "--dir", Synthesized.Directory, "--out", _dir.Combine("plans")], stdout, stderr, _ => null);
        Assert.That(code, Is.EqualTo(Cli.Invalid));
        Assert.That(stderr.ToString(), Does.Contain("plan: --env 'qa' is not an environment of").And.Contain($"allowed: {string.Join(", ", StackGraph.Load(Synthesized.Directory).Environments)}"));
        Assert.That(StackGraph.Load(Synthesized.Directory).Environments, Is.EquivalentTo(Synthesized.EnvironmentIds));
        Assert.That(Directory.Exists(_dir.Combine("plans")), Is.False);
    }

    [Test]
    public void A_missing_manifest_says_to_synthesize_first()
    {
        var stderr = new StringWriter();
        var code = Cli.Run(["plan", "--dir", _dir.Combine("nothing"), "--out", _dir.Combine("plans")], new StringWriter(), stderr, _ => null);
        Assert.That(code, Is.EqualTo(Cli.Invalid));
        Assert.That(stderr.ToString(), Does.Contain("manifest.json does not exist: run ./ecolaura synth first"));
    }

    [Test]
    public void Offline_a_stack_needing_a_provider_the_mirror_lacks_is_skipped_with_the_reason()
    {
        // A mirror holding only hashicorp/aws, and a synthesized output whose one stack also requires kubernetes.
        var mirror = _dir.Combine("mirror");
        Directory.CreateDirectory(Path.Combine(mirror, "registry.terraform.io", "hashicorp", "aws", EcolauraStack.AwsProviderVersion, "linux_amd64"));
        var outdir = _dir.Combine("cdktf.out");
        var stack = Synthesized.Stack("dev-foundation").Root;
        stack["terraform"]!["required_providers"]!["kubernetes"] = new JsonObject { ["source"] = "hashicorp/kubernetes", ["version"] = "2.38.0" };
        Directory.CreateDirectory(Path.Combine(outdir, "stacks", "dev-platform"));
        File.WriteAllText(Path.Combine(outdir, "stacks", "dev-platform", OutputFolder.StackFile), stack.ToJsonString());
        File.WriteAllText(Path.Combine(outdir, "manifest.json"), Manifest(("dev-platform", [])).ToJsonString());

        var progress = new StringWriter();
        var run = PlanRunner.RunAsync(
            new PlanOptions { Outdir = outdir, PlanDir = _dir.Combine("plans"), Offline = true, Environment = name => name == ProviderMirror.Variable ? mirror : null },
            progress,
            CancellationToken.None).GetAwaiter().GetResult();

        var skipped = run.Stacks.Single();
        Assert.That(skipped.Status, Is.EqualTo(PlanStatus.Skipped));
        Assert.That(skipped.Reason, Is.EqualTo("the provider mirror has no linux_amd64 binary for registry.terraform.io/hashicorp/kubernetes 2.38.0"));
        Assert.That(run.ExitCode, Is.Zero);
        Assert.That(progress.ToString(), Does.Contain("dev-platform: skipped: the provider mirror has no linux_amd64 binary"));
        var recorded = PlanRunner.Load(_dir.Combine("plans"));
        Assert.That(recorded.Stacks.Single(), Is.EqualTo(skipped with { Dependencies = recorded.Stacks.Single().Dependencies }));
        Assert.That(File.Exists(_dir.Combine("plans", "dev-platform", PlanRunner.PlanJsonFile)), Is.False);
    }

    [Test]
    public void Offline_without_a_mirror_is_refused_naming_the_variable()
    {
        var error = Assert.ThrowsAsync<DeliveryException>(() => PlanRunner.RunAsync(
            new PlanOptions { Outdir = Synthesized.Directory, PlanDir = _dir.Combine("plans"), Offline = true, Environment = name => name == ProviderMirror.Variable ? _dir.Combine("empty") : null },
            TextWriter.Null,
            CancellationToken.None))!;
        Assert.That(error.Message, Does.Contain("--offline needs a provider mirror: ECOLAURA_TF_PLUGIN_DIR=").And.Contain("has no registry.terraform.io/hashicorp/aws/5.100.0/linux_amd64"));
    }

    /// <summary>A plan as Terraform 1.11.4 printed it (TF_IN_AUTOMATION, -no-color), shortened: what show prints for it.</summary>
    private const string Shown = "\nTerraform used the selected providers to generate the following execution\nplan. Resource actions are indicated with the following symbols:\n  + create\n\nTerraform will perform the following actions:\n\n  # aws_s3_bucket.b will be created\n  + resource \"aws_s3_bucket\" \"b\" {\n      + bucket = \"x-bucket\"\n    }\n\nPlan: 1 to add, 0 to change, 0 to destroy.\n";

    [Test]
    public void The_plan_text_leaves_out_the_reads_before_the_plan_and_the_warnings_after_it()
    {
        var printed = "data.terraform_remote_state.foundation: Reading...\n"
            + "data.aws_iam_policy_document.d: Reading...\n"
            + "data.aws_iam_policy_document.d: Still reading... [10s elapsed]\n"
            + "data.aws_iam_policy_document.d: Read complete after 0s [id=2090251874]\n"
            + "data.terraform_remote_state.foundation: Read complete after 0s\n"
            + "aws_s3_bucket.old: Refreshing state... [id=x-old]\n"
            + Shown
            + "\nWarning: Argument is deprecated\n\n  with aws_s3_bucket.b,\n  on main.tf.json line 1, in resource.aws_s3_bucket.b:\n\nversioning is deprecated.\n\n(and one more similar warning elsewhere)\n";
        Assert.That(PlanRunner.PlanText(printed), Is.EqualTo(Shown));
        Assert.That(PlanRunner.PlanText(Shown), Is.EqualTo(Shown), "nothing to leave out");
        const string noChanges = "\nNo changes. Your infrastructure matches the configuration.\n\nTerraform has compared your real infrastructure against your configuration\nand found no differences, so no changes are needed.\n";
        Assert.That(PlanRunner.PlanText(noChanges), Is.EqualTo(noChanges));
    }

    [TestCase("Acquiring state lock. This may take a few moments...\n", true)]
    [TestCase("data.x.y: Reading...\nsomething else\n", true)]
    [TestCase("data.x.y: Reading...\n", false)]
    [TestCase("\nWarning: Provider development overrides are in effect\n\nThe following provider development overrides are set in the CLI configuration:\n", true)]
    [TestCase("", false)]
    public void The_plan_text_is_not_guessed_from_output_it_does_not_know(string before, bool planFollows) =>
        Assert.That(PlanRunner.PlanText(before + (planFollows ? Shown : "")), Is.Null, "the caller runs terraform show instead");
}
