# bytearray: construction, mutation, slicing, methods shared with bytes, reprs and errors.
b = bytearray(b"hello")
print(b, repr(b), len(b), b[0], b[-1], b[1:3], b[::-1], bytearray(), bytearray(3))
print(bytearray([104, 105]), bytearray("héllo", "utf-8"), bytearray(range(5)), bytearray(b"it's"), bytearray(b'"q"\n\x00\xff'))
b[0] = 74
b.append(33)
b.extend(b" world")
b.extend([1, 2])
b.extend(bytearray(b"!"))
print(b)
b[1:3] = b"EE"
print(b)
b[0:0] = [65, 66]
b[2:4] = b""
del b[0]
del b[-3:]
print(b, b.pop(), b.pop(0), b)
b.insert(0, 0x61)
b.insert(-1, 0x7a)
b.insert(100, 0x21)
b.remove(ord("z"))
print(b)
c = b.copy()
c.reverse()
print(c, b, c is b, c == b[::-1])
b[::2] = bytes(len(b[::2]))
print(b)
del b[::3]
print(b)
b.clear()
print(b, bool(b), bool(bytearray(b"x")))
x = bytearray(b"abc")
y = x
x += b"def"
print(x, y, x is y)
x *= 2
print(x, y)
print(x + b"!", b"!" + x, type(b"!" + x).__name__, type(x + b"!").__name__, x * 2 == x + x, 2 * bytearray(b"ab"))
print(bytearray(b"abc") == b"abc", b"abc" == bytearray(b"abc"), bytearray(b"a") < b"b", bytearray(b"b") >= bytearray(b"b"), bytearray(b"a") == "a")
print(bytes(bytearray(b"xyz")), list(bytearray(b"xyz")), [c for c in bytearray(b"AB")], 98 in bytearray(b"abc"), b"bc" in bytearray(b"abc"), bytearray(b"c") in b"abc")
s = bytearray(b"  Split these  words ")
print(s.split(), s.split(b" "), s.strip(), s.lstrip(), s.rstrip(), s.split(maxsplit=1), s.rsplit(None, 1))
print(b"a,b,,c".split(b","), bytearray(b"a,b,,c").rsplit(b",", 1), b"xxhixx".strip(b"x"), bytearray(b"a-b").partition(b"-"), b"a-b-c".rpartition(b"-"))
print(bytearray(b"Hello").upper(), bytearray(b"Hello").lower(), b"Hello".upper(), b"abc".replace(b"b", b"BB"), bytearray(b"aaa").replace(b"a", b"b", 2), b"ab".replace(b"", b"-"))
print(bytearray(b"abcabc").find(b"c"), bytearray(b"abcabc").rfind(b"c"), b"abcabc".find(99, 3), b"abcabc".index(b"b"), bytearray(b"abcabc").rindex(b"a"), b"abcabc".count(b"bc"), bytearray(b"aaa").count(b""), b"abc".find(b"z"))
print(bytearray(b"-").join([b"a", bytearray(b"b"), b"c"]), b"".join([bytearray(b"x"), b"y"]), bytearray(b"abc").startswith(b"ab"), b"abc".endswith((b"x", b"bc")), bytearray(b"abc").startswith(b"b", 1))
print(bytearray(b"123").isdigit(), b"abc".isalpha(), b"a1".isalnum(), b" \t".isspace(), b"ABC".isupper(), bytearray(b"abc").islower(), b"".isdigit())
print(bytearray(b"caf\xc3\xa9").decode(), bytearray(b"abc").decode("ascii"), bytearray(b"\xff\x00").hex(), b"\x01\xab".hex())
print(bytes(3), bytes([1, 2]), bytes(b"q"), bytes("abc", "ascii"), bytes(), bytes(bytearray(2)))
class Sub(bytearray):
    pass
print(isinstance(Sub(b"x"), bytearray), len(Sub(b"xyz")))
for f in [lambda: bytearray().pop(), lambda: bytearray(b"a").remove(98), lambda: bytearray(b"a")[5],
          lambda: bytearray(b"a").__setitem__(0, 256), lambda: bytearray(b"a").append("x"),
          lambda: bytearray("abc"), lambda: bytearray(-1), lambda: hash(bytearray()),
          lambda: bytearray(b"a") + "b", lambda: bytearray(b"ab").index(b"z"), lambda: bytearray([300]),
          lambda: bytearray(b"a")["x"], lambda: bytes("x"), lambda: b"a".join(["b"]),
          lambda: bytearray(b"abc").__setitem__(slice(None, None, 2), b"xyz"), lambda: bytearray(b"a").extend(5),
          lambda: bytearray(b"a")[1:1].__setitem__(0, 1), lambda: bytearray(b"ab").split(b""),
          lambda: bytearray(b"a").__setitem__(slice(0, 1), 5), lambda: bytearray(b"a") < "a",
          lambda: b"ab".decode("nope"), lambda: bytearray(1.5)]:
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__ + ":", e)
for f in [lambda: bytearray("café", "ascii"), lambda: bytes("€", "latin-1"), lambda: b"caf\xe9".decode(),
          lambda: bytearray(b"\xff").decode("ascii"), lambda: b"ab\xc3".decode("utf-8"), lambda: b"\xc3x".decode(), lambda: b"a\x80".decode()]:
    try:
        print(f())
    except UnicodeError as e:
        print(type(e).__name__ + ":", e)
print(bytearray("café", "latin-1"), b"caf\xe9".decode("latin-1"), b"x\xffy".decode("utf-8", "replace"))
for f in [lambda: bytearray.append(b"x", 1), lambda: bytearray.pop(bytearray(b"ab"), -3)]:
    try:
        print(f())
    except (TypeError, IndexError) as e:
        print(type(e).__name__ + ":", e)


# Subscripts with __index__ work for get, set and del alike.
class I:
    def __index__(self): return 1
bi = bytearray(b"abc")
bi[I()] = 120
print(bi, bi[I()])
del bi[I()]
print(bi)
for k in ("x", 5, -9):
    try:
        bi[k] = 1
    except Exception as e: print(type(e).__name__, e)
    try:
        del bi[k]
    except Exception as e: print(type(e).__name__, e)
