using System.Text.Json.Nodes;
using Ecolaura.Tf.Policies;

namespace Ecolaura.Tf.Docs;

/// <summary>One box of the topology diagram: a resource of a synthesized stack, a replica it declares, or the users.</summary>
/// <param name="Id">Mermaid id.</param>
/// <param name="Resource">The resource (for a replica, the resource that declares it); null for the users.</param>
/// <param name="Place">Where it is drawn: a region (<c>us-east-1</c>), <see cref="TopologyGraph.GlobalPlace"/> or <see cref="TopologyGraph.OutsidePlace"/>.</param>
/// <param name="Shape">Outline.</param>
/// <param name="Lines">Label: what it is, then <c>&lt;workspace&gt;: &lt;address&gt;</c>.</param>
public sealed record TopologyNode(string Id, ResourceKey? Resource, string Place, NodeShape Shape, IReadOnlyList<string> Lines)
{
    /// <summary>The subnet tier (<c>Tier</c> tag of its subnets: public, app, data) or, without subnets, a service group.</summary>
    public string Group { get; set; } = "";

    /// <summary>The security groups the resource runs in (addresses), for network flows.</summary>
    public IReadOnlyList<ResourceKey> SecurityGroups { get; init; } = [];
}

/// <summary>The two diagrams of the topology, so neither drowns in arrows.</summary>
public enum TopologyView
{
    /// <summary>Users, edge, app and data resources with the requests, data and logs between them, and the network flows.</summary>
    Traffic,

    /// <summary>KMS keys → what they encrypt, alarms → SNS topics → PagerDuty and Slack.</summary>
    KeysAndAlarms,
}

/// <summary>An arrow of the topology diagram.</summary>
/// <param name="From">Mermaid id of a node or a security-group box.</param>
/// <param name="To">Mermaid id of a node or a security-group box.</param>
/// <param name="Style">Solid for requests and data, dotted for keys, alarms and web ACLs.</param>
/// <param name="Kind">What derived it (origin, forward, network, alarm, encrypts, …); used to place attached resources.</param>
/// <param name="Label">Label lines.</param>
public sealed record TopologyEdge(string From, string To, EdgeStyle Style, string Kind, IReadOnlyList<string> Label);

/// <summary>
/// The AWS topology of one environment, derived from its synthesized stacks only: the main resources (CloudFront, WAF,
/// ALB, target groups, EKS cluster and node groups, RDS, ElastiCache, S3 buckets, Secrets Manager secrets, KMS keys,
/// SNS topics and their subscribers), placed by region (the default provider's, the DR alias's, and the global
/// CloudFront services created through us-east-1) and by tier (the <c>Tier</c> tag of the subnets they run in), and
/// the flows between them, each read from references in the JSON.
/// </summary>
/// <remarks>
/// Flows: users → CloudFront (its aliases); CloudFront → each origin (resolved through remote state and Route 53 alias
/// records) with the paths its cache behaviours send there; web ACL → what it filters; ALB → target groups (listener
/// rules, with paths and blue/green weights); network flows from the security-group ingress rules between the groups
/// resources run in; access and standard logs into buckets; alarms → the SNS topic they notify (metric names);
/// topics → subscribers; node groups → cluster; KMS keys → what they encrypt. Any other reference from one main
/// resource to another is drawn with its attribute path, so a new kind of link shows up rather than vanishing.
/// </remarks>
public sealed class TopologyGraph
{
    /// <summary>The place of CloudFront and its CLOUDFRONT-scope WAF ACL (global services, created through us-east-1).</summary>
    public const string GlobalPlace = "global";

    /// <summary>The place of the users.</summary>
    public const string OutsidePlace = "outside";

    private const string UsersId = "ext_users";

    /// <summary>The resource types drawn as boxes, with their outline.</summary>
    public static readonly IReadOnlyDictionary<string, NodeShape> MainTypes = new Dictionary<string, NodeShape>(StringComparer.Ordinal)
    {
        ["aws_cloudfront_distribution"] = NodeShape.Box,
        ["aws_wafv2_web_acl"] = NodeShape.Box,
        ["aws_lb"] = NodeShape.Box,
        ["aws_lb_target_group"] = NodeShape.Box,
        ["aws_eks_cluster"] = NodeShape.Box,
        ["aws_eks_node_group"] = NodeShape.Box,
        ["aws_db_instance"] = NodeShape.Store,
        ["aws_elasticache_replication_group"] = NodeShape.Store,
        ["aws_s3_bucket"] = NodeShape.Store,
        ["aws_secretsmanager_secret"] = NodeShape.Box,
        ["aws_kms_key"] = NodeShape.Box,
        ["aws_sns_topic"] = NodeShape.Box,
        ["aws_sns_topic_subscription"] = NodeShape.External,
        ["aws_chatbot_slack_channel_configuration"] = NodeShape.External,
    };

