using HashiCorp.Cdktf;

namespace Ecolaura.Tf.Shared;

/// <summary>The CDKTF app with the project's fixed context flags; the only place an <see cref="App"/> is configured.</summary>
public sealed class EcolauraApp
{
    /// <summary>
    /// Logical-id feature flags, fixed before anything is applied (they decide resource addresses).
    /// <c>cdktf.json</c> carries the same values for <c>npx cdktf synth</c>; a test keeps them equal.
    /// </summary>
    public static IReadOnlyDictionary<string, object> ContextFlags { get; } = new Dictionary<string, object>
    {
        ["excludeStackIdFromLogicalIds"] = "true",
        ["allowSepCharsInLogicalIds"] = "true",
    };

    private readonly List<EcolauraStack> _stacks = [];

    /// <summary>Creates the app writing to <paramref name="outdir"/>.</summary>
    public EcolauraApp(string outdir)
    {
        Outdir = outdir;
        App = new App(new AppConfig { Outdir = outdir, Context = new Dictionary<string, object>(ContextFlags), SkipValidation = false });
    }

    /// <summary>The underlying CDKTF app (scope of the stacks).</summary>
    public App App { get; }

    /// <summary>Where <see cref="Synth"/> writes.</summary>
    public string Outdir { get; }

    /// <summary>The stacks registered so far, in creation order.</summary>
    public IReadOnlyList<EcolauraStack> Stacks => _stacks;

    /// <summary>Registers a stack (the composition root calls this for each one it creates).</summary>
    public T Add<T>(T stack) where T : EcolauraStack
    {
        _stacks.Add(stack);
        return stack;
    }

    /// <summary>Writes <c>stacks/&lt;id&gt;/cdk.tf.json</c> and <c>manifest.json</c>, with readable resource addresses.</summary>
    public void Synth()
    {
        App.Synth();
        foreach (var stack in _stacks)
        {
            ReadableAddresses.Rewrite(Path.Combine(Outdir, "stacks", stack.Node.Id, "cdk.tf.json"), stack.Node.Id);
        }
    }
}
