using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Mono.Cecil;
using Mono.Cecil.Cil;
using Mono.Cecil.Rocks;

// Memoizes per-construction reflection look-ups of the jsii .NET runtime (Amazon.JSII.Runtime), whose results depend
// only on metadata and never change while a process runs, and replaces its type cache's eager scan:
//   1. DeputyBase's constructor: the list of jsii methods and properties a class overrides (GetOverrides). Upstream it
//      walks every method and property of the class, and every interface map, on every `new` of any construct:
//      about 40 % of the managed CPU of a full synth (measured with dotnet-trace; docs/performance.md).
//   2. DeputyBase's constructor: the jsii interfaces a class implements (GetInterfaces).
//   3. ReflectionUtils.GetClassAttribute(Type): a fresh JsiiClassAttribute per call, which parses the constructor's
//      parameter list from JSON each time.
// Each of these methods first looks its key up in a synchronized System.Collections.Hashtable and returns the cached
// result; otherwise the original body runs and its result is stored. Only non-null results are cached, so behaviour
// for every input is the original one.
//   4. Every call in the runtime to CustomAttributeExtensions.GetCustomAttribute on a MemberInfo, and to
//      Type.GetInterfaceMap, goes to Ecolaura.Tf.JsiiTypeIndex's ReflectionMemo instead, which computes each answer
//      once (tools/JsiiTypeIndex/ReflectionMemo.cs). Upstream makes a fresh attribute, which parses JSON in its
//      constructor, on every type look-up, property read and struct conversion, and computes every interface map of a
//      class again for each of its methods.
//   5. JsiiTypeAttributeBase.Load, which every construction calls to make sure the class's npm package is loaded, returns
//      at once for an assembly it finished before; TypeCache.Refresh, which every type look-up calls, skips
//      AppDomain.GetAssemblies() while no assembly has loaded since its last finished scan (ReflectionMemo again).
//   6. TypeCache: its map from jsii fully qualified name to System.Type becomes an Ecolaura.Tf.JsiiTypeIndex
//      LazyJsiiTypes (tools/JsiiTypeIndex, an assembly every project that runs jsii code references), and CacheTypes(assembly)
//      hands it the assembly instead of loading every type of it and instantiating every type's jsii attribute: the index
//      reads the assembly's metadata and loads a type on its first look-up (about a quarter of the one-resource floor synth).
// Nothing else in the assembly changes.
//
// Usage: JsiiRuntimePatch <official Amazon.JSII.Runtime.dll> <patched output .dll>
// Exit 0 when written; 2 when the input is not the runtime this patch was written for (a method is missing or has an
// unexpected shape): then update the patch together with the Amazon.JSII.Runtime version in Directory.Packages.props.
if (args.Length != 2)
{
    Console.Error.WriteLine("usage: JsiiRuntimePatch <Amazon.JSII.Runtime.dll> <output.dll>");
    return 2;
}

try
{
    var resolver = new DefaultAssemblyResolver();
    resolver.AddSearchDirectory(Path.GetDirectoryName(Path.GetFullPath(args[0]))!);
    using var module = ModuleDefinition.ReadModule(args[0], new ReaderParameters { AssemblyResolver = resolver });
    if (module.GetType("Amazon.JSII.Runtime", "EcolauraReflectionMemo") is not null)
    {
        throw new PatchException($"{args[0]} is already patched");
    }

    var patcher = new Patcher(module);
    var closure = patcher.Type("Amazon.JSII.Runtime.Deputy.DeputyBase/<>c__DisplayClass3_0");
    var typeField = closure.Fields.SingleOrDefault(f => f.Name == "type" && f.FieldType.FullName == "System.Type")
        ?? throw new PatchException("DeputyBase's constructor closure has no 'type' field");
    patcher.Memoize(patcher.Method(closure, "<.ctor>g__GetOverrides|0", "Amazon.JSII.JsonModel.Api.Override[]"),
        key: il => [il.Create(OpCodes.Ldarg_0), il.Create(OpCodes.Ldfld, typeField)]);
    patcher.Memoize(patcher.Method(closure, "<.ctor>g__GetInterfaces|3", "System.String[]"),
        key: il => [il.Create(OpCodes.Ldarg_0), il.Create(OpCodes.Ldfld, typeField)]);
    patcher.Memoize(patcher.Method(patcher.Type("Amazon.JSII.Runtime.ReflectionUtils"), "GetClassAttribute",
            "Amazon.JSII.Runtime.Deputy.JsiiClassAttribute"),
        key: il => [il.Create(OpCodes.Ldarg_0)]);
    patcher.LazyTypeIndex(patcher.Type("Amazon.JSII.Runtime.Services.TypeCache"));
    patcher.MemoizeReflection();
    patcher.FastLoad(patcher.Type("Amazon.JSII.Runtime.Deputy.JsiiTypeAttributeBase"));
    patcher.RefreshOnLoad(patcher.Type("Amazon.JSII.Runtime.Services.TypeCache"));
    module.Write(args[1]);
    Console.WriteLine($"patched {patcher.Count} methods of {module.Assembly.Name.Name} into {args[1]}");
    return 0;
}
catch (PatchException e)
{
    Console.Error.WriteLine($"JsiiRuntimePatch: {e.Message}; this patch fits Amazon.JSII.Runtime 1.140.0");
    return 2;
}

