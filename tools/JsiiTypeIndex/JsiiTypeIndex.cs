using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Reflection.Metadata;
using Amazon.JSII.Runtime.Deputy;

namespace Ecolaura.Tf.Tools.JsiiTypeIndex;

/// <summary>
/// The jsii .NET runtime's map from jsii fully qualified name (e.g. <c>@cdktf/provider-aws.s3Bucket.S3Bucket</c>, and
/// <c>…$Proxy</c> for interface proxies) to <see cref="Type"/>, built from assembly metadata instead of reflection, with
/// each <see cref="Type"/> loaded on first look-up. The memoizing runtime (tools/JsiiRuntimePatch) makes its
/// <c>TypeCache</c> hold one of these instead of a <see cref="Dictionary{TKey,TValue}"/> and hand it each assembly
/// (<see cref="AddAssembly"/>) instead of scanning it.
/// </summary>
/// <remarks>
/// Upstream, <c>TypeCache.CacheTypes</c> calls <see cref="Assembly.GetTypes"/> on every assembly of the process and
/// instantiates the jsii attribute of each type: for provider-aws that loads about 20,000 types, about a quarter of
/// the one-resource floor synth (docs/performance.md). Here an assembly that does not reference <c>Amazon.JSII.Runtime</c>
/// cannot carry a jsii attribute and is skipped; one that does is read with <see cref="System.Reflection.Metadata"/>
/// from the loaded image (<c>AssemblyExtensions.TryGetRawMetadata</c>):
/// every type definition whose custom attributes include one of the runtime's <see cref="JsiiTypeAttributeBase"/>
/// subclasses, keyed by that attribute's first <see cref="string"/> constructor argument (every such constructor takes
/// <c>(Type nativeType, string fullyQualifiedName, …)</c>). The same two errors as upstream: a fully qualified name
/// declared twice throws <see cref="InvalidOperationException"/>; a dynamic or collectible assembly, and the runtime
/// itself, are scanned with reflection exactly as upstream does.
/// <para>Where it differs from upstream, none of which jsii-pacmak's output does: a jsii attribute type declared outside
/// the runtime (a subclass of a runtime attribute) is not recognised; a type carrying two jsii attributes gets both
/// names, where upstream's <c>GetCustomAttribute</c> throws <see cref="AmbiguousMatchException"/>; a type that does not
/// load is left out silently, where upstream logs the loader exceptions of the assembly.</para>
/// <para>Not thread-safe on its own: <c>TypeCache</c> uses it only under its lock.</para>
/// </remarks>
public sealed class LazyJsiiTypes : IDictionary<string, Type>
{
    private const string ProxySuffix = "$Proxy";

    private static readonly Assembly Runtime = typeof(JsiiTypeAttributeBase).Assembly;

    /// <summary>The runtime's simple name, read once: <see cref="Assembly.GetName()"/> builds a new name on every call.</summary>
    private static readonly string RuntimeName = Runtime.GetName().Name!;

    /// <summary>Names of the runtime's attribute types that mark a jsii type (every concrete subclass of <see cref="JsiiTypeAttributeBase"/>).</summary>
    private static readonly ImmutableHashSet<string> AttributeNames = Reflected(Runtime)
        .Where(t => !t.IsAbstract && typeof(JsiiTypeAttributeBase).IsAssignableFrom(t))
        .Select(t => t.FullName!)
        .ToImmutableHashSet(StringComparer.Ordinal);

    /// <summary>How <see cref="NameProvider"/> names a <see cref="string"/> argument (a <see cref="Type"/> argument's value is a string too).</summary>
    private static readonly string StringType = NameProvider.Instance.GetPrimitiveType(PrimitiveTypeCode.String);

