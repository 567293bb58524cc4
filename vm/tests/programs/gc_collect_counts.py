# gc.collect() returns the number of unreachable objects it found; which objects count depends
# on what CPython tracks (instance attributes inline, atomic dicts and tuples untracked).
import gc

gc.collect()


class Node:
    def __init__(self, name):
        self.name = name
        self.other = None


def show(what):
    print(f"{what}: {gc.collect()}")


show("nothing")
l = []
l.append(l)
del l
show("self-referencing list")

a = Node("a")
b = Node("b")
a.other = b
b.other = a
del a, b
show("two instances")

n = Node("n")
n.__dict__
n.other = n
del n
show("instance whose __dict__ was seen")

d = {}
d["me"] = d
del d
show("self-referencing dict")

d = {"k": 1, "s": "x"}
l = [d]
l.append(l)
del l, d
show("list cycle holding an atomic dict")

t = ([],)
t[0].append(t)
del t
show("tuple through list")


def f():
    pass


f.me = f
del f
show("function with attribute dict")


def outer():
    def inner():
        return inner

    return inner


fn = outer()
del fn
show("closure referencing itself through its cell")

ring = [Node(i) for i in range(10)]
for i, x in enumerate(ring):
    x.other = ring[(i + 1) % 10]
del ring, x
show("ring of ten instances")

keep = Node("keep")
keep.other = keep
show("cycle still referenced")
print(keep.other is keep)
del keep
show("cycle released")


def gen():
    me = yield 1
    yield me


g = gen()
next(g)
g.send(g)
del g
show("generator holding itself")

e = ValueError("x")
e.args = (e,)
e.extra = [e]
del e
show("exception in a cycle")

h = Node("in a set")
s = {h}
h.other = (s, [1, 2])
del s, h
show("set, instance, tuple and list")

print(gc.collect(0), gc.collect(1), gc.collect(2))
print(gc.garbage)