sealed class PatchException(string message) : Exception(message);

sealed class Patcher
{
    private readonly ModuleDefinition _module;
    private readonly TypeDefinition _memo;
    private readonly MethodDefinition _memoInit;
    private readonly TypeReference _hashtable;
    private readonly MethodReference _getItem;
    private readonly MethodReference _setItem;
    private readonly MethodReference _synchronized;
    private readonly MethodReference _newHashtable;

    public int Count { get; private set; }

    private AssemblyNameReference? _index;

    private TypeReference? _reflectionMemo;

    /// <summary><c>Ecolaura.Tf.Tools.JsiiTypeIndex.ReflectionMemo</c> (tools/JsiiTypeIndex/ReflectionMemo.cs).</summary>
    private TypeReference ReflectionMemo => _reflectionMemo ??= new TypeReference("Ecolaura.Tf.Tools.JsiiTypeIndex", "ReflectionMemo", _module, IndexAssembly);

    /// <summary>The reference to <c>Ecolaura.Tf.JsiiTypeIndex</c> 1.0.0.0 (tools/JsiiTypeIndex), added on first use.</summary>
    private AssemblyNameReference IndexAssembly
    {
        get
        {
            if (_index is null)
            {
                _index = new AssemblyNameReference("Ecolaura.Tf.JsiiTypeIndex", new Version(1, 0, 0, 0));
                _module.AssemblyReferences.Add(_index);
            }

            return _index;
        }
    }

    public Patcher(ModuleDefinition module)
    {
        _module = module;
        _ = module.GetType("Amazon.JSII.Runtime.Deputy", "DeputyBase")
            ?? throw new PatchException("type Amazon.JSII.Runtime.Deputy.DeputyBase not found");
        var runtime = module.AssemblyReferences.SingleOrDefault(r => r.Name == "System.Runtime")
            ?? throw new PatchException("no System.Runtime reference");
        _hashtable = new TypeReference("System.Collections", "Hashtable", module, runtime);
        var obj = module.TypeSystem.Object;
        _getItem = new MethodReference("get_Item", obj, _hashtable) { HasThis = true, Parameters = { new(obj) } };
        _setItem = new MethodReference("set_Item", module.TypeSystem.Void, _hashtable)
        { HasThis = true, Parameters = { new(obj), new(obj) } };
        _synchronized = new MethodReference("Synchronized", _hashtable, _hashtable) { Parameters = { new(_hashtable) } };
        _newHashtable = new MethodReference(".ctor", module.TypeSystem.Void, _hashtable) { HasThis = true };

        _memo = new TypeDefinition("Amazon.JSII.Runtime", "EcolauraReflectionMemo",
            TypeAttributes.NotPublic | TypeAttributes.Sealed | TypeAttributes.Abstract | TypeAttributes.BeforeFieldInit,
            obj);
        module.Types.Add(_memo);
        _memoInit = new MethodDefinition(".cctor",
            MethodAttributes.Private | MethodAttributes.Static | MethodAttributes.HideBySig |
            MethodAttributes.SpecialName | MethodAttributes.RTSpecialName, module.TypeSystem.Void);
        _memoInit.Body.GetILProcessor().Emit(OpCodes.Ret);
        _memo.Methods.Add(_memoInit);
    }

