using System.Text.Json.Nodes;
using Ecolaura.Tf.App;
using Ecolaura.Tf.Tests.Support;

namespace Ecolaura.Tf.Tests.App;

/// <summary>
/// How a finished synth lands in the output folder (<see cref="OutputFolder"/>), on hand-made staging folders: only the
/// generator's files are replaced, everything a user or Terraform made stays, the manifest lists every stack present,
/// and staging folders of dead processes are cleaned up.
/// </summary>
public class OutputFolderTests
{
    private TempDirectory _dir = null!;

    [SetUp]
    public void CreateDir() => _dir = TestTemp.Create(TestContext.CurrentContext.Test.Name);

    [TearDown]
    public void RemoveDir() => _dir.Dispose();

    private string Outdir => _dir.Combine("cdktf.out");

    /// <summary>A staging folder holding <paramref name="stacks"/> (each with a cdk.tf.json and a lock) and their manifest.</summary>
    private string Stage(OutputFolder output, params string[] stacks)
    {
        var staging = output.CreateStaging();
        var manifest = new JsonObject();
        foreach (var id in stacks)
        {
            var folder = Path.Combine(staging, "stacks", id);
            Directory.CreateDirectory(folder);
            File.WriteAllText(Path.Combine(folder, OutputFolder.StackFile), $$"""{ "generated": "{{id}} new" }""");
            File.WriteAllText(Path.Combine(folder, ProviderLocks.FileName), Lock("5.100.0", "h1:repository="));
            manifest[id] = new JsonObject { ["name"] = id, ["dependencies"] = new JsonArray(), ["workingDirectory"] = $"stacks/{id}" };
        }

        File.WriteAllText(Path.Combine(staging, "manifest.json"), new JsonObject { ["stacks"] = manifest, ["version"] = "0.21.0" }.ToJsonString());
        return staging;
    }

    private static string Lock(string version, params string[] hashes) =>
        ProviderLocks.Header + $$"""

        provider "registry.terraform.io/hashicorp/aws" {
          version     = "{{version}}"
          constraints = "{{version}}"
          hashes = [
        {{string.Join("\n", hashes.Select(h => $"    \"{h}\","))}}
          ]
        }
        """;

    /// <summary>Writes a previous output: stacks with cdk.tf.json, and the user's and Terraform's files in <paramref name="withUserFiles"/>.</summary>
    private void Previous(string[] stacks, string withUserFiles)
    {
        var manifest = new JsonObject();
        foreach (var id in stacks)
        {
            var folder = Path.Combine(Outdir, "stacks", id);
            Directory.CreateDirectory(folder);
            File.WriteAllText(Path.Combine(folder, OutputFolder.StackFile), $$"""{ "generated": "{{id}} old" }""");
            manifest[id] = new JsonObject { ["name"] = id, ["dependencies"] = new JsonArray("previous"), ["workingDirectory"] = $"stacks/{id}" };
        }

        var user = Path.Combine(Outdir, "stacks", withUserFiles);
        Directory.CreateDirectory(Path.Combine(user, ".terraform", "providers"));
        File.WriteAllText(Path.Combine(user, ".terraform", "terraform.tfstate"), "backend state");
        File.WriteAllText(Path.Combine(user, "plan.tfplan"), "a saved plan");
        File.WriteAllText(Path.Combine(user, "terraform.tfstate"), "local state");
        File.WriteAllText(Path.Combine(user, "notes.md"), "the user's notes");
        File.WriteAllText(Path.Combine(Outdir, "manifest.json"), new JsonObject { ["stacks"] = manifest, ["version"] = "0.21.0" }.ToJsonString());
    }

    [Test]
    public void A_commit_replaces_only_the_generated_files_of_the_stacks_it_wrote()
    {
        Previous(["dev-network", "prod-network"], withUserFiles: "dev-network");
        var prodBefore = Snapshot(Path.Combine(Outdir, "stacks", "prod-network"));
        var output = new OutputFolder(Outdir);

        var result = output.Commit(Stage(output, "dev-network"), ["dev"]);

        var dev = Path.Combine(Outdir, "stacks", "dev-network");
        Assert.Multiple(() =>
        {
            Assert.That(File.ReadAllText(Path.Combine(dev, OutputFolder.StackFile)), Does.Contain("dev-network new"));
            Assert.That(File.ReadAllText(Path.Combine(dev, ".terraform", "terraform.tfstate")), Is.EqualTo("backend state"));
            Assert.That(Directory.Exists(Path.Combine(dev, ".terraform", "providers")), Is.True);
            Assert.That(File.ReadAllText(Path.Combine(dev, "plan.tfplan")), Is.EqualTo("a saved plan"));
            Assert.That(File.ReadAllText(Path.Combine(dev, "terraform.tfstate")), Is.EqualTo("local state"));
            Assert.That(File.ReadAllText(Path.Combine(dev, "notes.md")), Is.EqualTo("the user's notes"));
            Assert.That(Snapshot(Path.Combine(Outdir, "stacks", "prod-network")), Is.EqualTo(prodBefore), "another environment's stack is untouched");
            Assert.That(result.Written, Is.EqualTo(new[] { "dev-network" }));
            Assert.That(result.Kept, Is.EqualTo(new[] { "prod-network" }));
            Assert.That(result.Orphans, Is.Empty);
            Assert.That(Directory.GetDirectories(_dir).Select(Path.GetFileName), Is.EqualTo(new[] { "cdktf.out" }), "the staging folder is gone");
        });
    }