    private static readonly string ProxyAttributeName = typeof(JsiiTypeProxyAttribute).FullName!;

    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>One indexed type, loaded on first use; null when it cannot be loaded (upstream's scan leaves such types out).</summary>
    private sealed class Entry(Assembly assembly, string typeName)
    {
        private bool _resolved;
        private Type? _type;

        public Type? Type
        {
            get
            {
                if (!_resolved)
                {
                    try
                    {
                        _type = assembly.GetType(typeName, throwOnError: false, ignoreCase: false);
                    }
                    catch (Exception e) when (e is TypeLoadException or FileNotFoundException or FileLoadException or BadImageFormatException)
                    {
                        _type = null;
                    }

                    _resolved = true;
                }

                return _type;
            }
        }

        public Entry(Type type) : this(type.Assembly, type.FullName!)
        {
            _type = type;
            _resolved = true;
        }
    }

    /// <summary>Adds the jsii types of <paramref name="assembly"/> (see remarks of the class).</summary>
    /// <exception cref="InvalidOperationException">A fully qualified name is already present.</exception>
    public void AddAssembly(Assembly assembly)
    {
        if (assembly == Runtime || !TryGetMetadata(assembly, out var metadata))
        {
            foreach (var type in Reflected(assembly))
            {
                var attribute = type.GetCustomAttribute<JsiiTypeAttributeBase>();
                if (attribute is not null)
                {
                    Add(attribute is JsiiTypeProxyAttribute ? attribute.FullyQualifiedName + ProxySuffix : attribute.FullyQualifiedName, new Entry(type));
                }
            }

            return;
        }

        if (!assembly.GetReferencedAssemblies().Any(r => r.Name == RuntimeName))
        {
            return;
        }

        // An assembly refers to each attribute constructor through a few member references: name each one once.
        var attributeTypes = new Dictionary<EntityHandle, string?>();
        foreach (var handle in metadata.TypeDefinitions)
        {
            var definition = metadata.GetTypeDefinition(handle);
            foreach (var attributeHandle in definition.GetCustomAttributes())
            {
                var attribute = metadata.GetCustomAttribute(attributeHandle);
                if (!attributeTypes.TryGetValue(attribute.Constructor, out var attributeType))
                {
                    attributeType = AttributeTypeName(metadata, attribute);
                    attributeTypes.Add(attribute.Constructor, attributeType);
                }

                if (attributeType is null || !AttributeNames.Contains(attributeType))
                {
                    continue;
                }

                var arguments = attribute.DecodeValue(NameProvider.Instance).FixedArguments;
                var fullyQualifiedName = arguments.Where(a => a.Type == StringType).Select(a => a.Value).OfType<string>().FirstOrDefault()
                    ?? throw new InvalidOperationException($"{assembly.GetName().Name}: the {attributeType} of type {ReflectionName(metadata, definition)} has no string argument");
                Add(attributeType == ProxyAttributeName ? fullyQualifiedName + ProxySuffix : fullyQualifiedName, new Entry(assembly, ReflectionName(metadata, definition)));
            }
        }
    }

    /// <summary>
    /// The metadata of the image the process loaded (not the file at <see cref="Assembly.Location"/>, which may have
    /// changed since); false for a dynamic assembly. Valid while the assembly is loaded, which a non-collectible one is
    /// until the process ends (the bindings and the app are never unloaded).
    /// </summary>
    private static unsafe bool TryGetMetadata(Assembly assembly, out MetadataReader metadata)
    {
        if (!assembly.IsDynamic && !assembly.IsCollectible && assembly.TryGetRawMetadata(out var blob, out var length))
        {
            metadata = new MetadataReader(blob, length);
            return true;
        }

        metadata = null!;
        return false;
    }

    private void Add(string fullyQualifiedName, Entry entry)
    {
        if (!_entries.TryAdd(fullyQualifiedName, entry))
        {
            throw new InvalidOperationException($"Found multiple types with fully qualified name '{fullyQualifiedName}'. Fully qualified names must be unique.");
        }
    }

    private static IEnumerable<Type> Reflected(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            return e.Types.Where(t => t is not null)!;
        }
    }

    /// <summary>The namespace-qualified name of an attribute's type when it is declared in the jsii runtime, else null.</summary>
    private static string? AttributeTypeName(MetadataReader metadata, CustomAttribute attribute)
    {
        if (attribute.Constructor.Kind != HandleKind.MemberReference)
        {
            return null;
        }

        var parent = metadata.GetMemberReference((MemberReferenceHandle)attribute.Constructor).Parent;
        if (parent.Kind != HandleKind.TypeReference)
        {
            return null;
        }

        var reference = metadata.GetTypeReference((TypeReferenceHandle)parent);
        if (reference.ResolutionScope.Kind != HandleKind.AssemblyReference
            || !metadata.StringComparer.Equals(metadata.GetAssemblyReference((AssemblyReferenceHandle)reference.ResolutionScope).Name, RuntimeName))
        {
            return null;
        }

        return $"{metadata.GetString(reference.Namespace)}.{metadata.GetString(reference.Name)}";
    }