    public TypeDefinition Type(string fullName) =>
        _module.GetTypes().SingleOrDefault(t => t.FullName == fullName)
        ?? throw new PatchException($"type {fullName} not found");

    public MethodDefinition Method(TypeDefinition type, string name, string returnType, bool allowHandlers = false)
    {
        var method = type.Methods.SingleOrDefault(m => m.Name == name)
            ?? throw new PatchException($"method {type.FullName}::{name} not found");
        if (method.ReturnType.FullName != returnType)
            throw new PatchException($"{type.FullName}::{name} returns {method.ReturnType.FullName}, expected {returnType}");
        if (method.Body.HasExceptionHandlers && !allowHandlers)
            throw new PatchException($"{type.FullName}::{name} has exception handlers");
        return method;
    }

    /// <summary>A static readonly synchronized Hashtable on the memo type, created by its static constructor.</summary>
    private FieldDefinition NewTable(string name)
    {
        var table = new FieldDefinition(name, FieldAttributes.Assembly | FieldAttributes.Static | FieldAttributes.InitOnly, _hashtable);
        _memo.Fields.Add(table);
        var init = _memoInit.Body.GetILProcessor();
        var last = _memoInit.Body.Instructions.Last();
        init.InsertBefore(last, init.Create(OpCodes.Newobj, _newHashtable));
        init.InsertBefore(last, init.Create(OpCodes.Call, _synchronized));
        init.InsertBefore(last, init.Create(OpCodes.Stsfld, table));
        return table;
    }

    /// <summary>
    /// TypeCache's constructor creates a <c>LazyJsiiTypes</c> (assembly <c>Ecolaura.Tf.JsiiTypeIndex</c> 1.0.0.0) instead
    /// of its <c>Dictionary&lt;string, Type&gt;</c>, and <c>CacheTypes(Assembly)</c> becomes
    /// <c>((LazyJsiiTypes)_types).AddAssembly(assembly)</c>.
    /// </summary>
    public void LazyTypeIndex(TypeDefinition typeCache)
    {
        var types = typeCache.Fields.SingleOrDefault(f => f.Name == "_types"
                && f.FieldType.FullName == "System.Collections.Generic.IDictionary`2<System.String,System.Type>")
            ?? throw new PatchException("TypeCache has no field 'IDictionary<string, Type> _types'");
        var constructor = typeCache.Methods.SingleOrDefault(m => m.IsConstructor && !m.IsStatic)
            ?? throw new PatchException("TypeCache has no single instance constructor");
        var creations = constructor.Body.Instructions
            .Where(i => i.OpCode == OpCodes.Newobj && i.Operand is MethodReference m
                && m.DeclaringType.FullName == "System.Collections.Generic.Dictionary`2<System.String,System.Type>" && m.Parameters.Count == 0
                && i.Next is { OpCode.Code: Code.Stfld } store && store.Operand is FieldReference f && f.Name == types.Name)
            .ToList();
        if (creations.Count != 1)
            throw new PatchException($"TypeCache's constructor creates its _types dictionary {creations.Count} times, expected once");
        var cacheTypes = Method(typeCache, "CacheTypes", "System.Void", allowHandlers: true);
        if (cacheTypes.Parameters.Count != 1 || cacheTypes.Parameters[0].ParameterType.FullName != "System.Reflection.Assembly")
            throw new PatchException("TypeCache::CacheTypes does not take one System.Reflection.Assembly");

        var lazy = new TypeReference("Ecolaura.Tf.Tools.JsiiTypeIndex", "LazyJsiiTypes", _module, IndexAssembly);
        creations[0].Operand = new MethodReference(".ctor", _module.TypeSystem.Void, lazy) { HasThis = true };
        var addAssembly = new MethodReference("AddAssembly", _module.TypeSystem.Void, lazy)
        { HasThis = true, Parameters = { new(cacheTypes.Parameters[0].ParameterType) } };

        var body = cacheTypes.Body;
        body.Instructions.Clear();
        body.ExceptionHandlers.Clear();
        body.Variables.Clear();
        var il = body.GetILProcessor();
        il.Append(il.Create(OpCodes.Ldarg_0));
        il.Append(il.Create(OpCodes.Ldfld, types));
        il.Append(il.Create(OpCodes.Castclass, lazy));
        il.Append(il.Create(OpCodes.Ldarg_1));
        il.Append(il.Create(OpCodes.Callvirt, addAssembly));
        il.Append(il.Create(OpCodes.Ret));
        Count += 2;
    }

