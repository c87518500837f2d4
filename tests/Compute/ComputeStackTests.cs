using System.Text.Json.Nodes;
using Ecolaura.Tf.App;
using Ecolaura.Tf.Tests.Support;

namespace Ecolaura.Tf.Tests.Stacks;

/// <summary>Properties of the synthesized compute workspace (EKS, KMS, IAM and log-group checks, and the EKS reliability floors).</summary>
public class ComputeStackTests
{
    private static StackJson Compute(EnvironmentName env) => Synthesized.Stack(env, Workspace.Compute);

    private static EnvironmentConfig Config(EnvironmentName env) => DefaultEnvironments.All.Single(e => e.Name == env.Id());

    private static IEnumerable<EnvironmentName> AllEnvironments() => Enum.GetValues<EnvironmentName>();

    private static string Remote(string workspace, string output) => $"${{data.terraform_remote_state.{workspace}.outputs.{output}}}";

    /// <summary>Every statement of every IAM policy document of the stack, with where it came from.</summary>
    private static IEnumerable<(string Address, JsonObject Statement)> IamStatements(StackJson stack)
    {
        foreach (var (type, attribute) in new[] { ("aws_iam_role", "assume_role_policy"), ("aws_iam_role_policy", "policy") })
        {
            foreach (var (name, resource) in stack.Resources(type))
            {
                foreach (var statement in StackJson.Document(resource[attribute])["Statement"]!.AsArray())
                {
                    yield return ($"{type}.{name}", statement!.AsObject());
                }
            }
        }
    }

    private static IReadOnlyList<string> Values(JsonNode? node) => node switch
    {
        null => [],
        JsonArray array => array.Select(v => v!.GetValue<string>()).ToArray(),
        _ => [node.GetValue<string>()],
    };

    [TestCaseSource(nameof(AllEnvironments))]
    public void Has_two_on_demand_and_one_spot_group(EnvironmentName env)
    {
        var groups = Compute(env).Resources("aws_eks_node_group");
        Assert.That(groups.Keys.Order(), Is.EqualTo(new[] { "nodes_compute", "nodes_general", "nodes_spot" }));
        Assert.Multiple(() =>
        {
            Assert.That(groups["nodes_general"].Str("capacity_type"), Is.EqualTo("ON_DEMAND"));
            Assert.That(groups["nodes_general"].Strs("instance_types"), Is.EqualTo(new[] { "t3.large" }), "consistent workloads");
            Assert.That(groups["nodes_compute"].Str("capacity_type"), Is.EqualTo("ON_DEMAND"));
            Assert.That(groups["nodes_compute"].Strs("instance_types"), Is.EqualTo(new[] { "c5.xlarge" }), "compute-intensive workloads");
            Assert.That(groups["nodes_spot"].Str("capacity_type"), Is.EqualTo("SPOT"));
            Assert.That(groups["nodes_spot"].Strs("instance_types"), Has.Count.GreaterThanOrEqualTo(2), "spot capacity is diversified");
        });
    }

    [Test]
    public void Every_group_scales_between_3_and_20_in_prod()
    {
        foreach (var (name, group) in Compute(EnvironmentName.Prod).Resources("aws_eks_node_group"))
        {
            var scaling = group.Block("scaling_config");
            Assert.That((scaling.Num("min_size"), scaling.Num("max_size")), Is.EqualTo(((double?)3, (double?)20)), name);
        }
    }

    [TestCaseSource(nameof(AllEnvironments))]
    public void Every_group_scales_as_configured_with_min_le_desired_le_max(EnvironmentName env)
    {
        var groups = Compute(env).Resources("aws_eks_node_group");
        foreach (var config in Config(env).Compute.NodeGroups)
        {
            var scaling = groups[$"nodes_{config.Name}"].Block("scaling_config");
            var (min, desired, max) = (scaling.Num("min_size"), scaling.Num("desired_size"), scaling.Num("max_size"));
            Assert.That((min, desired, max), Is.EqualTo(((double?)config.Scaling.Min, (double?)config.Scaling.Desired, (double?)config.Scaling.Max)), config.Name);
            Assert.That(1 <= min && min <= desired && desired <= max, $"{config.Name}: 1 ≤ {min} ≤ {desired} ≤ {max}");
        }
    }

