using System.Reflection;
using System.Reflection.Emit;
using Amazon.JSII.Runtime.Deputy;
using Ecolaura.Tf.Tools.JsiiTypeIndex;

namespace Ecolaura.Tf.Tests.Performance;

/// <summary>
/// The memoized reflection the patched jsii runtime calls (<see cref="ReflectionMemo"/>, tools/JsiiTypeIndex): the same
/// answers as reflection, computed once (the same instance again), shared across classes for an inherited member, never
/// cached for a collectible assembly; and the two scans it lets the runtime skip still see an assembly loaded later.
/// </summary>
public sealed class ReflectionMemoTests
{
    private const BindingFlags Members = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;

    private static readonly Type[] Classes =
    [
        typeof(HashiCorp.Cdktf.Providers.Aws.S3Bucket.S3Bucket),
        typeof(HashiCorp.Cdktf.Providers.Aws.KmsKey.KmsKey),
        typeof(HashiCorp.Cdktf.TerraformStack),
        typeof(Constructs.Construct),
    ];

    /// <summary>What identifies a jsii attribute's answer (its parsed JSON arrays make <see cref="Attribute.Equals(object)"/> compare references).</summary>
    private static string? Describe(Attribute? attribute) => attribute switch
    {
        null => null,
        JsiiMethodAttribute method => $"method {method.Name} async={method.IsAsync} parameters={method.Parameters.Length}",
        JsiiPropertyAttribute property => $"property {property.Name} optional={property.IsOptional}",
        JsiiTypeAttributeBase type => $"{type.GetType().Name} {type.FullyQualifiedName}",
        _ => attribute.ToString(),
    };

    [TestCaseSource(nameof(Classes))]
    public void Every_member_gets_the_attribute_reflection_gives_and_the_same_instance_again(Type type)
    {
        var members = type.GetMethods(Members).Cast<MemberInfo>().Concat(type.GetProperties(Members)).Append(type).ToList();
        Assert.That(members, Has.Count.GreaterThan(10));
        var found = 0;
        foreach (var member in members)
        {
            var attributeTypes = member switch
            {
                Type => new[] { typeof(JsiiClassAttribute), typeof(JsiiTypeAttributeBase), typeof(JsiiInterfaceAttribute) },
                PropertyInfo => [typeof(JsiiPropertyAttribute)],
                _ => [typeof(JsiiMethodAttribute)],
            };
            foreach (var attributeType in attributeTypes)
            {
                foreach (var inherit in new[] { true, false })
                {
                    var expected = CustomAttributeExtensions.GetCustomAttribute(member, attributeType, inherit);
                    var memo = ReflectionMemo.GetCustomAttribute(member, attributeType, inherit);
                    Assert.That(Describe(memo), Is.EqualTo(Describe(expected)), $"{type.Name}.{member.Name} {attributeType.Name} inherit={inherit}");
                    Assert.That(ReflectionMemo.GetCustomAttribute(member, attributeType, inherit), Is.SameAs(memo), $"{type.Name}.{member.Name}: computed once");
                    found += memo is null ? 0 : 1;
                }
            }
        }

        Assert.That(found, Is.GreaterThan(5), "the class has jsii attributes to find");
    }

    [Test]
    public void The_generic_overloads_answer_as_the_extension_methods_do()
    {
        var bucket = typeof(HashiCorp.Cdktf.Providers.Aws.S3Bucket.S3Bucket);
        var arn = bucket.GetProperty("Arn")!;
        Assert.That(Describe(ReflectionMemo.GetCustomAttribute<JsiiPropertyAttribute>(arn)), Is.EqualTo(Describe(arn.GetCustomAttribute<JsiiPropertyAttribute>())).And.Not.Null);
        Assert.That(Describe(ReflectionMemo.GetCustomAttribute<JsiiClassAttribute>(bucket, inherit: false)), Is.EqualTo(Describe(bucket.GetCustomAttribute<JsiiClassAttribute>(false))).And.Not.Null);
        Assert.That(ReflectionMemo.GetCustomAttribute<JsiiEnumAttribute>(bucket), Is.Null);
        Assert.That(() => ReflectionMemo.GetCustomAttribute<JsiiClassAttribute>(null!), Throws.ArgumentNullException);
    }

    [Test]
    public void An_inherited_method_seen_through_two_classes_is_asked_once()
    {
        var viaBucket = typeof(HashiCorp.Cdktf.Providers.Aws.S3Bucket.S3Bucket).GetMethod("AddOverride")!;
        var viaKey = typeof(HashiCorp.Cdktf.Providers.Aws.KmsKey.KmsKey).GetMethod("AddOverride")!;
        Assert.That(viaBucket.DeclaringType, Is.EqualTo(viaKey.DeclaringType));
        Assert.That(viaBucket, Is.Not.EqualTo(viaKey), "reflected through different classes, they are different MethodInfos");

        var first = ReflectionMemo.GetCustomAttribute<JsiiMethodAttribute>(viaBucket);
        Assert.That(first, Is.Not.Null);
        Assert.That(first!.Name, Is.EqualTo("addOverride"));
        Assert.That(ReflectionMemo.GetCustomAttribute<JsiiMethodAttribute>(viaKey), Is.SameAs(first));
        Assert.That(Describe(viaKey.GetCustomAttribute<JsiiMethodAttribute>()), Is.EqualTo(Describe(first)));
    }