    /// <summary>
    /// Redirects every call in the runtime to <c>CustomAttributeExtensions.GetCustomAttribute</c> on a
    /// <c>MemberInfo</c> (<c>&lt;T&gt;(MemberInfo)</c>, <c>&lt;T&gt;(MemberInfo, bool)</c> and
    /// <c>(MemberInfo, Type, bool)</c>) and to <c>Type.GetInterfaceMap(Type)</c> to the same-shaped static methods of
    /// <c>Ecolaura.Tf.Tools.JsiiTypeIndex.ReflectionMemo</c>, which compute each answer once. Refuses a runtime where the
    /// call sites the profile found are not there: TypeCache's attribute check, ReflectionUtils' interface maps, and the
    /// struct conversion's property attribute.
    /// </summary>
    public void MemoizeReflection()
    {
        var memo = ReflectionMemo;
        var changed = new List<MethodDefinition>();
        foreach (var method in _module.GetTypes().Where(t => t != _memo).SelectMany(t => t.Methods).Where(m => m.HasBody))
        {
            var redirected = false;
            foreach (var instruction in method.Body.Instructions)
            {
                if ((instruction.OpCode == OpCodes.Call || instruction.OpCode == OpCodes.Callvirt)
                    && instruction.Operand is MethodReference callee && Memoized(callee, memo) is { } replacement)
                {
                    instruction.OpCode = OpCodes.Call;
                    instruction.Operand = replacement;
                    redirected = true;
                }
            }

            if (redirected) changed.Add(method);
        }

        foreach (var (type, name) in new[]
        {
            ("Amazon.JSII.Runtime.Services.TypeCache", "TryGetType"),
            ("Amazon.JSII.Runtime.Services.Converters.FrameworkToJsiiConverter", "TryConvertClass"),
        })
        {
            if (!changed.Any(m => m.DeclaringType.FullName == type && m.Name == name))
                throw new PatchException($"{type}::{name} has no GetCustomAttribute call to memoize");
        }

        if (!changed.Any(m => m.DeclaringType.FullName.StartsWith("Amazon.JSII.Runtime.ReflectionUtils", StringComparison.Ordinal)
                && m.Body.Instructions.Any(i => i.Operand is MethodReference r && r.Name == "GetInterfaceMap")))
            throw new PatchException("ReflectionUtils has no GetInterfaceMap call to memoize");
        Count += changed.Count;
    }

    /// <summary>
    /// <c>JsiiTypeAttributeBase.Load(Assembly)</c>, which every construction calls, returns at once when
    /// <c>ReflectionMemo.IsLoaded(assembly)</c>, and each of its normal returns calls <c>ReflectionMemo.MarkLoaded(assembly)</c>
    /// (upstream names the assembly and searches a bag of names each time); <c>Reset()</c>, which clears upstream's
    /// list, then also calls <c>ReflectionMemo.ForgetLoaded()</c>.
    /// </summary>
    public void FastLoad(TypeDefinition attributeBase)
    {
        var load = Method(attributeBase, "Load", "System.Void");
        if (!load.IsStatic || load.Parameters.Count != 1 || load.Parameters[0].ParameterType.FullName != "System.Reflection.Assembly")
            throw new PatchException($"{attributeBase.FullName}::Load is not a static method taking one System.Reflection.Assembly");
        var reset = Method(attributeBase, "Reset", "System.Void");
        var assembly = load.Parameters[0].ParameterType;
        var isLoaded = new MethodReference("IsLoaded", _module.TypeSystem.Boolean, ReflectionMemo) { Parameters = { new(assembly) } };
        var markLoaded = new MethodReference("MarkLoaded", _module.TypeSystem.Void, ReflectionMemo) { Parameters = { new(assembly) } };

        Wrap(
            load.Body,
            (il, original) => [il.Create(OpCodes.Ldarg_0), il.Create(OpCodes.Call, isLoaded), il.Create(OpCodes.Brfalse, original), il.Create(OpCodes.Ret)],
            il => [il.Create(OpCodes.Ldarg_0), il.Create(OpCodes.Call, markLoaded), il.Create(OpCodes.Ret)]);

        var resetIl = reset.Body.GetILProcessor();
        foreach (var ret in reset.Body.Instructions.Where(i => i.OpCode == OpCodes.Ret).ToList())
        {
            // After upstream has cleared its list. A Load that finishes after this (nothing in the runtime calls Reset)
            // keeps its mark, as it refills upstream's list too: the race upstream already has, no new one.
            // The ret becomes the call (so jumps to it still land there) and a new ret follows.
            ret.OpCode = OpCodes.Call;
            ret.Operand = new MethodReference("ForgetLoaded", _module.TypeSystem.Void, ReflectionMemo);
            resetIl.InsertAfter(ret, resetIl.Create(OpCodes.Ret));
        }
        Count += 2;
    }

