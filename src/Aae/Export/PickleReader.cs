using System.Buffers.Binary;
using System.Numerics;
using System.Text;

namespace Aae.Export;

/// <summary>A module-level name a pickle refers to (GLOBAL): only a fixed list of them may be called.</summary>
public sealed record PickleGlobal(string Module, string Name)
{
    public override string ToString() => $"{Module}.{Name}";
}

/// <summary>A dict as a pickle builds it: keys in insertion order, as Python keeps them.</summary>
public sealed class PickleDict : List<KeyValuePair<object, object?>>
{
    public void Set(object key, object? value)
    {
        int at = FindIndex(entry => Equals(entry.Key, key));
        if (at >= 0) this[at] = new(key, value);
        else Add(new(key, value));
    }
}

/// <summary>
/// A pickle interpreter for the subset torch.save writes: constants, strings, tuples, lists, dicts,
/// the memo, persistent ids (tensor storages) and calls of globals that <paramref name="call"/>
/// accepts. Nothing in the file runs: an opcode outside the subset, or a global that is not
/// allowed, ends the read. Every length is checked against the bytes left before anything is
/// allocated for it, so what the reader holds is bounded by the size of the pickle.
/// </summary>
public sealed class PickleReader(
    byte[] data,
    Func<string, Exception> damaged,
    Func<PickleGlobal, bool> allowed,
    Func<PickleGlobal, object?[], object?> call,
    Func<object?, object?> persistentLoad)
{
    // PyTorch's storages hold their sizes in ints; a longer integer is no state_dict's.
    const int MaxIntegerBytes = 16;

    static readonly object Mark = new();

    int position;
    readonly List<object?> stack = [];
    readonly Dictionary<long, object?> memo = [];

    public object? Load()
    {
        while (true)
        {
            byte opcode = Byte();
            switch ((char)opcode)
            {
                case '\x80': Byte(); break;                                   // PROTO
                case '\x95': Bytes(8); break;                                 // FRAME: a length hint
                case '.': return Pop();                                       // STOP
                case '(': stack.Add(Mark); break;                             // MARK
                case '0': Pop(); break;                                       // POP
                case '1': PopMark(); break;                                   // POP_MARK
                case '2': stack.Add(Top()); break;                            // DUP
                case 'q': memo[Byte()] = Top(); break;                        // BINPUT
                case 'r': memo[UInt32()] = Top(); break;                      // LONG_BINPUT
                case '\x94': memo[memo.Count] = Top(); break;                 // MEMOIZE
                case 'p': memo[IntegerLine()] = Top(); break;                 // PUT
                case 'h': stack.Add(Recall(Byte())); break;                   // BINGET
                case 'j': stack.Add(Recall(UInt32())); break;                 // LONG_BINGET
                case 'g': stack.Add(Recall(IntegerLine())); break;            // GET
                case 'N': stack.Add(null); break;                             // NONE
                case '\x88': stack.Add(true); break;                          // NEWTRUE
                case '\x89': stack.Add(false); break;                         // NEWFALSE
                case 'J': stack.Add((long)BinaryPrimitives.ReadInt32LittleEndian(Bytes(4))); break;  // BININT
                case 'K': stack.Add((long)Byte()); break;                     // BININT1
                case 'M': stack.Add((long)BinaryPrimitives.ReadUInt16LittleEndian(Bytes(2))); break;  // BININT2
                case '\x8a': stack.Add(Integer(Byte())); break;               // LONG1
                case '\x8b': stack.Add(Integer(Length(4))); break;            // LONG4
                case 'I': case 'L': stack.Add(IntegerLine()); break;          // INT, LONG (text)
                case 'G': stack.Add(BinaryPrimitives.ReadDoubleBigEndian(Bytes(8))); break;  // BINFLOAT
                case 'F': stack.Add(FloatLine()); break;                      // FLOAT (text)
                case 'X': stack.Add(Text(Length(4))); break;                  // BINUNICODE
                case '\x8c': stack.Add(Text(Byte())); break;                  // SHORT_BINUNICODE
                case '\x8d': stack.Add(Text(Length(8))); break;               // BINUNICODE8
                case 'T': stack.Add(Latin1(Length(4))); break;                // BINSTRING
                case 'U': stack.Add(Latin1(Byte())); break;                   // SHORT_BINSTRING
                case 'B': stack.Add(Bytes(Length(4)).ToArray()); break;       // BINBYTES
                case 'C': stack.Add(Bytes(Byte()).ToArray()); break;          // SHORT_BINBYTES
                case '\x8e': stack.Add(Bytes(Length(8)).ToArray()); break;    // BINBYTES8
                case ')': stack.Add(Array.Empty<object?>()); break;           // EMPTY_TUPLE
                case 't': stack.Add(PopMark()); break;                        // TUPLE
                case '\x85': stack.Add(PopTuple(1)); break;                   // TUPLE1
                case '\x86': stack.Add(PopTuple(2)); break;                   // TUPLE2
                case '\x87': stack.Add(PopTuple(3)); break;                   // TUPLE3
                case ']': stack.Add(new List<object?>()); break;              // EMPTY_LIST
                case 'l': stack.Add(PopMark().ToList()); break;               // LIST
                case 'a': Append(Pop()); break;                               // APPEND
                case 'e': foreach (var item in PopMark()) Append(item); break; // APPENDS
                case '}': stack.Add(new PickleDict()); break;                 // EMPTY_DICT
                case 'd': stack.Add(SetItems(new PickleDict(), PopMark())); break;  // DICT
                case 's': { var value = Pop(); var key = Pop(); SetItems(Top() as PickleDict, [key, value]); break; }  // SETITEM
                case 'u': { var items = PopMark(); SetItems(Top() as PickleDict, items); break; }  // SETITEMS
                case 'c': stack.Add(Global(Line(), Line())); break;           // GLOBAL
                case '\x93': { var name = Pop(); var module = Pop(); stack.Add(Global(module as string, name as string)); break; }  // STACK_GLOBAL
                case 'R': { var args = Pop(); var callable = Pop(); stack.Add(Call(callable, args)); break; }  // REDUCE
                case 'b': Build(); break;                                     // BUILD
                case 'Q': stack.Add(persistentLoad(Pop())); break;            // BINPERSID
                default:
                    throw damaged($"pickle opcode 0x{opcode:x2} at byte {position - 1}, which no state_dict uses");
            }
        }
    }

    byte Byte()
    {
        if (position >= data.Length) throw damaged("its pickle ends before its STOP");
        return data[position++];
    }

    ReadOnlySpan<byte> Bytes(long count)
    {
        if (count > data.Length - position) throw damaged($"its pickle declares {count} bytes at byte {position} with {data.Length - position} left");
        var span = data.AsSpan(position, (int)count);
        position += (int)count;
        return span;
    }

    long UInt32() => BinaryPrimitives.ReadUInt32LittleEndian(Bytes(4));

    /// <summary>A length prefix, refused before allocation when it reaches past the pickle's end.</summary>
    long Length(int width)
    {
        long length = width == 4 ? UInt32() : (long)Math.Min(BinaryPrimitives.ReadUInt64LittleEndian(Bytes(8)), long.MaxValue);
        if (length > data.Length - position) throw damaged($"its pickle declares a {length}-byte value at byte {position} with {data.Length - position} left");
        return length;
    }

    string Text(long count)
    {
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(Bytes(count));
        }
        catch (DecoderFallbackException)
        {
            throw damaged($"its pickle holds a string that is not UTF-8 before byte {position}");
        }
    }

    string Latin1(long count) => Encoding.Latin1.GetString(Bytes(count));

    string Line()
    {
        int end = Array.IndexOf(data, (byte)'\n', position);
        if (end < 0) throw damaged("its pickle ends inside a line");
        var line = Encoding.Latin1.GetString(data, position, end - position);
        position = end + 1;
        return line;
    }

    long Integer(long count)
    {
        if (count > MaxIntegerBytes) throw damaged($"its pickle holds a {count}-byte integer");
        var value = new BigInteger(Bytes(count), isUnsigned: false, isBigEndian: false);
        if (value < long.MinValue || value > long.MaxValue) throw damaged($"its pickle holds the integer {value}, beyond 64 bits");
        return (long)value;
    }

    long IntegerLine()
    {
        var line = Line().TrimEnd('L');
        return line switch
        {
            "00" => 0,
            "01" => 1,
            _ => long.TryParse(line, out var value) ? value : throw damaged($"its pickle holds '{Shortened(line)}' where an integer belongs"),
        };
    }

    double FloatLine() =>
        double.TryParse(Line(), System.Globalization.CultureInfo.InvariantCulture, out var value) ? value : throw damaged("its pickle holds a malformed float");

    object? Pop()
    {
        if (stack.Count == 0 || ReferenceEquals(stack[^1], Mark)) throw damaged($"its pickle takes from an empty stack at byte {position - 1}");
        var top = stack[^1];
        stack.RemoveAt(stack.Count - 1);
        return top;
    }

    object? Top()
    {
        if (stack.Count == 0 || ReferenceEquals(stack[^1], Mark)) throw damaged($"its pickle reads an empty stack at byte {position - 1}");
        return stack[^1];
    }

    object?[] PopMark()
    {
        int mark = stack.FindLastIndex(item => ReferenceEquals(item, Mark));
        if (mark < 0) throw damaged($"its pickle closes a MARK it never opened at byte {position - 1}");
        var items = stack.GetRange(mark + 1, stack.Count - mark - 1).ToArray();
        stack.RemoveRange(mark, stack.Count - mark);
        return items;
    }

    object?[] PopTuple(int count)
    {
        var items = new object?[count];
        for (int i = count - 1; i >= 0; i--) items[i] = Pop();
        return items;
    }

    object? Recall(long index) => memo.TryGetValue(index, out var value) ? value : throw damaged($"its pickle recalls memo {index}, never stored");

    void Append(object? item)
    {
        if (Top() is not List<object?> list) throw damaged($"its pickle appends to something that is not a list at byte {position - 1}");
        list.Add(item);
    }

    PickleDict SetItems(PickleDict? dict, object?[] items)
    {
        if (dict is null) throw damaged($"its pickle sets an item of something that is not a dict at byte {position - 1}");
        if (items.Length % 2 != 0) throw damaged($"its pickle gives a dict a key without a value at byte {position - 1}");
        for (int i = 0; i < items.Length; i += 2)
        {
            // Python's dict keys are hashable values; a list or dict as a key is a damaged pickle.
            if (items[i] is not (string or long or bool or double or object[])) throw damaged("its pickle has a dict key that is not a string or number");
            dict.Set(items[i]!, items[i + 1]);
        }
        return dict;
    }

    PickleGlobal Global(string? module, string? name)
    {
        if (module is null || name is null) throw damaged("its pickle names a global without a module and name");
        var global = new PickleGlobal(module, name);
        if (!allowed(global)) throw damaged($"its pickle refers to {Shortened(global.ToString())}, which a state_dict does not need (refused: a pickle can run code)");
        return global;
    }

    object? Call(object? callable, object? args)
    {
        if (callable is not PickleGlobal global || args is not object[] arguments)
            throw damaged($"its pickle calls something that is not a global at byte {position - 1}");
        return call(global, arguments);
    }

    /// <summary>BUILD sets an object's state: OrderedDict's state is the state_dict's _metadata, which the weights do not need.</summary>
    void Build()
    {
        Pop();
        if (Top() is not PickleDict) throw damaged($"its pickle sets the state of something that is not a dict at byte {position - 1}");
    }

    static string Shortened(string text) => text.Length <= 80 ? text : text[..80] + "...";
}
