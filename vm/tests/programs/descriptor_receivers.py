# Methods of builtin types called through the class check their receiver, as CPython's
# method descriptors, slot wrappers and __new__ do; subclasses are accepted.


def attempt(label, f, *args):
    try:
        print(label, "->", repr(f(*args)))
    except TypeError as e:
        print(label, "!!", e)


class MyList(list):
    pass


class MyDict(dict):
    pass


class MyStr(str):
    pass


class MySet(set):
    pass


class MyInt(int):
    pass


# Method descriptors with a receiver of another type.
attempt("list.append", list.append, 5, 1)
attempt("list.pop", list.pop, (1, 2))
attempt("list.sort", list.sort, "ab")
attempt("dict.get", dict.get, [], 1)
attempt("dict.keys", dict.keys, [(1, 2)])
attempt("dict.setdefault", dict.setdefault, MyList(), 1)
attempt("str.upper", str.upper, 3)
attempt("str.join", str.join, b",", ["a"])
attempt("str.split", str.split, None)
attempt("set.add", set.add, frozenset(), 1)
attempt("set.union", set.union, [1], [2])
attempt("frozenset.union", frozenset.union, {1}, [2])
attempt("bytes.hex", bytes.hex, 1)
attempt("bytes.find", bytes.find, bytearray(b"ab"), b"b")
attempt("bytearray.append", bytearray.append, b"", 1)
attempt("int.bit_length", int.bit_length, 1.0)
attempt("float.hex", float.hex, 1)
attempt("float.is_integer", float.is_integer, 1)
attempt("complex.conjugate", complex.conjugate, 5)
attempt("type.mro", type.mro, 3)

# The coexisting methods that take a slot's place keep the method wording.
attempt("list.__getitem__", list.__getitem__, (1,), 0)
attempt("dict.__getitem__", dict.__getitem__, [1], 0)
attempt("dict.__contains__", dict.__contains__, [1], 1)
attempt("set.__contains__", set.__contains__, [1], 1)

# Slot wrappers word it differently.
attempt("list.__len__", list.__len__, 3)
attempt("str.__getitem__", str.__getitem__, 1, 0)
attempt("int.__add__", int.__add__, 1.0, 2)
attempt("float.__mul__", float.__mul__, 1, 2.0)
attempt("list.__init__", list.__init__, 3)
attempt("dict.__setitem__", dict.__setitem__, [], 1, 2)
attempt("complex.__abs__", complex.__abs__, 1)

# No receiver at all.
attempt("list.append()", list.append)
attempt("str.upper()", str.upper)
attempt("dict.get()", dict.get)
attempt("list.__len__()", list.__len__)
attempt("object.__repr__()", object.__repr__)

# __new__ gets a class, a subclass of its owner.
attempt("list.__new__()", list.__new__)
attempt("list.__new__(3)", list.__new__, 3)
attempt("int.__new__(list)", int.__new__, list)
attempt("object.__new__(3)", object.__new__, 3)
attempt("filter.__new__(int)", filter.__new__, int)
attempt("list.__new__(MyList)", lambda: type(list.__new__(MyList)).__name__)

# A method descriptor stored in another class does not bind to that class's instances.
class Borrower:
    grab = list.append


attempt("Borrower().grab", lambda: Borrower().grab(1))

# Attribute names must be strings.
attempt("object.__setattr__", object.__setattr__, Borrower(), 1, 2)
attempt("object.__getattribute__", object.__getattribute__, Borrower(), 1)

# Subclass receivers are accepted.
ml = MyList([3, 1])
list.append(ml, 2)
list.sort(ml)
print(ml, list.__len__(ml), list.__getitem__(ml, 0))
md = MyDict()
dict.__setitem__(md, "k", 1)
print(dict.get(md, "k"), dict.__contains__(md, "k"), sorted(dict.keys(md)))
print(str.upper(MyStr("abc")), str.__getitem__(MyStr("xyz"), 1))
ms = MySet()
set.add(ms, 4)
print(sorted(ms), set.__contains__(ms, 4))
print(int.bit_length(MyInt(255)), int.__add__(MyInt(2), 3), int.__add__(True, 1))
print(object.__repr__(ml)[:15])
