using System.Text.Json.Nodes;
using Ecolaura.Tf.App.Stacks;
using Ecolaura.Tf.Tests.Support;

namespace Ecolaura.Tf.Tests.Platform;

/// <summary>
/// The platform workspace on its synthesized JSON (no Kubernetes or Helm provider binary exists offline, so Terraform
/// cannot validate it here): provider blocks, pinned releases and their values parsed back as YAML, workloads, HPA and
/// PDB shapes, TargetGroupBindings against the edge contract, the blue/green switch, alert routing.
/// </summary>
public class PlatformStackTests
{
    private static StackJson Platform(EnvironmentName env) => Synthesized.Stack(env, Workspace.Platform);

    private static EnvironmentConfig Config(EnvironmentName env) => DefaultEnvironments.All.Single(e => e.Name == env.Id());

    private static IEnumerable<EnvironmentName> AllEnvironments() => Enum.GetValues<EnvironmentName>();

    private static string Remote(string workspace, string output) => $"${{data.terraform_remote_state.{workspace}.outputs.{output}}}";

    private static JsonObject Values(StackJson stack, string release) => HelmYaml.Values(stack.Resource("helm_release", release));

    private static JsonObject Deployment(StackJson stack, string name) => stack.Resource("kubernetes_deployment_v1", $"{name}_deployment");

    private static JsonNode PodSpec(JsonObject deployment) => deployment.Block("spec").Block("template").Block("spec")!;

    private static JsonNode Container(JsonObject deployment) => PodSpec(deployment).Arr("container").Single()!;

    [TestCaseSource(nameof(AllEnvironments))]
    public void Providers_authenticate_with_aws_eks_get_token_and_hold_no_credentials(EnvironmentName env)
    {
        var stack = Platform(env);
        var kubernetes = stack.Root["provider"]!["kubernetes"]!.AsArray().Single()!.AsObject();
        var helm = stack.Root["provider"]!["helm"]!.AsArray().Single()!["kubernetes"]!.AsObject();
        var expectedArgs = new[] { "eks", "get-token", "--cluster-name", Remote("compute", "cluster_name"), "--region", Config(env).Region };
        Assert.Multiple(() =>
        {
            foreach (var (name, block, exec) in new[] { ("kubernetes", kubernetes, kubernetes.Block("exec")), ("helm", helm, helm.Block("exec")) })
            {
                Assert.That(block.Str("host"), Is.EqualTo(Remote("compute", "cluster_endpoint")), name);
                Assert.That(block.Str("cluster_ca_certificate"), Is.EqualTo($"${{base64decode({Remote("compute", "cluster_certificate_authority_data")[2..^1]})}}"), name);
                Assert.That(exec.Str("command"), Is.EqualTo("aws"), name);
                Assert.That(exec.Str("api_version"), Is.EqualTo(ClusterConnection.ExecApiVersion), name);
                Assert.That(exec.Strs("args"), Is.EqualTo(expectedArgs), name);
                Assert.That(block.Select(p => p.Key), Is.EquivalentTo(new[] { "host", "cluster_ca_certificate", "exec" }),
                    $"{name}: no token, password, client key or kubeconfig path");
            }

            Assert.That(stack.Root.ToJsonString(), Does.Not.Contain("kubeconfig").And.Not.Contain("\"token\""));
        });
    }

    [Test]
    public void No_kubernetes_manifest_resource_anywhere()
    {
        foreach (var id in Synthesized.InDependencyOrder)
        {
            Assert.That(Synthesized.Stack(id).Resources("kubernetes_manifest"), Is.Empty, $"{id}: kubernetes_manifest needs a reachable cluster at plan time");
        }
    }

