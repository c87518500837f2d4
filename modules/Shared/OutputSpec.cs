namespace Ecolaura.Tf.Shared;

/// <summary>One named output of a workspace contract: the name both <c>Publish</c> and <c>FromRemoteState</c> use.</summary>
/// <param name="Producer">The workspace that publishes it; reading it from any other workspace's state is refused.</param>
/// <param name="Name">The Terraform output name (snake_case).</param>
/// <param name="Kind">Its Terraform type.</param>
/// <param name="Description">Written to the output's <c>description</c>.</param>
/// <param name="Example">A well-formed example value (lists: one element, <c>{0}</c> replaced by the index); the offline
/// Terraform tier plans consumers against these before their producer exists.</param>
public sealed record OutputSpec(Workspace Producer, string Name, OutputKind Kind, string Description, string Example);

/// <summary>Terraform types a contract output may have.</summary>
public enum OutputKind
{
    /// <summary>A string.</summary>
    String,

    /// <summary>A list of strings.</summary>
    StringList,
}

/// <summary>Implemented by every workspace contract so tooling (tests, the Terraform tier) can enumerate its outputs.</summary>
public interface IWorkspaceContract
{
    /// <summary>The workspace that publishes the contract.</summary>
    static abstract Workspace Producer { get; }

    /// <summary>Every output the contract publishes.</summary>
    static abstract IReadOnlyList<OutputSpec> Outputs { get; }
}
