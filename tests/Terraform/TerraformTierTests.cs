using Ecolaura.Tf.Tests.Support;

namespace Ecolaura.Tf.Tests.Terraform;

/// <summary>
/// Every AWS workspace of every environment, checked by real Terraform: <c>init</c> from the provider mirror,
/// <c>validate</c> (schema, enums, ranges) and <c>plan -refresh=false</c> (plan-time provider checks), offline.
/// </summary>
[TestFixture]
[NonParallelizable]
public class TerraformTierTests
{
    /// <summary>One case per synthesized AWS workspace.</summary>
    public static IEnumerable<TestCaseData> Workspaces() =>
        from env in Enum.GetValues<EnvironmentName>()
        from ws in new[] { Workspace.Foundation, Workspace.Network, Workspace.Data, Workspace.Compute, Workspace.Edge }
        select new TestCaseData(env, ws).SetName($"Validates_and_plans_offline({env.Id()}-{ws.Id()})");

    [TestCaseSource(nameof(Workspaces))]
    public void Validates_and_plans_offline(EnvironmentName env, Workspace workspace)
    {
        var stack = Synthesized.Stack(env, workspace);
        TestContext.Progress.WriteLine($"[terraform] {stack.Id}: init, validate, plan");
        var dir = OfflineWorkspace.Prepare(stack);

        TerraformCli.Ok(dir, $"init -input=false -no-color -plugin-dir={TerraformCli.MirrorRoot}");
        var validate = TerraformCli.Ok(dir, "validate -no-color");
        Assert.That(validate, Does.Contain("The configuration is valid"));

        var plan = TerraformCli.Ok(dir, "plan -refresh=false -input=false -lock=false -no-color");
        var resources = stack.Root["resource"]!.AsObject().Sum(t => t.Value!.AsObject().Count);
        Assert.That(plan, Does.Contain($"Plan: {resources} to add, 0 to change, 0 to destroy."), plan);
    }

    [Test]
    public void Synthesized_provider_pin_matches_the_mirror()
    {
        foreach (var id in Synthesized.StackIds)
        {
            var pin = Synthesized.Stack(id).Root["terraform"]?["required_providers"]?["aws"]?.Str("version");
            Assert.That(pin, Is.EqualTo(TerraformCli.AwsProviderVersion), id);
        }

        Assert.That(Directory.Exists(Path.Combine(TerraformCli.MirrorRoot, "registry.terraform.io", "hashicorp", "aws", TerraformCli.AwsProviderVersion)));
    }

    [Test]
    public void Terraform_on_path_is_the_pinned_version()
    {
        var version = TerraformCli.Ok(Path.GetTempPath(), "version");
        Assert.That(version, Does.StartWith($"Terraform v{TerraformVersion.Pinned}"));
    }
}

/// <summary>Apply-time inputs are validated by Terraform itself (for example the Redis AUTH token length, 16–128 characters).</summary>
[TestFixture]
[NonParallelizable]
public class SensitiveInputValidationTests
{
    [TestCase("redis_auth_token", "short", "redis_auth_token must be 16–128 characters")]
    [TestCase("db_master_password", "has spaces in it !!", "db_master_password must be 16–128 characters")]
    public void A_bad_secret_input_is_refused_at_plan(string variable, string value, string message)
    {
        var dir = OfflineWorkspace.Prepare(Synthesized.Stack(EnvironmentName.Dev, Workspace.Data));
        TerraformCli.Ok(dir, $"init -input=false -no-color -plugin-dir={TerraformCli.MirrorRoot}");
        var result = TerraformCli.Run(dir, $"plan -refresh=false -input=false -lock=false -no-color -var {variable}=\"{value}\"");
        Assert.That(result.ExitCode, Is.Not.Zero);
        Assert.That(result.Output.Replace("\n", " "), Does.Contain(message));
    }
}
