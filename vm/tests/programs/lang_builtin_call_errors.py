# Argument errors of builtin functions and methods: the messages CPython's argument clinic and
# PyArg_* helpers produce for missing, extra and keyword arguments.

def calls(fn, *args, **kwargs):
    try:
        print(fn(*args, **kwargs))
    except TypeError as e:
        print("TypeError:", e)

calls(len)
calls(len, 1, 2)
calls(len, obj=[])
calls(print, flush=1, foo=2)
calls(sorted, [], 1)
calls(isinstance, 1)
calls(divmod, 1)
calls("a".split, 1, 2, 3)
calls(int, "1", 10, 3)
calls(dict.fromkeys)
calls([].append)
calls({}.get)
calls(max)
calls(max, 1)
calls(range)
calls(range, 1, 2, 3, 4)

# Each builtin with no arguments, too many, and an unknown keyword: the wording follows the
# parser CPython uses for it (METH_O, METH_NOARGS, the positional-only check, PyArg_ParseTuple,
# argument clinic with keywords).
import math
for fn in [len, abs, sorted, isinstance, divmod, dict.fromkeys, {}.get, [].append, "a".split,
           "a".join, "a".replace, "a".strip, "a".startswith, "a".find, "a".count, "a".center,
           "a".zfill, "a".partition, [].extend, [].insert, [].index, [].count, [].remove, {}.pop,
           {}.setdefault, {}.update, repr, ascii, issubclass, min, max, sum, iter, next, hash, id,
           chr, ord, bin, hex, oct, pow, round, any, all, getattr, setattr, hasattr, delattr,
           callable, format, "a".encode, "a".ljust, "a".rjust, "a".expandtabs, "a".splitlines,
           "a".rsplit, "a".index, "a".rfind, "a".endswith, "a".translate, (1).to_bytes,
           int.from_bytes, math.sqrt, math.floor, math.log, math.gcd, math.isclose, b"a".decode,
           b"a".hex, set().add, set().discard, frozenset().union, (1).bit_length, "a".upper,
           [].sort, [].reverse, [].copy, [].clear, {}.keys]:
    print(fn.__qualname__)
    calls(fn)
    calls(fn, 1, 2, 3, 4, 5)
    calls(fn, zz=1)
calls(sum, [1], start=1, zz=2)
calls(pow, 2, base=2)
calls(round, 1.5, ndigits=None, number=2)
calls("a b".split, maxsplit=1, sep=None)
calls([3, 1].sort, 1)
calls(math.isclose, 1, 1, 1)
