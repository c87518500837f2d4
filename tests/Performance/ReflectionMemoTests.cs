using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;
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
    public void A_null_answer_is_cached_too()
    {
        var method = typeof(NullAnswer).GetMethod(nameof(NullAnswer.Plain))!;
        Assert.That(ReflectionMemo.IsCached(method, typeof(ObsoleteAttribute), true), Is.False, "not asked yet (only this test asks about NullAnswer)");
        Assert.That(ReflectionMemo.GetCustomAttribute<ObsoleteAttribute>(method), Is.Null);
        Assert.That(ReflectionMemo.IsCached(method, typeof(ObsoleteAttribute), true), Is.True, "the null answer is kept");
        Assert.That(ReflectionMemo.IsCached(method, typeof(ObsoleteAttribute), false), Is.False, "inherit is part of the question");
    }

    [Test]
    public void A_member_without_a_declaring_type_is_answered_by_reflection()
    {
        var dynamic = new DynamicMethod("Dynamic", typeof(void), Type.EmptyTypes, typeof(ReflectionMemoTests).Module);
        dynamic.GetILGenerator().Emit(OpCodes.Ret);
        var expected = CustomAttributeExtensions.GetCustomAttribute(dynamic, typeof(MethodImplAttribute), inherit: true);
        Assert.That(ReflectionMemo.GetCustomAttribute(dynamic, typeof(MethodImplAttribute), inherit: true)?.GetType(), Is.EqualTo(expected?.GetType()));
        Assert.That(ReflectionMemo.IsCached(dynamic, typeof(MethodImplAttribute), true), Is.False);
    }

    /// <summary>
    /// An override without the attribute: with inheritance it gets its base method's attribute, without it gets none, and
    /// asking in either order (or through a class below the override) gives what reflection gives.
    /// </summary>
    [TestCase(false)]
    [TestCase(true)]
    public void An_override_without_the_attribute_answers_as_reflection_for_both_inherit_values(bool inheritFirst)
    {
        var viaDerived = (inheritFirst ? typeof(DerivedFirstInherit) : typeof(DerivedFirstOwn)).GetMethod(nameof(Base.Marked))!;
        var viaBelow = (inheritFirst ? typeof(BelowFirstInherit) : typeof(BelowFirstOwn)).GetMethod(nameof(Base.Marked))!;
        Assert.That(viaBelow.DeclaringType, Is.EqualTo(viaDerived.DeclaringType), "the class below inherits the override");
        foreach (var inherit in inheritFirst ? new[] { true, false } : [false, true])
        {
            foreach (var method in new[] { viaDerived, viaBelow })
            {
                var expected = method.GetCustomAttribute<MarkAttribute>(inherit)?.Message;
                Assert.That(expected, inherit ? Is.EqualTo("base") : Is.Null, "what reflection says");
                Assert.That(ReflectionMemo.GetCustomAttribute<MarkAttribute>(method, inherit)?.Message, Is.EqualTo(expected), $"{method.ReflectedType!.Name} inherit={inherit}");
                Assert.That(ReflectionMemo.GetCustomAttribute<MarkAttribute>(method, inherit)?.Message, Is.EqualTo(expected), $"{method.ReflectedType!.Name} inherit={inherit}, cached");
            }
        }

        var own = viaDerived.DeclaringType!.GetMethod(nameof(Base.Marked))!;
        Assert.That(ReflectionMemo.GetCustomAttribute<MarkAttribute>(own, inherit: true), Is.SameAs(ReflectionMemo.GetCustomAttribute<MarkAttribute>(viaBelow, inherit: true)),
            "a method reflected through the class below asks the question of the class that declares it");
    }

    /// <summary>
    /// A non-dynamic assembly loaded into a collectible <see cref="AssemblyLoadContext"/>: its members are answered but
    /// never cached, so the context unloads once nothing else holds it.
    /// </summary>
    [Test]
    public void A_collectible_load_context_is_never_cached_and_still_unloads()
    {
        var context = AskThroughCollectibleContext();
        for (var i = 0; context.IsAlive && i < 20; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        Assert.That(context.IsAlive, Is.False, "the memo holds nothing of the unloaded context");
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference AskThroughCollectibleContext()
    {
        var context = new AssemblyLoadContext($"reflection-memo-{Guid.NewGuid():N}", isCollectible: true);
        var copy = context.LoadFromAssemblyPath(typeof(ReflectionMemoTests).Assembly.Location);
        var type = copy.GetType(typeof(Base).FullName!, throwOnError: true)!;
        Assert.That(copy.IsDynamic, Is.False);
        Assert.That(type.IsCollectible, Is.True);
        var method = type.GetMethod(nameof(Base.Marked))!;
        var first = ReflectionMemo.GetCustomAttribute<ObsoleteAttribute>(method);
        Assert.That(first?.Message, Is.EqualTo("base"));
        Assert.That(ReflectionMemo.GetCustomAttribute<ObsoleteAttribute>(method), Is.Not.SameAs(first), "asked again: a fresh attribute");
        Assert.That(ReflectionMemo.IsCached(method, typeof(ObsoleteAttribute), true), Is.False);
        Assert.That(ReflectionMemo.GetCustomAttribute<ObsoleteAttribute>(type), Is.Null);
        Assert.That(ReflectionMemo.IsCached(type, typeof(ObsoleteAttribute), true), Is.False);
        var collectibleMark = copy.GetType(typeof(MarkAttribute).FullName!, throwOnError: true)!;
        var ownMarked = typeof(Base).GetMethod(nameof(Base.Marked))!;
        Assert.That(ReflectionMemo.GetCustomAttribute(ownMarked, collectibleMark, inherit: true), Is.Null, "the copy's attribute type is another type");
        Assert.That(ReflectionMemo.IsCached(ownMarked, collectibleMark, true), Is.False, "a collectible attribute type is never held");
        var comparable = type.Assembly.GetType(typeof(Comparable).FullName!, throwOnError: true)!;
        Assert.That(ReflectionMemo.GetInterfaceMap(comparable, typeof(IComparable)).TargetMethods, Is.Not.SameAs(ReflectionMemo.GetInterfaceMap(comparable, typeof(IComparable)).TargetMethods),
            "an interface map of a collectible class is computed again");
        context.Unload();
        return new WeakReference(context);
    }

    /// <summary>
    /// A scan that throws (an attribute constructor fails) is tried again on the next look-up: an assembly loaded after
    /// the throwing one, which the failed scan never reached, is found then.
    /// </summary>
    [Test]
    public void A_type_cache_scan_that_throws_is_finished_on_the_next_look_up()
    {
        var typeCacheType = typeof(DeputyBase).Assembly.GetType("Amazon.JSII.Runtime.Services.TypeCache", throwOnError: true)!;
        var typeCache = Activator.CreateInstance(typeCacheType, Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance)!;
        var tryGetClassType = typeCacheType.GetMethod("TryGetClassType")!;
        Assert.That(tryGetClassType.Invoke(typeCache, ["@cdktf/provider-aws.s3Bucket.S3Bucket"]), Is.Not.Null, "the first look-up scans everything loaded so far");

        var throwing = DefineType(AssemblyBuilderAccess.Run, "Throwing", new CustomAttributeBuilder(
            typeof(ThrowingJsiiTypeAttribute).GetConstructor([typeof(Type), typeof(string)])!, [typeof(ReflectionMemoTests), $"ecolaura.tests.Throwing{Guid.NewGuid():N}"]));
        var fullyQualifiedName = $"ecolaura.tests.After{Guid.NewGuid():N}";
        var after = DefineType(AssemblyBuilderAccess.Run, "After", null, fullyQualifiedName);
        var assemblies = AppDomain.CurrentDomain.GetAssemblies();
        Assert.That(Array.IndexOf(assemblies, throwing.Assembly), Is.LessThan(Array.IndexOf(assemblies, after.Assembly)), "the scan meets the throwing assembly first");

        ThrowingJsiiTypeAttribute.Armed = true;
        try
        {
            var thrown = Assert.Catch(() => tryGetClassType.Invoke(typeCache, [fullyQualifiedName]));
            var messages = new List<string>();
            for (var exception = thrown; exception is not null; exception = exception.InnerException)
            {
                messages.Add(exception.Message);
            }

            Assert.That(messages, Does.Contain(ThrowingJsiiTypeAttribute.Failure), "the scan threw the attribute's failure");
        }
        finally
        {
            ThrowingJsiiTypeAttribute.Armed = false;
        }

        Assert.That(tryGetClassType.Invoke(typeCache, [fullyQualifiedName]), Is.SameAs(after), "the next look-up scans what the failed one did not reach");
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

    /// <summary>A jsii type attribute whose constructor throws on a thread that armed it (so other threads' scans never see it fail).</summary>
    [AttributeUsage(AttributeTargets.Class, Inherited = false)]
    public sealed class ThrowingJsiiTypeAttribute : JsiiTypeAttributeBase
    {
        public const string Failure = "armed to fail the scan";

        [ThreadStatic]
        public static bool Armed;

        public ThrowingJsiiTypeAttribute(Type nativeType, string fullyQualifiedName) : base(nativeType, fullyQualifiedName)
        {
            if (Armed)
            {
                throw new InvalidOperationException(Failure);
            }
        }
    }

    /// <summary>An attribute that, unlike <see cref="ObsoleteAttribute"/>, overrides inherit.</summary>
    [AttributeUsage(AttributeTargets.Method, Inherited = true)]
    public sealed class MarkAttribute(string message) : Attribute
    {
        public string Message { get; } = message;
    }

    public class Base
    {
        [Obsolete("base")]
        [Mark("base")]
        public virtual void Marked()
        {
        }
    }

    // One pair per order of asking, so the cache is fresh for each test case. The overrides declare no attribute of their
    // own on purpose (what they inherit from Base.Marked is what the tests compare), so CS0672 does not apply.
#pragma warning disable CS0672
    public class DerivedFirstInherit : Base
    {
        public override void Marked()
        {
        }
    }

    public class BelowFirstInherit : DerivedFirstInherit;

    public class DerivedFirstOwn : Base
    {
        public override void Marked()
        {
        }
    }
#pragma warning restore CS0672

    public class BelowFirstOwn : DerivedFirstOwn;

    public class NullAnswer
    {
        public void Plain()
        {
        }
    }

    public sealed class Comparable : IComparable
    {
        public int CompareTo(object? obj) => 0;
    }
}
