namespace Ecolaura.Tf.Tests.Platform;

/// <summary>
/// Bad inputs of the platform workspace (issue 12): each is refused before any JSON is written, naming the field, the
/// bad value and what is allowed. Without a reachable cluster the Kubernetes and Helm providers would plan every one.
/// </summary>
public class PlatformConfigValidationTests
{
    private const string Prefix = "environments.prod.platform";

    private static IReadOnlyList<string> Problems(string platformJson) =>
        Assert.Throws<ConfigValidationException>(() => ConfigLoader.Load($$"""{ "environments": { "prod": { "platform": {{platformJson}} } } }"""))!
            .Problems.Select(p => p.ToString()).ToArray();

    private static PlatformConfig Load(string platformJson) =>
        ConfigLoader.Load($$"""{ "environments": { "prod": { "platform": {{platformJson}} } } }""").Single(e => e.Name == "prod").Platform;

    [Test]
    public void The_defaults_are_valid() =>
        Assert.That(DefaultEnvironments.All.SelectMany(e => PlatformConfigValidator.Validate(e, $"environments.{e.Name}")), Is.Empty);

    [Test]
    public void Hpa_min_above_max_is_rejected() =>
        Assert.That(Problems("""{ "backend": { "autoscaling": { "minReplicas": 12, "maxReplicas": 10 } } }"""),
            Is.EqualTo(new[] { $"{Prefix}.backend.autoscaling: minReplicas must not exceed maxReplicas, got minReplicas 12, maxReplicas 10" }));

    [TestCase(2)]
    [TestCase(1)]
    public void Hpa_min_at_or_below_the_pdb_floor_is_rejected(int min) =>
        Assert.That(Problems($$"""{ "frontend": { "autoscaling": { "minReplicas": {{min}} } } }"""),
            Is.EqualTo(new[] { $"{Prefix}.frontend.autoscaling.minReplicas: must exceed the PodDisruptionBudget's minAvailable 2, or a node drain can never evict a pod, got {min}" }));

    [Test]
    public void Cpu_request_above_limit_is_rejected() =>
        Assert.That(Problems("""{ "backend": { "resources": { "cpuRequest": "1", "cpuLimit": "500m" } } }"""),
            Is.EqualTo(new[] { $"{Prefix}.backend.resources.cpuRequest: must not exceed cpuLimit '500m', got '1'" }));

    [Test]
    public void Memory_request_above_limit_is_rejected() =>
        Assert.That(Problems("""{ "microservices": { "resources": { "memoryRequest": "1Gi", "memoryLimit": "512Mi" } } }"""),
            Is.EqualTo(new[] { $"{Prefix}.microservices.resources.memoryRequest: must not exceed memoryLimit '512Mi', got '1Gi'" }));

    [TestCase("cpuRequest", "500mm", "a CPU quantity such as 200m or 1")]
    [TestCase("cpuLimit", "1.5 cores", "a CPU quantity such as 500m or 2")]
    [TestCase("memoryRequest", "1Gb", "a memory quantity such as 256Mi or 1Gi (suffixes Ki, Mi, Gi, Ti, k, M, G, T)")]
    [TestCase("memoryLimit", "512MB", "a memory quantity such as 512Mi or 2Gi (suffixes Ki, Mi, Gi, Ti, k, M, G, T)")]
    public void Malformed_quantities_are_rejected(string field, string value, string allowed) =>
        Assert.That(Problems($$"""{ "backend": { "resources": { "{{field}}": "{{value}}" } } }"""),
            Is.EqualTo(new[] { $"{Prefix}.backend.resources.{field}: must be {allowed}, got '{value}'" }));

    [TestCase("1", "2", "1Gi", "2Gi")]
    [TestCase("250m", "0.5", "900Mi", "1G")]
    public void Well_formed_quantities_are_accepted(string cpuRequest, string cpuLimit, string memoryRequest, string memoryLimit) =>
        Assert.That(Load($$"""{ "backend": { "resources": { "cpuRequest": "{{cpuRequest}}", "cpuLimit": "{{cpuLimit}}", "memoryRequest": "{{memoryRequest}}", "memoryLimit": "{{memoryLimit}}" } } }""")
            .Backend.Resources.CpuLimit, Is.EqualTo(cpuLimit));

    [TestCase("latest")]
    [TestCase("LATEST")]
    public void Image_tag_latest_is_rejected(string tag) =>
        Assert.That(Problems($$"""{ "frontend": { "imageTag": "{{tag}}" } }"""),
            Is.EqualTo(new[] { $"{Prefix}.frontend.imageTag: must be an immutable release tag, never 'latest' (the ECR repositories refuse to overwrite tags), got '{tag}'" }));

    [TestCase("")]
    [TestCase("-rc1")]
    [TestCase("1.0 beta")]
    public void Empty_or_malformed_image_tag_is_rejected(string tag) =>
        Assert.That(Problems($$"""{ "backend": { "imageTag": "{{tag}}" } }"""),
            Is.EqualTo(new[] { $"{Prefix}.backend.imageTag: must be an image tag: 1–128 of [A-Za-z0-9_.-], not starting with '.' or '-', got '{tag}'" }));