    /// <summary>The name <see cref="Assembly.GetType(string)"/> takes: <c>Namespace.Name</c>, nested types as <c>Outer+Inner</c>.</summary>
    private static string ReflectionName(MetadataReader metadata, TypeDefinition definition)
    {
        var name = metadata.GetString(definition.Name);
        var declaring = definition.GetDeclaringType();
        if (!declaring.IsNil)
        {
            return $"{ReflectionName(metadata, metadata.GetTypeDefinition(declaring))}+{name}";
        }

        var ns = metadata.GetString(definition.Namespace);
        return ns.Length == 0 ? name : $"{ns}.{name}";
    }

    /// <summary>Decodes attribute arguments far enough to read their strings (types as names).</summary>
    private sealed class NameProvider : ICustomAttributeTypeProvider<string>
    {
        public static readonly NameProvider Instance = new();

        public string GetPrimitiveType(PrimitiveTypeCode typeCode) => typeCode.ToString();

        public string GetSystemType() => "System.Type";

        public string GetSZArrayType(string elementType) => elementType + "[]";

        public string GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) => ReflectionName(reader, reader.GetTypeDefinition(handle));

        public string GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind)
        {
            var reference = reader.GetTypeReference(handle);
            return $"{reader.GetString(reference.Namespace)}.{reader.GetString(reference.Name)}";
        }

        public string GetTypeFromSerializedName(string name) => name;

        public PrimitiveTypeCode GetUnderlyingEnumType(string type) =>
            throw new BadImageFormatException($"jsii type attributes take no enum argument ({type})");

        public bool IsSystemType(string type) => type == "System.Type";
    }

    /// <summary>Whether <paramref name="key"/> names a jsii type of an added assembly that loads (loads it on first look-up).</summary>
    public bool ContainsKey(string key) => TryGetValue(key, out _);

    /// <summary>The type of <paramref name="key"/>, loaded on first look-up.</summary>
    /// <exception cref="KeyNotFoundException">No added assembly declares <paramref name="key"/>, or its type does not load.</exception>
    public Type this[string key]
    {
        get => TryGetValue(key, out var type) ? type : throw new KeyNotFoundException($"no loadable jsii type '{key}'");
        set => _entries[key] = new Entry(value);
    }

    /// <inheritdoc />
    public bool TryGetValue(string key, out Type value)
    {
        if (_entries.TryGetValue(key, out var entry) && entry.Type is { } type)
        {
            value = type;
            return true;
        }

        value = null!;
        return false;
    }

    /// <inheritdoc />
    public void Add(string key, Type value) => Add(key, new Entry(value));

    /// <inheritdoc />
    public bool Remove(string key) => _entries.Remove(key);

    /// <summary>Every fully qualified name whose type loads (loads every type, as upstream's eager scan did).</summary>
    public ICollection<string> Keys => this.Select(p => p.Key).ToList();

    /// <summary>Every type (loads all of them).</summary>
    public ICollection<Type> Values => this.Select(p => p.Value).ToList();

    /// <summary>How many names map to a type that loads (loads every type).</summary>
    public int Count => Keys.Count;

    /// <inheritdoc />
    public bool IsReadOnly => false;

    /// <inheritdoc />
    public void Add(KeyValuePair<string, Type> item) => Add(item.Key, item.Value);

    /// <inheritdoc />
    public void Clear() => _entries.Clear();

    /// <inheritdoc />
    public bool Contains(KeyValuePair<string, Type> item) => TryGetValue(item.Key, out var type) && type == item.Value;

    /// <inheritdoc />
    public void CopyTo(KeyValuePair<string, Type>[] array, int arrayIndex)
    {
        foreach (var pair in this)
        {
            array[arrayIndex++] = pair;
        }
    }

    /// <inheritdoc />
    public bool Remove(KeyValuePair<string, Type> item) => Contains(item) && _entries.Remove(item.Key);

    /// <summary>Every pair: loads every type.</summary>
    public IEnumerator<KeyValuePair<string, Type>> GetEnumerator() =>
        _entries.Where(e => e.Value.Type is not null).Select(e => new KeyValuePair<string, Type>(e.Key, e.Value.Type!)).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
