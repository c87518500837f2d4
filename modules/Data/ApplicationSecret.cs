using Constructs;
using HashiCorp.Cdktf.Providers.Aws.SecretsmanagerSecret;
using HashiCorp.Cdktf.Providers.Aws.SecretsmanagerSecretVersion;

namespace Ecolaura.Tf.Data;

/// <summary>Props of <see cref="ApplicationSecret"/>.</summary>
public sealed record ApplicationSecretProps
{
    /// <summary>Secret name, e.g. ecolaura/prod/postgres.</summary>
    public required string Name { get; init; }

    /// <summary>What applications find in it.</summary>
    public required string Description { get; init; }

    /// <summary>CMK in the primary region.</summary>
    public required string KmsKeyArn { get; init; }

    /// <summary>The DR region, where a replica is kept (encrypted with <see cref="DrKmsKeyArn"/>).</summary>
    public required string DrRegion { get; init; }

    /// <summary>CMK in the DR region.</summary>
    public required string DrKmsKeyArn { get; init; }

    /// <summary>The secret value: a Terraform expression (e.g. <c>${jsonencode({...})}</c>) sent write-only.</summary>
    public required string ValueExpression { get; init; }

    /// <summary>Bump to send a new value (write-only values are never compared).</summary>
    public required int ValueVersion { get; init; }
}

/// <summary>
/// A KMS-encrypted Secrets Manager secret replicated to the DR region whose value is written with
/// <c>secret_string_wo</c>: Terraform sends it at apply time and keeps it neither in the plan nor in state.
/// </summary>
public sealed class ApplicationSecret : Construct
{
    /// <summary>Creates the secret and its write-only version.</summary>
    public ApplicationSecret(Construct scope, string id, ApplicationSecretProps props) : base(scope, id)
    {
        var secret = new SecretsmanagerSecret(this, "secret", new SecretsmanagerSecretConfig
        {
            Name = props.Name,
            Description = props.Description,
            KmsKeyId = props.KmsKeyArn,
            RecoveryWindowInDays = 30,
            Replica = new[] { new SecretsmanagerSecretReplica { Region = props.DrRegion, KmsKeyId = props.DrKmsKeyArn } },
        });
        _ = new SecretsmanagerSecretVersion(this, "value", new SecretsmanagerSecretVersionConfig
        {
            SecretId = secret.Id,
            SecretStringWo = props.ValueExpression,
            SecretStringWoVersion = props.ValueVersion,
        });
        SecretArn = secret.Arn;
    }

    /// <summary>The secret's ARN (applications read it; IAM grants reference it).</summary>
    public string SecretArn { get; }
}
