using HashiCorp.Cdktf.Providers.Aws.S3Bucket;

namespace Ecolaura.Tf.App;

/// <summary>
/// The cheapest synth the toolchain can do: start jsii, load the provider-aws bindings, write one stack with one
/// resource. <c>./ecolaura bench</c> compares the full synth against it (goal: full ≤ 1.5 × floor).
/// </summary>
public static class JsiiFloor
{
    /// <summary>Writes the one-resource stack to <paramref name="outdir"/>.</summary>
    public static void Synth(string outdir)
    {
        var app = new EcolauraApp(outdir);
        var stack = app.Add(new FloorStack(app.App));
        _ = new S3Bucket(stack, "bucket", new S3BucketConfig { Bucket = "ecolaura-jsii-floor" });
        app.Synth();
    }

    private sealed class FloorStack(Constructs.Construct scope) : EcolauraStack(scope, DefaultEnvironments.Dev, Workspace.Foundation);
}