    [Test]
    public void The_manifest_lists_every_stack_present_with_the_new_entries_first()
    {
        Previous(["dev-network", "prod-network", "dev-legacy"], withUserFiles: "prod-network");
        Directory.CreateDirectory(Path.Combine(Outdir, "stacks", "no-json-here", ".terraform"));
        var output = new OutputFolder(Outdir);

        var result = output.Commit(Stage(output, "dev-network", "dev-data"), ["dev"]);

        var stacks = JsonNode.Parse(File.ReadAllText(Path.Combine(Outdir, "manifest.json")))!["stacks"]!.AsObject();
        Assert.Multiple(() =>
        {
            Assert.That(stacks.Select(s => s.Key), Is.EqualTo(new[] { "dev-data", "dev-legacy", "dev-network", "prod-network" }), "every folder with a cdk.tf.json");
            Assert.That(stacks["dev-network"].Strs("dependencies"), Is.Empty, "this synth's entry");
            Assert.That(stacks["prod-network"].Strs("dependencies"), Is.EqualTo(new[] { "previous" }), "the previous manifest's entry");
            Assert.That(result.Orphans, Is.EqualTo(new[] { "dev-legacy" }), "a stack of a synthesized environment that this synth did not produce");
            Assert.That(File.ReadAllText(Path.Combine(Outdir, "stacks", "dev-legacy", OutputFolder.StackFile)), Does.Contain("dev-legacy old"), "kept, not deleted");
            Assert.That(Directory.Exists(Path.Combine(Outdir, "stacks", "no-json-here", ".terraform")), Is.True);
        });
    }

    [Test]
    public void A_full_commit_into_an_empty_folder_moves_the_manifest_in_byte_for_byte()
    {
        var output = new OutputFolder(Outdir);
        var staging = Stage(output, "dev-network", "dev-data");
        File.WriteAllText(Path.Combine(staging, "manifest.json"), File.ReadAllText(Path.Combine(staging, "manifest.json")) + "\n  ");
        var expected = File.ReadAllText(Path.Combine(staging, "manifest.json"));

        output.Commit(staging, ["dev"]);

        Assert.That(File.ReadAllText(Path.Combine(Outdir, "manifest.json")), Is.EqualTo(expected));
    }

    [Test]
    public void A_lock_with_the_same_versions_is_kept_and_one_with_other_versions_is_saved_then_replaced()
    {
        Previous(["dev-network", "dev-data"], withUserFiles: "dev-network");
        var kept = Lock("5.100.0", "h1:repository=", "h1:darwin_arm64-added-by-terraform=");
        File.WriteAllText(Path.Combine(Outdir, "stacks", "dev-network", ProviderLocks.FileName), kept);
        var old = Lock("5.90.0", "h1:old=");
        File.WriteAllText(Path.Combine(Outdir, "stacks", "dev-data", ProviderLocks.FileName), old);
        var output = new OutputFolder(Outdir);

        var result = output.Commit(Stage(output, "dev-network", "dev-data", "dev-edge"), ["dev"]);

        var data = Path.Combine(Outdir, "stacks", "dev-data");
        Assert.Multiple(() =>
        {
            Assert.That(result.Locks, Is.EquivalentTo(new Dictionary<string, ProviderLocks.Placement>
            {
                ["dev-network"] = ProviderLocks.Placement.Kept,
                ["dev-data"] = ProviderLocks.Placement.Replaced,
                ["dev-edge"] = ProviderLocks.Placement.Written,
            }));
            Assert.That(File.ReadAllText(Path.Combine(Outdir, "stacks", "dev-network", ProviderLocks.FileName)), Is.EqualTo(kept));
            Assert.That(File.ReadAllText(Path.Combine(data, ProviderLocks.FileName)), Does.Contain("5.100.0"));
            Assert.That(Directory.GetFiles(data, $"{ProviderLocks.FileName}.replaced-*").Select(File.ReadAllText), Is.EqualTo(new[] { old }));
            Assert.That(File.ReadAllText(Path.Combine(Outdir, "stacks", "dev-edge", ProviderLocks.FileName)), Does.Contain("h1:repository="));
        });
    }

