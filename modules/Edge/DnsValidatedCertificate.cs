using Constructs;
using HashiCorp.Cdktf.Providers.Aws.AcmCertificate;
using HashiCorp.Cdktf.Providers.Aws.AcmCertificateValidation;
using HashiCorp.Cdktf.Providers.Aws.Provider;
using HashiCorp.Cdktf.Providers.Aws.Route53Record;

namespace Ecolaura.Tf.Edge;

/// <summary>Props of <see cref="DnsValidatedCertificate"/>.</summary>
public sealed record DnsValidatedCertificateProps
{
    /// <summary>Fully qualified names; the first is the subject, the others subject alternative names.</summary>
    public required IReadOnlyList<string> DomainNames { get; init; }

    /// <summary>The public hosted zone that holds the validation records.</summary>
    public required string HostedZoneId { get; init; }

    /// <summary>The provider (region) of the certificate: us-east-1 for CloudFront.</summary>
    /// <remarks>Default: the stack's default provider (the ALB's region).</remarks>
    public AwsProvider? Provider { get; init; }
}

/// <summary>
/// An ACM certificate validated through DNS in the environment's Route 53 zone: one CNAME per name, and an
/// <c>aws_acm_certificate_validation</c> that completes only when ACM has issued it, so listeners and distributions that
/// use <see cref="CertificateArn"/> never point at a pending certificate.
/// </summary>
/// <remarks>
/// One validation record per name, each taking one element of the certificate's <c>domain_validation_options</c> set:
/// its order is Terraform's, not ours, but together the records cover every name, and no <c>for_each</c> over values
/// unknown until apply is needed.
/// </remarks>
public sealed class DnsValidatedCertificate : Construct
{
    /// <summary>Creates the certificate, its validation records and the validation waiter.</summary>
    public DnsValidatedCertificate(Construct scope, string id, DnsValidatedCertificateProps props) : base(scope, id)
    {
        if (props.DomainNames.Count == 0)
        {
            throw new ArgumentException("a certificate needs at least one name", nameof(props));
        }

        var certificate = new AcmCertificate(this, "certificate", new AcmCertificateConfig
        {
            DomainName = props.DomainNames[0],
            SubjectAlternativeNames = props.DomainNames.Count > 1 ? props.DomainNames.Skip(1).ToArray() : null,
            ValidationMethod = "DNS",
            KeyAlgorithm = "RSA_2048",
            Options = new AcmCertificateOptions { CertificateTransparencyLoggingPreference = "ENABLED" },
            // A renamed certificate is replaced: the new one must be issued before listeners and CloudFront let go of the old.
            Lifecycle = EcolauraStack.CreateBeforeDestroy,
            Provider = props.Provider,
        });

        var fqdns = new List<string>();
        for (var i = 0; i < props.DomainNames.Count; i++)
        {
            var option = certificate.DomainValidationOptions.Get(i);
            var record = new Route53Record(this, $"validation_{i}", new Route53RecordConfig
            {
                ZoneId = props.HostedZoneId,
                Name = option.ResourceRecordName,
                Type = option.ResourceRecordType,
                Records = [option.ResourceRecordValue],
                Ttl = 300,
                // ACM reuses one CNAME per name and account, so a second certificate for the same name may find it present.
                AllowOverwrite = true,
            });
            fqdns.Add(record.Fqdn);
        }

        var validation = new AcmCertificateValidation(this, "validation", new AcmCertificateValidationConfig
        {
            CertificateArn = certificate.Arn,
            ValidationRecordFqdns = fqdns.ToArray(),
            Provider = props.Provider,
        });
        CertificateArn = validation.CertificateArn;
    }

    /// <summary>The issued certificate's ARN (known once validation completed).</summary>
    public string CertificateArn { get; }
}
