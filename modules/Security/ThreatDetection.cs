using System.Text.Encodings.Web;
using System.Text.Json;
using Constructs;
using HashiCorp.Cdktf.Providers.Aws.AccessanalyzerAnalyzer;
using HashiCorp.Cdktf.Providers.Aws.CloudwatchEventRule;
using HashiCorp.Cdktf.Providers.Aws.CloudwatchEventTarget;
using HashiCorp.Cdktf.Providers.Aws.GuarddutyDetector;
using HashiCorp.Cdktf.Providers.Aws.GuarddutyDetectorFeature;
using HashiCorp.Cdktf.Providers.Aws.SecurityhubAccount;
using HashiCorp.Cdktf.Providers.Aws.SecurityhubStandardsSubscription;

namespace Ecolaura.Tf.Security;

/// <summary>Props of <see cref="ThreatDetection"/>.</summary>
public sealed record ThreatDetectionProps
{
    /// <summary>Names of the environment.</summary>
    public required Naming Names { get; init; }

    /// <summary>Security Hub standard ids (validated against <see cref="SecurityHubStandards.Known"/>).</summary>
    public required IReadOnlyList<string> Standards { get; init; }

    /// <summary>Pages on-call.</summary>
    public required string CriticalTopicArn { get; init; }

    /// <summary>Posts to Slack.</summary>
    public required string NonCriticalTopicArn { get; init; }
}

/// <summary>
/// Detection in the account: a GuardDuty detector with S3 and EKS protection, Security Hub with the configured standards
/// (consolidated control findings), an account IAM Access Analyzer, and EventBridge rules that send high-severity
/// GuardDuty findings to on-call and medium ones plus failed critical/high Security Hub controls to Slack.
/// </summary>
/// <remarks>
/// Sources: GuardDuty protection plans and feature names, https://docs.aws.amazon.com/guardduty/latest/APIReference/API_DetectorFeatureConfiguration.html;
/// GuardDuty severity levels (high is 7.0–8.9, critical 9.0–10.0), https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_findings-severity.html;
/// Security Hub EventBridge formats, https://docs.aws.amazon.com/securityhub/latest/userguide/securityhub-cwe-event-formats.html
/// (checked 2026-12-01).
/// </remarks>
public sealed class ThreatDetection : Construct
{
    /// <summary>GuardDuty protection plans enabled on the detector: S3 data events and EKS audit logs.</summary>
    public static IReadOnlyList<string> GuardDutyFeatures { get; } = ["S3_DATA_EVENTS", "EKS_AUDIT_LOGS"];

    /// <summary>GuardDuty findings at or above this severity page on-call; lower ones down to 4 (medium) post to Slack.</summary>
    public const double PagingSeverity = 7;

    /// <summary>Creates the detector, its features, Security Hub, the analyzer and the finding rules.</summary>
    public ThreatDetection(Construct scope, string id, ThreatDetectionProps props) : base(scope, id)
    {
        var names = props.Names;
        var region = names.Environment.Region;
        var detector = new GuarddutyDetector(this, "guardduty", new GuarddutyDetectorConfig
        {
            Enable = true,
            FindingPublishingFrequency = "FIFTEEN_MINUTES",
        });
        DetectorId = detector.Id;
        foreach (var feature in GuardDutyFeatures)
        {
            _ = new GuarddutyDetectorFeature(this, $"guardduty_{feature.ToLowerInvariant()}", new GuarddutyDetectorFeatureConfig
            {
                DetectorId = detector.Id,
                Name = feature,
                Status = "ENABLED",
            });
        }

        var hub = new SecurityhubAccount(this, "securityhub", new SecurityhubAccountConfig
        {
            EnableDefaultStandards = false,
            AutoEnableControls = true,
            ControlFindingGenerator = "SECURITY_CONTROL",
        });
        foreach (var standard in props.Standards)
        {
            _ = new SecurityhubStandardsSubscription(this, $"standard_{standard.Split('/')[0]}_{standard.Split('/')[^1].Replace('.', '_')}", new SecurityhubStandardsSubscriptionConfig
            {
                StandardsArn = SecurityHubStandards.Arn(standard, region),
                DependsOn = [hub],
            });
        }

        _ = new AccessanalyzerAnalyzer(this, "access_analyzer", new AccessanalyzerAnalyzerConfig
        {
            AnalyzerName = names.Of(Workspace.Security, "access-analyzer"),
            Type = "ACCOUNT",
        });

        Route("guardduty_high", "GuardDuty findings of high or critical severity: investigate at once",
            new { source = new[] { "aws.guardduty" }, detailType = new[] { "GuardDuty Finding" }, detail = new { severity = new object[] { new { numeric = new object[] { ">=", PagingSeverity } } } } },
            props.CriticalTopicArn, names);
        Route("guardduty_medium", "GuardDuty findings of medium severity",
            new { source = new[] { "aws.guardduty" }, detailType = new[] { "GuardDuty Finding" }, detail = new { severity = new object[] { new { numeric = new object[] { ">=", 4, "<", PagingSeverity } } } } },
            props.NonCriticalTopicArn, names);
        Route("securityhub_failed", "Security Hub controls that newly failed with critical or high severity",
            new
            {
                source = new[] { "aws.securityhub" },
                detailType = new[] { "Security Hub Findings - Imported" },
                detail = new
                {
                    findings = new
                    {
                        ProductName = new[] { "Security Hub" },
                        Severity = new { Label = new[] { "CRITICAL", "HIGH" } },
                        Compliance = new { Status = new[] { "FAILED" } },
                        Workflow = new { Status = new[] { "NEW" } },
                        RecordState = new[] { "ACTIVE" },
                    },
                },
            },
            props.NonCriticalTopicArn, names);
    }

    /// <summary>The GuardDuty detector id (a token).</summary>
    public string DetectorId { get; }

    private void Route(string ruleId, string description, object pattern, string topicArn, Naming names)
    {
        var json = JsonSerializer.Serialize(pattern, new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }).Replace("\"detailType\"", "\"detail-type\"", StringComparison.Ordinal);
        var rule = new CloudwatchEventRule(this, ruleId, new CloudwatchEventRuleConfig
        {
            Name = names.Of(Workspace.Security, ruleId.Replace('_', '-')),
            Description = description,
            EventPattern = json,
            State = "ENABLED",
        });
        _ = new CloudwatchEventTarget(this, $"{ruleId}_target", new CloudwatchEventTargetConfig
        {
            Rule = rule.Name,
            Arn = topicArn,
            TargetId = "alerts",
        });
    }
}
