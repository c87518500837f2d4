using System.Text.Json.Nodes;
using Ecolaura.Tf.Tests.Support;

namespace Ecolaura.Tf.Tests.Dr;

/// <summary>
/// The drplatform workspace (the platform on the DR cluster) and what it needs from the others: the dr contract's
/// cluster outputs, the images replicated into the DR region's registry, and the one-standby-per-account rule. The
/// kubernetes and helm providers have no binary on this machine, so these are checks on the synthesized JSON; the
/// Terraform tier runs its JSON-only checks on the stacks too.
/// </summary>
public class DrPlatformTests
{
    private static string Remote(string workspace, string output) => $"${{data.terraform_remote_state.{workspace}.outputs.{output}}}";

    private static StackJson ProdDrPlatform(DrMode mode) => mode == DefaultEnvironments.Prod.Dr.Mode
        ? Synthesized.Stack(EnvironmentName.Prod, Workspace.DrPlatform)
        : Synthesized.StackWithOverride($$"""{ "environments": { "prod": { "dr": { "mode": "{{mode.ToString().ToLowerInvariant()}}" } } } }""", EnvironmentName.Prod, Workspace.DrPlatform);

    private static string[] Addresses(StackJson stack) =>
        (stack.Root["resource"]?.AsObject() ?? []).SelectMany(t => t.Value!.AsObject().Select(r => $"{t.Key}.{r.Key}")).Order(StringComparer.Ordinal).ToArray();

    [Test]
    public void Exactly_the_environments_with_a_dr_workspace_have_one() =>
        Assert.That(Synthesized.StackIds.Where(id => id.EndsWith("-drplatform", StringComparison.Ordinal)), Is.EqualTo(new[] { "prod-drplatform", "staging-drplatform" }));

    [Test]
    public void It_is_applied_after_dr_and_reads_nothing_else()
    {
        var stack = Synthesized.Stack(EnvironmentName.Prod, Workspace.DrPlatform);
        Assert.That(stack.Root["data"]!["terraform_remote_state"]!.AsObject().Select(p => p.Key), Is.EqualTo(new[] { "dr" }));
        var dependencies = Synthesized.Manifest["stacks"]!["prod-drplatform"]!["dependencies"]!.AsArray().Select(d => d!.GetValue<string>());
        Assert.That(dependencies, Is.EqualTo(new[] { "prod-dr" }));
    }

    [Test]
    public void Pilot_holds_the_providers_and_no_resource()
    {
        var stack = Synthesized.Stack(EnvironmentName.Staging, Workspace.DrPlatform);
        Assert.That(DefaultEnvironments.Staging.Dr.Mode, Is.EqualTo(DrMode.Pilot), "the embedded staging is the pilot case");
        Assert.That(Addresses(stack), Is.Empty, "no nodes in pilot, so nothing to run");
        var kubernetes = stack.Root["provider"]!["kubernetes"]!.AsArray().Single()!;
        Assert.That(kubernetes.Str("host"), Is.EqualTo(Remote("dr", "cluster_endpoint")), "configured, so resources left from warm can be planned away");
        Assert.That(stack.Root["provider"]!["helm"], Is.Not.Null);
        Assert.That(Addresses(ProdDrPlatform(DrMode.Pilot)), Is.Empty);
    }

    [TestCase(DrMode.Warm)]
    [TestCase(DrMode.Active)]
    public void Warm_and_active_run_the_primarys_platform_at_the_same_addresses(DrMode mode) =>
        Assert.That(Addresses(ProdDrPlatform(mode)), Is.EqualTo(Addresses(Synthesized.Stack(EnvironmentName.Prod, Workspace.Platform))));

    [Test]
    public void The_providers_reach_the_dr_cluster_in_the_dr_region()
    {
        var stack = ProdDrPlatform(DrMode.Warm);
        var kubernetes = stack.Root["provider"]!["kubernetes"]!.AsArray().Single()!;
        var helm = stack.Root["provider"]!["helm"]!.AsArray().Single()!["kubernetes"]!;
        foreach (var block in new[] { kubernetes, helm })
        {
            Assert.That(block.Str("host"), Is.EqualTo(Remote("dr", "cluster_endpoint")));
            Assert.That(block.Str("cluster_ca_certificate"), Does.Contain("data.terraform_remote_state.dr.outputs.cluster_certificate_authority_data"));
            Assert.That(block.Block("exec").Strs("args"), Is.EqualTo(new[] { "eks", "get-token", "--cluster-name", Remote("dr", "cluster_name"), "--region", "us-west-2" }));
        }
    }

