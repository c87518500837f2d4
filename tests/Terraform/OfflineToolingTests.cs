using System.Text.Json.Nodes;
using Ecolaura.Tf.App;
using Ecolaura.Tf.Tests.Support;

namespace Ecolaura.Tf.Tests.Terraform;

/// <summary>
/// The helpers the Terraform tiers stand on, without running terraform (so in the fast suite): the offline overrides
/// cover every provider block of the aws kind, stacks whose provider has no binary are recognised, the JSON-level
/// checks catch what they claim to, cases come from the manifest, and temporary folders stay below the run's root.
/// </summary>
public class OfflineToolingTests
{
    /// <summary>A stack with aws under two local names, aliases, a single-object block, and a kubernetes provider.</summary>
    private static StackJson MixedProviders() => new("dev-mixed", JsonNode.Parse("""
        {
          "terraform": {
            "required_version": "~> 1.11.4",
            "backend": { "local": { "path": "x.tfstate" } },
            "required_providers": {
              "aws": { "source": "aws", "version": "5.100.0" },
              "amazon": { "source": "hashicorp/aws", "version": "5.100.0" },
              "kubernetes": { "source": "hashicorp/kubernetes", "version": "2.36.0" }
            }
          },
          "provider": {
            "aws": [ { "region": "us-east-1" }, { "region": "us-west-2", "alias": "dr" }, { "region": "eu-west-1", "alias": "whatever_it_is_called" } ],
            "amazon": { "region": "us-east-1", "alias": "single" },
            "kubernetes": [ { "host": "https://example" } ]
          },
          "resource": {
            "aws_s3_bucket": { "b": { "bucket": "x", "provider": "aws.whatever_it_is_called" } },
            "aws_s3_bucket_policy": { "p": { "bucket": "${aws_s3_bucket.b.id}", "policy": "$${aws:username}", "provider": "amazon.single" } },
            "kubernetes_namespace": { "ns": { "metadata": [ { "name": "${var.namespace}" } ] } }
          },
          "variable": { "namespace": { "type": "string" } }
        }
        """)!.AsObject());

    [Test]
    public void Fake_credentials_and_skip_flags_cover_every_aws_kind_provider_block_whatever_its_alias()
    {
        var section = OfflineWorkspace.FakeProviders(MixedProviders().Root);

        Assert.That(section.Select(p => p.Key), Is.EquivalentTo(new[] { "aws", "amazon" }), "kubernetes is not of the aws kind");
        Assert.That(section["aws"]!.AsArray().Select(p => p.Str("alias")), Is.EqualTo(new[] { null, "dr", "whatever_it_is_called" }));
        Assert.That(section["amazon"]!.AsArray().Select(p => p.Str("alias")), Is.EqualTo(new[] { "single" }));
        foreach (var fake in section.SelectMany(p => p.Value!.AsArray()))
        {
            Assert.That(fake.Str("access_key"), Is.EqualTo("mock"));
            Assert.That(fake.Bool("skip_credentials_validation"), Is.True);
            Assert.That(fake.Bool("skip_requesting_account_id"), Is.True);
            Assert.That(fake.Bool("skip_metadata_api_check"), Is.True);
            Assert.That(fake?["max_retries"]?.GetValue<int>(), Is.EqualTo(1));
        }
    }

    [Test]
    [Category(Categories.Terraform)] // the ARN overrides read the provider schema with terraform
    public void Mocked_applies_mock_every_aws_kind_provider_block_whatever_its_alias()
    {
        var stack = MixedProviders();
        stack.Root["resource"]!.AsObject().Remove("kubernetes_namespace");
        stack.Root.Remove("variable");
        var file = MockApply.TestFile(stack, new Dictionary<string, IReadOnlyDictionary<string, JsonNode?>>());
        var mocks = file["mock_provider"]!.AsObject();
        Assert.That(mocks.Select(m => m.Key), Is.EquivalentTo(new[] { "aws", "amazon" }));
        Assert.That(mocks["aws"]!.AsArray().Select(m => m.Str("alias")), Is.EqualTo(new[] { null, "dr", "whatever_it_is_called" }));
        Assert.That(mocks["amazon"]!.AsArray().Select(m => m.Str("alias")), Is.EqualTo(new[] { "single" }));
        Assert.That(MockApply.Arn(stack, "aws_s3_bucket_policy", "p", "amazon.single"), Does.StartWith("arn:aws:"));
    }

    [Test]
    public void A_provider_without_a_binary_in_the_mirror_is_named()
    {
        Assert.That(TerraformCli.MirrorRoot, Is.Not.Empty);
        Assert.That(StackChecks.MissingBinaries(MixedProviders()), Is.EqualTo(new[] { "registry.terraform.io/hashicorp/kubernetes 2.36.0" }));
        Assert.That(StackChecks.MissingBinaries(Synthesized.Stack(Synthesized.InDependencyOrder[0])), Is.Empty);
    }

