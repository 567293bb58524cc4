# memoryview over bytes and bytearray: attributes, slicing, tobytes/tolist/hex, cast, writes, release.
def t(f, *a, **k):
    try:
        r = f(*a, **k)
    except Exception as e:
        print("  ", type(e).__name__ + ":", e)
    else:
        print("  ", repr(r))

m = memoryview(b"abcdef")
print(len(m), m[0], m[-1], m.tobytes(), m.tolist(), m.hex(), m.format, m.itemsize, m.readonly, m.nbytes, m.ndim, m.shape, m.strides)
print(m[1:4].tobytes(), m[::2].tobytes(), m[::-1].tobytes(), len(m[2:]), m[1:4].nbytes, bytes(m[4:]), m[1:3].tolist(), m.obj)
print(m == b"abcdef", m == memoryview(b"abcdef"), m[:3] == b"abc", m == bytearray(b"abcdef"), m != b"x", b"abc" == m[:3])
t(m.__setitem__, 0, 1); t(m.__getitem__, 6); t(m.__getitem__, "x"); t(hash, m[:2]); t(lambda: m < m)
ba = bytearray(b"hello")
mv = memoryview(ba)
print(mv.readonly, mv.nbytes)
mv[0] = ord("J"); print(ba)
mv[1:3] = b"EL"; print(ba)
mv[-1] = 33; print(ba, mv.tobytes(), bytes(mv))
t(mv.__setitem__, 0, 256); t(mv.__setitem__, slice(0, 2), b"xyz"); t(mv.__setitem__, 0, b"a")
sub = mv[1:4]
sub[0] = ord("e"); print(ba, sub.tobytes(), sub.obj is ba)
t(ba.append, 1)
mv.release(); sub.release()
print(repr(mv).split(" at 0x")[0], repr(m).split(" at 0x")[0])
t(len, mv); t(mv.tobytes); t(lambda: mv[0])
ba.append(1); print(ba)
with memoryview(b"ctx") as cm:
    print(cm.tobytes())
t(cm.tobytes)
c = memoryview(b"\x01\x00\x02\x00\x03\x00\x04\x00")
ci = c.cast("H")
print(ci.format, ci.itemsize, len(ci), ci.tolist(), ci[1], ci.nbytes, ci.cast("B").tolist(), c.cast("I").tolist(), c.cast("b").tolist()[:2])
print(memoryview(b"\xff\xfe").cast("b").tolist(), c.cast("c")[0], c.cast("B", shape=[2, 4]).tolist())
t(c.cast, "I", [3]); t(c.cast, "Z"); t(memoryview(b"abc").cast, "H")
print(memoryview(bytearray(4)).cast("i").tolist(), bytes(memoryview(b"xyz")[1:]), list(memoryview(b"ab")), memoryview(b"xy").hex(":"))
t(memoryview, "str"); t(memoryview, 5); t(memoryview); print(type(memoryview(b"")).__name__, isinstance(m, memoryview))
mm = memoryview(bytearray(b"abcdef"))
mm[::2] = b"XYZ"; print(mm.tobytes(), mm.obj)
print(memoryview(b"ab").toreadonly().readonly, memoryview(bytearray(b"a")).toreadonly().readonly, m.contiguous, m.c_contiguous)
print(b"".join([memoryview(b"a"), memoryview(b"b")]), bytearray(memoryview(b"q")), int.from_bytes(memoryview(b"\x01\x00"), "big"), b"xabcx".find(memoryview(b"abc")))