    [TestCaseSource(nameof(AllEnvironments))]
    public void Autoscaler_discovery_tags_reach_every_asg(EnvironmentName env)
    {
        var stack = Compute(env);
        var cluster = new Naming(Config(env)).ClusterName;
        var tags = stack.Resources("aws_autoscaling_group_tag").Values.ToArray();
        foreach (var config in Config(env).Compute.NodeGroups)
        {
            var asg = $"${{aws_eks_node_group.nodes_{config.Name}.resources[0].autoscaling_groups[0].name}}";
            var onAsg = tags.Where(t => t.Str("autoscaling_group_name") == asg).Select(t => t.Block("tag")!)
                .ToDictionary(t => t.Str("key")!, t => t.Str("value"));
            Assert.That(tags.Where(t => t.Str("autoscaling_group_name") == asg).Select(t => t.Block("tag").Bool("propagate_at_launch")), Has.All.False);
            Assert.That(onAsg, Does.ContainKey("k8s.io/cluster-autoscaler/enabled").WithValue("true"), config.Name);
            Assert.That(onAsg, Does.ContainKey($"k8s.io/cluster-autoscaler/{cluster}").WithValue("owned"), config.Name);
            Assert.That(onAsg, Does.ContainKey("k8s.io/cluster-autoscaler/node-template/label/ecolaura.io/node-group").WithValue(config.Name));
            Assert.That(onAsg, Does.ContainKey("k8s.io/cluster-autoscaler/node-template/label/eks.amazonaws.com/capacityType").WithValue(config.CapacityType.ToEks()));
            if (config.Dedicated)
            {
                Assert.That(onAsg, Does.ContainKey("k8s.io/cluster-autoscaler/node-template/taint/ecolaura.io/dedicated").WithValue($"{config.Name}:NoSchedule"));
            }
        }
    }

    [TestCaseSource(nameof(AllEnvironments))]
    public void Compute_group_is_labelled_and_tainted_so_only_its_workloads_land_there(EnvironmentName env)
    {
        var groups = Compute(env).Resources("aws_eks_node_group");
        Assert.That(groups["nodes_compute"]["labels"].Str("ecolaura.io/node-group"), Is.EqualTo("compute"));
        var taint = groups["nodes_compute"].Block("taint");
        Assert.That((taint.Str("key"), taint.Str("value"), taint.Str("effect")), Is.EqualTo(("ecolaura.io/dedicated", "compute", "NO_SCHEDULE")));
        Assert.That(groups["nodes_general"]["taint"], Is.Null, "general takes any pod");
    }

    [TestCaseSource(nameof(AllEnvironments))]
    public void Secrets_are_encrypted_with_a_cmk(EnvironmentName env)
    {
        var stack = Compute(env);
        var encryption = stack.Single("aws_eks_cluster").Block("encryption_config");
        Assert.That(encryption.Strs("resources"), Is.EqualTo(new[] { "secrets" }));
        var keyArn = encryption.Block("provider").Str("key_arn");
        Assert.That(keyArn, Is.EqualTo(stack.Ref("aws_kms_key", "secrets", "arn")));
        Assert.That(stack.Resource("aws_kms_key", "secrets").Bool("enable_key_rotation"), Is.True);
        var clusterRolePolicy = StackJson.Document(stack.Resource("aws_iam_role_policy", "cluster_role_secrets_encryption")["policy"]);
        Assert.That(clusterRolePolicy["Statement"]![0]!["Resource"]!.GetValue<string>(), Is.EqualTo(keyArn), "the cluster role may use only its key");
    }

    [Test]
    public void Endpoint_is_private_in_prod()
    {
        var vpc = Compute(EnvironmentName.Prod).Single("aws_eks_cluster").Block("vpc_config")
            ?? throw new AssertionException("prod's aws_eks_cluster has no vpc_config block");
        Assert.That(vpc.Bool("endpoint_private_access"), Is.True, StackJson.Show(vpc));
        Assert.That(vpc.Bool("endpoint_public_access"), Is.False, StackJson.Show(vpc));
        Assert.That(vpc["public_access_cidrs"], Is.Null);
    }