    [Test]
    public void The_json_checks_pass_on_every_synthesized_stack_and_on_a_well_formed_mixed_one()
    {
        foreach (var id in Synthesized.InDependencyOrder)
        {
            Assert.That(StackChecks.JsonProblems(Synthesized.Stack(id)), Is.Empty, id);
        }

        Assert.That(StackChecks.JsonProblems(MixedProviders()), Is.Empty);
    }

    [Test]
    public void The_json_checks_catch_broken_references_providers_and_pins()
    {
        var stack = MixedProviders();
        stack.Root["resource"]!["aws_s3_bucket_policy"]!["p"]!["bucket"] = "${aws_s3_bucket.missing.id}";
        stack.Root["resource"]!["aws_s3_bucket"]!["b"]!["provider"] = "aws.nowhere";
        stack.Root["resource"]!["kubernetes_namespace"]!["ns"]!["metadata"]![0]!["name"] = "${var.undeclared}";
        stack.Root["terraform"]!["required_providers"]!["kubernetes"]!["version"] = "~> 2.36";

        var problems = StackChecks.JsonProblems(stack);

        Assert.That(problems, Has.Some.Contains("refers to aws_s3_bucket.missing, which the stack does not declare"));
        Assert.That(problems, Has.Some.Contains("aws_s3_bucket.b uses provider 'aws.nowhere', which is not configured"));
        Assert.That(problems, Has.Some.Contains("refers to var.undeclared"));
        Assert.That(problems, Has.Some.Contains("pins '~> 2.36', not an exact version"));
        Assert.That(problems, Has.Count.EqualTo(4), string.Join("\n", problems));
    }

    [Test]
    public void Cases_come_from_the_manifest_in_dependency_order()
    {
        var manifest = Synthesized.Manifest;
        var order = Synthesized.InDependencyOrder;
        Assert.That(order, Is.EquivalentTo(manifest["stacks"]!.AsObject().Select(s => s.Key)), "every stack of the manifest");
        foreach (var (id, entry) in manifest["stacks"]!.AsObject())
        {
            foreach (var dependency in entry.Strs("dependencies"))
            {
                Assert.That(order.ToList().IndexOf(dependency), Is.LessThan(order.ToList().IndexOf(id)), $"{dependency} before {id}");
            }
        }

        Assert.That(TerraformTierTests.Stacks().Select(c => (string)c.Arguments[0]!), Is.EqualTo(order), "the Terraform tier has one case per stack");
        Assert.That(WorkspaceChainTests.Environments().Select(c => (string)c.Arguments[0]!), Is.EqualTo(Synthesized.EnvironmentIds), "the chain has one case per environment");
        Assert.That(PreventDestroyTests.Stacks().Select(c => (string)c.Arguments[0]!), Is.EquivalentTo(order.Where(id =>
            (Synthesized.Stack(id).Root["resource"]?.AsObject() ?? []).Any(t => t.Value!.AsObject().Any(r => r.Value?["lifecycle"].Bool("prevent_destroy") == true)))),
            "prevent_destroy has one case per stack with protected resources");
    }

    [Test]
    public void A_dependency_cycle_in_the_manifest_fails_naming_the_stacks()
    {
        var manifest = JsonNode.Parse("""{ "stacks": { "a": { "dependencies": ["b"] }, "b": { "dependencies": ["a"] }, "c": { "dependencies": [] } } }""")!.AsObject();
        Assert.That(() => Synthesized.DependencyOrder(manifest), Throws.TypeOf<AssertionException>().With.Message.Contains("a → b").And.Message.Contains("b → a"));
    }

    [Test]
    public void Terraform_refuses_to_run_in_a_test_without_a_slow_category()
    {
        using var dir = TestTemp.Create("no-category");
        Assert.That(() => TerraformCli.Run(dir, "version"),
            Throws.TypeOf<AssertionException>().With.Message.Contains("has no [Category] of [Terraform, Emulators, Scale]"));
    }

    [Test]
    public void Temporary_folders_are_below_the_runs_root_and_removed_on_dispose()
    {
        Assert.That(Path.GetTempPath(), Does.StartWith(TestTemp.Root), "TMPDIR points below the run's root");
        string path;
        using (var dir = TestTemp.Create("scratch"))
        {
            path = dir.Path;
            File.WriteAllText(dir.Combine("f"), "x");
            Assert.That(path, Does.StartWith(TestTemp.Root));
        }

        Assert.That(Directory.Exists(path), Is.False);
        Assert.That(Synthesized.Directory, Does.StartWith(TestTemp.Root));
    }
}

