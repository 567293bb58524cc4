# memoryview exports and the cycle collector: a view kept in a cycle holds its bytearray until collected;
# views released by del, by gc, by a with block in a finished generator, and one alive at exit.
import gc
ba = bytearray(b"abc")
l = [memoryview(ba)]; l.append(l)
try:
    ba.append(1)
except BufferError as e:
    print("held:", e)
del l; gc.collect(); ba.append(1); print(ba)
m = memoryview(ba); del m; ba.append(2); print(ba)
class Holder:
    pass
h = Holder(); h.self = h; h.view = memoryview(ba)[1:]; del h; gc.collect(); ba.extend(b"!"); print(ba)
def gen():
    with memoryview(ba) as v:
        yield v[0]
g = gen(); print(next(g))
try:
    ba.pop()
except BufferError as e:
    print("in gen:", e)
del g; ba.pop(); print(ba)
keep = memoryview(ba)
