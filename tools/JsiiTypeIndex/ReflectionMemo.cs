using System;
using System.Collections.Concurrent;
using System.Reflection;

namespace Ecolaura.Tf.Tools.JsiiTypeIndex;

/// <summary>
/// Memoized reflection for the jsii .NET runtime. The memoizing runtime (tools/JsiiRuntimePatch) calls these instead of
/// <see cref="CustomAttributeExtensions"/>' <c>GetCustomAttribute</c> on a <see cref="MemberInfo"/> and instead of
/// <see cref="Type.GetInterfaceMap"/>, everywhere in <c>Amazon.JSII.Runtime</c>; and asks <see cref="AssemblyLoads"/>
/// and <see cref="IsLoaded"/> before the per-look-up and per-construction assembly scans it would otherwise repeat.
/// </summary>
/// <remarks>
/// Upstream asks these on every construction, property read and type look-up: <c>TypeCache.TryGetType</c> checks the
/// jsii attribute of the type it found on every look-up, <c>DeputyBase</c> reads a property's or method's
/// <c>JsiiPropertyAttribute</c>/<c>JsiiMethodAttribute</c> on every call, and <c>ReflectionUtils.GetAttribute</c>
/// computes every interface map of a class again for each of its methods. Each jsii attribute instance parses JSON in its
/// constructor. The answers depend only on metadata, which does not change while an assembly is loaded, so each is
/// computed once per key and the same instance is handed out after that (the runtime's attributes have no setters), a
/// null answer included. Not cached: members of dynamic assemblies, anything collectible (the member, the type it was
/// reflected through, the attribute or interface type: a collectible assembly could not unload while the cache held it),
/// instantiated generic methods, and members without a declaring type. Exceptions are not cached: the next call asks
/// reflection again, as upstream. Thread-safe.
/// </remarks>
public static class ReflectionMemo
{
    private static readonly ConcurrentDictionary<(MemberKey Member, Type Attribute, bool Inherit), Attribute?> Attributes = new();

    private static readonly ConcurrentDictionary<(Type Type, Type Interface), InterfaceMapping> InterfaceMaps = new();

    private static readonly ConcurrentDictionary<Assembly, bool> Loaded = new();

    private static int _assemblyLoads = 1;

    static ReflectionMemo()
    {
        AppDomain.CurrentDomain.AssemblyLoad += (_, _) => System.Threading.Interlocked.Increment(ref _assemblyLoads);
    }

    /// <summary>
    /// A number that changes whenever an assembly loads into the process (it starts at 1, so a reader that remembers 0
    /// scans once). The patched <c>TypeCache.Refresh</c> remembers the number it last saw and skips
    /// <see cref="AppDomain.GetAssemblies"/> while it is unchanged: no assembly has loaded since it last scanned.
    /// </summary>
    public static int AssemblyLoads => System.Threading.Volatile.Read(ref _assemblyLoads);

    /// <summary>
    /// Whether <c>JsiiTypeAttributeBase.Load</c> finished for <paramref name="assembly"/> (its npm package is loaded into
    /// the jsii kernel, or it has none): the patched <c>Load</c> returns at once then, instead of naming the assembly and
    /// searching its list of processed names on every construction.
    /// </summary>
    public static bool IsLoaded(Assembly assembly) => assembly is not null && Loaded.ContainsKey(assembly);

    /// <summary>Records that <c>JsiiTypeAttributeBase.Load</c> finished for <paramref name="assembly"/> (the patched <c>Load</c> calls it on every normal return).</summary>
    public static void MarkLoaded(Assembly assembly)
    {
        if (assembly is not null && Cacheable(assembly))
        {
            Loaded.TryAdd(assembly, true);
        }
    }

    /// <summary>Forgets every <see cref="MarkLoaded"/> (the patched <c>JsiiTypeAttributeBase.Reset</c> calls it, as it clears its own list).</summary>
    public static void ForgetLoaded() => Loaded.Clear();

    /// <summary>
    /// Whether the answer of <see cref="GetCustomAttribute(MemberInfo, Type, bool)"/> for these arguments is cached, a null
    /// answer included (for tests and diagnostics: reflection is not asked).
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="element"/> or <paramref name="attributeType"/> is null.</exception>
    public static bool IsCached(MemberInfo element, Type attributeType, bool inherit)
    {
        ArgumentNullException.ThrowIfNull(element);
        ArgumentNullException.ThrowIfNull(attributeType);
        return MemberKey.Keyable(element) && Attributes.ContainsKey((MemberKey.Of(element), attributeType, inherit));
    }

    /// <summary>As <see cref="CustomAttributeExtensions.GetCustomAttribute{T}(MemberInfo)"/> (inherited attributes included), memoized.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="element"/> is null.</exception>
    /// <exception cref="AmbiguousMatchException">More than one <typeparamref name="T"/> applies to <paramref name="element"/>.</exception>
    public static T? GetCustomAttribute<T>(MemberInfo element) where T : Attribute => (T?)GetCustomAttribute(element, typeof(T), inherit: true);

