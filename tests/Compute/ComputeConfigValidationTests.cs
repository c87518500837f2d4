using System.Text.Json.Nodes;

namespace Ecolaura.Tf.Tests.Shared;

/// <summary>
/// Bad inputs of the compute workspace (node-group scaling, capacity types and instance types, EKS versions, public
/// endpoint ranges, log retention): each is rejected before synth with the field path, the bad value and what is allowed.
/// Terraform plans most of them.
/// </summary>
public class ComputeConfigValidationTests
{
    private static IReadOnlyList<string> Problems(string overrideJson)
    {
        var e = Assert.Throws<ConfigValidationException>(() => ConfigLoader.Load(overrideJson))!;
        return e.Problems.Select(p => p.ToString()).ToArray();
    }

    private static string Compute(string env, string json) => $$"""{ "environments": { "{{env}}": { "compute": {{json}} } } }""";

    /// <summary>The three default groups (general, compute, spot: indexes 0–2) as a compute override, after <paramref name="change"/>.</summary>
    private static string Groups(Action<JsonArray>? change = null)
    {
        var groups = JsonNode.Parse("""
            [
                { "name": "general", "capacityType": "on-demand", "instanceTypes": ["t3.large"], "scaling": { "min": 3, "desired": 3, "max": 20 } },
                { "name": "compute", "capacityType": "on-demand", "instanceTypes": ["c5.xlarge"], "scaling": { "min": 3, "desired": 3, "max": 20 }, "dedicated": true },
                { "name": "spot", "capacityType": "spot", "instanceTypes": ["t3.large", "t3a.large", "m5.large"], "scaling": { "min": 3, "desired": 3, "max": 20 } }
            ]
            """)!.AsArray();
        change?.Invoke(groups);
        return new JsonObject { ["nodeGroups"] = groups }.ToJsonString();
    }

    private static JsonObject Scaling(int min, int desired, int max) => new() { ["min"] = min, ["desired"] = desired, ["max"] = max };

    [Test]
    public void Embedded_compute_defaults_are_valid()
    {
        var problems = new List<ValidationProblem>();
        foreach (var env in DefaultEnvironments.All)
        {
            problems.AddRange(ComputeConfigValidator.Validate(env, $"environments.{env.Name.ToString().ToLowerInvariant()}"));
        }

        Assert.That(problems, Is.Empty);
    }

    [Test]
    public void The_spec_groups_restated_in_an_override_are_valid() =>
        Assert.That(ConfigLoader.Load(Compute("prod", Groups()), ["prod"]).Single().Compute.NodeGroups, Has.Count.EqualTo(3));

    // Section 4 #9
    [Test]
    public void Min_above_max_is_rejected() =>
        Assert.That(Problems(Compute("prod", Groups(g => g[2]!["scaling"] = Scaling(5, 4, 3)))),
            Is.EqualTo(new[] { "environments.prod.compute.nodeGroups[spot].scaling: min (5) > max (3), got min 5, desired 4, max 3" }));

    [TestCase(2, "desired (2) outside [min (3), max (20)]")]
    [TestCase(21, "desired (21) outside [min (3), max (20)]")]
    public void Desired_outside_min_max_is_rejected(int desired, string message) =>
        Assert.That(Problems(Compute("prod", Groups(g => g[0]!["scaling"] = Scaling(3, desired, 20)))),
            Is.EqualTo(new[] { $"environments.prod.compute.nodeGroups[general].scaling: {message}, got min 3, desired {desired}, max 20" }));

    [Test]
    public void Min_below_one_is_rejected() =>
        Assert.That(Problems(Compute("dev", Groups(g => g[2]!["scaling"] = Scaling(0, 0, 3)))),
            Is.EqualTo(new[] { "environments.dev.compute.nodeGroups[spot].scaling: min (0) must be at least 1, got min 0, desired 0, max 3" }));

    [Test]
    public void Prod_needs_headroom_of_twice_the_minimum() =>
        Assert.That(Problems(Compute("prod", Groups(g => g[0]!["scaling"] = Scaling(3, 3, 5)))),
            Is.EqualTo(new[] { "environments.prod.compute.nodeGroups[general].scaling: prod (production tier) needs max ≥ 2 × min for scaling headroom, max (5) < 6, got min 3, desired 3, max 5" }));

