using Constructs;
using HashiCorp.Cdktf;

namespace Ecolaura.Tf.Platform;

/// <summary>Props of <see cref="Monitoring"/>.</summary>
public sealed record MonitoringProps
{
    /// <summary>The namespace (created by the stack).</summary>
    public required string Namespace { get; init; }

    /// <summary>Retention and volume sizes.</summary>
    public required MonitoringConfig Config { get; init; }

    /// <summary>The pinned chart versions.</summary>
    public required ChartVersionsConfig Charts { get; init; }

    /// <summary>The full Secrets Manager name of Grafana's admin login (keys <c>admin-user</c>, <c>admin-password</c>).</summary>
    public required string GrafanaAdminSecret { get; init; }

    /// <summary>The full Secrets Manager name of Alertmanager's receivers (keys <c>pagerduty-routing-key</c>, <c>slack-webhook-url</c>).</summary>
    public required string AlertmanagerReceiversSecret { get; init; }

    /// <summary>The StorageClass of the volumes (gp3).</summary>
    public required string StorageClassName { get; init; }

    /// <summary>What must exist first: the namespace, the secret store, the StorageClass.</summary>
    /// <remarks>Default: none.</remarks>
    public IReadOnlyList<ITerraformDependable> DependsOn { get; init; } = [];
}

/// <summary>
/// kube-prometheus-stack: Prometheus (retention from configuration), Alertmanager and Grafana on gp3 volumes, with the
/// chart's default dashboards (cluster, nodes, namespaces and workloads, which cover the apps) and rules. Grafana's
/// admin login and Alertmanager's receiver keys come from Secrets Manager through ExternalSecrets, read from mounted
/// files, never through Terraform state. Alertmanager pages <c>severity=critical</c> through PagerDuty and sends
/// everything else to Slack, the same receivers the CloudWatch alarms use; the always-firing Watchdog goes nowhere.
/// </summary>
public sealed class Monitoring : Construct
{
    /// <summary>The Kubernetes Secret (and ExternalSecret) holding Grafana's admin login.</summary>
    public const string GrafanaAdminSecretName = "grafana-admin";

    /// <summary>The Kubernetes Secret (and ExternalSecret) holding Alertmanager's receiver keys.</summary>
    public const string ReceiversSecretName = "alertmanager-receivers";

    /// <summary>Where the operator mounts a secret listed in <c>alertmanagerSpec.secrets</c>.</summary>
    public const string ReceiversMountPath = $"/etc/alertmanager/secrets/{ReceiversSecretName}";

    /// <summary>The receiver of critical alerts.</summary>
    public const string PagerDutyReceiver = "pagerduty-critical";

    /// <summary>The receiver of every other alert.</summary>
    public const string SlackReceiver = "slack-noncritical";

    /// <summary>Creates the secrets and the release.</summary>
    public Monitoring(Construct scope, string id, MonitoringProps props) : base(scope, id)
    {
        var config = props.Config;
        Secrets = new CustomResources(this, "secrets", new CustomResourcesProps
        {
            Name = "monitoring-secrets",
            Namespace = props.Namespace,
            Version = props.Charts.Raw,
            DependsOn = props.DependsOn,
            Objects =
            [
                ExternalSecret(GrafanaAdminSecretName, props.Namespace, props.GrafanaAdminSecret),
                ExternalSecret(ReceiversSecretName, props.Namespace, props.AlertmanagerReceiversSecret),
            ],
        });

        Release = new PinnedRelease(this, "stack", new PinnedReleaseProps
        {
            Name = ChartPins.KubePrometheusStack,
            Namespace = props.Namespace,
            Chart = ChartPins.KubePrometheusStack,
            Version = props.Charts.KubePrometheusStack,
            DependsOn = [.. props.DependsOn, Secrets.Release.Release],
            Values = new Dictionary<string, object?>
            {
                ["defaultRules"] = new Dictionary<string, object?> { ["create"] = true },
                ["prometheus"] = new Dictionary<string, object?>
                {
                    ["prometheusSpec"] = new Dictionary<string, object?>
                    {
                        ["retention"] = config.PrometheusRetention,
                        ["storageSpec"] = Volume(props.StorageClassName, config.PrometheusVolumeGiB),
                        // Pick up every ServiceMonitor and PodMonitor, not only the chart's own (the apps add theirs).
                        ["serviceMonitorSelectorNilUsesHelmValues"] = false,
                        ["podMonitorSelectorNilUsesHelmValues"] = false,
                    },
                },
                ["alertmanager"] = new Dictionary<string, object?>
                {
                    ["alertmanagerSpec"] = new Dictionary<string, object?>
                    {
                        ["storage"] = Volume(props.StorageClassName, config.AlertmanagerVolumeGiB),
                        ["secrets"] = new[] { ReceiversSecretName },
                    },
                    ["config"] = AlertmanagerConfig(),
                },
                ["grafana"] = new Dictionary<string, object?>
                {
                    ["defaultDashboardsEnabled"] = true,
                    ["admin"] = new Dictionary<string, object?>
                    {
                        ["existingSecret"] = GrafanaAdminSecretName,
                        ["userKey"] = "admin-user",
                        ["passwordKey"] = "admin-password",
                    },
                    ["persistence"] = new Dictionary<string, object?>
                    {
                        ["enabled"] = true,
                        ["type"] = "pvc",
                        ["storageClassName"] = props.StorageClassName,
                        ["accessModes"] = new[] { "ReadWriteOnce" },
                        ["size"] = $"{config.GrafanaVolumeGiB}Gi",
                    },
                },
            },
        });
    }

