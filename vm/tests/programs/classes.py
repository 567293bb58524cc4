# Classes: inheritance, super(), properties, class/static methods, dunders, MRO.
class Animal:
    kind = "animal"
    count = 0
    def __init__(self, name):
        self.name = name
        Animal.count += 1
    def speak(self):
        return f"{self.name} makes a sound"
    def __repr__(self):
        return f"{type(self).__name__}({self.name!r})"
class Dog(Animal):
    kind = "dog"
    def speak(self):
        return super().speak() + " (woof)"
class Puppy(Dog):
    def __init__(self, name, age):
        super().__init__(name)
        self.age = age
p = Puppy("rex", 1)
print(p, p.speak(), p.kind, p.age, Animal.count, Puppy.__mro__)
print(isinstance(p, Animal), isinstance(p, str), issubclass(Puppy, Dog), type(p) is Puppy)
class Vec:
    __slots__ = ()
class V:
    def __init__(self, x, y):
        self.x, self.y = x, y
    def __add__(self, o):
        return V(self.x + o.x, self.y + o.y)
    def __mul__(self, k):
        return V(self.x * k, self.y * k)
    def __rmul__(self, k):
        return self * k
    def __eq__(self, o):
        return isinstance(o, V) and (self.x, self.y) == (o.x, o.y)
    def __hash__(self):
        return hash((self.x, self.y))
    def __lt__(self, o):
        return (self.x, self.y) < (o.x, o.y)
    def __len__(self):
        return 2
    def __getitem__(self, i):
        return (self.x, self.y)[i]
    def __iter__(self):
        yield self.x
        yield self.y
    def __repr__(self):
        return f"V({self.x}, {self.y})"
    def __bool__(self):
        return bool(self.x or self.y)
a, b = V(1, 2), V(3, 4)
print(a + b, a * 3, 2 * a, a == V(1, 2), a != b, a < b, sorted([b, a]), len(a), a[1], list(a), bool(V(0, 0)))
print({a: 1}[V(1, 2)], max(a, b), V(1, 2) in [a])
class Temp:
    def __init__(self):
        self._c = 0
    @property
    def c(self):
        return self._c
    @c.setter
    def c(self, v):
        self._c = v * 2
    @classmethod
    def make(cls):
        return cls()
    @staticmethod
    def helper(x):
        return x + 1
t = Temp.make(); t.c = 5
print(t.c, Temp.helper(1), t.helper(2), type(t).__name__)
class A:
    def who(self):
        return "A"
class B(A):
    def who(self):
        return "B" + super().who()
class C(A):
    def who(self):
        return "C" + super().who()
class D(B, C):
    def who(self):
        return "D" + super().who()
print(D().who(), [k.__name__ for k in D.__mro__])
class Meta(type):
    def __new__(mcs, name, bases, ns):
        ns["tag"] = name.lower()
        return super().__new__(mcs, name, bases, ns)
class Tagged(metaclass=Meta):
    pass
print(Tagged.tag, type(Tagged).__name__)
class Base:
    subclasses = []
    def __init_subclass__(cls, **kw):
        Base.subclasses.append(cls.__name__)
class X(Base): pass
class Y(Base): pass
print(Base.subclasses)
o = Animal("x")
o.extra = 1
print(o.__dict__, getattr(o, "extra"), getattr(o, "nope", "dflt"), hasattr(o, "name"))
setattr(o, "name", "y"); delattr(o, "extra"); print(vars(o))
class Stack(list):
    def push(self, x):
        self.append(x)
s = Stack(); s.push(1); s.push(2); print(s, len(s), isinstance(s, list))
class Missing(dict):
    def __missing__(self, k):
        return k * 2
print(Missing()[21])
class WithStr:
    def __str__(self):
        return "str!"
print(WithStr(), str(WithStr()), f"{WithStr()}")
