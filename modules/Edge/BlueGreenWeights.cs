
namespace Ecolaura.Tf.Edge;

/// <summary>The forward weights of one application's two target groups.</summary>
/// <param name="Blue">Weight of the blue target group (0–100).</param>
/// <param name="Green">Weight of the green target group (0–100).</param>
public sealed record BlueGreenWeights(int Blue, int Green)
{
    /// <summary>Active colour 100 minus the canary, the other colour the canary (0 by default).</summary>
    public static BlueGreenWeights Of(EdgeAppConfig app)
    {
        var active = 100 - app.CanaryPercent;
        return app.ActiveColor == DeploymentColor.Blue
            ? new BlueGreenWeights(active, app.CanaryPercent)
            : new BlueGreenWeights(app.CanaryPercent, active);
    }

    /// <summary>The weight of <paramref name="color"/>.</summary>
    public int Of(DeploymentColor color) => color == DeploymentColor.Blue ? Blue : Green;
}