    [TestCaseSource(nameof(AllEnvironments))]
    public void Every_release_is_a_pinned_chart_version_from_its_repository(EnvironmentName env)
    {
        var releases = Platform(env).Resources("helm_release");
        Assert.That(releases.Values.Select(r => r.Str("chart")).Distinct(), Is.EquivalentTo(ChartPins.Allowed.Keys), "every pinned chart is used");
        Assert.Multiple(() =>
        {
            foreach (var (name, release) in releases)
            {
                var chart = release.Str("chart")!;
                Assert.That(ChartPins.Allowed[chart], Does.Contain(release.Str("version")), name);
                Assert.That(release.Str("repository"), Is.EqualTo(ChartPins.Repositories[chart]), name);
                Assert.That((release.Bool("atomic"), release.Bool("wait"), release.Bool("create_namespace")), Is.EqualTo((true, true, (bool?)null)), name);
                Assert.That(release.Str("namespace"), Is.Not.Empty, name);
            }
        });
    }

    [Test]
    public void Load_balancer_controller_gets_its_irsa_role_cluster_region_and_vpc_explicitly()
    {
        var values = Values(Platform(EnvironmentName.Prod), "addons_load_balancer_controller");
        Assert.Multiple(() =>
        {
            Assert.That(values.Str("clusterName"), Is.EqualTo(Remote("compute", "cluster_name")));
            Assert.That(values.Str("region"), Is.EqualTo("us-east-1"));
            Assert.That(values.Str("vpcId"), Is.EqualTo(Remote("network", "vpc_id")));
            Assert.That(values["replicaCount"]!.GetValue<long>(), Is.EqualTo(2));
            Assert.That(values["serviceAccount"].Str("name"), Is.EqualTo("aws-load-balancer-controller"), "the name compute's IRSA role trusts");
            Assert.That(values["serviceAccount"]!["annotations"].Str(ClusterAddons.RoleArnAnnotation), Is.EqualTo(Remote("compute", "load_balancer_controller_role_arn")));
        });
    }

    [TestCaseSource(nameof(AllEnvironments))]
    public void Cluster_autoscaler_discovers_exactly_the_tags_compute_puts_on_the_node_group_asgs(EnvironmentName env)
    {
        var values = Values(Platform(env), "addons_cluster_autoscaler");
        var asgTagKeys = Synthesized.Stack(env, Workspace.Compute).Resources("aws_autoscaling_group_tag").Values
            .Select(t => t.Block("tag").Str("key")!).Distinct().ToArray();
        var discovery = values["autoDiscovery"]!.Strs("tags");
        var minor = Config(env).Compute.KubernetesVersion;
        Assert.Multiple(() =>
        {
            Assert.That(discovery, Has.Count.EqualTo(2));
            Assert.That(asgTagKeys, Is.SupersetOf(discovery), "every discovery tag is on the ASGs");
            Assert.That(discovery, Does.Contain($"k8s.io/cluster-autoscaler/ecolaura-{env.Id()}"));
            Assert.That(values["autoDiscovery"].Str("clusterName"), Is.EqualTo(Remote("compute", "cluster_name")));
            Assert.That(values.Str("awsRegion"), Is.EqualTo(Config(env).Region));
            Assert.That(values["image"].Str("tag"), Does.StartWith($"v{minor}."), "the autoscaler's minor equals the cluster's");
            Assert.That(values["rbac"]!["serviceAccount"].Str("name"), Is.EqualTo("cluster-autoscaler"));
            Assert.That(values["rbac"]!["serviceAccount"]!["annotations"].Str(ClusterAddons.RoleArnAnnotation), Is.EqualTo(Remote("compute", "cluster_autoscaler_role_arn")));
        });
    }

    [Test]
    public void Every_supported_kubernetes_version_has_a_cluster_autoscaler_image() =>
        Assert.That(ChartPins.ClusterAutoscalerImageTags.Keys, Is.SupersetOf(ComputeConfigValidator.SupportedKubernetesVersions.Keys));

