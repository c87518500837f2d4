using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
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
/// instantiates the jsii attribute of each type: for provider-aws that loads about 20,000 types, about half of the
/// one-resource floor synth (docs/performance.md). Here an assembly that does not reference <c>Amazon.JSII.Runtime</c>
/// cannot carry a jsii attribute and is skipped; one that does is read with <see cref="System.Reflection.Metadata"/>:
/// every type definition whose custom attributes include one of the runtime's <see cref="JsiiTypeAttributeBase"/>
/// subclasses, keyed by that attribute's first <see cref="string"/> constructor argument (every such constructor takes
/// <c>(Type nativeType, string fullyQualifiedName, …)</c>). The same two errors as upstream: a fully qualified name
/// declared twice throws <see cref="InvalidOperationException"/>; an assembly without a file (dynamic or loaded from
/// bytes), and the runtime itself, are scanned with reflection exactly as upstream does.
/// <para>Not thread-safe on its own: <c>TypeCache</c> uses it only under its lock.</para>
/// </remarks>
public sealed class LazyJsiiTypes : IDictionary<string, Type>
{
    private const string ProxySuffix = "$Proxy";

    private static readonly Assembly Runtime = typeof(JsiiTypeAttributeBase).Assembly;

    /// <summary>Names of the runtime's attribute types that mark a jsii type (every concrete subclass of <see cref="JsiiTypeAttributeBase"/>).</summary>
    private static readonly ImmutableHashSet<string> AttributeNames = Runtime.GetTypes()
        .Where(t => !t.IsAbstract && typeof(JsiiTypeAttributeBase).IsAssignableFrom(t))
        .Select(t => t.FullName!)
        .ToImmutableHashSet(StringComparer.Ordinal);

    /// <summary>How <see cref="NameProvider"/> names a <see cref="string"/> argument (a <see cref="Type"/> argument's value is a string too).</summary>
    private static readonly string StringType = NameProvider.Instance.GetPrimitiveType(PrimitiveTypeCode.String);

    private static readonly string ProxyAttributeName = typeof(JsiiTypeProxyAttribute).FullName!;

    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    private sealed class Entry(Assembly assembly, string typeName)
    {
        private Type? _type;

        public Type Type => _type ??= assembly.GetType(typeName, throwOnError: true, ignoreCase: false)!;

        public Entry(Type type) : this(type.Assembly, type.FullName!) => _type = type;
    }

    /// <summary>Adds the jsii types of <paramref name="assembly"/> (see remarks of the class).</summary>
    /// <exception cref="InvalidOperationException">A fully qualified name is already present.</exception>
    public void AddAssembly(Assembly assembly)
    {
        if (assembly == Runtime || assembly.IsDynamic || string.IsNullOrEmpty(assembly.Location))
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

        if (!assembly.GetReferencedAssemblies().Any(r => r.Name == Runtime.GetName().Name))
        {
            return;
        }

        using var stream = File.OpenRead(assembly.Location);
        using var pe = new PEReader(stream);
        var metadata = pe.GetMetadataReader();
        foreach (var handle in metadata.TypeDefinitions)
        {
            var definition = metadata.GetTypeDefinition(handle);
            foreach (var attributeHandle in definition.GetCustomAttributes())
            {
                var attribute = metadata.GetCustomAttribute(attributeHandle);
                var attributeType = AttributeTypeName(metadata, attribute);
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
            || !metadata.StringComparer.Equals(metadata.GetAssemblyReference((AssemblyReferenceHandle)reference.ResolutionScope).Name, Runtime.GetName().Name!))
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

    /// <summary>Whether <paramref name="key"/> names a jsii type of an added assembly (loads nothing).</summary>
    public bool ContainsKey(string key) => _entries.ContainsKey(key);

    /// <summary>The type of <paramref name="key"/>, loaded on first look-up.</summary>
    /// <exception cref="KeyNotFoundException">No added assembly declares <paramref name="key"/>.</exception>
    /// <exception cref="TypeLoadException">The assembly no longer resolves the recorded type name.</exception>
    public Type this[string key]
    {
        get => _entries[key].Type;
        set => _entries[key] = new Entry(value);
    }

    /// <inheritdoc />
    public bool TryGetValue(string key, out Type value)
    {
        if (_entries.TryGetValue(key, out var entry))
        {
            value = entry.Type;
            return true;
        }

        value = null!;
        return false;
    }

    /// <inheritdoc />
    public void Add(string key, Type value) => Add(key, new Entry(value));

    /// <inheritdoc />
    public bool Remove(string key) => _entries.Remove(key);

    /// <summary>Every fully qualified name (loads nothing).</summary>
    public ICollection<string> Keys => _entries.Keys;

    /// <summary>Every type: loads all of them, as upstream's eager scan did.</summary>
    public ICollection<Type> Values => _entries.Values.Select(e => e.Type).ToList();

    /// <inheritdoc />
    public int Count => _entries.Count;

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
        _entries.Select(e => new KeyValuePair<string, Type>(e.Key, e.Value.Type)).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