    [Test]
    public void Workloads_pull_from_the_dr_registry_and_register_into_the_dr_target_groups()
    {
        var stack = ProdDrPlatform(DrMode.Warm);
        var images = stack.Resources("kubernetes_deployment_v1").Values
            .Select(d => d.Block("spec").Block("template").Block("spec").Arr("container").Single().Str("image")!).ToArray();
        Assert.That(images, Has.Length.EqualTo(5), "frontend and backend in blue and green, microservices");
        Assert.That(images, Has.All.Matches<string>(i => i.StartsWith("${data.terraform_remote_state.dr.outputs.ecr_", StringComparison.Ordinal)), string.Join(", ", images));

        var bindings = stack.Resources("helm_release").Where(r => r.Key.EndsWith("_bindings_release", StringComparison.Ordinal) || r.Key.Contains("bindings"))
            .Select(r => r.Value.ToJsonString()).ToArray();
        var all = string.Join("\n", bindings);
        foreach (var output in new[] { "frontend_blue_target_group_arn", "frontend_green_target_group_arn", "backend_blue_target_group_arn", "backend_green_target_group_arn" })
        {
            Assert.That(all, Does.Contain($"data.terraform_remote_state.dr.outputs.{output}"), output);
        }

        Assert.That(stack.Root.ToJsonString(), Does.Not.Contain("remote_state.edge").And.Not.Contain("remote_state.compute"));
    }

    [Test]
    public void Controllers_and_secrets_use_the_dr_region_roles_and_cluster()
    {
        var stack = ProdDrPlatform(DrMode.Warm);
        var lbc = HelmYaml.Values(stack.Resource("helm_release", "addons_load_balancer_controller"));
        Assert.That(lbc.Str("region"), Is.EqualTo("us-west-2"));
        Assert.That(lbc.Str("vpcId"), Is.EqualTo(Remote("dr", "vpc_id")));
        Assert.That(lbc["serviceAccount"]!["annotations"].Str(ClusterAddons.RoleArnAnnotation), Is.EqualTo(Remote("dr", "load_balancer_controller_role_arn")));

        var autoscaler = HelmYaml.Values(stack.Resource("helm_release", "addons_cluster_autoscaler"));
        var discovery = autoscaler["autoDiscovery"]!.Strs("tags");
        var drAsgTags = Synthesized.Stack(EnvironmentName.Prod, Workspace.Dr).Resources("aws_autoscaling_group_tag").Values
            .Select(t => t.Block("tag").Str("key")!).Distinct().ToArray();
        Assert.That(drAsgTags, Is.SupersetOf(discovery), "the autoscaler discovers the DR node groups");
        Assert.That(discovery, Does.Contain("k8s.io/cluster-autoscaler/ecolaura-prod-dr"));

        var role = stack.Resource("aws_iam_role", "irsa_external_secrets");
        Assert.That(role.Str("name"), Is.EqualTo("ecolaura-prod-drplatform-external-secrets"));
        var policy = StackJson.Document(stack.Resources("aws_iam_role_policy").Values.Single(p => p.Str("role")!.Contains("irsa_external_secrets"))["policy"]);
        Assert.That(policy.ToJsonString(), Does.Contain("arn:aws:secretsmanager:us-west-2:333333333333:secret:ecolaura/prod/platform/*"));
        Assert.That(StackJson.Document(role["assume_role_policy"]).ToJsonString(), Does.Contain("data.terraform_remote_state.dr.outputs.oidc_provider_arn"));
    }

    [TestCase(EnvironmentName.Staging)]
    [TestCase(EnvironmentName.Prod)]
    public void Compute_replicates_the_images_into_the_dr_region(EnvironmentName env)
    {
        var config = env.Config();
        var rule = Synthesized.Stack(env, Workspace.Compute).Single("aws_ecr_replication_configuration")["replication_configuration"].Block("rule")!;
        var rules = rule is JsonArray a ? a : new JsonArray(rule.DeepClone());
        Assert.That(rules, Has.Count.EqualTo(1));
        Assert.That(rules[0].Block("destination").Str("region"), Is.EqualTo(config.Dr.Region));
        Assert.That(rules[0].Block("destination").Str("registry_id"), Is.EqualTo(config.AccountId));
        Assert.That(rules[0].Block("repository_filter").Str("filter"), Is.EqualTo($"ecolaura-{env.Id()}-compute-"));
        Assert.That(rules[0].Block("repository_filter").Str("filter_type"), Is.EqualTo("PREFIX_MATCH"));
        var names = Synthesized.Stack(env, Workspace.Compute).Resources("aws_ecr_repository").Values.Select(r => r.Str("name")!);
        Assert.That(names, Has.All.StartsWith($"ecolaura-{env.Id()}-compute-"), "the filter matches every repository");
    }