    [Test]
    public void External_secrets_reads_only_the_platform_prefix_through_its_own_irsa_role()
    {
        var stack = Platform(EnvironmentName.Prod);
        var values = Values(stack, "addons_external_secrets");
        var role = stack.Resource("aws_iam_role", "irsa_external_secrets");
        var trust = StackJson.Document(role["assume_role_policy"]);
        var policy = StackJson.Document(stack.Resource("aws_iam_role_policy", "irsa_external_secrets")["policy"]);
        var statement = policy["Statement"]!.AsArray().Single()!;
        var store = Values(stack, "addons_secret_store")["resources"]!.AsArray().Single()!;
        Assert.Multiple(() =>
        {
            Assert.That(values["installCRDs"]!.GetValue<bool>(), Is.True);
            Assert.That(values["serviceAccount"]!["annotations"].Str(ClusterAddons.RoleArnAnnotation), Is.EqualTo(stack.Ref("aws_iam_role", "irsa_external_secrets", "arn")));
            Assert.That(trust.ToJsonString(), Does.Contain("system:serviceaccount:external-secrets:external-secrets"));
            Assert.That(statement.Strs("Action"), Is.EquivalentTo(new[] { "secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret" }));
            Assert.That(statement.Str("Resource") ?? statement.Strs("Resource").Single(), Is.EqualTo("arn:aws:secretsmanager:us-east-1:333333333333:secret:ecolaura/prod/platform/*"));
            Assert.That((store.Str("kind"), store["spec"]!["provider"]!["aws"].Str("service"), store["spec"]!["provider"]!["aws"].Str("region")),
                Is.EqualTo(("ClusterSecretStore", "SecretsManager", "us-east-1")));
        });
    }

    [Test]
    public void Gp3_storage_class_is_the_encrypted_default_on_the_ebs_csi_driver()
    {
        var storage = Platform(EnvironmentName.Prod).Resource("kubernetes_storage_class_v1", "addons_gp3");
        var parameters = storage["parameters"]!;
        Assert.Multiple(() =>
        {
            Assert.That(storage.Str("storage_provisioner"), Is.EqualTo("ebs.csi.aws.com"));
            Assert.That(storage.Block("metadata").Str("name"), Is.EqualTo("gp3"));
            Assert.That(storage.Block("metadata")!["annotations"].Str("storageclass.kubernetes.io/is-default-class"), Is.EqualTo("true"));
            Assert.That((parameters.Str("type"), parameters.Str("encrypted"), parameters.Str("kmsKeyId")), Is.EqualTo(("gp3", "true", Remote("compute", "ebs_kms_key_arn"))));
            Assert.That(storage.Str("volume_binding_mode"), Is.EqualTo("WaitForFirstConsumer"));
        });
    }

    [Test]
    public void Backend_matches_the_specification_deployment()
    {
        var stack = Platform(EnvironmentName.Prod);
        foreach (var color in new[] { "blue", "green" })
        {
            var deployment = Deployment(stack, $"backend_{color}");
            var container = Container(deployment);
            var resources = container.Block("resources")!;
            Assert.Multiple(() =>
            {
                Assert.That(deployment.Block("spec").Str("replicas"), Is.EqualTo("3"));
                Assert.That((resources["requests"].Str("cpu"), resources["requests"].Str("memory")), Is.EqualTo(("200m", "256Mi")));
                Assert.That((resources["limits"].Str("cpu"), resources["limits"].Str("memory")), Is.EqualTo(("500m", "512Mi")));
                Assert.That(container.Str("image"), Is.EqualTo($"{Remote("compute", "ecr_backend_url")}:1.0.0"));
                Assert.That(deployment.Block("metadata").Str("namespace"), Is.EqualTo("backend"));
                Assert.That(deployment["lifecycle"]!.Strs("ignore_changes"), Is.EqualTo(new[] { "spec[0].replicas" }), "the HPA owns the count");
            });
        }
    }

