using Constructs;
using HashiCorp.Cdktf.Providers.Aws.Lb;
using HashiCorp.Cdktf.Providers.Aws.LbListener;
using HashiCorp.Cdktf.Providers.Aws.LbListenerRule;
using HashiCorp.Cdktf.Providers.Aws.LbTargetGroup;

namespace Ecolaura.Tf.Edge;

/// <summary>Props of <see cref="OriginLoadBalancer"/>.</summary>
public sealed record OriginLoadBalancerProps
{
    /// <summary>Name prefix, e.g. <c>ecolaura-prod-edge</c>: the ALB is <c>&lt;prefix&gt;-alb</c>, target groups <c>&lt;prefix&gt;-fe-blue</c>.</summary>
    /// <remarks>ALB and target group names are limited to 32 characters.</remarks>
    public required string Name { get; init; }

    /// <summary>The VPC of the target groups.</summary>
    public required string VpcId { get; init; }

    /// <summary>Public subnets, one per AZ (at least two).</summary>
    public required string[] SubnetIds { get; init; }

    /// <summary>The network workspace's ALB group (443 from CloudFront's origin-facing prefix list only).</summary>
    public required string SecurityGroupId { get; init; }

    /// <summary>The port pods listen on (targets and health checks).</summary>
    public required int ApplicationPort { get; init; }

    /// <summary>The issued regional certificate of the origin name.</summary>
    public required string CertificateArn { get; init; }

    /// <summary>The HTTPS listener's security policy (validated against the allow-list).</summary>
    public required string SslPolicy { get; init; }

    /// <summary>Idle timeout in seconds: how long an idle WebSocket stays open.</summary>
    public required int IdleTimeoutSeconds { get; init; }

    /// <summary>Refuse deletion through the API (staging and prod).</summary>
    public required bool DeletionProtection { get; init; }

    /// <summary>The access-logs bucket (its policy admits the regional ELB log delivery below <see cref="AccessLogDelivery.AlbPrefix"/>).</summary>
    public required string AccessLogsBucketName { get; init; }

    /// <summary>Blue/green routing and health checks of the frontend.</summary>
    public required EdgeAppConfig Frontend { get; init; }

    /// <summary>Blue/green routing and health checks of the backend.</summary>
    public required EdgeAppConfig Backend { get; init; }

    /// <summary>The header CloudFront adds to origin requests.</summary>
    public required string OriginHeaderName { get; init; }

    /// <summary>Its secret value (a sensitive variable reference, never a literal).</summary>
    public required string OriginHeaderValue { get; init; }
}

/// <summary>A target group's ARN and its CloudWatch dimension value.</summary>
/// <param name="Arn">The target group ARN.</param>
/// <param name="ArnSuffix">The <c>targetgroup/…</c> suffix CloudWatch uses as the TargetGroup dimension.</param>
public sealed record TargetGroupRef(string Arn, string ArnSuffix);

/// <summary>
/// The internet-facing ALB CloudFront uses as its dynamic origin, managed by Terraform (not an Ingress) so later
/// workspaces bind Kubernetes services to its target groups.
/// </summary>
/// <remarks>
/// Only requests that carry CloudFront's secret origin header are routed: <c>/api/*</c> and <c>/ws/*</c> to the backend,
/// everything else to the frontend, each with a weighted forward to its blue and green <c>ip</c> target groups (switching
/// colours changes only the weights). Anything else gets a fixed 403. HTTP :80 answers 301 to HTTPS. WebSockets need no
/// setting on an ALB; <see cref="OriginLoadBalancerProps.IdleTimeoutSeconds"/> bounds how long one may stay idle.
/// </remarks>
public sealed class OriginLoadBalancer : Construct
{
    /// <summary>Seconds a deregistered target keeps draining (long enough for WebSocket clients to reconnect elsewhere).</summary>
    public const int DeregistrationDelaySeconds = 60;