    // Section 4 #10: the JSON enum check names the allowed values (ON_DEMAND/SPOT are written on-demand/spot).
    [TestCase("SPOTTY")]
    [TestCase("ON_DEMAND")]
    public void Unknown_capacity_type_is_rejected(string capacity) =>
        Assert.That(Problems(Compute("prod", Groups(g => g[2]!["capacityType"] = capacity))),
            Is.EqualTo(new[] { $"environments.prod.compute.nodeGroups[2].capacityType: must be one of [on-demand, spot], got \"{capacity}\"" }));

    // Section 4 #11
    [Test]
    public void Spot_group_with_one_instance_type_is_rejected() =>
        Assert.That(Problems(Compute("prod", Groups(g => g[2]!["instanceTypes"] = new JsonArray("t3.large")))),
            Is.EqualTo(new[] { "environments.prod.compute.nodeGroups[spot].instanceTypes: need at least 2 instance types for SPOT (capacity diversification), got [t3.large]" }));

    [Test]
    public void Instance_types_of_different_sizes_are_rejected() =>
        Assert.That(Problems(Compute("prod", Groups(g => g[2]!["instanceTypes"] = new JsonArray("t3.large", "m5.2xlarge")))),
            Is.EqualTo(new[] { "environments.prod.compute.nodeGroups[spot].instanceTypes: must all be one size (e.g. t3.large, t3a.large, m5.large): the Cluster Autoscaler sizes a group by its first type, got [t3.large, m5.2xlarge]" }));

    [Test]
    public void Prod_without_an_on_demand_group_is_rejected() =>
        Assert.That(Problems(Compute("prod", """
            { "nodeGroups": [
                { "name": "spot", "capacityType": "spot", "instanceTypes": ["t3.large", "t3a.large"], "scaling": { "min": 3, "desired": 3, "max": 20 } } ] }
            """)),
            Is.EqualTo(new[] { "environments.prod.compute.nodeGroups: prod (production tier) needs at least one on-demand group (system workloads must not depend on spot capacity), got [spot (SPOT)]" }));

    [Test]
    public void Staging_needs_an_on_demand_group_of_at_least_two_nodes() =>
        Assert.That(Problems(Compute("staging", """
            { "nodeGroups": [
                { "name": "general", "capacityType": "on-demand", "instanceTypes": ["t3.large"], "scaling": { "min": 1, "desired": 1, "max": 6 } } ] }
            """)),
            Is.EqualTo(new[] { "environments.staging.compute.nodeGroups: staging (staging tier) needs an on-demand group with min ≥ 2 so system workloads survive the loss of a node, got [general (min 1)]" }));

    [Test]
    public void Dev_may_run_spot_only()
    {
        var dev = ConfigLoader.Load(Compute("dev", """
            { "nodeGroups": [
                { "name": "spot", "capacityType": "spot", "instanceTypes": ["t3.large", "t3a.large"], "scaling": { "min": 1, "desired": 1, "max": 3 } } ] }
            """), ["dev"]).Single();
        Assert.That(dev.Compute.NodeGroups.Single().CapacityType, Is.EqualTo(CapacityType.Spot));
    }

    [Test]
    public void Duplicate_and_malformed_group_names_are_rejected()
    {
        var problems = Problems(Compute("prod", Groups(g => { g[1]!["name"] = "general"; g[2]!["name"] = "Spot_Group"; })));
        Assert.That(problems, Is.EquivalentTo(new[]
        {
            "environments.prod.compute.nodeGroups[general].name: must be unique in the cluster, got 'general'",
            "environments.prod.compute.nodeGroups[2].name: must be 1–16 lower-case letters, digits or '-', starting with a letter, got 'Spot_Group'",
        }));
    }

    // Section 4 #12
    [TestCase("1.99")]
    [TestCase("1.33")]
    [TestCase("1.34")]
    [TestCase("1.35.0")]
    public void Unsupported_kubernetes_version_is_rejected(string version) =>
        Assert.That(Problems(Compute("prod", $$"""{ "kubernetesVersion": "{{version}}" }""")),
            Is.EqualTo(new[] { $"environments.prod.compute.kubernetesVersion: must be an EKS version in standard support [1.35, 1.36] (Amazon EKS Kubernetes release calendar, https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html, checked 2026-12-02), got '{version}'" }));

    private static string Ec2Source => AwsFacts.Ec2InstanceTypesSource.ToString();

