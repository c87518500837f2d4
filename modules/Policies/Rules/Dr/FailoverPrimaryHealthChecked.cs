namespace Ecolaura.Tf.Policies.Rules;

/// <summary>
/// ECO-DR-3: every Route 53 record with failover routing type <c>PRIMARY</c> has a <c>health_check_id</c> naming an
/// <c>aws_route53_health_check</c> of the same stack, and a CloudWatch alarm watches that health check's
/// <c>HealthCheckStatus</c>.
/// </summary>
public sealed class FailoverPrimaryHealthChecked : PolicyRule
{
    /// <inheritdoc />
    public override string Id => "ECO-DR-3";

    /// <inheritdoc />
    public override Severity Severity => Severity.Error;

    /// <inheritdoc />
    public override IReadOnlyList<string> Anchors => ["REL11-BP02", "Route 53 failover routing"];

    /// <inheritdoc />
    public override string Checks => "A Route 53 PRIMARY failover record has a health check of its stack, and an alarm on that check's HealthCheckStatus";

    /// <inheritdoc />
    public override string Why => "Route 53 treats a PRIMARY record without a health check as always healthy, so traffic never fails over; an unwatched health check fails over silently (https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/dns-failover-configuring.html, checked 2026-12-01).";

    /// <inheritdoc />
    public override IEnumerable<Violation> Evaluate(StackDocument stack)
    {
        foreach (var record in stack.Resources("aws_route53_record"))
        {
            if (TfResource.Value(record.Block("failover_routing_policy"), "type") != "PRIMARY")
            {
                continue;
            }

            var check = stack.Referenced(record.Str("health_check_id"));
            if (check is not { Type: "aws_route53_health_check" })
            {
                yield return record.Violation($"PRIMARY failover record with health_check_id = {record.Show("health_check_id")}",
                    "give the PRIMARY record the health check of its origin (OriginHealthCheck)");
                continue;
            }

            var watched = stack.Resources("aws_cloudwatch_metric_alarm").Any(a =>
                a.Str("namespace") == "AWS/Route53" && a.Str("metric_name") == "HealthCheckStatus"
                && StackDocument.Refers(TfResource.Value(a.Body["dimensions"], "HealthCheckId"), check));
            if (!watched)
            {
                yield return record.Violation($"no alarm on HealthCheckStatus of {check.Address}", "alarm on the health check's status to the critical topic");
            }
        }
    }
}
