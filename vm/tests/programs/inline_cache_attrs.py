# LOAD_ATTR / LOAD_METHOD / STORE_ATTR caches must follow every class and instance change.


class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def norm1(self):
        return abs(self.x) + abs(self.y)


def read_x(p):
    return p.x


def call_norm(p):
    return p.norm1()


pts = [Point(i, -i) for i in range(20)]
print("warm", [read_x(p) for p in pts][-3:], [call_norm(p) for p in pts][-3:])

# A method replaced on the class after warm-up.
Point.norm1 = lambda self: "replaced"
print("method replaced", call_norm(pts[3]))

# The instance dict shadows a class method.
pts[4].norm1 = lambda: "instance function"
print("instance shadows", call_norm(pts[4]), call_norm(pts[5]))
del pts[4].norm1
print("shadow removed", call_norm(pts[4]))


# A data descriptor added later takes priority over the instance dict.
def prop_x(self):
    return "property x"


print("before property", read_x(pts[1]))
Point.x = property(prop_x)
print("property wins", read_x(pts[1]))
del Point.x
print("property gone", read_x(pts[1]))


# A non-data descriptor (plain class attribute) does not beat the instance dict.
Point.y = "class y"


def read_y(p):
    return p.y


print("instance y wins", [read_y(p) for p in pts[:3]])
del pts[0].y
print("class y after del", read_y(pts[0]), read_y(pts[1]))


# __class__ assignment.
class Other:
    def norm1(self):
        return "other norm"


class Base:
    def hello(self):
        return "base hello"

    def kind(self):
        return "base kind"


class Mid(Base):
    pass


class Leaf(Mid):
    def __init__(self):
        self.v = 1


def call_hello(o):
    return o.hello()


def call_kind(o):
    return o.kind()


leaves = [Leaf() for _ in range(10)]
print("mro warm", [call_hello(o) for o in leaves][0], [call_kind(o) for o in leaves][0])
Base.hello = lambda self: "patched base hello"
print("base patched", call_hello(leaves[0]))
Mid.hello = lambda self: "mid hello"
print("mid shadows", call_hello(leaves[1]))
del Mid.hello
print("mid removed", call_hello(leaves[1]))
leaves[2].__class__ = Other
print("class assigned", call_norm(leaves[2]), call_hello(leaves[3]))
try:
    call_hello(leaves[2])
except AttributeError as e:
    print("AttributeError:", e)


# __getattr__ and __setattr__ added after warm-up.
class Lazy:
    def __init__(self):
        self.a = 1


def read_b(o):
    try:
        return o.b
    except AttributeError as e:
        return "no b: %s" % e


def store_c(o, v):
    o.c = v
    return o.__dict__.get("c")


lz = Lazy()
print("getattr warm", [read_b(lz) for _ in range(5)][-1], [store_c(lz, i) for i in range(5)][-1])
Lazy.__getattr__ = lambda self, name: "computed " + name
print("getattr added", read_b(lz))


def noisy_setattr(self, name, value):
    object.__setattr__(self, name, value * 10)


Lazy.__setattr__ = noisy_setattr
print("setattr added", store_c(lz, 7))
del Lazy.__setattr__
print("setattr removed", store_c(lz, 7))


# Instances whose dicts hold the same names in different orders.
class Bag:
    pass


def read_p(o):
    return o.p


bags = []
for i in range(6):
    b = Bag()
    if i % 2:
        b.p = i
        b.q = -i
    else:
        b.q = -i
        b.p = i
    bags.append(b)
print("orders", [read_p(b) for b in bags], [read_p(b) for b in reversed(bags)])
del bags[1].p
try:
    read_p(bags[1])
except AttributeError as e:
    print("deleted attr:", e)
Bag.p = "class p"
print("class fallback", read_p(bags[1]), read_p(bags[2]))


# Classes created and freed again and again (a new class may reuse an old one's address).
def make_class(i):
    class K:
        def __init__(self):
            self.val = i

        def get(self):
            return ("method", i)

    return K


def use(o):
    return o.val, o.get()


for i in range(5):
    K = make_class(i)
    print("fresh class", use(K()))
    del K


# __slots__ stores after warm-up.
class Slotted:
    __slots__ = ("s",)


def store_s(o, name, v):
    try:
        setattr(o, name, v)
        o.s = v
        return o.s
    except AttributeError as e:
        return "AttributeError: %s" % e


so = Slotted()
print("slots", [store_s(so, "s", i) for i in range(4)][-1], store_s(so, "t", 1))


# __class__ assignment errors.
class Plain:
    pass


pl = Plain()
for target in (5, int, Slotted):
    try:
        pl.__class__ = target
    except TypeError as e:
        print("TypeError:", e)
print(type(pl).__name__)


# One call site shared by more sibling classes than the cache has ways.
class Shape:
    def area(self):
        return "generic"


def make_shape(i):
    class S(Shape):
        def __init__(self):
            self.side = i

    if i % 2:
        S.area = lambda self: self.side * self.side
    if i % 3 == 0:
        S.side = "class side"  # a class attribute under the instance's
    return S


shapes = [make_shape(i)() for i in range(7)]


def survey(objs):
    return [(o.side, o.area()) for o in objs]


for _ in range(3):
    first = survey(shapes)
print("poly", first)
type(shapes[2]).area = lambda self: "patched %d" % self.side
Shape.area = lambda self: "base patched"
print("poly patched", survey(shapes))
del type(shapes[3]).side
print("class attr removed", survey(shapes[3:4]))

# Comparisons the eval loop answers itself.
words = ["b", "a", "é", "z", "ab", "", "b"]
print(sorted(words), [w < "b" for w in words], [w == "b" for w in words], [w >= "ab" for w in words])
print([x == None for x in (None, "", 0, 0.0)], [None != x for x in (None, "n", 1, 2.5)])
