namespace Ecolaura.Tf.Edge;

/// <summary>The applications behind the ALB, each with a blue and a green target group.</summary>
public enum EdgeApp
{
    /// <summary>Server-rendered pages and everything not routed elsewhere (the default route).</summary>
    Frontend,

    /// <summary>The API and the WebSocket endpoint.</summary>
    Backend,
}

/// <summary>Routing facts shared by the ALB and CloudFront, so both route the same paths to the backend.</summary>
public static class EdgeRoutes
{
    /// <summary>Paths that reach the backend uncached: the API and the WebSocket endpoint.</summary>
    public static IReadOnlyList<string> BackendPaths { get; } = ["/api/*", "/ws/*"];

    /// <summary>Short id of an application in names and construct ids (target group names are limited to 32 characters).</summary>
    public static string ShortId(this EdgeApp app) => app == EdgeApp.Frontend ? "fe" : "be";

    /// <summary>Lower-case name: <c>frontend</c> or <c>backend</c>.</summary>
    public static string Id(this EdgeApp app) => app.ToString().ToLowerInvariant();
}