    [Test]
    public void Staging_folders_of_dead_processes_are_removed_and_those_of_running_ones_kept()
    {
        var output = new OutputFolder(Outdir);
        var dead = $"{Outdir}{OutputFolder.StagingInfix}{DeadPid()}-1";
        Directory.CreateDirectory(Path.Combine(dead, "stacks"));
        File.WriteAllText(Path.Combine(dead, OutputFolder.OwnerFile), $"{DeadPid()} 638000000000000000\n");
        var legacy = $"{Outdir}{OutputFolder.StagingInfix}{DeadPid()}";
        Directory.CreateDirectory(legacy);
        Directory.SetLastWriteTimeUtc(legacy, DateTime.UtcNow.AddHours(-1));
        var reused = $"{Outdir}{OutputFolder.StagingInfix}{Environment.ProcessId}-77";
        Directory.CreateDirectory(reused);
        File.WriteAllText(Path.Combine(reused, OutputFolder.OwnerFile), $"{Environment.ProcessId} 1\n");
        var running = output.CreateStaging();

        var removed = output.RemoveStaleStaging();

        Assert.That(removed, Is.EquivalentTo(new[] { dead, legacy, reused }), "a live pid started at another time is a reused pid");
        Assert.That(Directory.Exists(running), Is.True);
        OutputFolder.Discard(running);
        Assert.That(Directory.Exists(running), Is.False);
    }

    /// <summary>A pid no process has: above the kernel's pid_max.</summary>
    internal static int DeadPid()
    {
        var max = int.Parse(File.ReadAllText("/proc/sys/kernel/pid_max").Trim(), System.Globalization.CultureInfo.InvariantCulture);
        return max + 1;
    }

    /// <summary>Relative path → content of every file below <paramref name="dir"/>.</summary>
    internal static IReadOnlyDictionary<string, string> Snapshot(string dir) =>
        Directory.GetFiles(dir, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .ToDictionary(f => Path.GetRelativePath(dir, f), File.ReadAllText);
}

/// <summary>The repository's provider locks and how a stack's lock file is composed from them.</summary>
public class ProviderLocksTests
{
    [TestCase("aws", "registry.terraform.io/hashicorp/aws")]
    [TestCase("hashicorp/kubernetes", "registry.terraform.io/hashicorp/kubernetes")]
    [TestCase("Registry.Terraform.io/HashiCorp/Helm", "registry.terraform.io/hashicorp/helm")]
    public void A_source_stands_for_its_full_address(string source, string address) =>
        Assert.That(ProviderLocks.Address(source), Is.EqualTo(address));

    [TestCase("")]
    [TestCase("a/b/c/d")]
    [TestCase("hashicorp/")]
    public void A_malformed_source_is_refused(string source) =>
        Assert.That(() => ProviderLocks.Address(source), Throws.ArgumentException.With.Message.Contains($"'{source}' is not a provider source"));

    [Test]
    public void The_repository_locks_hashicorp_aws_at_the_pinned_version_with_a_linux_hash()
    {
        var aws = ProviderLocks.Repository[TerraformCli.AwsProviderAddress];
        Assert.That(aws.Version, Is.EqualTo(TerraformCli.AwsProviderVersion));
        Assert.That(aws.Constraints, Is.EqualTo(TerraformCli.AwsProviderVersion));
        Assert.That(aws.Hashes, Has.Some.StartsWith("h1:"));
    }

    [Test]
    public void A_stack_lock_holds_exactly_its_providers_and_names_the_ones_locks_lacks()
    {
        var stack = JsonNode.Parse("""
            { "terraform": { "required_providers": {
                "kubernetes": { "source": "hashicorp/kubernetes", "version": "2.36.0" },
                "aws": { "source": "aws", "version": "5.100.0" } } } }
            """)!.AsObject();

        var (text, missing) = ProviderLocks.Compose(stack);

        Assert.That(ProviderLocks.Parse(text!).Select(p => $"{p.Address} {p.Version}"), Is.EqualTo(new[] { "registry.terraform.io/hashicorp/aws 5.100.0" }));
        Assert.That(text, Does.StartWith(ProviderLocks.Header));
        Assert.That(missing.Select(p => p.ToString()), Is.EqualTo(new[] { "registry.terraform.io/hashicorp/kubernetes 2.36.0" }));
    }

    [Test]
    public void A_lock_of_another_version_does_not_satisfy_the_stack()
    {
        var stack = JsonNode.Parse("""{ "terraform": { "required_providers": { "aws": { "source": "aws", "version": "5.99.0" } } } }""")!.AsObject();
        var (text, missing) = ProviderLocks.Compose(stack);
        Assert.That(text, Is.Null);
        Assert.That(missing.Select(p => p.Version), Is.EqualTo(new[] { "5.99.0" }));
    }
}
