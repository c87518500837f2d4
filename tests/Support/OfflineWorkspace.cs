using System.Text.Json.Nodes;
using Ecolaura.Tf.App.Delivery;
using Product = Ecolaura.Tf.App.Delivery.OfflineWorkspace;

namespace Ecolaura.Tf.Tests.Support;

/// <summary>
/// The test side of the product's offline workspace (<see cref="Product"/>, also behind <c>./ecolaura plan --offline</c>):
/// a copy of one synthesized workspace in a test folder with a local backend, fake credentials and skip flags on every
/// provider block of the aws kind, each upstream <c>terraform_remote_state</c> pointed at a placeholder state built
/// from the producer's contract examples, placeholder inputs, and the repository's provider lock. Product errors
/// become assertion failures. Such a plan can never be applied: its inputs are placeholders and its credentials fake.
/// </summary>
public static class OfflineWorkspace
{
    /// <summary>The file name of the override (Terraform merges <c>*_override.tf.json</c> last).</summary>
    public const string OverrideFile = Product.OverrideFile;

    /// <summary>Values for the sensitive apply-time inputs, shaped to pass their validation.</summary>
    public static IReadOnlyDictionary<string, string> TestInputs => Product.PlaceholderInputs;

    /// <summary>
    /// Copies <paramref name="stackJson"/> into a fresh folder below <see cref="TestTemp.Root"/> with the override, inputs,
    /// placeholder states and lock file; dispose the handle to remove it.
    /// </summary>
    public static TempDirectory Prepare(StackJson stackJson)
    {
        var dir = TestTemp.Create(stackJson.Id);
        Checked(() => Product.Prepare(stackJson.Id, stackJson.Root, dir));
        return dir;
    }

    /// <summary>A value for every variable of the stack without a default (from <see cref="TestInputs"/>).</summary>
    public static JsonObject TestVariables(StackJson stackJson) => Checked(() => Product.Inputs(stackJson.Id, stackJson.Root));

    /// <summary>The <c>provider</c> section of an override for every provider block of the aws kind (<see cref="Product.FakeProviders"/>).</summary>
    public static JsonObject FakeProviders(JsonObject root) => Product.FakeProviders(root);

    /// <summary>The local names under which <paramref name="root"/> configures providers whose source is hashicorp/aws.</summary>
    public static IReadOnlyList<string> AwsLocalNames(JsonObject root) => Product.AwsLocalNames(root);

    /// <summary>The provider blocks configured under <paramref name="localName"/>.</summary>
    public static IReadOnlyList<JsonObject> ProviderBlocks(JsonObject root, string localName) => Product.ProviderBlocks(root, localName);

    /// <summary>Writes the repository's provider lock for <paramref name="root"/> (as the synth does) into <paramref name="dir"/>.</summary>
    public static void WriteLock(JsonObject root, string dir) => Product.WriteLock(root, dir);

    /// <summary>The workspace a <c>terraform_remote_state</c> named <paramref name="name"/> reads (its name is the producer's workspace id).</summary>
    public static Workspace ProducerOf(StackJson stack, string name) => Checked(() => Product.ProducerOf(stack.Id, name));

    /// <summary>Every contract of the product, keyed by the workspace that publishes it.</summary>
    public static IReadOnlyDictionary<Workspace, IReadOnlyList<OutputSpec>> Contracts => WorkspaceContracts.ByProducer;

    /// <summary>A Terraform state file whose outputs are the contract's example values.</summary>
    public static JsonObject PlaceholderState(Workspace producer) => Checked(() => Product.StateWith(Product.PlaceholderOutputs(producer)));

    private static T Checked<T>(Func<T> action)
    {
        try
        {
            return action();
        }
        catch (DeliveryException e)
        {
            throw new AssertionException(e.Message);
        }
    }

    private static void Checked(Action action) => Checked(() =>
    {
        action();
        return 0;
    });
}
