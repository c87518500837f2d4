using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Mono.Cecil;
using Mono.Cecil.Cil;

// Memoizes four per-construction reflection look-ups of the jsii .NET runtime (Amazon.JSII.Runtime), whose results
// depend only on a System.Type or a PropertyInfo and never change while a process runs:
//   1. DeputyBase's constructor: the list of jsii methods and properties a class overrides (GetOverrides). Upstream it
//      walks every method and property of the class, and every interface map, on every `new` of any construct:
//      about 40 % of the managed CPU of a full synth (measured with dotnet-trace; README "Benchmark").
//   2. DeputyBase's constructor: the jsii interfaces a class implements (GetInterfaces).
//   3. ReflectionUtils.GetClassAttribute(Type): a fresh JsiiClassAttribute per call, which parses the constructor's
//      parameter list from JSON each time.
//   4. FrameworkToJsiiConverter.TryConvertClass: the JsiiPropertyAttribute of every property of every struct passed
//      to jsii (a resource's config), instantiated per conversion, which parses the property's type from JSON.
// Each patched method (for 4, the attribute look-up at that one call site) first looks its key up in a synchronized System.Collections.Hashtable and
// returns the cached result; otherwise the original body runs and its result is stored. Only non-null results are
// cached, so behaviour for every input is the original one.
// 5. TypeCache: its map from jsii fully qualified name to System.Type becomes an Ecolaura.Tf.JsiiTypeIndex
//    LazyJsiiTypes (tools/JsiiTypeIndex, an assembly every project that runs jsii code references), and CacheTypes(assembly)
//    hands it the assembly instead of loading every type of it and instantiating every type's jsii attribute: the index
//    reads the assembly's metadata and loads a type on its first look-up (about a quarter of the one-resource floor synth).
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
    patcher.MemoizeCall(patcher.Method(patcher.Type("Amazon.JSII.Runtime.Services.Converters.FrameworkToJsiiConverter"),
            "TryConvertClass", "System.Boolean", allowHandlers: true),
        "System.Attribute System.Reflection.CustomAttributeExtensions::GetCustomAttribute(System.Reflection.MemberInfo,System.Type,System.Boolean)");
    patcher.LazyTypeIndex(patcher.Type("Amazon.JSII.Runtime.Services.TypeCache"));
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

        var index = new AssemblyNameReference("Ecolaura.Tf.JsiiTypeIndex", new Version(1, 0, 0, 0));
        _module.AssemblyReferences.Add(index);
        var lazy = new TypeReference("Ecolaura.Tf.Tools.JsiiTypeIndex", "LazyJsiiTypes", _module, index);
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
    /// Redirects the one call of <paramref name="callee"/> (a static <c>(MemberInfo, …) → reference</c> method) in
    /// <paramref name="caller"/> to a new static method with the same signature that caches non-null results per first
    /// argument (the member); a null member calls through.
    /// </summary>
    public void MemoizeCall(MethodDefinition caller, string callee)
    {
        var calls = caller.Body.Instructions.Where(i => i.OpCode == OpCodes.Call && i.Operand is MethodReference m && m.FullName == callee).ToList();
        if (calls.Count != 1)
            throw new PatchException($"{caller.FullName} calls {callee} {calls.Count} times, expected once");
        var target = (MethodReference)calls[0].Operand;
        var table = NewTable($"<{caller.DeclaringType.Name}>{caller.Name}>{target.Name}");

        var memo = new MethodDefinition($"{caller.DeclaringType.Name}.{caller.Name}.{target.Name}",
            MethodAttributes.Assembly | MethodAttributes.Static | MethodAttributes.HideBySig, target.ReturnType);
        foreach (var parameter in target.Parameters) memo.Parameters.Add(new ParameterDefinition(parameter.ParameterType));
        var result = new VariableDefinition(target.ReturnType);
        memo.Body.Variables.Add(result);
        memo.Body.InitLocals = true;
        var il = memo.Body.GetILProcessor();
        var pop = il.Create(OpCodes.Pop);
        var callThrough = il.Create(OpCodes.Ldarg_0);
        var done = il.Create(OpCodes.Ldloc, result);
        il.Append(il.Create(OpCodes.Ldarg_0));
        il.Append(il.Create(OpCodes.Brfalse, callThrough));
        il.Append(il.Create(OpCodes.Ldsfld, table));
        il.Append(il.Create(OpCodes.Ldarg_0));
        il.Append(il.Create(OpCodes.Callvirt, _getItem));
        il.Append(il.Create(OpCodes.Isinst, target.ReturnType));
        il.Append(il.Create(OpCodes.Dup));
        il.Append(il.Create(OpCodes.Brfalse, pop));
        il.Append(il.Create(OpCodes.Ret));
        il.Append(pop);
        il.Append(callThrough);
        for (var i = 1; i < target.Parameters.Count; i++) il.Append(il.Create(OpCodes.Ldarg, memo.Parameters[i]));
        il.Append(il.Create(OpCodes.Call, target));
        il.Append(il.Create(OpCodes.Stloc, result));
        il.Append(il.Create(OpCodes.Ldloc, result));
        il.Append(il.Create(OpCodes.Brfalse, done));
        il.Append(il.Create(OpCodes.Ldarg_0));
        il.Append(il.Create(OpCodes.Brfalse, done));
        il.Append(il.Create(OpCodes.Ldsfld, table));
        il.Append(il.Create(OpCodes.Ldarg_0));
        il.Append(il.Create(OpCodes.Ldloc, result));
        il.Append(il.Create(OpCodes.Callvirt, _setItem));
        il.Append(done);
        il.Append(il.Create(OpCodes.Ret));
        _memo.Methods.Add(memo);
        calls[0].Operand = memo;
        Count++;
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