    [Test]
    public void An_interface_map_is_reflections_and_computed_once()
    {
        var type = typeof(HashiCorp.Cdktf.Providers.Aws.S3Bucket.S3Bucket);
        var interfaces = type.GetInterfaces();
        Assert.That(interfaces, Is.Not.Empty);
        foreach (var @interface in interfaces)
        {
            var expected = type.GetInterfaceMap(@interface);
            var memo = ReflectionMemo.GetInterfaceMap(type, @interface);
            Assert.That(memo.TargetMethods, Is.EqualTo(expected.TargetMethods), @interface.Name);
            Assert.That(memo.InterfaceMethods, Is.EqualTo(expected.InterfaceMethods), @interface.Name);
            Assert.That(ReflectionMemo.GetInterfaceMap(type, @interface).TargetMethods, Is.SameAs(memo.TargetMethods), $"{@interface.Name}: computed once");
        }

        Assert.That(() => ReflectionMemo.GetInterfaceMap(type, typeof(IDisposable)), Throws.ArgumentException, "as reflection: S3Bucket does not implement IDisposable");
        Assert.That(() => ReflectionMemo.GetInterfaceMap(null!, typeof(IDisposable)), Throws.TypeOf<NullReferenceException>());
    }

    [Test]
    public void Members_of_a_collectible_assembly_are_asked_again_every_time()
    {
        var type = DefineType(AssemblyBuilderAccess.RunAndCollect, "Collectible", new CustomAttributeBuilder(
            typeof(ObsoleteAttribute).GetConstructor([typeof(string)])!, ["kept out of the cache"]));
        var first = ReflectionMemo.GetCustomAttribute<ObsoleteAttribute>(type);
        Assert.That(first?.Message, Is.EqualTo("kept out of the cache"));
        Assert.That(ReflectionMemo.GetCustomAttribute<ObsoleteAttribute>(type), Is.Not.SameAs(first), "a fresh attribute, as reflection makes one per call");
    }

    [Test]
    public void The_assembly_load_count_changes_when_an_assembly_loads()
    {
        var before = ReflectionMemo.AssemblyLoads;
        Assert.That(before, Is.Not.Zero, "a type cache that has never scanned (it remembers 0) scans on its first look-up");
        DefineType(AssemblyBuilderAccess.RunAndCollect, "Loaded", null);
        Assert.That(ReflectionMemo.AssemblyLoads, Is.Not.EqualTo(before));
    }

    /// <summary>
    /// The patched <c>TypeCache</c> skips its assembly scan while nothing loads: a fresh cache that has already scanned
    /// still finds a jsii class of an assembly defined after that scan, and <c>JsiiTypeAttributeBase.Load</c> has
    /// recorded the bindings it loaded.
    /// </summary>
    [Test]
    public void The_type_cache_finds_a_jsii_type_of_an_assembly_loaded_after_its_last_scan()
    {
        var runtime = typeof(DeputyBase).Assembly;
        var typeCacheType = runtime.GetType("Amazon.JSII.Runtime.Services.TypeCache", throwOnError: true)!;
        var typeCache = Activator.CreateInstance(typeCacheType, Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance)!;
        var tryGetClassType = typeCacheType.GetMethod("TryGetClassType")!;
        Assert.That(tryGetClassType.Invoke(typeCache, ["@cdktf/provider-aws.s3Bucket.S3Bucket"]), Is.SameAs(typeof(HashiCorp.Cdktf.Providers.Aws.S3Bucket.S3Bucket)));

        var fullyQualifiedName = $"ecolaura.tests.Late{Guid.NewGuid():N}";
        var late = DefineType(AssemblyBuilderAccess.Run, "Late", null, fullyQualifiedName);
        Assert.That(tryGetClassType.Invoke(typeCache, [fullyQualifiedName]), Is.SameAs(late));
        Assert.That(ReflectionMemo.IsLoaded(typeof(HashiCorp.Cdktf.Providers.Aws.S3Bucket.S3Bucket).Assembly), Is.True,
            "instantiating S3Bucket's jsii attribute loaded its package through the patched JsiiTypeAttributeBase.Load");
    }

    /// <summary>
    /// A type in a new dynamic assembly, with <paramref name="attribute"/>, or (when <paramref name="jsiiName"/> is given)
    /// a <see cref="JsiiClassAttribute"/> naming itself.
    /// </summary>
    private static Type DefineType(AssemblyBuilderAccess access, string name, CustomAttributeBuilder? attribute, string? jsiiName = null)
    {
        var assembly = AssemblyBuilder.DefineDynamicAssembly(new AssemblyName($"Ecolaura.Tests.{name}{Guid.NewGuid():N}"), access);
        var builder = assembly.DefineDynamicModule("main").DefineType($"Ecolaura.Tests.{name}", TypeAttributes.Public | TypeAttributes.Class);
        if (attribute is not null)
        {
            builder.SetCustomAttribute(attribute);
        }

        if (jsiiName is not null)
        {
            var constructor = typeof(JsiiClassAttribute).GetConstructor([typeof(Type), typeof(string), typeof(string)])!;
            builder.SetCustomAttribute(new CustomAttributeBuilder(constructor, [typeof(ReflectionMemoTests), jsiiName, "[]"]));
        }

        return builder.CreateType();
    }
}
