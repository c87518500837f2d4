using Ecolaura.Tf.Security;

namespace Ecolaura.Tf.Policies.Rules;

/// <summary>ECO-GD-1: The security workspace has an enabled GuardDuty detector with S3 and EKS audit-log protection enabled (aws_guardduty_detector_feature)</summary>
public sealed class GuardDutyEnabled : PolicyRule
{
    /// <inheritdoc />
    public override string Id => "ECO-GD-1";

    /// <inheritdoc />
    public override Severity Severity => Severity.Error;

    /// <inheritdoc />
    public override IReadOnlyList<string> Anchors => ["CKV2_AWS_3", "Security Hub GuardDuty.1", "Security Hub GuardDuty.5", "Security Hub GuardDuty.10"];

    /// <inheritdoc />
    public override string Checks => "The security workspace has an enabled GuardDuty detector with S3 and EKS audit-log protection enabled (aws_guardduty_detector_feature)";

    /// <inheritdoc />
    public override string Why => "Threat detection over the trail, VPC flow logs, DNS, S3 data events and the EKS audit log; a disabled plan is a blind spot.";

    /// <inheritdoc />
    public override IEnumerable<Violation> Evaluate(StackDocument stack)
    {
        var detectors = stack.Resources("aws_guardduty_detector").ToArray();
        if (stack.Workspace == Workspace.Security && detectors.Length == 0)
        {
            yield return new Violation("aws_guardduty_detector", stack.StackId, "no GuardDuty detector in the security workspace", "add the ThreatDetection construct");
        }

        foreach (var detector in detectors)
        {
            if (detector.Bool("enable") == false)
            {
                yield return detector.Violation("enable = false", "keep the detector enabled");
            }

            var features = stack.Pointing("aws_guardduty_detector_feature", "detector_id", detector).ToArray();
            foreach (var name in ThreatDetection.GuardDutyFeatures)
            {
                var feature = features.FirstOrDefault(f => f.Str("name") == name);
                if (feature?.Str("status") != "ENABLED")
                {
                    yield return detector.Violation($"{name} is {feature?.Str("status") ?? "not configured"}", $"add aws_guardduty_detector_feature {name} with status ENABLED");
                }
            }
        }
    }
}