    /// <summary>The ExternalSecrets of Grafana and Alertmanager.</summary>
    public CustomResources Secrets { get; }

    /// <summary>The kube-prometheus-stack release.</summary>
    public PinnedRelease Release { get; }

    /// <summary>
    /// The Alertmanager configuration: <c>severity="critical"</c> → PagerDuty (Events API v2 routing key read from a
    /// file), Watchdog → nowhere, the rest → Slack (webhook URL read from a file). Keys are Alertmanager's
    /// (https://prometheus.io/docs/alerting/latest/configuration/, checked 2026-12-01).
    /// </summary>
    public static Dictionary<string, object?> AlertmanagerConfig() => new()
    {
        ["route"] = new Dictionary<string, object?>
        {
            ["receiver"] = SlackReceiver,
            ["group_by"] = new[] { "alertname", "namespace" },
            ["group_wait"] = "30s",
            ["group_interval"] = "5m",
            ["repeat_interval"] = "4h",
            ["routes"] = new object[]
            {
                new Dictionary<string, object?> { ["receiver"] = "null", ["matchers"] = new[] { "alertname=\"Watchdog\"" } },
                new Dictionary<string, object?> { ["receiver"] = PagerDutyReceiver, ["matchers"] = new[] { "severity=\"critical\"" } },
            },
        },
        ["receivers"] = new object[]
        {
            new Dictionary<string, object?> { ["name"] = "null" },
            new Dictionary<string, object?>
            {
                ["name"] = PagerDutyReceiver,
                ["pagerduty_configs"] = new[]
                {
                    new Dictionary<string, object?> { ["routing_key_file"] = $"{ReceiversMountPath}/pagerduty-routing-key", ["send_resolved"] = true },
                },
            },
            new Dictionary<string, object?>
            {
                ["name"] = SlackReceiver,
                ["slack_configs"] = new[]
                {
                    new Dictionary<string, object?> { ["api_url_file"] = $"{ReceiversMountPath}/slack-webhook-url", ["send_resolved"] = true },
                },
            },
        },
    };

    /// <summary>An ExternalSecret that copies every key of the JSON secret <paramref name="remoteKey"/> into the Secret <paramref name="name"/>.</summary>
    public static Dictionary<string, object?> ExternalSecret(string name, string ns, string remoteKey) => new()
    {
        ["apiVersion"] = CustomResources.ExternalSecretsApiVersion,
        ["kind"] = "ExternalSecret",
        ["metadata"] = new Dictionary<string, object?> { ["name"] = name, ["namespace"] = ns },
        ["spec"] = new Dictionary<string, object?>
        {
            ["refreshInterval"] = "1h",
            ["secretStoreRef"] = new Dictionary<string, object?> { ["kind"] = "ClusterSecretStore", ["name"] = ClusterAddons.SecretStoreName },
            ["target"] = new Dictionary<string, object?> { ["name"] = name, ["creationPolicy"] = "Owner" },
            ["dataFrom"] = new[] { new Dictionary<string, object?> { ["extract"] = new Dictionary<string, object?> { ["key"] = remoteKey } } },
        },
    };

    private static Dictionary<string, object?> Volume(string storageClass, int gib) => new()
    {
        ["volumeClaimTemplate"] = new Dictionary<string, object?>
        {
            ["spec"] = new Dictionary<string, object?>
            {
                ["storageClassName"] = storageClass,
                ["accessModes"] = new[] { "ReadWriteOnce" },
                ["resources"] = new Dictionary<string, object?> { ["requests"] = new Dictionary<string, object?> { ["storage"] = $"{gib}Gi" } },
            },
        },
    };
}