    /// <summary>issue 10: an instance type that does not exist synthesized (only its shape was checked).</summary>
    [TestCase("t3.enormous", "t3 offers sizes [nano, micro, small, medium, large, xlarge, 2xlarge]")]
    [TestCase("c5.8xlarge", "c5 offers sizes [large, xlarge, 2xlarge, 4xlarge, 9xlarge, 12xlarge, 18xlarge, 24xlarge]")]
    [TestCase("m5.micro", "m5 offers sizes [large, xlarge, 2xlarge, 4xlarge, 8xlarge, 12xlarge, 16xlarge, 24xlarge]")]
    public void An_instance_type_the_family_does_not_offer_is_rejected(string type, string allowed) =>
        Assert.That(Problems(Compute("prod", Groups(g => g[0]!["instanceTypes"] = new JsonArray(type)))),
            Is.EqualTo(new[] { $"environments.prod.compute.nodeGroups[general].instanceTypes: must be an x86_64 EC2 instance type (the nodes run AL2023_x86_64_STANDARD) <family>.<size>; {allowed} ({Ec2Source}), got '{type}'" }));

    /// <summary>Unknown families and Graviton (arm64) families, which the x86_64 node AMI cannot boot.</summary>
    [TestCase("x9.large")]
    [TestCase("m6g.large")]
    [TestCase("large")]
    public void An_unknown_or_arm64_instance_family_is_rejected(string type) =>
        Assert.That(Problems(Compute("prod", Groups(g => g[0]!["instanceTypes"] = new JsonArray(type)))),
            Is.EqualTo(new[] { $"environments.prod.compute.nodeGroups[general].instanceTypes: must be an x86_64 EC2 instance type (the nodes run AL2023_x86_64_STANDARD) <family>.<size> with family in [{string.Join(", ", AwsFacts.Ec2InstanceSizes.Keys)}] ({Ec2Source}), got '{type}'" }));

    [Test]
    public void Every_default_instance_type_is_listed() =>
        Assert.That(DefaultEnvironments.All.SelectMany(e => e.Compute.NodeGroups).SelectMany(g => g.InstanceTypes)
            .Select(t => AwsFacts.CheckFamilySize(t, "", "x", AwsFacts.Ec2InstanceSizes, AwsFacts.Ec2InstanceTypesSource)).Where(p => p is not null), Is.Empty);

    [Test]
    public void Pinned_addon_versions_are_accepted_and_synthesized() =>
        Assert.That(ConfigLoader.Load("""{ "environments": { "prod": { "compute": { "addonVersions": { "kubeProxy": "v1.35.3-eksbuild.2", "coreDns": "v1.12.4-eksbuild.1" } } } } }""")
            .Single(e => e.Name == "prod").Compute.AddonVersions.KubeProxy, Is.EqualTo("v1.35.3-eksbuild.2"));

    [TestCase("1.35.3")]
    [TestCase("v1.35")]
    [TestCase("latest")]
    public void A_malformed_addon_version_is_rejected(string version) =>
        Assert.That(Problems(Compute("prod", $$"""{ "addonVersions": { "vpcCni": "{{version}}" } }""")),
            Is.EqualTo(new[] { $"environments.prod.compute.addonVersions.vpcCni: must be an EKS add-on version v<major>.<minor>.<patch>-eksbuild.<n> such as v1.35.0-eksbuild.1 (aws eks describe-addon-versions --addon-name vpc-cni --kubernetes-version 1.35), got '{version}'" }));

    /// <summary>kube-proxy may not be newer than the control plane nor more than three minors older.</summary>
    [TestCase("v1.36.0-eksbuild.1")]
    [TestCase("v1.31.9-eksbuild.4")]
    public void Kube_proxy_outside_the_version_skew_is_rejected(string version) =>
        Assert.That(Problems(Compute("prod", $$"""{ "addonVersions": { "kubeProxy": "{{version}}" } }""")),
            Is.EqualTo(new[] { $"environments.prod.compute.addonVersions.kubeProxy: kube-proxy must not be newer than the control plane (1.35) nor more than 3 minor versions older, so 1.32–1.35 ({ComputeConfigValidator.KubeProxySkewSource}), got '{version}'" }));

    [Test]
    public void An_unknown_addon_is_rejected_by_name() =>
        Assert.That(Problems(Compute("prod", """{ "addonVersions": { "metricsServer": "v0.7.2-eksbuild.1" } }""")),
            Is.EqualTo(new[] { "environments.prod.compute.addonVersions.metricsServer: allowed fields are [vpcCni, kubeProxy, coreDns, ebsCsiDriver], got an unknown field" }));