    [Test]
    public void Colour_tag_latest_is_rejected() =>
        Assert.That(Problems("""{ "backend": { "colorImageTags": { "green": "latest" } } }"""),
            Is.EqualTo(new[] { $"{Prefix}.backend.colorImageTags.green: must be an immutable release tag, never 'latest' (the ECR repositories refuse to overwrite tags), got 'latest'" }));

    [TestCase("purple")]
    [TestCase("red")]
    public void Unknown_colour_is_rejected(string color) =>
        Assert.That(Problems($$"""{ "frontend": { "colorImageTags": { "{{color}}": "1.2.0" } } }"""),
            Is.EqualTo(new[] { $"{Prefix}.frontend.colorImageTags.{color}: allowed fields are [blue, green], got an unknown field" }));

    [Test]
    public void Colours_of_an_app_the_alb_does_not_route_are_rejected() =>
        Assert.That(Problems("""{ "microservices": { "colorImageTags": { "green": "1.2.0" } } }"""),
            Is.EqualTo(new[] { $"{Prefix}.microservices.colorImageTags.green: microservices is not routed by the edge ALB and runs one colour; only [frontend, backend] take colour tags, got '1.2.0'" }));

    [Test]
    public void An_unknown_edge_colour_is_rejected_by_the_loader()
    {
        var error = Assert.Throws<ConfigValidationException>(() => ConfigLoader.Load("""{ "environments": { "prod": { "edge": { "frontend": { "activeColor": "Purple" } } } } }"""))!;
        Assert.That(error.Problems.Select(p => p.ToString()), Is.EqualTo(new[] { "environments.prod.edge.frontend.activeColor: must be one of [blue, green], got \"Purple\"" }));
    }

    [TestCase("awsLoadBalancerController", "1.4.3", "aws-load-balancer-controller", "1.13.4, 1.14.0")]
    [TestCase("kubePrometheusStack", "99.0.0", "kube-prometheus-stack", "70.4.1")]
    [TestCase("clusterAutoscaler", "latest", "cluster-autoscaler", "9.43.2, 9.53.0")]
    public void Chart_version_outside_the_pinned_list_is_rejected(string field, string version, string chart, string allowed) =>
        Assert.That(Problems($$"""{ "charts": { "{{field}}": "{{version}}" } }"""),
            Is.EqualTo(new[] { $"{Prefix}.charts.{field}: must be a pinned {chart} chart version [{allowed}] (modules/Platform/ChartPins.cs), got '{version}'" }));

    [Test]
    public void Every_pinned_chart_version_is_accepted()
    {
        foreach (var (chart, versions) in ChartPins.Allowed)
        {
            foreach (var version in versions)
            {
                var field = new ChartVersionsConfig().ByChart().Single(c => c.Chart == chart).Field;
                Assert.That(Load($$"""{ "charts": { "{{field}}": "{{version}}" } }""").Charts.ByChart().Single(c => c.Chart == chart).Version, Is.EqualTo(version));
            }
        }
    }

    [TestCase("15 days")]
    [TestCase("15")]
    [TestCase("d15")]
    [TestCase("0d")]
    [TestCase("")]
    public void Prometheus_retention_that_is_not_a_duration_is_rejected(string retention) =>
        Assert.That(Problems($$"""{ "monitoring": { "prometheusRetention": "{{retention}}" } }"""),
            Is.EqualTo(new[] { $"{Prefix}.monitoring.prometheusRetention: must be a non-zero Prometheus duration: digits and a unit of [ms, s, m, h, d, w, y], e.g. 15d or 1w2d, got '{retention}'" }));

    [TestCase("30d")]
    [TestCase("1w2d")]
    [TestCase("720h")]
    public void Prometheus_durations_are_accepted(string retention) =>
        Assert.That(Load($$"""{ "monitoring": { "prometheusRetention": "{{retention}}" } }""").Monitoring.PrometheusRetention, Is.EqualTo(retention));

    [Test]
    public void A_workload_asking_for_a_node_group_that_does_not_exist_is_rejected() =>
        Assert.That(Problems("""{ "backend": { "nodeGroup": "gpu" } }"""),
            Is.EqualTo(new[] { $"{Prefix}.backend.nodeGroup: must name a node group of compute.nodeGroups [general, compute, spot], got 'gpu'" }));

    [Test]
    public void A_routed_app_on_another_port_than_the_alb_may_reach_is_rejected() =>
        Assert.That(Problems("""{ "frontend": { "port": 3000 } }"""),
            Is.EqualTo(new[] { $"{Prefix}.frontend.port: must equal network.applicationPort 8080, the only port the ALB's security group may reach, got 3000" }));

    [Test]
    public void Every_problem_is_reported_at_once() =>
        Assert.That(Problems("""{ "frontend": { "imageTag": "latest" }, "backend": { "nodeGroup": "gpu" }, "monitoring": { "prometheusRetention": "forever" } }"""),
            Has.Count.EqualTo(3));
}
