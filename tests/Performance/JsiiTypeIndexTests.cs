using System.Reflection;
using Amazon.JSII.Runtime.Deputy;
using Ecolaura.Tf.Tools.JsiiTypeIndex;

namespace Ecolaura.Tf.Tests.Performance;

/// <summary>
/// The metadata-read type index of the memoizing jsii runtime (<see cref="LazyJsiiTypes"/>, tools/JsiiTypeIndex) maps
/// exactly what the official <c>TypeCache.CacheTypes</c> maps: for every assembly the app loads that can carry jsii
/// types, the same fully qualified names to the same types, found here the upstream way (every type's
/// <see cref="JsiiTypeAttributeBase"/>, <c>$Proxy</c> appended for proxies).
/// </summary>
public sealed class JsiiTypeIndexTests
{
    private static IEnumerable<Assembly> Assemblies() =>
    [
        typeof(HashiCorp.Cdktf.App).Assembly,
        typeof(Constructs.Construct).Assembly,
        typeof(HashiCorp.Cdktf.Providers.Aws.Provider.AwsProvider).Assembly,
        typeof(HashiCorp.Cdktf.Providers.Kubernetes.Provider.KubernetesProvider).Assembly,
        typeof(HashiCorp.Cdktf.Providers.Helm.Provider.HelmProvider).Assembly,
        typeof(EcolauraStack).Assembly,
        typeof(Ecolaura.Tf.App.Cli).Assembly,
        typeof(JsiiTypeAttributeBase).Assembly,
        typeof(Assert).Assembly,
    ];

    private static Dictionary<string, Type> Upstream(Assembly assembly)
    {
        var types = new Dictionary<string, Type>(StringComparer.Ordinal);
        foreach (var type in assembly.GetTypes())
        {
            var attribute = type.GetCustomAttribute<JsiiTypeAttributeBase>();
            if (attribute is not null)
            {
                types.Add(attribute is JsiiTypeProxyAttribute ? attribute.FullyQualifiedName + "$Proxy" : attribute.FullyQualifiedName, type);
            }
        }

        return types;
    }

    [TestCaseSource(nameof(Assemblies))]
    public void Maps_the_same_names_to_the_same_types_as_the_upstream_scan(Assembly assembly)
    {
        var expected = Upstream(assembly);
        var index = new LazyJsiiTypes();
        index.AddAssembly(assembly);

        Assert.That(index.Keys.Order(StringComparer.Ordinal), Is.EqualTo(expected.Keys.Order(StringComparer.Ordinal)), assembly.GetName().Name);
        foreach (var (name, type) in expected)
        {
            Assert.That(index.ContainsKey(name), Is.True, name);
            Assert.That(index[name], Is.SameAs(type), name);
        }
    }
}