    /// <summary>
    /// <c>TypeCache.Refresh()</c>, which every type look-up calls, returns at once while <c>ReflectionMemo.AssemblyLoads</c>
    /// equals the number this cache saw when its last scan finished (no assembly has loaded since); otherwise it scans as
    /// upstream (<c>AppDomain.GetAssemblies()</c> and a name check per assembly) and, on a normal return only, remembers
    /// the number it read before scanning: a scan that throws (two jsii types with one name) is tried again on the next
    /// look-up, as upstream, and an assembly that loads during a scan is seen by the next one.
    /// </summary>
    public void RefreshOnLoad(TypeDefinition typeCache)
    {
        var refresh = Method(typeCache, "Refresh", "System.Void");
        if (refresh.IsStatic || refresh.Parameters.Count != 0)
            throw new PatchException($"{typeCache.FullName}::Refresh is not an instance method without parameters");
        var int32 = _module.TypeSystem.Int32;
        var seen = new FieldDefinition("<ecolaura>assemblyLoadsSeen", FieldAttributes.Private, int32);
        typeCache.Fields.Add(seen);
        var loads = new MethodReference("get_AssemblyLoads", int32, ReflectionMemo);

        var body = refresh.Body;
        var current = new VariableDefinition(int32);
        body.Variables.Add(current);
        body.InitLocals = true;
        Wrap(
            body,
            (il, original) =>
            [
                il.Create(OpCodes.Call, loads), il.Create(OpCodes.Stloc, current),
                il.Create(OpCodes.Ldarg_0), il.Create(OpCodes.Ldfld, seen), il.Create(OpCodes.Ldloc, current), il.Create(OpCodes.Bne_Un, original),
                il.Create(OpCodes.Ret),
            ],
            il => [il.Create(OpCodes.Ldarg_0), il.Create(OpCodes.Ldloc, current), il.Create(OpCodes.Stfld, seen), il.Create(OpCodes.Ret)]);
        Count++;
    }

    /// <summary>
    /// Puts <paramref name="prologue"/> (given the method's first instruction, to branch to it) before
    /// <paramref name="body"/>, and makes every return of the method go through <paramref name="epilogue"/> (which ends
    /// with its own <c>ret</c>); an exception leaves the method without running it. Returns in a method body compiled
    /// from C# are never inside a protected region, so a plain branch reaches the epilogue.
    /// </summary>
    private static void Wrap(MethodBody body, Func<ILProcessor, Instruction, Instruction[]> prologue, Func<ILProcessor, Instruction[]> epilogue)
    {
        body.SimplifyMacros();
        var il = body.GetILProcessor();
        var original = body.Instructions.First();
        var tail = epilogue(il);
        foreach (var ret in body.Instructions.Where(i => i.OpCode == OpCodes.Ret).ToList())
        {
            ret.OpCode = OpCodes.Br;
            ret.Operand = tail[0];
        }

        foreach (var instruction in tail)
        {
            il.Append(instruction);
        }

        foreach (var instruction in prologue(il, original))
        {
            il.InsertBefore(original, instruction);
        }

        body.OptimizeMacros();
    }