    [TestCaseSource(nameof(AllEnvironments))]
    public void Public_endpoint_is_never_open_to_the_internet(EnvironmentName env)
    {
        var vpc = Compute(env).Single("aws_eks_cluster").Block("vpc_config");
        Assert.That(vpc.Bool("endpoint_public_access"), Is.Not.Null, "set explicitly: the provider default is public");
        if (vpc.Bool("endpoint_public_access") == true)
        {
            Assert.That(vpc.Strs("public_access_cidrs"), Is.Not.Empty.And.All.Not.EndsWith("/0"));
        }
    }

    [Test]
    public void Dev_opens_the_public_endpoint_only_to_configured_ranges()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"ecolaura-public-endpoint-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        try
        {
            var config = Path.Combine(dir, "dev.json");
            File.WriteAllText(config, """{ "environments": { "dev": { "compute": { "publicAccessCidrs": ["203.0.113.0/24"] } } } }""");
            var code = Cli.Run(["synth", "--env", "dev", "--config", config, "--out", Path.Combine(dir, "out")], new StringWriter(), new StringWriter());
            Assert.That(code, Is.Zero);
            var json = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "out", "stacks", "dev-compute", "cdk.tf.json")))!;
            var vpc = json["resource"]!["aws_eks_cluster"]!["cluster"].Block("vpc_config");
            Assert.That(vpc.Bool("endpoint_public_access"), Is.True);
            Assert.That(vpc.Bool("endpoint_private_access"), Is.True);
            Assert.That(vpc.Strs("public_access_cidrs"), Is.EqualTo(new[] { "203.0.113.0/24" }));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [TestCaseSource(nameof(AllEnvironments))]
    public void Control_plane_logs_every_type_to_a_precreated_encrypted_group_kept_a_year(EnvironmentName env)
    {
        var stack = Compute(env);
        var cluster = stack.Single("aws_eks_cluster");
        var group = stack.Single("aws_cloudwatch_log_group");
        Assert.Multiple(() =>
        {
            Assert.That(cluster.Strs("enabled_cluster_log_types"), Is.EquivalentTo(new[] { "api", "audit", "authenticator", "controllerManager", "scheduler" }));
            Assert.That(group.Str("name"), Is.EqualTo($"/aws/eks/{cluster.Str("name")}/cluster"));
            Assert.That(group.Num("retention_in_days"), Is.GreaterThanOrEqualTo(365), "audit logs are kept a year");
            Assert.That(AwsFacts.LogRetentionDays, Does.Contain((int)group.Num("retention_in_days")!.Value));
            Assert.That(group.Str("kms_key_id"), Is.EqualTo(Remote("foundation", "logs_kms_key_arn")));
            Assert.That(cluster.Strs("depends_on"), Does.Contain("aws_cloudwatch_log_group.cluster"), "EKS must not create the group first");
        });
    }

    [TestCaseSource(nameof(AllEnvironments))]
    public void Cluster_version_is_configured_and_in_standard_support(EnvironmentName env)
    {
        var version = Compute(env).Single("aws_eks_cluster").Str("version");
        Assert.That(version, Is.EqualTo(Config(env).Compute.KubernetesVersion));
        Assert.That(ComputeConfigValidator.SupportedKubernetesVersions.Keys, Does.Contain(version));
    }

    [TestCaseSource(nameof(AllEnvironments))]
    public void Cluster_sits_in_the_app_subnets_with_the_control_plane_group_and_is_protected(EnvironmentName env)
    {
        var cluster = Compute(env).Single("aws_eks_cluster");
        var vpc = cluster.Block("vpc_config");
        Assert.That(cluster.Str("name"), Is.EqualTo(new Naming(Config(env)).ClusterName), "the network tags subnets with this name");
        Assert.That(vpc.Str("subnet_ids"), Is.EqualTo(Remote("network", "app_subnet_ids")));
        Assert.That(vpc.Strs("security_group_ids"), Is.EqualTo(new[] { Remote("network", "eks_control_plane_security_group_id") }));
        Assert.That(cluster.Block("lifecycle").Bool("prevent_destroy"), Is.True);
    }

    [TestCaseSource(nameof(AllEnvironments))]
    public void Admin_access_comes_only_from_the_configured_role(EnvironmentName env)
    {
        var stack = Compute(env);
        var access = stack.Single("aws_eks_cluster").Block("access_config");
        var entry = stack.Single("aws_eks_access_entry");
        var association = stack.Single("aws_eks_access_policy_association");
        Assert.Multiple(() =>
        {
            Assert.That(access.Str("authentication_mode"), Is.EqualTo("API"));
            Assert.That(access.Bool("bootstrap_cluster_creator_admin_permissions"), Is.False, "no implicit admin for whoever applies");
            Assert.That(entry.Str("principal_arn"), Is.EqualTo(Config(env).Compute.AdminRoleArn));
            Assert.That(association.Str("policy_arn"), Is.EqualTo("arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"));
            Assert.That(association.Str("principal_arn"), Is.EqualTo(stack.Ref("aws_eks_access_entry", "cluster_admin", "principal_arn")));
            Assert.That(association.Block("access_scope").Str("type"), Is.EqualTo("cluster"));
        });
    }

    [TestCaseSource(nameof(AllEnvironments))]
    public void Node_launch_templates_require_imdsv2_with_hop_limit_1(EnvironmentName env)
    {
        var stack = Compute(env);
        foreach (var (name, group) in stack.Resources("aws_eks_node_group"))
        {
            var template = stack.Resource("aws_launch_template", StackJson.ReferencedName(group.Block("launch_template")!["id"]));
            var metadata = template.Block("metadata_options");
            Assert.That((metadata.Str("http_endpoint"), metadata.Str("http_tokens"), metadata.Num("http_put_response_hop_limit")),
                Is.EqualTo(("enabled", "required", (double?)1)), name);
        }
    }

    [TestCaseSource(nameof(AllEnvironments))]
    public void Node_root_volumes_are_encrypted_gp3_with_a_cmk(EnvironmentName env)
    {
        var stack = Compute(env);
        Assert.That(stack.Resources("aws_launch_template"), Has.Count.EqualTo(Config(env).Compute.NodeGroups.Count));
        foreach (var (name, template) in stack.Resources("aws_launch_template"))
        {
            var ebs = template.Arr("block_device_mappings").Single().Block("ebs");
            Assert.That((ebs.Str("volume_type"), ebs.Str("encrypted"), ebs.Str("kms_key_id")),
                Is.EqualTo(("gp3", "true", stack.Ref("aws_kms_key", "volumes", "arn"))), name);
        }
    }

    [TestCaseSource(nameof(AllEnvironments))]
    public void Node_groups_have_no_remote_access_and_use_the_node_security_group_in_every_zone(EnvironmentName env)
    {
        var stack = Compute(env);
        foreach (var (name, group) in stack.Resources("aws_eks_node_group"))
        {
            var template = stack.Resource("aws_launch_template", StackJson.ReferencedName(group.Block("launch_template")!["id"]));
            Assert.Multiple(() =>
            {
                Assert.That(group["remote_access"], Is.Null, $"{name}: SSH is replaced by SSM");
                Assert.That(template["key_name"], Is.Null, name);
                Assert.That(group.Str("subnet_ids"), Is.EqualTo(Remote("network", "app_subnet_ids")), $"{name}: every AZ's app subnet");
                Assert.That(template.Strs("vpc_security_group_ids"), Is.EqualTo(new[] { Remote("network", "eks_nodes_security_group_id") }), name);
                Assert.That(group.Block("launch_template").Str("version"), Is.EqualTo(stack.Ref("aws_launch_template", StackJson.ReferencedName(group.Block("launch_template")!["id"]), "latest_version")));
            });
        }
    }

    [TestCaseSource(nameof(AllEnvironments))]
    public void Node_groups_roll_gradually_and_leave_the_desired_count_to_the_autoscaler(EnvironmentName env)
    {
        foreach (var (name, group) in Compute(env).Resources("aws_eks_node_group"))
        {
            var percentage = group.Block("update_config").Num("max_unavailable_percentage");
            Assert.That(percentage, Is.EqualTo(Config(env).Compute.MaxUnavailablePercentage).And.InRange(1, 50), name);
            Assert.That(group.Block("lifecycle").Strs("ignore_changes"), Is.EqualTo(new[] { "scaling_config[0].desired_size" }), name);
        }
    }

    [TestCaseSource(nameof(AllEnvironments))]
    public void Node_role_has_only_the_kubelet_policies(EnvironmentName env)
    {
        var stack = Compute(env);
        var attached = stack.Resources("aws_iam_role_policy_attachment").Values
            .Where(a => a.Str("role") == stack.Ref("aws_iam_role", "nodes", "name")).Select(a => a.Str("policy_arn")).Order();
        Assert.That(attached, Is.EqualTo(new[]
        {
            "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly",
            "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy",
            "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore",
        }), "the CNI policy belongs to the vpc-cni IRSA role");
        Assert.That(stack.Resource("aws_iam_role_policy_attachment", "irsa_vpc_cni_AmazonEKS_CNI_Policy").Str("role"),
            Is.EqualTo(stack.Ref("aws_iam_role", "irsa_vpc_cni", "name")));
    }

    private static readonly Dictionary<string, string> ServiceAccounts = new()
    {
        ["irsa_vpc_cni"] = "system:serviceaccount:kube-system:aws-node",
        ["irsa_ebs_csi"] = "system:serviceaccount:kube-system:ebs-csi-controller-sa",
        ["irsa_cluster_autoscaler"] = "system:serviceaccount:kube-system:cluster-autoscaler",
        ["irsa_load_balancer_controller"] = "system:serviceaccount:kube-system:aws-load-balancer-controller",
        ["irsa_cloudwatch_observability"] = "system:serviceaccount:amazon-cloudwatch:cloudwatch-agent",
    };

    [TestCaseSource(nameof(AllEnvironments))]
    public void Irsa_roles_trust_only_their_own_service_account(EnvironmentName env)
    {
        var stack = Compute(env);
        const string host = "${local.oidc_issuer_host}";
        Assert.That(stack.Root["locals"].Str("oidc_issuer_host"), Is.EqualTo("${replace(aws_eks_cluster.cluster.identity[0].oidc[0].issuer, \"https://\", \"\")}"));
        var irsa = stack.Resources("aws_iam_role").Where(r => r.Key.StartsWith("irsa_", StringComparison.Ordinal)).ToArray();
        Assert.That(irsa.Select(r => r.Key).Order(), Is.EqualTo(ServiceAccounts.Keys.Order()));
        foreach (var (name, role) in irsa)
        {
            var statement = StackJson.Document(role["assume_role_policy"])["Statement"]!.AsArray().Single()!;
            var conditions = statement["Condition"]!.AsObject();
            Assert.Multiple(() =>
            {
                Assert.That(statement.Str("Effect"), Is.EqualTo("Allow"));
                Assert.That(statement["Principal"].Str("Federated"), Is.EqualTo(stack.Ref("aws_iam_openid_connect_provider", "cluster_oidc", "arn")), name);
                Assert.That(statement.Str("Action"), Is.EqualTo("sts:AssumeRoleWithWebIdentity"), name);
                Assert.That(conditions.Select(c => c.Key), Is.EqualTo(new[] { "StringEquals" }), $"{name}: no StringLike wildcards");
                Assert.That(conditions["StringEquals"].Str($"{host}:sub"), Is.EqualTo(ServiceAccounts[name]), name);
                Assert.That(conditions["StringEquals"].Str($"{host}:aud"), Is.EqualTo("sts.amazonaws.com"), name);
                Assert.That(conditions["StringEquals"]!.AsObject().Count, Is.EqualTo(2), name);
            });
        }
    }

    [TestCaseSource(nameof(AllEnvironments))]
    public void Oidc_provider_serves_sts_audience_from_the_cluster_issuer(EnvironmentName env)
    {
        var oidc = Compute(env).Single("aws_iam_openid_connect_provider");
        Assert.That(oidc.Strs("client_id_list"), Is.EqualTo(new[] { "sts.amazonaws.com" }));
        Assert.That(oidc.Str("url"), Is.EqualTo("${aws_eks_cluster.cluster.identity[0].oidc[0].issuer}"));
    }

    [TestCaseSource(nameof(AllEnvironments))]
    public void No_iam_statement_grants_every_action_or_an_unscoped_resource_to_a_scopable_action(EnvironmentName env)
    {
        var stack = Compute(env);
        string[] unscopable = ["Describe", "List", "Get"];
        foreach (var (address, statement) in IamStatements(stack))
        {
            var actions = Values(statement["Action"]);
            Assert.That(actions, Has.None.EqualTo("*").And.None.EqualTo("*:*").And.None.EndsWith(":*"), address);
            if (Values(statement["Resource"]).Contains("*"))
            {
                var scopable = actions.Where(a => !unscopable.Any(verb => a[(a.IndexOf(':') + 1)..].StartsWith(verb, StringComparison.Ordinal)));
                Assert.That(scopable, Is.Empty, $"{address} {statement.Str("Sid")}: Resource \"*\" only for read actions IAM cannot scope");
            }

            Assert.That(statement["Principal"]?.GetValueKind(), Is.Not.EqualTo(System.Text.Json.JsonValueKind.String), $"{address}: no Principal \"*\"");
        }

        var attached = stack.Resources("aws_iam_role_policy_attachment").Values.Select(a => a.Str("policy_arn"));
        Assert.That(attached, Has.None.EndsWith("/AdministratorAccess").And.None.EndsWith("/IAMFullAccess"));
    }

    [TestCaseSource(nameof(AllEnvironments))]
    public void Autoscaler_changes_only_groups_tagged_as_this_clusters(EnvironmentName env)
    {
        var stack = Compute(env);
        var cluster = new Naming(Config(env)).ClusterName;
        var policy = StackJson.Document(stack.Resource("aws_iam_role_policy", "irsa_cluster_autoscaler")["policy"]);
        var scale = policy["Statement"]!.AsArray().Single(s => Values(s!["Action"]).Contains("autoscaling:SetDesiredCapacity"))!;
        Assert.That(Values(scale["Action"]), Is.EquivalentTo(new[] { "autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup" }));
        Assert.That(Values(scale["Resource"]), Has.None.EqualTo("*"));
        Assert.That(scale["Condition"]?["StringEquals"].Str($"aws:ResourceTag/k8s.io/cluster-autoscaler/{cluster}"), Is.EqualTo("owned"));
    }

    [TestCaseSource(nameof(AllEnvironments))]
    public void Load_balancer_controller_changes_only_its_own_resources(EnvironmentName env)
    {
        var stack = Compute(env);
        var cluster = new Naming(Config(env)).ClusterName;
        var statements = StackJson.Document(stack.Resource("aws_iam_role_policy", "irsa_load_balancer_controller")["policy"])["Statement"]!.AsArray();
        JsonNode Sid(string sid) => statements.Single(s => s.Str("Sid") == sid)!;
        Assert.Multiple(() =>
        {
            Assert.That(Sid("DeleteOwnSecurityGroups")["Condition"]?["StringEquals"].Str("aws:ResourceTag/elbv2.k8s.aws/cluster"), Is.EqualTo(cluster));
            Assert.That(Sid("ModifyOwnLoadBalancers")["Condition"]?["StringEquals"].Str("aws:ResourceTag/elbv2.k8s.aws/cluster"), Is.EqualTo(cluster));
            Assert.That(Sid("CreateTaggedLoadBalancers")["Condition"]?["StringEquals"].Str("aws:RequestTag/elbv2.k8s.aws/cluster"), Is.EqualTo(cluster));
            Assert.That(Sid("OpenNodeGroupsInOwnVpc")["Condition"]?["ArnEquals"].Str("ec2:Vpc"), Does.EndWith($":vpc/{Remote("network", "vpc_id")}"));
            Assert.That(Values(Sid("CreateSecurityGroupsInOwnVpc")["Resource"]), Is.EqualTo(new[] { $"arn:aws:ec2:{Config(env).Region}:{Config(env).AccountId}:vpc/{Remote("network", "vpc_id")}" }));
        });
        Assert.That(stack.Resource("aws_iam_role_policy", "irsa_load_balancer_controller").Str("policy")!.Replace(" ", "").Length, Is.LessThan(10_240), "inline policy size limit");
    }

    [TestCaseSource(nameof(AllEnvironments))]
    public void Managed_addons_run_with_their_own_roles_in_dependency_order(EnvironmentName env)
    {
        var stack = Compute(env);
        var addons = stack.Resources("aws_eks_addon");
        Assert.That(addons.Values.Select(a => a.Str("addon_name")).Order(), Is.EqualTo(new[] { "amazon-cloudwatch-observability", "aws-ebs-csi-driver", "coredns", "kube-proxy", "vpc-cni" }));
        var groups = stack.Resources("aws_eks_node_group").Keys.Select(g => $"aws_eks_node_group.{g}").ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(addons["addon_vpc_cni"].Str("service_account_role_arn"), Is.EqualTo(stack.Ref("aws_iam_role", "irsa_vpc_cni", "arn")));
            Assert.That(addons["addon_ebs_csi"].Str("service_account_role_arn"), Is.EqualTo(stack.Ref("aws_iam_role", "irsa_ebs_csi", "arn")));
            foreach (var group in stack.Resources("aws_eks_node_group").Values)
            {
                Assert.That(group.Strs("depends_on"), Does.Contain("aws_eks_addon.addon_vpc_cni").And.Contain("aws_eks_addon.addon_kube_proxy"), "nodes need a CNI to become Ready");
            }

            Assert.That(addons["addon_coredns"].Strs("depends_on"), Is.SupersetOf(groups), "CoreDNS needs nodes");
            Assert.That(addons["addon_ebs_csi"].Strs("depends_on"), Is.SupersetOf(groups), "the EBS CSI controller needs nodes");
        });
    }

    [TestCaseSource(nameof(AllEnvironments))]
    public void Ecr_repositories_are_immutable_scanned_and_encrypted_with_a_cmk(EnvironmentName env)
    {
        var stack = Compute(env);
        var repositories = stack.Resources("aws_ecr_repository");
        Assert.That(repositories.Keys.Order(), Is.EqualTo(new[] { "ecr_backend", "ecr_frontend", "ecr_microservices" }));
        foreach (var (name, repository) in repositories)
        {
            var encryption = repository.Block("encryption_configuration");
            Assert.Multiple(() =>
            {
                Assert.That(repository.Str("image_tag_mutability"), Is.EqualTo("IMMUTABLE"), name);
                Assert.That(repository.Block("image_scanning_configuration").Bool("scan_on_push"), Is.True, name);
                Assert.That(encryption.Str("encryption_type"), Is.EqualTo("KMS"), name);
                Assert.That(encryption.Str("kms_key"), Is.EqualTo(stack.Ref("aws_kms_key", "images", "arn")), name);
                Assert.That(repository.Bool("force_delete"), Is.False, name);
            });
        }
    }

    [TestCaseSource(nameof(AllEnvironments))]
    public void Ecr_lifecycle_expires_untagged_images_and_keeps_the_last_tagged_ones(EnvironmentName env)
    {
        var stack = Compute(env);
        foreach (var (name, lifecycle) in stack.Resources("aws_ecr_lifecycle_policy"))
        {
            var rules = JsonNode.Parse(lifecycle.Str("policy")!)!["rules"]!.AsArray();
            var untagged = rules.Single(r => r!["selection"].Str("tagStatus") == "untagged")!["selection"];
            Assert.That((untagged.Str("countType"), untagged.Num("countNumber")), Is.EqualTo(("sinceImagePushed", (double?)14)), name);
            var keep = rules.Single(r => r!["selection"].Str("countType") == "imageCountMoreThan")!;
            Assert.That(keep.Num("rulePriority"), Is.EqualTo(rules.Max(r => r.Num("rulePriority"))), $"{name}: an 'any' rule must come last");
            Assert.That(lifecycle.Str("repository"), Does.StartWith("${aws_ecr_repository.ecr_"), name);
        }
    }

    [TestCaseSource(nameof(AllEnvironments))]
    public void Every_kms_key_rotates_and_has_an_explicit_policy(EnvironmentName env)
    {
        var keys = Compute(env).Resources("aws_kms_key");
        Assert.That(keys.Keys.Order(), Is.EqualTo(new[] { "images", "secrets", "volumes" }), "one key per data domain");
        foreach (var (name, key) in keys)
        {
            Assert.Multiple(() =>
            {
                Assert.That(key.Bool("enable_key_rotation"), Is.True, name);
                Assert.That(key.Num("deletion_window_in_days"), Is.EqualTo(30), name);
                Assert.That(key.Block("lifecycle").Bool("prevent_destroy"), Is.True, name);
                var statements = StackJson.Document(key["policy"])["Statement"]!.AsArray();
                Assert.That(statements.Select(s => s!["Principal"]?.GetValueKind()), Has.None.EqualTo(System.Text.Json.JsonValueKind.String), $"{name}: no Principal \"*\"");
            });
        }
    }

    [TestCaseSource(nameof(AllEnvironments))]
    public void Volume_key_lets_auto_scaling_launch_encrypted_nodes(EnvironmentName env)
    {
        var statements = StackJson.Document(Compute(env).Resource("aws_kms_key", "volumes")["policy"])["Statement"]!.AsArray();
        var role = $"arn:aws:iam::{Config(env).AccountId}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling";
        var grant = statements.Single(s => s.Str("Sid") == "AutoScalingGrantsToEbs")!;
        Assert.That(grant["Principal"].Str("AWS"), Is.EqualTo(role));
        Assert.That(grant["Condition"]?["Bool"].Str("kms:GrantIsForAWSResource"), Is.EqualTo("true"));
        Assert.That(statements.Single(s => s.Str("Sid") == "AutoScalingUsesKey")!["Principal"].Str("AWS"), Is.EqualTo(role));
    }

    [TestCaseSource(nameof(AllEnvironments))]
    public void Plans_offline_reading_only_foundation_and_network(EnvironmentName env)
    {
        var stack = Compute(env);
        var data = stack.Root["data"]!.AsObject();
        Assert.That(data.Select(d => d.Key), Is.EqualTo(new[] { "terraform_remote_state" }), "no data source that calls AWS");
        Assert.That(data["terraform_remote_state"]!.AsObject().Select(r => r.Key).Order(), Is.EqualTo(new[] { "foundation", "network" }));
        var manifest = Synthesized.Manifest["stacks"]![stack.Id]!;
        Assert.That(manifest.Strs("dependencies").Order(), Is.EqualTo(new[] { $"{env.Id()}-foundation", $"{env.Id()}-network" }));
    }

    [TestCaseSource(nameof(AllEnvironments))]
    public void Publishes_the_contract_with_the_node_group_and_cluster_ids(EnvironmentName env)
    {
        var stack = Compute(env);
        var outputs = stack.Root["output"]!.AsObject();
        Assert.That(outputs.Select(o => o.Key).Order(), Is.EqualTo(ComputeOutputs.Outputs.Select(o => o.Name).Order()));
        Assert.That(outputs["node_security_group_id"].Str("value"), Is.EqualTo(Remote("network", "eks_nodes_security_group_id")));
        Assert.That(outputs["cluster_security_group_id"].Str("value"), Is.EqualTo("${aws_eks_cluster.cluster.vpc_config[0].cluster_security_group_id}"));
        Assert.That(outputs["oidc_provider_arn"].Str("value"), Is.EqualTo(stack.Ref("aws_iam_openid_connect_provider", "cluster_oidc", "arn")));
        Assert.That(outputs["ecr_frontend_url"].Str("value"), Is.EqualTo(stack.Ref("aws_ecr_repository", "ecr_frontend", "repository_url")));
    }

    [Test]
    public void Contract_examples_are_well_formed()
    {
        foreach (var spec in ComputeOutputs.Outputs)
        {
            var example = spec.Example;
            var ok = spec.Name switch
            {
                var n when n.EndsWith("_arn", StringComparison.Ordinal) => example.StartsWith("arn:aws:", StringComparison.Ordinal),
                var n when n.EndsWith("_url", StringComparison.Ordinal) && n.StartsWith("ecr_", StringComparison.Ordinal) => example.Contains(".dkr.ecr.", StringComparison.Ordinal),
                var n when n.EndsWith("_url", StringComparison.Ordinal) || n == "cluster_endpoint" => Uri.TryCreate(example, UriKind.Absolute, out var uri) && uri.Scheme == "https",
                var n when n.EndsWith("security_group_id", StringComparison.Ordinal) => example.StartsWith("sg-", StringComparison.Ordinal),
                "cluster_certificate_authority_data" => Convert.TryFromBase64String(example, new byte[example.Length], out _),
                _ => example.Length > 0,
            };
            Assert.That(ok, $"{spec.Name}: '{example}'");
            Assert.That(spec.Producer, Is.EqualTo(Workspace.Compute));
        }
    }
}
