import gc
gc.collect()
log = []
class D:
    def __init__(self, name, child=None):
        self.name = name
        self.child = child
    def __del__(self):
        print("del", self.name)

print("-- del statement")
a = D("a")
del a
print("-- rebinding")
b = D("b1")
b = D("b2")
print("-- list dies: items last to first")
l = [D("l0"), D("l1"), D("l2")]
del l
print("-- tuple dies")
t = (D("t0"), D("t1"))
t = None
print("-- dict dies: insertion order")
d = {"x": D("d0"), "y": D("d1")}
d.clear()
print("-- chain: parent finalizer, then children")
p = D("parent", D("child", D("grandchild")))
del p
print("-- list of chains")
l = [D("p0", D("c0")), D("p1", D("c1"))]
l.clear()
print("-- function exit")
def f():
    x = D("local-x")
    y = D("local-y")
    print("returning")
    return 1
print("f ->", f())
print("-- resurrection runs __del__ once")
saved = []
class R:
    def __del__(self):
        print("R.__del__")
        saved.append(self)
r = R()
del r
print(len(saved))
saved.clear()
print("after clear")
print("-- cycle with finalizers: collect")
x = D("cx"); y = D("cy"); x.child = y; y.child = x
del x, y
print("collect:", gc.collect())
print("-- resurrecting cycle")
class Res:
    def __init__(self): self.me = self
    def __del__(self):
        print("Res.__del__")
        keep.append(self)
keep = []
Res()
print("collect:", gc.collect())
print(len(keep), gc.is_finalized(keep[0]))
keep.clear()
print("collect after releasing:", gc.collect())
print("-- generator finalization")
def g():
    try:
        yield 1
        yield 2
    finally:
        print("generator finally")
it = g()
print(next(it))
del it
print("after del it")
print("-- end")
z = D("global-z")
w = D("global-w")