    // Section 4 #13
    [TestCase("dev")]
    [TestCase("prod")]
    public void Public_endpoint_open_to_the_internet_is_rejected_in_any_environment(string env)
    {
        var problems = Problems(Compute(env, """{ "publicAccessCidrs": ["203.0.113.0/24", "0.0.0.0/0"] }"""));
        Assert.That(problems, Has.Member($"environments.{env}.compute.publicAccessCidrs[1]: must not open the API endpoint to the whole internet (a /0 range), got '0.0.0.0/0'"));
    }

    [TestCase("prod")]
    [TestCase("staging")]
    public void Public_endpoint_outside_dev_is_rejected(string env) =>
        Assert.That(Problems(Compute(env, """{ "publicAccessCidrs": ["203.0.113.0/24"] }""")),
            Is.EqualTo(new[] { $"environments.{env}.compute.publicAccessCidrs: {env} ({Tier(env)} tier) keeps the cluster endpoint private; a public endpoint (from listed ranges) is allowed in the development tier only, got [203.0.113.0/24]" }));

    [Test]
    public void Malformed_public_range_is_rejected() =>
        Assert.That(Problems(Compute("dev", """{ "publicAccessCidrs": ["203.0.113.0/33"] }""")),
            Has.Member("environments.dev.compute.publicAccessCidrs[0]: must be a valid IPv4 CIDR ('203.0.113.0/33' is not a valid IPv4 CIDR (a.b.c.d/0–32)), got '203.0.113.0/33'"));

    [Test]
    public void Dev_may_open_the_public_endpoint_to_listed_ranges() =>
        Assert.That(ConfigLoader.Load(Compute("dev", """{ "publicAccessCidrs": ["203.0.113.0/24"] }"""), ["dev"]).Single().Compute.PublicAccessCidrs,
            Is.EqualTo(new[] { "203.0.113.0/24" }));

    [TestCase("arn:aws:iam::123456789012:user/alice")]
    [TestCase("arn:aws:iam::12345:role/admin")]
    [TestCase("platform-admin")]
    public void Malformed_admin_role_arn_is_rejected(string arn) =>
        Assert.That(Problems(Compute("prod", $$"""{ "adminRoleArn": "{{arn}}" }""")),
            Is.EqualTo(new[] { $"environments.prod.compute.adminRoleArn: must be an IAM role ARN such as arn:aws:iam::123456789012:role/platform-admin, got '{arn}'" }));

    // Section 4 #32 and rule 59 (audit logs ≥ 365 days)
    [TestCase(45)]
    [TestCase(180)]
    public void Control_plane_log_retention_must_be_a_cloudwatch_value_of_a_year_or_more(int days) =>
        Assert.That(Problems(Compute("prod", $$"""{ "controlPlaneLogRetentionDays": {{days}} }""")),
            Is.EqualTo(new[] { $"environments.prod.compute.controlPlaneLogRetentionDays: holds the audit log, so it must be a CloudWatch retention value of at least 365 days [365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], got {days}" }));

    [TestCase(0)]
    [TestCase(101)]
    public void Max_unavailable_percentage_must_be_1_to_100(int percentage) =>
        Assert.That(Problems(Compute("prod", $$"""{ "maxUnavailablePercentage": {{percentage}} }""")),
            Is.EqualTo(new[] { $"environments.prod.compute.maxUnavailablePercentage: must be 1–100, got {percentage}" }));

    [Test]
    public void Every_compute_problem_is_reported_at_once()
    {
        var problems = Problems(Compute("prod", """
            { "kubernetesVersion": "1.99", "publicAccessCidrs": ["0.0.0.0/0"], "adminRoleArn": "x",
              "nodeGroups": [ { "name": "spot", "capacityType": "spot", "instanceTypes": ["t3.large"], "scaling": { "min": 5, "desired": 4, "max": 3 } } ] }
            """));
        Assert.That(problems.Select(p => p[..p.IndexOf(':')]), Is.EquivalentTo(new[]
        {
            "environments.prod.compute.kubernetesVersion",
            "environments.prod.compute.adminRoleArn",
            "environments.prod.compute.publicAccessCidrs",
            "environments.prod.compute.publicAccessCidrs[0]",
            "environments.prod.compute.nodeGroups[spot].instanceTypes",
            "environments.prod.compute.nodeGroups[spot].scaling",
            "environments.prod.compute.nodeGroups",
        }));
    }

    private static string Tier(string env) => DefaultEnvironments.All.Single(e => e.Name == env).Tier.Id();
}
