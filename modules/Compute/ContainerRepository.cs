using System.Text.Json;
using Constructs;
using HashiCorp.Cdktf.Providers.Aws.EcrLifecyclePolicy;
using HashiCorp.Cdktf.Providers.Aws.EcrRepository;

namespace Ecolaura.Tf.Compute;

/// <summary>Props of <see cref="ContainerRepository"/>.</summary>
public sealed record ContainerRepositoryProps
{
    /// <summary>The repository name.</summary>
    public required string Name { get; init; }

    /// <summary>The CMK images are encrypted with.</summary>
    public required string KmsKeyArn { get; init; }

    /// <summary>Untagged images (superseded layers, failed pushes) expire this many days after push.</summary>
    /// <remarks>Default: <see cref="ContainerRepository.DefaultUntaggedExpiryDays"/>.</remarks>
    public int UntaggedExpiryDays { get; init; } = ContainerRepository.DefaultUntaggedExpiryDays;

    /// <summary>How many images are kept (older ones expire; rollbacks reach this far back).</summary>
    /// <remarks>Default: <see cref="ContainerRepository.DefaultKeepTaggedImages"/>.</remarks>
    public int KeepTaggedImages { get; init; } = ContainerRepository.DefaultKeepTaggedImages;
}

/// <summary>An ECR repository: immutable tags, scan on push, KMS encryption with a CMK and a lifecycle policy.</summary>
public sealed class ContainerRepository : Construct
{
    /// <summary>Days after push an untagged image expires: 14.</summary>
    public const int DefaultUntaggedExpiryDays = 14;

    /// <summary>Images a repository keeps: 50.</summary>
    public const int DefaultKeepTaggedImages = 50;

    /// <summary>Creates the repository and its lifecycle policy.</summary>
    public ContainerRepository(Construct scope, string id, ContainerRepositoryProps props) : base(scope, id)
    {
        var repository = new EcrRepository(this, "Resource", new EcrRepositoryConfig
        {
            Name = props.Name,
            ImageTagMutability = "IMMUTABLE",
            ImageScanningConfiguration = new EcrRepositoryImageScanningConfiguration { ScanOnPush = true },
            EncryptionConfiguration = new[] { new EcrRepositoryEncryptionConfiguration { EncryptionType = "KMS", KmsKey = props.KmsKeyArn } },
            ForceDelete = false,
        });
        _ = new EcrLifecyclePolicy(this, "lifecycle", new EcrLifecyclePolicyConfig
        {
            Repository = repository.Name,
            Policy = LifecyclePolicy(props.UntaggedExpiryDays, props.KeepTaggedImages),
        });
        RepositoryUrl = repository.RepositoryUrl;
        RepositoryArn = repository.Arn;
    }

    /// <summary>The repository URL (<c>&lt;account&gt;.dkr.ecr.&lt;region&gt;.amazonaws.com/&lt;name&gt;</c>).</summary>
    public string RepositoryUrl { get; }

    /// <summary>The repository ARN.</summary>
    public string RepositoryArn { get; }

    /// <summary>The lifecycle policy JSON: expire untagged images after some days, keep the last N images.</summary>
    public static string LifecyclePolicy(int untaggedExpiryDays, int keepTaggedImages) => JsonSerializer.Serialize(new
    {
        rules = new object[]
        {
            new
            {
                rulePriority = 1,
                description = $"Expire untagged images {untaggedExpiryDays} days after push",
                selection = new { tagStatus = "untagged", countType = "sinceImagePushed", countUnit = "days", countNumber = untaggedExpiryDays },
                action = new { type = "expire" },
            },
            new
            {
                rulePriority = 2,
                description = $"Keep the last {keepTaggedImages} images",
                // "any" must be the last rule; untagged images are already expired by rule 1.
                selection = new { tagStatus = "any", countType = "imageCountMoreThan", countNumber = keepTaggedImages },
                action = new { type = "expire" },
            },
        },
    });
}