    [TestCaseSource(nameof(AllEnvironments))]
    public void Every_app_pod_is_probed_non_root_read_only_and_spread_across_zones(EnvironmentName env)
    {
        var stack = Platform(env);
        var deployments = stack.Resources("kubernetes_deployment_v1");
        Assert.That(deployments.Keys, Is.EquivalentTo(new[] { "frontend_blue_deployment", "frontend_green_deployment", "backend_blue_deployment", "backend_green_deployment", "microservices_deployment" }));
        Assert.Multiple(() =>
        {
            foreach (var (name, deployment) in deployments)
            {
                var pod = PodSpec(deployment);
                var container = Container(deployment);
                var security = container.Block("security_context")!;
                var health = name.StartsWith("frontend", StringComparison.Ordinal) ? Config(env).Edge.Frontend.HealthCheckPath
                    : name.StartsWith("backend", StringComparison.Ordinal) ? Config(env).Edge.Backend.HealthCheckPath
                    : Config(env).Platform.Microservices.HealthPath;
                Assert.That(container.Block("readiness_probe").Block("http_get").Str("path"), Is.EqualTo(health), name);
                Assert.That(container.Block("liveness_probe").Block("http_get").Str("path"), Is.EqualTo(health), name);
                Assert.That((security.Bool("run_as_non_root"), security.Bool("read_only_root_filesystem"), security.Bool("privileged"), security.Bool("allow_privilege_escalation")),
                    Is.EqualTo(((bool?)true, (bool?)true, (bool?)false, (bool?)false)), name);
                Assert.That(security.Block("capabilities").Strs("drop"), Is.EqualTo(new[] { "ALL" }), name);
                Assert.That(pod.Block("security_context").Bool("run_as_non_root"), Is.True, name);
                Assert.That(pod.Bool("automount_service_account_token"), Is.False, name);
                var zone = pod.Arr("topology_spread_constraint").Single(c => c.Str("topology_key") == "topology.kubernetes.io/zone")!;
                Assert.That((zone.Num("max_skew"), zone.Str("when_unsatisfiable")), Is.EqualTo(((double?)1, "DoNotSchedule")), name);
                Assert.That(pod["node_selector"], Is.Null, $"{name}: no node group asked for by default");
                Assert.That(pod["toleration"], Is.Null, $"{name}: no dedicated group tolerated by default");
            }
        });
    }

    [TestCaseSource(nameof(AllEnvironments))]
    public void Every_deployment_has_a_pdb_and_an_autoscaling_v2_hpa_on_cpu_and_memory(EnvironmentName env)
    {
        var stack = Platform(env);
        var platform = Config(env).Platform;
        Assert.Multiple(() =>
        {
            foreach (var (name, deployment) in stack.Resources("kubernetes_deployment_v1"))
            {
                var id = name[..^"_deployment".Length];
                var app = platform.Workloads().Single(w => id.StartsWith(w.Name, StringComparison.Ordinal)).Config;
                var metadata = deployment.Block("metadata")!;
                var labels = deployment.Block("spec").Block("selector")!["match_labels"]!.AsObject();
                var pdb = stack.Resource("kubernetes_pod_disruption_budget_v1", $"{id}_pdb");
                var hpa = stack.Resource("kubernetes_horizontal_pod_autoscaler_v2", $"{id}_hpa").Block("spec")!;
                Assert.That(pdb.Block("spec").Str("min_available"), Is.EqualTo(app.MinAvailable.ToString(System.Globalization.CultureInfo.InvariantCulture)), id);
                Assert.That(pdb.Block("spec").Block("selector")!["match_labels"]!.ToJsonString(), Is.EqualTo(labels.ToJsonString()), id);
                Assert.That((hpa.Num("min_replicas"), hpa.Num("max_replicas")), Is.EqualTo(((double?)app.Autoscaling.MinReplicas, (double?)app.Autoscaling.MaxReplicas)), id);
                Assert.That(hpa.Num("min_replicas"), Is.GreaterThan(app.MinAvailable), $"{id}: a drain can evict");
                var target = hpa.Block("scale_target_ref")!;
                Assert.That((target.Str("api_version"), target.Str("kind"), target.Str("name")), Is.EqualTo(("apps/v1", "Deployment", metadata.Str("name"))), id);
                var metrics = hpa.Arr("metric").ToDictionary(m => m.Block("resource").Str("name")!, m => m.Block("resource").Block("target")!);
                Assert.That(metrics.Keys, Is.EquivalentTo(new[] { "cpu", "memory" }), id);
                Assert.That((metrics["cpu"].Str("type"), metrics["cpu"].Num("average_utilization")), Is.EqualTo(("Utilization", (double?)app.Autoscaling.CpuUtilizationPercent)), id);
                Assert.That((metrics["memory"].Str("type"), metrics["memory"].Num("average_utilization")), Is.EqualTo(("Utilization", (double?)app.Autoscaling.MemoryUtilizationPercent)), id);
            }
        });
    }