    /// <summary>Creates the ALB, its target groups, listeners and rules.</summary>
    public OriginLoadBalancer(Construct scope, string id, OriginLoadBalancerProps props) : base(scope, id)
    {
        var lb = new Lb(this, "lb", new LbConfig
        {
            Name = $"{props.Name}-alb",
            LoadBalancerType = "application",
            Internal = false,
            IpAddressType = "ipv4",
            Subnets = props.SubnetIds,
            SecurityGroups = [props.SecurityGroupId],
            IdleTimeout = props.IdleTimeoutSeconds,
            DropInvalidHeaderFields = true,
            DesyncMitigationMode = "defensive",
            EnableDeletionProtection = props.DeletionProtection,
            EnableHttp2 = true,
            EnableWafFailOpen = false,
            AccessLogs = new LbAccessLogs { Bucket = props.AccessLogsBucketName, Prefix = AccessLogDelivery.AlbPrefix, Enabled = true },
        });
        LoadBalancerArn = lb.Arn;
        LoadBalancerArnSuffix = lb.ArnSuffix;
        DnsName = lb.DnsName;
        ZoneId = lb.ZoneId;

        var groups = new Dictionary<(EdgeApp, DeploymentColor), TargetGroupRef>();
        foreach (var app in Enum.GetValues<EdgeApp>())
        {
            var config = app == EdgeApp.Frontend ? props.Frontend : props.Backend;
            foreach (var color in Enum.GetValues<DeploymentColor>())
            {
                var colorId = color.ToString().ToLowerInvariant();
                var group = new LbTargetGroup(this, $"{app.Id()}_{colorId}", new LbTargetGroupConfig
                {
                    Name = $"{props.Name}-{app.ShortId()}-{colorId}",
                    TargetType = "ip",
                    Protocol = "HTTP",
                    ProtocolVersion = "HTTP1",
                    Port = props.ApplicationPort,
                    VpcId = props.VpcId,
                    DeregistrationDelay = DeregistrationDelaySeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    HealthCheck = new LbTargetGroupHealthCheck
                    {
                        Enabled = true,
                        Protocol = "HTTP",
                        Port = "traffic-port",
                        Path = config.HealthCheckPath,
                        Matcher = "200-399",
                        HealthyThreshold = 3,
                        UnhealthyThreshold = 3,
                        Interval = 15,
                        Timeout = 5,
                    },
                });
                groups[(app, color)] = new TargetGroupRef(group.Arn, group.ArnSuffix);
            }
        }

        TargetGroups = groups;

        var https = new LbListener(this, "https", new LbListenerConfig
        {
            LoadBalancerArn = lb.Arn,
            Port = ServicePorts.Https,
            Protocol = "HTTPS",
            SslPolicy = props.SslPolicy,
            CertificateArn = props.CertificateArn,
            DefaultAction = new[]
            {
                new LbListenerDefaultAction
                {
                    Type = "fixed-response",
                    FixedResponse = new LbListenerDefaultActionFixedResponse { StatusCode = "403", ContentType = "text/plain", MessageBody = "Forbidden" },
                },
            },
        });
        HttpsListenerArn = https.Arn;

        _ = new LbListener(this, "http", new LbListenerConfig
        {
            LoadBalancerArn = lb.Arn,
            Port = ServicePorts.Http,
            Protocol = "HTTP",
            DefaultAction = new[]
            {
                new LbListenerDefaultAction
                {
                    Type = "redirect",
                    Redirect = new LbListenerDefaultActionRedirect { Protocol = "HTTPS", Port = "443", StatusCode = "HTTP_301" },
                },
            },
        });

        var fromCloudFront = new LbListenerRuleCondition
        {
            HttpHeader = new LbListenerRuleConditionHttpHeader { HttpHeaderName = props.OriginHeaderName, Values = [props.OriginHeaderValue] },
        };
        Rule(EdgeApp.Backend, 100, props.Backend,
        [
            fromCloudFront,
            new LbListenerRuleCondition { PathPattern = new LbListenerRuleConditionPathPattern { Values = EdgeRoutes.BackendPaths.ToArray() } },
        ]);
        Rule(EdgeApp.Frontend, 200, props.Frontend, [fromCloudFront]);

        void Rule(EdgeApp app, int priority, EdgeAppConfig config, LbListenerRuleCondition[] conditions)
        {
            var weights = BlueGreenWeights.Of(config);
            _ = new LbListenerRule(this, app.Id(), new LbListenerRuleConfig
            {
                ListenerArn = https.Arn,
                Priority = priority,
                Condition = conditions,
                Action = new[]
                {
                    new LbListenerRuleAction
                    {
                        Type = "forward",
                        Forward = new LbListenerRuleActionForward
                        {
                            TargetGroup = Enum.GetValues<DeploymentColor>().Select(color => new LbListenerRuleActionForwardTargetGroup
                            {
                                Arn = groups[(app, color)].Arn,
                                Weight = weights.Of(color),
                            }).ToArray(),
                        },
                    },
                },
            });
        }
    }

    /// <summary>The ALB ARN.</summary>
    public string LoadBalancerArn { get; }

    /// <summary>The <c>app/…</c> suffix CloudWatch uses as the LoadBalancer dimension.</summary>
    public string LoadBalancerArnSuffix { get; }

    /// <summary>The ALB's AWS DNS name.</summary>
    public string DnsName { get; }

    /// <summary>The ALB's canonical hosted zone (alias records).</summary>
    public string ZoneId { get; }

    /// <summary>The HTTPS listener.</summary>
    public string HttpsListenerArn { get; }

    /// <summary>Every target group by application and colour.</summary>
    public IReadOnlyDictionary<(EdgeApp App, DeploymentColor Color), TargetGroupRef> TargetGroups { get; }
}