    [Test]
    public void Dev_without_a_dr_region_replicates_no_images() =>
        Assert.That(Synthesized.Stack(EnvironmentName.Dev, Workspace.Compute).Resources("aws_ecr_replication_configuration"), Is.Empty);

    [TestCase(EnvironmentName.Staging)]
    [TestCase(EnvironmentName.Prod)]
    public void Replicated_repositories_get_the_primarys_settings_and_a_dr_key(EnvironmentName env)
    {
        var dr = Synthesized.Stack(env, Workspace.Dr);
        var template = dr.Single("aws_ecr_repository_creation_template");
        Assert.That(template.Str("prefix"), Is.EqualTo("ROOT"));
        Assert.That(template.Strs("applied_for"), Is.EqualTo(new[] { "REPLICATION" }));
        Assert.That(template.Str("image_tag_mutability"), Is.EqualTo("IMMUTABLE"));
        Assert.That(template.Block("encryption_configuration").Str("encryption_type"), Is.EqualTo("KMS"));
        Assert.That(template.Block("encryption_configuration").Str("kms_key"), Is.EqualTo("${aws_kms_key.images.arn}"));
        var primary = Synthesized.Stack(env, Workspace.Compute).Resources("aws_ecr_lifecycle_policy").Values.First().Str("policy");
        Assert.That(template.Str("lifecycle_policy"), Is.EqualTo(primary), "the primary repositories' lifecycle");
        Assert.That(template.Str("custom_role_arn"), Is.EqualTo("${aws_iam_role.ecr_template.arn}"));

        var policy = StackJson.Document(dr.Resource("aws_iam_role_policy", "ecr_template")["policy"]);
        var statements = policy["Statement"]!.AsArray();
        Assert.That(statements.SelectMany(s => s!["Resource"] is JsonArray list ? list.Select(r => r!.GetValue<string>()) : [s.Str("Resource")!]), Is.EquivalentTo(new[]
        {
            $"arn:aws:ecr:{env.Config().Dr.Region}:{env.Config().AccountId}:repository/ecolaura-{env.Id()}-compute-*", "${aws_kms_key.images.arn}",
        }), "the role may create only the environment's repositories and use only the images key");
        Assert.That(StackJson.Document(dr.Resource("aws_iam_role", "ecr_template")["assume_role_policy"]).ToJsonString(), Does.Contain("ecr.amazonaws.com"));
    }

    [Test]
    public void The_dr_contract_publishes_the_registry_urls_replication_fills() =>
        Assert.That(Synthesized.Stack(EnvironmentName.Prod, Workspace.Dr).Root["output"]!["ecr_backend_url"].Str("value"),
            Is.EqualTo("333333333333.dkr.ecr.us-west-2.amazonaws.com/ecolaura-prod-compute-backend"));

    [Test]
    public void A_second_dr_standby_in_one_registry_is_rejected()
    {
        var error = Assert.Throws<ConfigValidationException>(() => ConfigLoader.Load(
            """{ "environments": { "staging": { "accountId": "333333333333", "sharesAccountWith": "prod" } } }"""))!;
        // Environments are checked in file order (dev, staging, prod): the later of the two is named.
        Assert.That(error.Problems.Select(p => p.ToString()), Has.Some.Contains("environments.prod.dr.mode").And.Contains("'warm'")
            .And.Contains("environment staging already has a DR standby in account 333333333333 with the same primary region us-east-1").And.Contains("allowed here is 'none'"));
    }

    [Test]
    public void A_shared_account_with_one_standby_per_region_is_accepted()
    {
        Assert.DoesNotThrow(() => ConfigLoader.Load(
            """{ "environments": { "dev": { "accountId": "333333333333", "sharesAccountWith": "prod" } } }"""), "dev has no standby");
        Assert.DoesNotThrow(() => ConfigLoader.Load("""
            { "environments": { "staging": { "accountId": "333333333333", "sharesAccountWith": "prod", "region": "eu-west-1",
              "network": { "availabilityZones": ["eu-west-1a", "eu-west-1b", "eu-west-1c"] },
              "dr": { "region": "eu-central-1", "availabilityZones": ["eu-central-1a", "eu-central-1b", "eu-central-1c"] } } } }
            """), "other primary and DR regions: other registries");
    }
}
