# bytes and bytearray methods: hex/fromhex, split/join, translate, search, predicates, mutation.
def t(f, *a, **k):
    try:
        r = f(*a, **k)
    except Exception as e:
        print("  ", type(e).__name__ + ":", e)
    else:
        print("  ", repr(r))

b = b"hello world"
print(b.hex(), b.hex(":"), b.hex("-", 2), b.hex(":", -2), b"".hex(), bytearray(b"\x00\xff").hex(), b"\x01\x02\x03".hex(b"|"))
t(bytes.fromhex, "de ad BE EF"); t(bytes.fromhex, " 01  02 "); t(bytes.fromhex, "0"); t(bytes.fromhex, "zz"); t(bytearray.fromhex, "ff00")
t(bytes.fromhex, b"00"); t(b.hex, "::"); t(b.hex, "é")
print(b.split(), b.split(b"o"), b.split(b"o", 1), b.rsplit(b"o", 1), b"a,,b".split(b","), b"  x  y ".split(None, 1), b"".split())
print(b.partition(b" "), b.rpartition(b"o"), b.partition(b"z"), b"a\nb\r\nc".splitlines(), b"a\nb\r\n".splitlines(True))
print(b"-".join([b"a", bytearray(b"b"), memoryview(b"c")]), bytearray(b", ").join([b"x", b"y"]), b"".join([]))
t(b"-".join, [b"a", "b"]); t(b"-".join, [1]); t(b.split, b"")
print(b.find(b"o"), b.find(111), b.rfind(b"o"), b.find(b"o", 5, 8), b.index(b"w"), b.count(b"l"), b.count(108), b.count(b""), b"o" in b, 111 in b)
t(b.index, b"z"); t(b.find, 300); t(b.find, "o"); t(lambda: "o" in b); t(lambda: 300 in b)
print(b.replace(b"l", b"L"), b.replace(b"l", b"", 2), b.upper(), b.title(), b.capitalize(), b.swapcase(), b"AB".lower())
print(b.startswith(b"hell"), b.endswith((b"x", b"ld")), b.strip(b"hd"), b"  x ".strip(), b"xxaxx".lstrip(b"x"), b"xxaxx".rstrip(b"x"))
print(b.center(15, b"*"), b.ljust(13, b"."), b.rjust(12), b"42".zfill(5), b"-3".zfill(4), b"a\tb".expandtabs(4), b.removeprefix(b"hello "), b.removesuffix(b"ld"))
tbl = bytes.maketrans(b"abc", b"xyz")
print(len(tbl), tbl[97:100], b"aabbcc".translate(tbl), b"aabbcc".translate(None, b"b"), b"abc".translate(tbl, b"a"), bytearray(b"cab").translate(tbl))
t(bytes.maketrans, b"ab", b"x"); t(b"x".translate, b"short")
for x in [b"abc", b"ABC", b"Abc Def", b"123", b"a1", b" \t", b"", b"\xe9", b"Ab1 "]:
    print(x, x.isalpha(), x.isalnum(), x.isdigit(), x.isspace(), x.isupper(), x.islower(), x.istitle(), x.isascii())
print(bytes(3), bytes([1, 2]), bytes(b"x"), bytes("é", "utf-8"), bytes(range(3)), bytes(bytearray(b"q")), bytes(memoryview(b"mv")), bytes())
t(bytes, [256]); t(bytes, -1); t(bytes, "str"); t(bytes, 1.5); t(bytes, [1, "a"]); t(bytes, "x", "nope")
class HasBytes:
    def __bytes__(self):
        return b"custom"
class Idx:
    def __index__(self):
        return 2
print(bytes(HasBytes()), bytes(Idx()), b[Idx()], b[1:Idx()], b[-1], b[::-2], b[100:], type(b[0]), list(b"ab"), b * 2, 2 * b"xy", b + bytearray(b"!"))
print(b == bytearray(b), b < b"help", b"a" < b"b", b"abc"[1:] == b"bc", hash(b"abc") == hash(b"abc"), repr(b"'\"\n\x00\x7f\x80"), repr(b'"'), repr(b"'"))
ba = bytearray(b"abc")
ba.append(100); ba.extend(b"ef"); ba.extend([103]); ba.insert(0, 64); ba[1] = 65; ba[2:4] = b"XYZ"; del ba[-1]
print(ba, len(ba), ba.pop(), ba.pop(0), ba)
ba.remove(ord("X")); ba.reverse(); print(ba, ba.copy(), ba.count(b"Y"))
ba += b"++"; ba *= 2; print(ba); ba.clear(); print(ba, bytearray(3), bytearray([1, 2]), bytearray("é", "utf-8"))
t(ba.pop); t(ba.remove, 5); t(bytearray(b"a").append, 256); t(bytearray(b"a").__setitem__, 0, -1); t(bytearray(b"ab").__setitem__, slice(0, 2), [1, 300])
ba = bytearray(b"0123456789")
ba[::2] = b"abcde"; print(ba); del ba[::3]; print(ba); ba[1:1] = b"INS"; print(ba)
t(ba.__setitem__, slice(None, None, 2), b"x")
print(b.decode(), bytearray(b"\xc3\xa9").decode(), b"abc".decode("ascii"), str(b"x"), bytearray(b"q").__repr__(), b"%b" % b"ok" if hasattr(b"", "__mod__") else "")