    [TestCaseSource(nameof(AllEnvironments))]
    public void Target_group_bindings_register_each_colour_into_the_edge_contract_target_group(EnvironmentName env)
    {
        var stack = Platform(env);
        Assert.Multiple(() =>
        {
            foreach (var app in new[] { "frontend", "backend" })
            {
                var bindings = Values(stack, $"{app}_bindings")["resources"]!.AsArray()
                    .Where(r => r.Str("kind") == "TargetGroupBinding").ToDictionary(r => r!["metadata"].Str("name")!, r => r!);
                Assert.That(bindings.Keys, Is.EquivalentTo(new[] { $"{app}-blue", $"{app}-green" }), app);
                foreach (var (name, binding) in bindings)
                {
                    var color = name[(app.Length + 1)..];
                    var service = stack.Resource("kubernetes_service_v1", $"{app}_{color}_service");
                    Assert.That(binding.Str("apiVersion"), Is.EqualTo("elbv2.k8s.aws/v1beta1"), name);
                    Assert.That(binding["spec"].Str("targetGroupARN"), Is.EqualTo(Remote("edge", $"{app}_{color}_target_group_arn")), name);
                    Assert.That(binding["spec"].Str("targetType"), Is.EqualTo("ip"), name);
                    Assert.That(binding["spec"]!["serviceRef"].Str("name"), Is.EqualTo(service.Block("metadata").Str("name")), name);
                    Assert.That(binding["spec"]!["serviceRef"]!["port"]!.GetValue<long>(), Is.EqualTo(service.Block("spec").Arr("port").Single().Num("port")), name);
                    Assert.That(binding["metadata"].Str("namespace"), Is.EqualTo(app), name);
                    Assert.That(service.Block("spec")!["selector"].Str(ApplicationWorkload.ColorLabel), Is.EqualTo(color), $"{name}: only its colour's pods");
                }
            }

            Assert.That(Container(Deployment(stack, "frontend_blue")).Arr("port").Single().Num("container_port"), Is.EqualTo(Config(env).Network.ApplicationPort),
                "routed pods listen on the port the ALB's security group opens");
        });
    }