/// <summary>
/// The provider lock files of the repository (<c>locks/</c>) pin exactly the provider versions the stacks require, and
/// every synthesized stack folder holds the lock composed from them.
/// </summary>
public class ProviderLockTests
{
    /// <summary>
    /// The rule: every provider a stack requires is locked in <c>locks/</c> at exactly its version with an h1 hash,
    /// except a provider the offline mirror holds no binary for (kubernetes, helm): <c>terraform providers lock</c>
    /// needs the provider's archives, so its hashes cannot be computed on this machine, and guessed hashes are worse
    /// than none. Such a provider must have no lock in <c>locks/</c> at all; synth warns about it and the first
    /// <c>terraform init</c> (with registry access) records the lock, which <c>./ecolaura lock</c> then pins.
    /// </summary>
    [Test]
    public void Every_required_provider_has_a_repository_lock_of_exactly_its_version()
    {
        var used = new HashSet<string>();
        foreach (var id in Synthesized.InDependencyOrder)
        {
            var stack = Synthesized.Stack(id);
            var noBinary = StackChecks.MissingBinaries(stack);
            foreach (var required in ProviderLocks.Required(stack.Root))
            {
                if (noBinary.Contains(required.ToString()) && !ProviderLocks.Repository.ContainsKey(required.Address))
                {
                    TestContext.Progress.WriteLine($"[locks] {id}: {required} has no binary in the offline mirror, so no lock can be computed here");
                    continue;
                }

                Assert.That(ProviderLocks.Repository.TryGetValue(required.Address, out var locked), Is.True,
                    $"{id} requires {required}, which locks/ does not lock: run ./ecolaura lock (with the provider in a mirror, or network access)");
                Assert.That(locked!.Version, Is.EqualTo(required.Version), $"{id}: locks/ pins {locked.Address} {locked.Version}, the stack requires {required.Version}");
                Assert.That(locked.Hashes, Has.Some.StartsWith("h1:"), $"{locked.Address}: no h1 hash");
                used.Add(required.Address);
            }
        }

        Assert.That(ProviderLocks.Repository.Keys, Is.EquivalentTo(used), "locks/ locks only providers some stack requires");
    }

    [Test]
    public void The_embedded_locks_are_the_files_in_locks()
    {
        var files = Directory.GetFiles(Path.Combine(Repository.Root, "locks"), "*.terraform.lock.hcl")
            .SelectMany(f => ProviderLocks.Parse(File.ReadAllText(f))).ToDictionary(p => p.Address, p => p.Block);
        Assert.That(ProviderLocks.Repository.ToDictionary(p => p.Key, p => p.Value.Block), Is.EquivalentTo(files), "rebuild after editing locks/");
    }

    [Test]
    public void Every_synthesized_stack_folder_holds_a_lock_of_exactly_its_providers()
    {
        foreach (var id in Synthesized.InDependencyOrder)
        {
            var file = Path.Combine(Synthesized.Directory, "stacks", id, ProviderLocks.FileName);
            Assert.That(File.Exists(file), Is.True, $"{id} has no {ProviderLocks.FileName}");
            var locked = ProviderLocks.Parse(File.ReadAllText(file)).Select(p => $"{p.Address} {p.Version}");
            var stack = Synthesized.Stack(id);
            var unlockable = StackChecks.MissingBinaries(stack).Where(p => !ProviderLocks.Repository.ContainsKey(p.Split(' ')[0]));
            var required = ProviderLocks.Required(stack.Root).Select(p => p.ToString()).Except(unlockable);
            Assert.That(locked, Is.EquivalentTo(required), $"{id}: every provider except those no lock can be computed for offline (see the rule above)");
        }
    }

    [Test]
    public void The_lock_files_are_not_git_ignored()
    {
        var ignore = File.ReadAllLines(Path.Combine(Repository.Root, ".gitignore")).Select(l => l.Trim());
        Assert.That(ignore, Has.None.EqualTo(".terraform.lock.hcl").And.None.EqualTo("*.lock.hcl").And.None.EqualTo("locks/"));
    }
}

/// <summary>Terraform enforces the repository's lock: a hash that matches nothing in the mirror stops <c>init</c>.</summary>
[TestFixture]
[NonParallelizable]
[Category(Categories.Terraform)]
public class ProviderLockEnforcementTests
{
    [Test]
    public void Init_refuses_a_provider_whose_hash_the_lock_does_not_list()
    {
        var stack = Synthesized.Stack(Synthesized.InDependencyOrder[0]);
        using var dir = OfflineWorkspace.Prepare(stack);
        var lockFile = dir.Combine(ProviderLocks.FileName);
        var genuine = File.ReadAllText(lockFile);
        File.WriteAllText(lockFile, System.Text.RegularExpressions.Regex.Replace(genuine, "\"h1:[^\"]+\"", "\"h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\""));

        var tampered = TerraformCli.Run(dir, $"init -input=false -no-color -plugin-dir={TerraformCli.MirrorRoot}");
        Assert.That(tampered.ExitCode, Is.Not.Zero, tampered.Output);
        Assert.That(tampered.Output.Replace("\n", " "), Does.Contain("checksum").IgnoreCase, tampered.Output);

        File.WriteAllText(lockFile, genuine);
        TestTemp.Delete(dir.Combine(".terraform"));
        TerraformCli.Ok(dir, $"init -input=false -no-color -plugin-dir={TerraformCli.MirrorRoot}");
        Assert.That(File.ReadAllText(lockFile), Does.Contain(ProviderLocks.Repository[TerraformCli.AwsProviderAddress].Hashes[0]), "init keeps the repository's hash");
    }
}
