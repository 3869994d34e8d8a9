using System.Reflection;
using System.Reflection.Emit;

namespace Aae.Tests;

/// <summary>
/// The methods a method's IL calls (call, callvirt, newobj, ldftn), read from its body with the
/// standard opcode table, so that a test can check what library code calls without running it.
/// </summary>
static class IlCalls
{
    static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(field => (OpCode)field.GetValue(null)!)
        .ToDictionary(code => code.Value);

    const BindingFlags Everything = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance
        | BindingFlags.Static | BindingFlags.DeclaredOnly;

    /// <summary>Every method and constructor with a body declared in the assembly, nested and generated types included.</summary>
    public static IEnumerable<MethodBase> MethodsOf(Assembly assembly) => assembly.GetTypes()
        .SelectMany(type => type.GetMethods(Everything).Cast<MethodBase>().Concat(type.GetConstructors(Everything)))
        .Where(method => method.GetMethodBody() != null);

    public static IEnumerable<MethodBase> CalledBy(MethodBase method)
    {
        var il = method.GetMethodBody()?.GetILAsByteArray();
        if (il == null) yield break;
        Type[]? typeArguments = method.DeclaringType is { IsGenericType: true } type ? type.GetGenericArguments() : null;
        Type[]? methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
        int offset = 0;
        while (offset < il.Length)
        {
            short value = il[offset] == 0xFE ? (short)(0xFE00 | il[offset + 1]) : il[offset];
            var code = OpCodesByValue[value];
            offset += code.Size;
            if (code.OperandType == OperandType.InlineMethod)
            {
                int token = BitConverter.ToInt32(il, offset);
                MethodBase? called = null;
                try { called = method.Module.ResolveMethod(token, typeArguments, methodArguments); }
                catch (ArgumentException) { } // a generic context the resolver cannot supply: not a TorchSharp call here
                if (called != null) yield return called;
            }
            offset += OperandSize(code, il, offset);
        }
    }

    static int OperandSize(OpCode code, byte[] il, int offset) => code.OperandType switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        OperandType.InlineSwitch => 4 + 4 * BitConverter.ToInt32(il, offset),
        _ => 4,
    };
}