    /// <summary>As <see cref="CustomAttributeExtensions.GetCustomAttribute{T}(MemberInfo, bool)"/>, memoized.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="element"/> is null.</exception>
    /// <exception cref="AmbiguousMatchException">More than one <typeparamref name="T"/> applies to <paramref name="element"/>.</exception>
    public static T? GetCustomAttribute<T>(MemberInfo element, bool inherit) where T : Attribute => (T?)GetCustomAttribute(element, typeof(T), inherit);

    /// <summary>As <see cref="CustomAttributeExtensions.GetCustomAttribute(MemberInfo, Type, bool)"/>, memoized.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="element"/> or <paramref name="attributeType"/> is null.</exception>
    /// <exception cref="AmbiguousMatchException">More than one <paramref name="attributeType"/> applies to <paramref name="element"/>.</exception>
    public static Attribute? GetCustomAttribute(MemberInfo element, Type attributeType, bool inherit)
    {
        if (element is null || attributeType is null || !MemberKey.Keyable(element))
        {
            return CustomAttributeExtensions.GetCustomAttribute(element!, attributeType!, inherit);
        }

        var key = (MemberKey.Of(element), attributeType, inherit);
        if (Attributes.TryGetValue(key, out var known))
        {
            return known;
        }

        var attribute = CustomAttributeExtensions.GetCustomAttribute(element, attributeType, inherit);
        if (Cacheable(element, attributeType))
        {
            Attributes.TryAdd(key, attribute);
        }

        return attribute;
    }

    /// <summary>
    /// As <paramref name="type"/>.<see cref="Type.GetInterfaceMap"/>(<paramref name="interfaceType"/>), memoized: the
    /// mapping's arrays are shared between callers, which must not change them (the runtime only reads them).
    /// </summary>
    /// <exception cref="NullReferenceException"><paramref name="type"/> is null (as calling the instance method on null).</exception>
    /// <exception cref="ArgumentException"><paramref name="type"/> does not implement <paramref name="interfaceType"/>, or another error <see cref="Type.GetInterfaceMap"/> throws.</exception>
    public static InterfaceMapping GetInterfaceMap(Type type, Type interfaceType)
    {
        if (type is null)
        {
            throw new NullReferenceException("GetInterfaceMap called on a null type");
        }

        if (interfaceType is null)
        {
            return type.GetInterfaceMap(interfaceType!);
        }

        var key = (type, interfaceType);
        if (InterfaceMaps.TryGetValue(key, out var known))
        {
            return known;
        }

        var map = type.GetInterfaceMap(interfaceType);
        if (Cacheable(type, interfaceType))
        {
            InterfaceMaps.TryAdd(key, map);
        }

        return map;
    }

    /// <summary>
    /// What an attribute answer depends on. A type is its own key. A method is its declaring type and metadata token:
    /// a method seen through a derived class (<see cref="MemberInfo.ReflectedType"/> is not
    /// <see cref="MemberInfo.DeclaringType"/>: every inherited method when <c>DeputyBase</c> lists a class's overrides)
    /// reads the same metadata, and attribute inheritance walks up from the method's declaring type, never from the type
    /// it was reflected through. Any other member (a property, a field, an event) also keeps the type it was reflected
    /// through, so its key never merges two members reflection might answer differently.
    /// </summary>
    private readonly record struct MemberKey(Type? Type, Type? Declaring, Type? Reflected, int Token)
    {
        /// <summary>
        /// Whether <paramref name="element"/> has a key: a type, or a member of a type that is not an instantiated generic
        /// method (which shares its definition's token). A member without a declaring type (a global method, a
        /// <see cref="System.Reflection.Emit.DynamicMethod"/>, whose token cannot even be read) is answered by reflection
        /// every time.
        /// </summary>
        public static bool Keyable(MemberInfo element) =>
            element is Type || (element.DeclaringType is not null && element is not MethodInfo { IsGenericMethod: true, IsGenericMethodDefinition: false });

        /// <summary>The key of a <see cref="Keyable"/> member.</summary>
        public static MemberKey Of(MemberInfo element) => element is Type type
            ? new MemberKey(type, null, null, 0)
            : new MemberKey(null, element.DeclaringType, element is MethodInfo ? null : element.ReflectedType, element.MetadataToken);
    }

    /// <summary>
    /// Whether answers about <paramref name="element"/> and <paramref name="other"/> may be cached: neither is in a
    /// dynamic assembly, and neither, nor the type the member was reflected through, is collectible (asked on a miss
    /// only: both are calls into the runtime).
    /// </summary>
    private static bool Cacheable(MemberInfo element, Type other) =>
        !element.Module.Assembly.IsDynamic && !other.Assembly.IsDynamic
        && !element.IsCollectible && !other.IsCollectible && element.ReflectedType?.IsCollectible != true;

    /// <summary>Whether <c>Load</c> records for <paramref name="assembly"/> may be kept.</summary>
    private static bool Cacheable(Assembly assembly) => !assembly.IsDynamic && !assembly.IsCollectible;
}