    /// <summary>The <c>ReflectionMemo</c> method to call instead of <paramref name="callee"/>, or null to leave the call.</summary>
    private static MethodReference? Memoized(MethodReference callee, TypeReference memo)
    {
        var parameters = callee.Parameters.Select(p => p.ParameterType.FullName).ToArray();
        if (callee.DeclaringType.FullName == "System.Reflection.CustomAttributeExtensions" && callee.Name == "GetCustomAttribute"
            && parameters.FirstOrDefault() == "System.Reflection.MemberInfo")
        {
            if (callee is GenericInstanceMethod generic && generic.GenericArguments.Count == 1
                && (parameters.Length == 1 || parameters is [_, "System.Boolean"]))
            {
                var open = new MethodReference("GetCustomAttribute", callee.Module.TypeSystem.Void, memo) { HasThis = false };
                var t = new GenericParameter("T", open);
                open.GenericParameters.Add(t);
                open.ReturnType = t;
                foreach (var parameter in generic.ElementMethod.Parameters) open.Parameters.Add(new ParameterDefinition(parameter.ParameterType));
                return new GenericInstanceMethod(open) { GenericArguments = { generic.GenericArguments[0] } };
            }

            if (callee is not GenericInstanceMethod && parameters is [_, "System.Type", "System.Boolean"])
            {
                var attribute = new MethodReference("GetCustomAttribute", callee.ReturnType, memo) { HasThis = false };
                foreach (var parameter in callee.Parameters) attribute.Parameters.Add(new ParameterDefinition(parameter.ParameterType));
                return attribute;
            }
        }

        if (callee.DeclaringType.FullName == "System.Type" && callee.Name == "GetInterfaceMap" && callee.HasThis && parameters is ["System.Type"])
        {
            return new MethodReference("GetInterfaceMap", callee.ReturnType, memo)
            {
                HasThis = false,
                Parameters = { new ParameterDefinition(callee.DeclaringType), new ParameterDefinition(callee.Parameters[0].ParameterType) },
            };
        }

        return null;
    }

    /// <summary>
    /// Wraps <paramref name="method"/>: a cache hit returns before the original body; every original <c>ret</c>
    /// becomes a branch to an epilogue that stores a non-null result. A null key skips the cache.
    /// </summary>
    public void Memoize(MethodDefinition method, Func<ILProcessor, Instruction[]> key)
    {
        var table = NewTable($"<{method.DeclaringType.Name}>{method.Name}");

        var body = method.Body;
        var il = body.GetILProcessor();
        var original = body.Instructions.First();
        var result = new VariableDefinition(method.ReturnType);
        body.Variables.Add(result);

        // Epilogue: store a non-null result under a non-null key, then return it.
        var epilogue = il.Create(OpCodes.Stloc, result);
        var done = il.Create(OpCodes.Ldloc, result);
        foreach (var ret in body.Instructions.Where(i => i.OpCode == OpCodes.Ret).ToList())
        {
            ret.OpCode = OpCodes.Br;
            ret.Operand = epilogue;
        }
        var tail = new List<Instruction> { epilogue, il.Create(OpCodes.Ldloc, result), il.Create(OpCodes.Brfalse, done) };
        tail.AddRange(key(il));
        tail.Add(il.Create(OpCodes.Brfalse, done));
        tail.Add(il.Create(OpCodes.Ldsfld, table));
        tail.AddRange(key(il));
        tail.Add(il.Create(OpCodes.Ldloc, result));
        tail.Add(il.Create(OpCodes.Callvirt, _setItem));
        tail.Add(done);
        tail.Add(il.Create(OpCodes.Ret));
        foreach (var instruction in tail) il.Append(instruction);

        // Prologue: a hit returns at once; a null key or a miss falls through to the original body.
        var pop = il.Create(OpCodes.Pop);
        var head = new List<Instruction>();
        head.AddRange(key(il));
        head.Add(il.Create(OpCodes.Brfalse, original));
        head.Add(il.Create(OpCodes.Ldsfld, table));
        head.AddRange(key(il));
        head.Add(il.Create(OpCodes.Callvirt, _getItem));
        head.Add(il.Create(OpCodes.Isinst, method.ReturnType));
        head.Add(il.Create(OpCodes.Dup));
        head.Add(il.Create(OpCodes.Brfalse, pop));
        head.Add(il.Create(OpCodes.Ret));
        head.Add(pop);
        foreach (var instruction in head) il.InsertBefore(original, instruction);
        body.InitLocals = true;
        body.MaxStackSize = Math.Max(body.MaxStackSize, 4);
        Count++;
    }
}