    [Test]
    public void Switching_the_active_colour_changes_only_annotations_in_place()
    {
        var blue = Platform(EnvironmentName.Prod);
        var green = Synthesized.StackWithOverride(
            """{ "environments": { "prod": { "edge": { "frontend": { "activeColor": "green" }, "backend": { "activeColor": "green" } } } } }""",
            EnvironmentName.Prod, Workspace.Platform);
        var changes = JsonDiff(blue.Root["resource"], green.Root["resource"], "resource").ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(changes, Is.Not.Empty, "the switch shows in the platform plan");
            Assert.That(changes.Select(c => c.Path), Has.All.Match(@"^resource\.kubernetes_deployment_v1\.(frontend|backend)_(blue|green)_deployment\.metadata\.annotations\.ecolaura\.io/traffic(-weight)?$"),
                string.Join("\n", changes.Select(c => $"{c.Path}: {c.Before} → {c.After}")));
            Assert.That(changes, Has.Exactly(8).Items, "traffic and weight on four deployments");
            Assert.That(changes.Single(c => c.Path.EndsWith("frontend_green_deployment.metadata.annotations.ecolaura.io/traffic", StringComparison.Ordinal)),
                Is.EqualTo(new JsonChange("resource.kubernetes_deployment_v1.frontend_green_deployment.metadata.annotations.ecolaura.io/traffic", "\"idle\"", "\"active\"")));
        });
    }

    [Test]
    public void A_dedicated_node_group_is_tolerated_only_by_the_workload_that_asks_for_it()
    {
        var stack = Synthesized.StackWithOverride(
            """{ "environments": { "prod": { "platform": { "microservices": { "nodeGroup": "compute" } } } } }""", EnvironmentName.Prod, Workspace.Platform);
        var pod = PodSpec(Deployment(stack, "microservices"));
        var toleration = pod.Arr("toleration").Single()!;
        Assert.Multiple(() =>
        {
            Assert.That(pod["node_selector"].Str(NodeGroup.GroupLabel), Is.EqualTo("compute"));
            Assert.That((toleration.Str("key"), toleration.Str("operator"), toleration.Str("value"), toleration.Str("effect")),
                Is.EqualTo((NodeGroup.DedicatedTaint, "Equal", "compute", "NoSchedule")));
            Assert.That(PodSpec(Deployment(stack, "backend_blue"))["toleration"], Is.Null, "the others still avoid the tainted group");
        });
    }

    [Test]
    public void A_release_on_the_idle_colour_changes_only_that_colours_image()
    {
        var stack = Synthesized.StackWithOverride(
            """{ "environments": { "prod": { "platform": { "backend": { "colorImageTags": { "green": "1.1.0" } } } } } }""", EnvironmentName.Prod, Workspace.Platform);
        Assert.Multiple(() =>
        {
            Assert.That(Container(Deployment(stack, "backend_green")).Str("image"), Is.EqualTo($"{Remote("compute", "ecr_backend_url")}:1.1.0"));
            Assert.That(Container(Deployment(stack, "backend_blue")).Str("image"), Is.EqualTo($"{Remote("compute", "ecr_backend_url")}:1.0.0"));
        });
    }

    [Test]
    public void Alertmanager_pages_critical_to_pagerduty_and_sends_the_rest_to_slack_from_synced_secrets()
    {
        var stack = Platform(EnvironmentName.Prod);
        var values = Values(stack, "monitoring_stack");
        var alertmanager = values["alertmanager"]!;
        var route = alertmanager["config"]!["route"]!;
        var receivers = alertmanager["config"]!["receivers"]!.AsArray().ToDictionary(r => r.Str("name")!, r => r!);
        var critical = route.Arr("routes").Single(r => r.Strs("matchers").Contains("severity=\"critical\""))!;
        var secrets = Values(stack, "monitoring_secrets")["resources"]!.AsArray().ToDictionary(r => r!["metadata"].Str("name")!, r => r!);
        Assert.Multiple(() =>
        {
            Assert.That(critical.Str("receiver"), Is.EqualTo(Monitoring.PagerDutyReceiver));
            Assert.That(route.Str("receiver"), Is.EqualTo(Monitoring.SlackReceiver), "everything else");
            Assert.That(receivers[Monitoring.PagerDutyReceiver].Arr("pagerduty_configs").Single().Str("routing_key_file"),
                Is.EqualTo("/etc/alertmanager/secrets/alertmanager-receivers/pagerduty-routing-key"));
            Assert.That(receivers[Monitoring.SlackReceiver].Arr("slack_configs").Single().Str("api_url_file"),
                Is.EqualTo("/etc/alertmanager/secrets/alertmanager-receivers/slack-webhook-url"));
            Assert.That(alertmanager["alertmanagerSpec"]!.Strs("secrets"), Is.EqualTo(new[] { Monitoring.ReceiversSecretName }));
            Assert.That(values.ToJsonString(), Does.Not.Contain("routing_key\"").And.Not.Contain("api_url\""), "keys are read from files, never inline");
            Assert.That(secrets.Keys, Is.EquivalentTo(new[] { Monitoring.GrafanaAdminSecretName, Monitoring.ReceiversSecretName }));
            Assert.That(secrets[Monitoring.ReceiversSecretName]["spec"].Arr("dataFrom").Single()!["extract"].Str("key"), Is.EqualTo("ecolaura/prod/platform/alertmanager-receivers"));
            Assert.That(secrets[Monitoring.GrafanaAdminSecretName]["spec"].Arr("dataFrom").Single()!["extract"].Str("key"), Is.EqualTo("ecolaura/prod/platform/grafana-admin"));
            Assert.That(secrets.Values.Select(s => s["spec"]!["secretStoreRef"].Str("name")), Has.All.EqualTo(ClusterAddons.SecretStoreName));
        });
    }

    [Test]
    public void Prometheus_alertmanager_and_grafana_keep_data_on_gp3_volumes_with_configured_retention()
    {
        var values = Values(Platform(EnvironmentName.Prod), "monitoring_stack");
        var monitoring = Config(EnvironmentName.Prod).Platform.Monitoring;
        var prometheus = values["prometheus"]!["prometheusSpec"]!;
        JsonNode Claim(JsonNode storage) => storage["volumeClaimTemplate"]!["spec"]!;
        Assert.Multiple(() =>
        {
            Assert.That(prometheus.Str("retention"), Is.EqualTo(monitoring.PrometheusRetention));
            Assert.That(Claim(prometheus["storageSpec"]!).Str("storageClassName"), Is.EqualTo("gp3"));
            Assert.That(Claim(prometheus["storageSpec"]!)["resources"]!["requests"].Str("storage"), Is.EqualTo($"{monitoring.PrometheusVolumeGiB}Gi"));
            Assert.That(Claim(values["alertmanager"]!["alertmanagerSpec"]!["storage"]!).Str("storageClassName"), Is.EqualTo("gp3"));
            Assert.That(values["grafana"]!["persistence"].Str("storageClassName"), Is.EqualTo("gp3"));
            Assert.That(values["grafana"]!["persistence"].Str("size"), Is.EqualTo($"{monitoring.GrafanaVolumeGiB}Gi"));
            Assert.That(values["grafana"]!["admin"].Str("existingSecret"), Is.EqualTo(Monitoring.GrafanaAdminSecretName));
            Assert.That(values["grafana"]!["defaultDashboardsEnabled"]!.GetValue<bool>(), Is.True);
        });
    }

    [Test]
    public void A_changed_retention_reaches_the_prometheus_values() =>
        Assert.That(Values(Synthesized.StackWithOverride(
                """{ "environments": { "prod": { "platform": { "monitoring": { "prometheusRetention": "30d" } } } } }""", EnvironmentName.Prod, Workspace.Platform),
            "monitoring_stack")["prometheus"]!["prometheusSpec"].Str("retention"), Is.EqualTo("30d"));

    [Test]
    public void Platform_reads_compute_edge_and_network_and_is_applied_after_them()
    {
        foreach (var env in AllEnvironments())
        {
            var order = Synthesized.StacksOf(env.Id());
            var platform = $"{env.Id()}-platform";
            Assert.That(order, Does.Contain(platform));
            foreach (var producer in new[] { "compute", "edge", "network" })
            {
                Assert.That(order.ToList().IndexOf($"{env.Id()}-{producer}"), Is.LessThan(order.ToList().IndexOf(platform)), $"{env}: {producer} first");
            }

            Assert.That(Platform(env).Root["data"]!["terraform_remote_state"]!.AsObject().Select(p => p.Key), Is.EquivalentTo(new[] { "compute", "edge", "network" }));
        }
    }

    /// <summary>One changed leaf: its path and the JSON before and after.</summary>
    public sealed record JsonChange(string Path, string Before, string After);

    /// <summary>Every leaf that differs between two JSON trees, by path (a key on one side only counts as a change).</summary>
    public static IEnumerable<JsonChange> JsonDiff(JsonNode? before, JsonNode? after, string path)
    {
        switch (before, after)
        {
            case (JsonObject a, JsonObject b):
                foreach (var key in a.Select(p => p.Key).Union(b.Select(p => p.Key)).Where(k => k != "//"))
                {
                    foreach (var change in JsonDiff(a[key], b[key], $"{path}.{key}"))
                    {
                        yield return change;
                    }
                }

                break;
            case (JsonArray a, JsonArray b) when a.Count == b.Count:
                for (var i = 0; i < a.Count; i++)
                {
                    foreach (var change in JsonDiff(a[i], b[i], $"{path}[{i}]"))
                    {
                        yield return change;
                    }
                }

                break;
            default:
                var left = before?.ToJsonString() ?? "null";
                var right = after?.ToJsonString() ?? "null";
                if (left != right)
                {
                    yield return new JsonChange(path, left, right);
                }

                break;
        }
    }
}
