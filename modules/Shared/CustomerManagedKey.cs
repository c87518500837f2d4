using Constructs;
using HashiCorp.Cdktf.Providers.Aws.KmsAlias;
using HashiCorp.Cdktf.Providers.Aws.KmsKey;
using HashiCorp.Cdktf.Providers.Aws.Provider;

namespace Ecolaura.Tf.Shared;

/// <summary>Props of <see cref="CustomerManagedKey"/>.</summary>
public sealed record CustomerManagedKeyProps
{
    /// <summary>Alias without the <c>alias/</c> prefix, e.g. <c>ecolaura-prod-tfstate</c>.</summary>
    public required string Alias { get; init; }

    /// <summary>What the key protects.</summary>
    public required string Description { get; init; }

    /// <summary>The account that administers the key through IAM.</summary>
    public required string AccountId { get; init; }

    /// <summary>Service statements beyond account administration (each with a condition).</summary>
    /// <remarks>Default: none, only IAM principals of the account can use the key.</remarks>
    public IReadOnlyList<PolicyStatement> Statements { get; init; } = [];

    /// <summary>The provider (region) of the key.</summary>
    /// <remarks>Default: the stack's default provider.</remarks>
    public AwsProvider? Provider { get; init; }
}

/// <summary>A customer-managed KMS key with rotation, a 30-day deletion window, an explicit policy, an alias and prevent_destroy.</summary>
public sealed class CustomerManagedKey : Construct
{
    /// <summary>Creates the key and its alias.</summary>
    public CustomerManagedKey(Construct scope, string id, CustomerManagedKeyProps props) : base(scope, id)
    {
        if (props.Alias.StartsWith("aws/", StringComparison.Ordinal))
        {
            throw new ArgumentException($"KMS alias '{props.Alias}': the alias/aws/ prefix is reserved for AWS-managed keys", nameof(props));
        }

        var key = new KmsKey(this, "key", new KmsKeyConfig
        {
            Description = props.Description,
            EnableKeyRotation = true,
            DeletionWindowInDays = 30,
            IsEnabled = true,
            Policy = PolicyDocument.Of([PolicyStatement.KeyAdministeredByAccount(props.AccountId), .. props.Statements]),
            Provider = props.Provider,
            Lifecycle = EcolauraStack.PreventDestroy,
        });
        _ = new KmsAlias(this, "alias", new KmsAliasConfig
        {
            Name = $"alias/{props.Alias}",
            TargetKeyId = key.KeyId,
            Provider = props.Provider,
        });
        KeyArn = key.Arn;
        KeyId = key.KeyId;
    }

    /// <summary>The key ARN (a token).</summary>
    public string KeyArn { get; }

    /// <summary>The key id (a token).</summary>
    public string KeyId { get; }
}
