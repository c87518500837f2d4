using Ecolaura.Tf.App.Stacks;

namespace Ecolaura.Tf.App;

/// <summary>The composition root: creates one environment's workspaces in dependency order and hands each its producers.</summary>
/// <remarks>Read top to bottom, this is the workspace graph: foundation → security → network → …</remarks>
public static class EnvironmentApp
{
    /// <summary>The stacks of one environment.</summary>
    /// <param name="Foundation">State, shared keys, alert topics.</param>
    /// <param name="Security">Account guardrails, the operations dashboard and cost controls.</param>
    /// <param name="Network">VPC and the security-group graph.</param>
    /// <param name="Data">Databases, cache and buckets.</param>
    /// <param name="Compute">EKS cluster, node groups, add-on roles and ECR.</param>
    /// <param name="Edge">Certificates, DNS, ALB, CloudFront and WAF.</param>
    /// <param name="Platform">Add-ons, applications and monitoring on the cluster.</param>
    /// <param name="Dr">The DR region's standby (null when <c>dr.mode</c> is none).</param>
    /// <param name="DrPlatform">The platform on the DR cluster (null when <c>dr.mode</c> is none).</param>
    public sealed record Workspaces(FoundationStack Foundation, SecurityStack? Security, NetworkStack Network, DataStack Data, ComputeStack Compute, EdgeStack Edge, DrStack? Dr, PlatformStack Platform, DrPlatformStack? DrPlatform);

    /// <summary>
    /// The workspaces <see cref="Build"/> creates for <paramref name="environment"/>, in creation order, without creating
    /// anything (no jsii): security only where the environment owns its account, dr and drplatform only where
    /// <c>dr.mode</c> is not none.
    /// </summary>
    public static IReadOnlyList<Workspace> WorkspacesOf(EnvironmentConfig environment) =>
    [
        Workspace.Foundation,
        .. environment.SharesAccountWith is null ? [Workspace.Security] : Array.Empty<Workspace>(),
        Workspace.Network, Workspace.Data, Workspace.Compute, Workspace.Edge,
        .. DrSizing.HasWorkspace(environment) ? [Workspace.Dr] : Array.Empty<Workspace>(),
        Workspace.Platform,
        .. DrSizing.HasWorkspace(environment) ? [Workspace.DrPlatform] : Array.Empty<Workspace>(),
    ];

    /// <summary>Adds every workspace of <paramref name="environment"/> to <paramref name="app"/>.</summary>
    public static Workspaces Build(EcolauraApp app, EnvironmentConfig environment)
    {
        var foundation = app.Add(new FoundationStack(app.App, environment));
        // The security workspace holds account-level singletons (trail, GuardDuty, Security Hub, account defaults, the
        // anomaly monitor): an environment that shares its account leaves them to the account's owner.
        var security = environment.SharesAccountWith is null
            ? app.Add(new SecurityStack(app.App, environment, new SecurityStackProps { Foundation = foundation }))
            : null;
        var network = app.Add(new NetworkStack(app.App, environment, new NetworkStackProps { Foundation = foundation }));
        var data = app.Add(new DataStack(app.App, environment, new DataStackProps { Foundation = foundation, Network = network }));
        var compute = app.Add(new ComputeStack(app.App, environment, new ComputeStackProps { Foundation = foundation, Network = network }));
        var edge = app.Add(new EdgeStack(app.App, environment, new EdgeStackProps { Foundation = foundation, Network = network, Data = data }));
        var dr = DrSizing.HasWorkspace(environment) ? app.Add(new DrStack(app.App, environment, new DrStackProps { Data = data })) : null;
        var platform = app.Add(new PlatformStack(app.App, environment, new PlatformStackProps { Network = network, Compute = compute, Edge = edge }));
        var drPlatform = dr is null ? null : app.Add(new DrPlatformStack(app.App, environment, new DrPlatformStackProps { Dr = dr }));
        return new Workspaces(foundation, security, network, data, compute, edge, dr, platform, drPlatform);
    }
}