    /// <summary>Subnet <c>Tier</c> tags and the tier names the diagram gives them, in drawing order.</summary>
    private static readonly (string Tag, string Title)[] Tiers =
    [
        ("public", "edge tier: public subnets"),
        ("app", "app tier: app subnets"),
        ("data", "data tier: data subnets"),
    ];

    /// <summary>Service groups of resources outside subnets, in drawing order.</summary>
    private static readonly (string Group, string Title, string[] Types)[] Services =
    [
        ("storage", "storage: S3 buckets and secrets", ["aws_s3_bucket", "aws_secretsmanager_secret"]),
        ("keys", "KMS keys", ["aws_kms_key"]),
        ("alerting", "alerting: SNS topics and their subscribers", ["aws_sns_topic", "aws_sns_topic_subscription", "aws_chatbot_slack_channel_configuration"]),
    ];

    private readonly SynthesizedApp _app;
    private readonly List<TopologyNode> _nodes = [];
    private readonly Dictionary<ResourceKey, TopologyNode> _byResource = [];
    private readonly List<TopologyEdge> _edges = [];

    private TopologyGraph(SynthesizedApp app, string environment)
    {
        _app = app;
        Environment = environment;
        Stacks = app.StacksOf(environment);
        PrimaryRegion = Stacks.Select(s => s.Region).OfType<string>().GroupBy(r => r).OrderByDescending(g => g.Count()).ThenBy(g => Stacks.First(s => s.Region == g.Key).Id, StringComparer.Ordinal).Select(g => g.Key).FirstOrDefault()
            ?? throw new InvalidOperationException($"no stack of {environment} has a default AWS provider");
        DrRegions = Stacks.SelectMany(s => s.Document.Root["provider"]?["aws"] as JsonArray ?? [])
            .Where(p => p?["alias"]?.GetValue<string>() == "dr").Select(p => p!["region"]!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The environment drawn.</summary>
    public string Environment { get; }

    /// <summary>Its stacks, producers first.</summary>
    public IReadOnlyList<AppStack> Stacks { get; }

    /// <summary>The region most stacks deploy to.</summary>
    public string PrimaryRegion { get; }

    /// <summary>The regions of the <c>aws.dr</c> provider aliases.</summary>
    public IReadOnlySet<string> DrRegions { get; }

    /// <summary>Every box.</summary>
    public IReadOnlyList<TopologyNode> Nodes => _nodes;

    /// <summary>Every arrow, in the order drawn.</summary>
    public IReadOnlyList<TopologyEdge> Edges => _edges;

    /// <summary>The box of a resource, or null when it is not drawn.</summary>
    public TopologyNode? NodeOf(string stackId, string address) =>
        _byResource.Values.FirstOrDefault(n => n.Resource?.StackId == stackId && n.Resource.Address == address && !n.Id.Contains("_replica_", StringComparison.Ordinal));

    /// <summary>Derives the topology of <paramref name="environment"/> from <paramref name="app"/>.</summary>
    /// <exception cref="InvalidOperationException">The environment has no stack with a default AWS provider, or a reference cannot be resolved.</exception>
    public static TopologyGraph Of(SynthesizedApp app, string environment)
    {
        var graph = new TopologyGraph(app, environment);
        graph.AddNodes();
        graph.AddEdges();
        graph.PlaceAttachedResources();
        return graph;
    }

    private void AddNodes()
    {
        _nodes.Add(new TopologyNode(UsersId, null, OutsidePlace, NodeShape.External, ["Users", "browsers and apps"]) { Group = OutsidePlace });
        foreach (var stack in Stacks)
        {
            foreach (var resource in stack.Document.AllResources().Where(r => MainTypes.ContainsKey(r.Type)).OrderBy(r => r.Type, StringComparer.Ordinal).ThenBy(r => r.Name, StringComparer.Ordinal))
            {
                var key = new ResourceKey(stack.Id, resource.Type, resource.Name);
                var node = new TopologyNode(
                    MermaidFlowchart.Id("r", $"{stack.Workspace.Id()}_{resource.Type.Replace("aws_", "", StringComparison.Ordinal)}_{resource.Name}"),
                    key, PlaceOf(stack, resource), MainTypes[resource.Type], [Describe(resource), $"{stack.Workspace.Id()}: {resource.Address}"])
                {
                    Group = TierOf(stack, resource) ?? ServiceGroup(resource.Type),
                    SecurityGroups = SecurityGroupsOf(stack, resource),
                };
                _nodes.Add(node);
                _byResource[key] = node;

                foreach (var replica in resource.Blocks("replica").Where(b => b["region"] is not null))
                {
                    var region = replica["region"]!.GetValue<string>();
                    var replicaNode = new TopologyNode($"{node.Id}_replica_{MermaidFlowchart.Id("r", region)[2..]}", key, region, node.Shape,
                        [$"replica of {Describe(resource)}", $"{stack.Workspace.Id()}: {resource.Address} replica"])
                    {
                        Group = node.Group,
                    };
                    _nodes.Add(replicaNode);
                    AddEdge(node.Id, replicaNode.Id, EdgeStyle.Solid, "replicates", "replicates");
                }
            }
        }
    }

    private void AddEdges()
    {
        foreach (var stack in Stacks)
        {
            foreach (var resource in stack.Document.AllResources().OrderBy(r => r.Type, StringComparer.Ordinal).ThenBy(r => r.Name, StringComparer.Ordinal))
            {
                var key = new ResourceKey(stack.Id, resource.Type, resource.Name);
                switch (resource.Type)
                {
                    case "aws_cloudfront_distribution":
                        AddDistributionFlows(stack, key, resource);
                        break;
                    case "aws_wafv2_web_acl_association":
                        Connect(stack, resource, "web_acl_arn", "resource_arn", EdgeStyle.Dotted, "web ACL", "filters");
                        break;
                    case "aws_lb_listener_rule":
                        AddForwards(stack, resource, resource.Blocks("action"), RuleConditions(resource));
                        break;
                    case "aws_lb_listener":
                        AddForwards(stack, resource, resource.Blocks("default_action"), ["default action"]);
                        break;
                    case "aws_s3_bucket_logging":
                        Connect(stack, resource, "bucket", "target_bucket", EdgeStyle.Solid, "logs", "access logs");
                        break;
                    case "aws_cloudwatch_log_delivery":
                        Connect(stack, resource, "delivery_source_name", "delivery_destination_arn", EdgeStyle.Solid, "logs", "standard logs");
                        break;
                    case "aws_cloudwatch_metric_alarm":
                        AddAlarm(stack, resource);
                        break;
                }

                AddKeyUses(stack, key, resource);
                if (_byResource.ContainsKey(key))
                {
                    AddDirectReferences(stack, key, resource);
                }
            }
        }

        AddNetworkFlows();
    }

    /// <summary>Users → distribution, distribution → each origin with the paths its behaviours route there.</summary>
    private void AddDistributionFlows(AppStack stack, ResourceKey key, TfResource distribution)
    {
        var id = _byResource[key].Id;
        var aliases = distribution.List("aliases");
        AddEdge(UsersId, id, EdgeStyle.Solid, "request", [$"HTTPS ({distribution.Block("default_cache_behavior")?["viewer_protocol_policy"]?.GetValue<string>() ?? "viewer protocol unset"})", .. aliases]);
        foreach (var (origin, index) in distribution.Blocks("origin").Select((o, i) => (o, i)))
        {
            var originId = origin["origin_id"]?.GetValue<string>() ?? $"origin {index}";
            var paths = distribution.Blocks("ordered_cache_behavior")
                .Where(b => b["target_origin_id"]?.GetValue<string>() == originId)
                .Select(b => b["path_pattern"]?.GetValue<string>() ?? "?").ToList();
            if (distribution.Block("default_cache_behavior")?["target_origin_id"]?.GetValue<string>() == originId)
            {
                paths.Add("default");
            }

            var shown = paths.Count > 4 ? [.. paths.Take(3), $"+{paths.Count - 3} more"] : paths;
            foreach (var target in Reach(stack, origin["domain_name"], passThrough: 1))
            {
                AddEdge(id, target.Id, EdgeStyle.Solid, "origin", [$"origin {originId}", string.Join(", ", shown)]);
            }
        }

        foreach (var acl in Reach(stack, distribution.Body["web_acl_id"], passThrough: 0))
        {
            AddEdge(acl.Id, id, EdgeStyle.Dotted, "web ACL", "filters");
        }
    }

    /// <summary>Load balancer → target groups of forward actions (listener → load balancer is followed).</summary>
    private void AddForwards(AppStack stack, TfResource owner, IReadOnlyList<JsonNode> actions, IReadOnlyList<string> conditions)
    {
        var loadBalancers = Reach(stack, owner.Body["listener_arn"] ?? owner.Body["load_balancer_arn"], passThrough: 1).ToArray();
        foreach (var action in actions)
        {
            var targets = (action["forward"]?["target_group"] as JsonArray ?? []).OfType<JsonNode>()
                .Select(t => (Arn: t["arn"], Weight: TfResource.Number(t["weight"])))
                .Append((Arn: action["target_group_arn"], Weight: (double?)null))
                .Where(t => t.Arn is not null);
            foreach (var (arn, weight) in targets)
            {
                foreach (var group in Reach(stack, arn, passThrough: 0))
                {
                    foreach (var lb in loadBalancers)
                    {
                        AddEdge(lb.Id, group.Id, EdgeStyle.Solid, "forward", weight is null ? [.. conditions] : [.. conditions, $"weight {weight}"]);
                    }
                }
            }
        }
    }

    private static IReadOnlyList<string> RuleConditions(TfResource rule)
    {
        var paths = rule.Blocks("condition").SelectMany(c => (c["path_pattern"]?["values"] as JsonArray ?? []).Select(v => v!.GetValue<string>())).ToArray();
        return [paths.Length > 0 ? string.Join(", ", paths) : "other paths"];
    }

    /// <summary>A connector resource that joins two main resources: what <paramref name="from"/> reaches → what <paramref name="to"/> reaches.</summary>
    private void Connect(AppStack stack, TfResource connector, string from, string to, EdgeStyle style, string kind, string label)
    {
        foreach (var source in Reach(stack, connector.Body[from], passThrough: 1))
        {
            foreach (var target in Reach(stack, connector.Body[to], passThrough: 1))
            {
                AddEdge(source.Id, target.Id, style, kind, label);
            }
        }
    }

    /// <summary>Watched resource → notified topic, labelled with the metric; the most specific dimension names the watched resource.</summary>
    private void AddAlarm(AppStack stack, TfResource alarm)
    {
        var topics = new[] { "alarm_actions", "ok_actions", "insufficient_data_actions" }
            .SelectMany(a => Reach(stack, alarm.Body[a], passThrough: 0)).Distinct().ToArray();
        var dimensions = alarm.Body["dimensions"] as JsonObject ?? [];
        var specific = dimensions.Where(d => d.Key == "TargetGroup").ToArray();
        var watched = (specific.Length > 0 ? specific : dimensions.ToArray())
            .SelectMany(d => Reach(stack, d.Value, passThrough: 0).Concat(MemberOf(stack, d.Key, d.Value)))
            .Distinct().ToArray();
        foreach (var source in watched)
        {
            foreach (var topic in topics)
            {
                AddEdge(source.Id, topic.Id, EdgeStyle.Dotted, "alarm", alarm.Str("metric_name") ?? "alarm");
            }
        }
    }

    /// <summary>
    /// An ElastiCache member cluster id (<c>&lt;replication_group_id&gt;-NNN</c>, the literal <c>RedisCache.NodeIds</c> gives
    /// the per-node alarms) names its replication group.
    /// </summary>
    private IEnumerable<TopologyNode> MemberOf(AppStack stack, string dimension, JsonNode? value)
    {
        if (dimension != "CacheClusterId" || value is not JsonValue v || !v.TryGetValue<string>(out var id))
        {
            yield break;
        }

        foreach (var group in stack.Document.Resources("aws_elasticache_replication_group"))
        {
            var groupId = group.Str("replication_group_id");
            if (groupId is not null && (id == groupId || id.StartsWith($"{groupId}-", StringComparison.Ordinal))
                && _byResource.TryGetValue(new ResourceKey(stack.Id, group.Type, group.Name), out var node))
            {
                yield return node;
            }
        }
    }

    /// <summary>
    /// KMS key → what it encrypts: references from encryption attributes (<c>kms_key_id</c>, <c>kms_master_key_id</c>,
    /// <c>key_arn</c>, …). A helper resource (bucket encryption configuration, launch template) stands for the main
    /// resource it configures or that uses it; keys used only by resources not drawn list them in their label.
    /// </summary>
    private void AddKeyUses(AppStack stack, ResourceKey key, TfResource resource)
    {
        if (resource.Type is "aws_kms_key" or "aws_kms_alias")
        {
            return;
        }

        foreach (var reference in _app.ReferencesOf(stack, resource.Body).Where(r => r.Target.Type == "aws_kms_key" && IsEncryptionAttribute(r.Path)))
        {
            if (!_byResource.TryGetValue(reference.Target, out var keyNode))
            {
                continue;
            }

            var owners = Owners(stack, key, resource, reference.Path).ToArray();
            if (owners.Length == 0)
            {
                NoteUnDrawnUse(keyNode, resource.Type);
            }

            foreach (var owner in owners)
            {
                AddEdge(keyNode.Id, owner.Id, EdgeStyle.Dotted, "encrypts", "encrypts");
            }
        }
    }

    private IEnumerable<TopologyNode> Owners(AppStack stack, ResourceKey key, TfResource resource, string path)
    {
        if (_byResource.TryGetValue(key, out var node))
        {
            // A key named inside a replica block encrypts the replica.
            var replica = path.StartsWith("replica[", StringComparison.Ordinal)
                ? _nodes.FirstOrDefault(n => n.Resource == key && n.Id != node.Id && resource.Blocks("replica").Any(b => b["region"]?.GetValue<string>() == n.Place))
                : null;
            return [replica ?? node];
        }

        var configured = Reach(stack, resource.Body, passThrough: 0).Where(n => n.Resource?.Type is not ("aws_kms_key" or "aws_sns_topic")).ToArray();
        if (configured.Length > 0)
        {
            return configured;
        }

        // A launch template is part of the node groups that use it; other helpers (log groups, tables, repositories)
        // are not drawn and are listed on the key instead.
        return resource.Type != "aws_launch_template" ? []
            : _byResource.Where(p => p.Key.StackId == stack.Id)
                .Where(p => _app.ReferencesOf(stack, _app.Resolve(p.Key)!.Body).Any(r => r.Target == key))
                .Select(p => p.Value).ToArray();
    }

    private readonly Dictionary<string, SortedDictionary<string, int>> _unDrawnUses = [];

    private void NoteUnDrawnUse(TopologyNode keyNode, string type)
    {
        if (!_unDrawnUses.TryGetValue(keyNode.Id, out var uses))
        {
            _unDrawnUses[keyNode.Id] = uses = new SortedDictionary<string, int>(StringComparer.Ordinal);
        }

        uses[type] = uses.GetValueOrDefault(type) + 1;
    }

    private static bool IsEncryptionAttribute(string path)
    {
        var last = path.Split('.').Last();
        last = last.Contains('[', StringComparison.Ordinal) ? last[..last.IndexOf('[', StringComparison.Ordinal)] : last;
        return last.Split('_').Contains("kms") || last is "key_arn" or "key_id";
    }

    /// <summary>References between main resources that no rule above explains, labelled with the attribute path.</summary>
    private void AddDirectReferences(AppStack stack, ResourceKey key, TfResource resource)
    {
        var from = _byResource[key];
        foreach (var reference in _app.ReferencesOf(stack, resource.Body))
        {
            if (!_byResource.TryGetValue(reference.Target, out var to) || to == from || reference.Target.Type == "aws_kms_key")
            {
                continue;
            }

            var attribute = StripIndexes(reference.Path);
            switch (resource.Type, attribute)
            {
                case ("aws_cloudfront_distribution", "origin.domain_name" or "web_acl_id"):
                    break;
                case ("aws_sns_topic_subscription", "topic_arn"):
                case ("aws_chatbot_slack_channel_configuration", "sns_topic_arns"):
                    AddEdge(to.Id, from.Id, EdgeStyle.Solid, "notifies", "notifies");
                    break;
                case ("aws_eks_node_group", _) when reference.Target.Type == "aws_eks_cluster":
                    AddEdge(from.Id, to.Id, EdgeStyle.Dotted, "member", "joins");
                    break;
                default:
                    AddEdge(from.Id, to.Id, EdgeStyle.Solid, "reference", attribute);
                    break;
            }
        }
    }

    /// <summary>
    /// Network flows from security-group ingress rules (<c>aws_vpc_security_group_ingress_rule</c>,
    /// <c>aws_security_group_rule</c> of type ingress): resources in the source group → resources in the target group,
    /// labelled with protocol and ports. Resources that share their groups are drawn in one box the flows attach to.
    /// </summary>
    private void AddNetworkFlows()
    {
        var rules = new List<(ResourceKey Source, ResourceKey Target, string Ports)>();
        foreach (var stack in Stacks)
        {
            foreach (var rule in stack.Document.Resources("aws_vpc_security_group_ingress_rule"))
            {
                rules.AddRange(SecurityGroupPairs(stack, rule, "referenced_security_group_id", "security_group_id", rule.Str("ip_protocol"), rule.Num("from_port"), rule.Num("to_port")));
            }

            foreach (var rule in stack.Document.Resources("aws_security_group_rule").Where(r => r.Str("type") == "ingress"))
            {
                rules.AddRange(SecurityGroupPairs(stack, rule, "source_security_group_id", "security_group_id", rule.Str("protocol"), rule.Num("from_port"), rule.Num("to_port")));
            }
        }

        foreach (var (source, target, ports) in rules)
        {
            foreach (var from in Endpoints(source))
            {
                foreach (var to in Endpoints(target).Where(to => to != from))
                {
                    AddEdge(from, to, EdgeStyle.Solid, "network", ports);
                }
            }
        }
    }

    private IEnumerable<(ResourceKey, ResourceKey, string)> SecurityGroupPairs(AppStack stack, TfResource rule, string sourceAttribute, string targetAttribute, string? protocol, double? fromPort, double? toPort)
    {
        var ports = protocol is "-1" or "all" ? "all traffic"
            : fromPort == toPort ? $"{protocol} {fromPort}"
            : $"{protocol} {fromPort}-{toPort}";
        foreach (var source in _app.ReferencesOf(stack, rule.Body[sourceAttribute]).Where(r => r.Target.Type == "aws_security_group"))
        {
            foreach (var target in _app.ReferencesOf(stack, rule.Body[targetAttribute]).Where(r => r.Target.Type == "aws_security_group"))
            {
                yield return (source.Target, target.Target, ports);
            }
        }
    }

    /// <summary>The boxes a flow into or out of a security group attaches to: its shared box, or each resource in it.</summary>
    private IEnumerable<string> Endpoints(ResourceKey securityGroup)
    {
        var members = _nodes.Where(n => n.SecurityGroups.Contains(securityGroup)).ToArray();
        return SharedBox(members) is { } box ? [box] : members.Select(m => m.Id);
    }

    /// <summary>The id of the box drawn around resources that share exactly the same security groups in one tier, or null.</summary>
    private static string? SharedBox(IReadOnlyList<TopologyNode> members) =>
        members.Count > 1 && members.All(m => m.SecurityGroups.SequenceEqual(members[0].SecurityGroups) && m.Group == members[0].Group && m.Place == members[0].Place)
            ? MermaidFlowchart.Id("sg", $"{members[0].Place}_{string.Join("_", members[0].SecurityGroups.Select(g => g.Name))}")
            : null;

    /// <summary>Target groups and regional web ACLs have no subnets: they are drawn in the tier of the load balancer they serve or filter.</summary>
    private void PlaceAttachedResources()
    {
        foreach (var node in _nodes.Where(n => n.Group == ""))
        {
            var anchors = _edges.Where(e => e.Kind is "forward" or "web ACL")
                .Select(e => e.To == node.Id ? e.From : e.From == node.Id ? e.To : null)
                .Select(id => _nodes.FirstOrDefault(n => n.Id == id))
                .Where(n => n is not null && n.Place == node.Place && Tiers.Any(t => t.Tag == n.Group))
                .Select(n => n!.Group).Distinct().ToArray();
            node.Group = anchors.Length == 1 ? anchors[0] : "other";
        }
    }

    /// <summary>The main resources a reference in <paramref name="node"/> leads to, passing through up to <paramref name="passThrough"/> resources that are not drawn.</summary>
    private IEnumerable<TopologyNode> Reach(AppStack stack, JsonNode? node, int passThrough)
    {
        var found = new List<TopologyNode>();
        foreach (var reference in _app.ReferencesOf(stack, node))
        {
            if (_byResource.TryGetValue(reference.Target, out var target))
            {
                found.Add(target);
            }
            else if (passThrough > 0 && _app.Resolve(reference.Target) is { } helper)
            {
                found.AddRange(Reach(_app.Stack(reference.Target.StackId), helper.Body, passThrough - 1));
            }
        }

        return found.Distinct();
    }

    private void AddEdge(string from, string to, EdgeStyle style, string kind, params string[] label)
    {
        var existing = _edges.FindIndex(e => e.From == from && e.To == to && e.Style == style);
        if (existing < 0)
        {
            _edges.Add(new TopologyEdge(from, to, style, kind, label));
        }
        else if (!_edges[existing].Label.SequenceEqual(label))
        {
            var merged = _edges[existing].Label.Concat(label).Distinct().ToArray();
            _edges[existing] = _edges[existing] with { Label = merged };
        }
    }

    private string PlaceOf(AppStack stack, TfResource resource) =>
        resource.Type.StartsWith("aws_cloudfront_", StringComparison.Ordinal) || (resource.Type == "aws_wafv2_web_acl" && resource.Str("scope") == "CLOUDFRONT")
            ? GlobalPlace
            : stack.Document.RegionOf(resource) ?? stack.Region ?? PrimaryRegion;

    /// <summary>The <c>Tier</c> tag of the subnets a resource runs in (directly, or through its subnet group), or null.</summary>
    private string? TierOf(AppStack stack, TfResource resource)
    {
        var subnets = new List<ResourceKey>();
        foreach (var reference in _app.ReferencesOf(stack, resource.Body))
        {
            if (reference.Target.Type == "aws_subnet")
            {
                subnets.Add(reference.Target);
            }
            else if (reference.Target.Type.EndsWith("_subnet_group", StringComparison.Ordinal) && _app.Resolve(reference.Target) is { } group)
            {
                subnets.AddRange(_app.ReferencesOf(_app.Stack(reference.Target.StackId), group.Body).Select(r => r.Target).Where(t => t.Type == "aws_subnet"));
            }
        }

        return subnets.Select(s => _app.Resolve(s)?.Body["tags"]?["Tier"]?.GetValue<string>()).OfType<string>().Order(StringComparer.Ordinal).FirstOrDefault();
    }

    private static string ServiceGroup(string type) => Services.FirstOrDefault(s => s.Types.Contains(type)).Group ?? "";

    /// <summary>The security groups a resource runs in: referenced in its body or in a launch template it uses.</summary>
    private IReadOnlyList<ResourceKey> SecurityGroupsOf(AppStack stack, TfResource resource)
    {
        var references = _app.ReferencesOf(stack, resource.Body).ToList();
        foreach (var template in references.Where(r => r.Target.Type == "aws_launch_template").ToArray())
        {
            references.AddRange(_app.ReferencesOf(_app.Stack(template.Target.StackId), _app.Resolve(template.Target)?.Body));
        }

        return references.Select(r => r.Target).Where(t => t.Type == "aws_security_group").Distinct()
            .OrderBy(t => t.ToString(), StringComparer.Ordinal).ToArray();
    }

    /// <summary>What a resource is, from its own attributes.</summary>
    private static string Describe(TfResource r)
    {
        static string Plain(string? text) => (text ?? "?").Replace("${", "", StringComparison.Ordinal).Replace("}", "", StringComparison.Ordinal);
        return r.Type switch
        {
            "aws_cloudfront_distribution" => "CloudFront distribution",
            "aws_wafv2_web_acl" => $"WAF web ACL, {r.Str("scope")} scope",
            "aws_lb" => $"{(r.Bool("internal") == true ? "internal" : "internet-facing")} {r.Str("load_balancer_type") ?? "application"} load balancer",
            "aws_lb_target_group" => $"target group: {r.Str("target_type") ?? "instance"} targets, {r.Str("protocol")} {r.Str("port")}",
            "aws_eks_cluster" => $"EKS cluster {r.Str("name")}, Kubernetes {r.Str("version")}",
            "aws_eks_node_group" => $"node group: {r.Str("capacity_type")} {string.Join(", ", r.List("instance_types"))}, {TfResource.Value(r.Block("scaling_config"), "min_size")}–{TfResource.Value(r.Block("scaling_config"), "max_size")} nodes",
            "aws_db_instance" => $"RDS {r.Str("engine")} {r.Str("engine_version")}, {r.Str("instance_class")}{(r.Bool("multi_az") == true ? ", Multi-AZ" : "")}",
            "aws_elasticache_replication_group" => $"ElastiCache {r.Str("engine")} {r.Str("engine_version")}, {r.Str("node_type")} × {r.Str("num_cache_clusters")}",
            "aws_s3_bucket" => "S3 bucket",
            "aws_secretsmanager_secret" => $"secret {r.Str("name")}",
            "aws_kms_key" => "KMS key",
            "aws_sns_topic" => r.Str("display_name") is { } display ? $"SNS topic: {display}" : "SNS topic",
            "aws_sns_topic_subscription" => $"{r.Str("protocol")} subscription to {Plain(r.Str("endpoint"))}",
            "aws_chatbot_slack_channel_configuration" => $"AWS Chatbot to Slack channel {r.Str("slack_channel_id")}",
            _ => r.Type,
        };
    }

    private static string StripIndexes(string path) => System.Text.RegularExpressions.Regex.Replace(path, @"\[\d+\]", "");

    /// <summary>The edge kinds of the keys-and-alarms view; every other kind belongs to the traffic view.</summary>
    private static readonly string[] ControlKinds = ["encrypts", "alarm", "notifies"];

    /// <summary>Resource types drawn only in the keys-and-alarms view.</summary>
    private static readonly string[] ControlTypes = ["aws_kms_key", "aws_sns_topic", "aws_sns_topic_subscription", "aws_chatbot_slack_channel_configuration"];

    /// <summary>The edges of <paramref name="view"/>.</summary>
    public IEnumerable<TopologyEdge> EdgesOf(TopologyView view) =>
        _edges.Where(e => ControlKinds.Contains(e.Kind) == (view == TopologyView.KeysAndAlarms));

    /// <summary>
    /// The nodes of <paramref name="view"/>: for traffic, the users and every resource but keys and alerting; for keys
    /// and alarms, keys, topics and subscribers and whatever they encrypt or watch.
    /// </summary>
    public IEnumerable<TopologyNode> NodesOf(TopologyView view)
    {
        if (view == TopologyView.Traffic)
        {
            return _nodes.Where(n => n.Resource is null || !ControlTypes.Contains(n.Resource.Type));
        }

        var linked = EdgesOf(view).SelectMany(e => new[] { e.From, e.To }).ToHashSet(StringComparer.Ordinal);
        return _nodes.Where(n => (n.Resource is not null && ControlTypes.Contains(n.Resource.Type)) || linked.Contains(n.Id));
    }

    /// <summary>
    /// One view of the topology as a Mermaid flowchart: a box per place (global services, the primary region, other
    /// regions such as the DR region), inside it a box per tier and service group, then the arrows of the view.
    /// </summary>
    public string ToMermaid(TopologyView view)
    {
        var nodes = NodesOf(view).ToArray();
        var chart = new MermaidFlowchart("LR");
        foreach (var outside in nodes.Where(n => n.Place == OutsidePlace))
        {
            chart.Node(outside.Id, outside.Shape, [.. outside.Lines]);
        }

        var places = nodes.Select(n => n.Place).Where(p => p != OutsidePlace).Distinct()
            .OrderBy(p => p == GlobalPlace ? 0 : p == PrimaryRegion ? 1 : DrRegions.Contains(p) ? 2 : 3).ThenBy(p => p, StringComparer.Ordinal).ToArray();
        foreach (var place in places)
        {
            chart.Subgraph(MermaidFlowchart.Id("place", place), PlaceTitle(place, nodes), () =>
            {
                var inPlace = nodes.Where(n => n.Place == place).ToArray();
                var groups = Tiers.Select(t => (t.Tag, t.Title)).Concat(Services.Select(s => (Tag: s.Group, s.Title)))
                    .Concat(inPlace.Select(n => n.Group).Distinct().Where(g => Tiers.All(t => t.Tag != g) && Services.All(s => s.Group != g)).Order(StringComparer.Ordinal).Select(g => (Tag: g, Title: g)));
                foreach (var (tag, title) in groups)
                {
                    var members = inPlace.Where(n => n.Group == tag).ToArray();
                    if (members.Length == 0)
                    {
                        continue;
                    }

                    if (place == GlobalPlace)
                    {
                        DrawMembers(chart, members, view);
                    }
                    else
                    {
                        chart.Subgraph(MermaidFlowchart.Id("group", $"{place}_{tag}"), title, () => DrawMembers(chart, members, view));
                    }
                }
            });
        }

        foreach (var edge in EdgesOf(view))
        {
            chart.Edge(edge.From, edge.To, edge.Style, [.. edge.Label]);
        }

        return chart.ToString();
    }

    /// <summary>Declares <paramref name="members"/>; in the traffic view, resources that share their security groups go in one box.</summary>
    private void DrawMembers(MermaidFlowchart chart, IReadOnlyList<TopologyNode> members, TopologyView view)
    {
        foreach (var shared in members.GroupBy(m => string.Join(",", m.SecurityGroups)))
        {
            var box = view == TopologyView.Traffic && shared.First().SecurityGroups.Count > 0
                ? SharedBox(_nodes.Where(n => n.SecurityGroups.SequenceEqual(shared.First().SecurityGroups)).ToArray())
                : null;
            if (box is null)
            {
                foreach (var member in shared)
                {
                    DrawNode(chart, member);
                }
            }
            else
            {
                chart.Subgraph(box, $"security group {string.Join(", ", shared.First().SecurityGroups.Select(g => g.Name))}", () =>
                {
                    foreach (var member in shared)
                    {
                        DrawNode(chart, member);
                    }
                });
            }
        }
    }

    private void DrawNode(MermaidFlowchart chart, TopologyNode node)
    {
        var lines = node.Lines.ToList();
        if (_unDrawnUses.TryGetValue(node.Id, out var uses))
        {
            lines.Add($"also encrypts: {string.Join(", ", uses.Select(u => $"{u.Key} ×{u.Value}"))}");
        }

        chart.Node(node.Id, node.Shape, [.. lines]);
    }

    private string PlaceTitle(string place, IReadOnlyList<TopologyNode> drawn)
    {
        var aliases = drawn.Where(n => n.Place == place && n.Resource is not null)
            .Select(n => n.Id.Contains("_replica_", StringComparison.Ordinal) ? "replica blocks" : _app.Resolve(n.Resource!)?.Str("provider") ?? "default")
            .Distinct().Order(StringComparer.Ordinal);
        var via = $"providers: {string.Join(", ", aliases)}";
        return place switch
        {
            GlobalPlace => $"global: CloudFront and its web ACL, created in us-east-1; {via}",
            _ when place == PrimaryRegion => $"{place}: primary region; {via}",
            _ when DrRegions.Contains(place) => $"{place}: DR region; {via}",
            _ => $"{place}; {via}",
        };
    }
}
