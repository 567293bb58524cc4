# Numeric builtins: round, divmod, pow, abs, bin/oct/hex, chr/ord, ascii, int/float/complex interplay.
def t(f, *a, **k):
    try:
        r = f(*a, **k)
    except Exception as e:
        print("  ", type(e).__name__ + ":", e)
    else:
        print("  ", repr(r))

print(round(0.5), round(1.5), round(2.5), round(-0.5), round(-1.5), round(3), round(3, 2), round(1234, -2), round(1250, -2), round(1350, -2))
print(round(-1250, -2), round(15, -1), round(25, -1), round(-25, -1), round(10**20 + 5, -1), round(5, -1), round(2**70 + 2**69, -21), round(7, None))
print(round(2.675, 2), round(0.285, 2), round(1.005, 2), round(0.5, 0), round(-0.5, 0), round(1e300, 2), round(1.23456e-300, 305), round(123.456, -5))
print(type(round(7, 2)), type(round(7.0, 2)), type(round(7.5)), round(True), type(round(True)), round(2**63 + 0.5), round(1e20), round(-7.5), round(8.5))
t(round, "1"); t(round, 1.5, 1.5); t(round, 1.5, "x"); t(round, float("inf")); t(round, float("nan"), 2)
class R:
    def __round__(self, n=None):
        return ("round", n)
print(round(R()), round(R(), 3), round(R(), None))
print(divmod(7, 2), divmod(-7, 2), divmod(7, -2), divmod(-7, -2), divmod(7.5, 2), divmod(-7.5, 2), divmod(10**20, 7), divmod(-(10**20), 7), divmod(1, 0.3))
t(divmod, 1, 0); t(divmod, 1.0, 0); t(divmod, "a", 1); t(divmod, 1j, 1)
print(pow(2, 10), pow(2, -2), pow(-2, -3), pow(2, 10, 1000), pow(3, 200, 1000007), pow(-3, 3, 7), pow(3, -1, 7), pow(38, -1, 97), pow(2, -3, 7), pow(5, 0, 1), pow(5, 3, -7))
print(pow(2.0, 0.5), pow(-8, 1 / 3) == (-8) ** (1 / 3), pow(0, 0), pow(0.0, 0), pow(10, 20), pow(base=2, exp=3), pow(2, 3, mod=5), pow(True, 2))
t(pow, 2, -1, 4); t(pow, 0, -1); t(pow, 0.0, -1); t(pow, 2, 3, 0); t(pow, 2.0, 3, 5); t(pow, 2, 0.5, 3); t(pow, 10, -1, 1)
print(abs(-5), abs(5), abs(-2.5), abs(-0.0), abs(3 + 4j), abs(True), abs(-10**30), abs(float("-inf")))
class A:
    def __abs__(self):
        return "absolute"
print(abs(A()))
t(abs, "x"); t(abs, None)
for n in [0, 1, -1, 255, -255, 2**64, -(2**70), True]:
    print(bin(n), oct(n), hex(n), end="; ")
print()
t(bin, 1.5); t(hex, "1"); t(oct, None)
print(chr(0), chr(65), chr(0x10FFFF).encode("utf-8"), ord("a"), ord("€"), ord("\U0001F600"), ord(b"a"), ord(bytearray(b"z")))
t(chr, -1); t(chr, 0x110000); t(chr, "a"); t(chr, 1.0); t(chr, 2**70); t(ord, "ab"); t(ord, ""); t(ord, b"ab"); t(ord, 5)
print(ascii("héllo"), ascii("€"), ascii("\U0001F600"), ascii([1, "é", b"\xe9"]), ascii("plain"), ascii(None), ascii({"ü": "ß"}), ascii("\n\t"))
print(int(True), float(False), complex(1), complex("1+2j"), complex(1, 2), complex("  3j "), complex(real=1.5), complex(-0.0, -0.0), complex("-1.5e3-2j"))
t(complex, "1+"); t(complex, "j j"); t(complex, 1, "2"); t(complex, "1", 2); t(complex, None)
print(1 + True, 2 * 1.5, 7 // 2.0, 7 % 3.0, -7 // 2.0, 2 ** -1, 10 / 4, 10 // 4, 1e300 * 1e10, -1e300 * 1e10, 3 == 3.0, 2**53 + 1 == float(2**53 + 1))
print((1).__add__(2.0), (1.0).__radd__(2), (2).__pow__(3, 5), (5).__rpow__(2), (7).__floordiv__(0.0) if False else "skip", (3).__truediv__(2))
t(lambda: 1 / 0); t(lambda: 1 // 0); t(lambda: 1 % 0); t(lambda: 1.0 // 0); t(lambda: 2 ** 1000.0); t(lambda: 10 ** 400 / 1); t(lambda: 1 / 10 ** 400)
print(10**400 // 10**399, 10**400 / 10**399, (10**400 + 1) / 10**400, 2**1024 // 3 > 0, -(2**100) // 3, (2**100) % -7, (-2) ** 100 > 0)
print(isinstance(1, int), isinstance(True, int), isinstance(1.0, (int, float)), isinstance(1, int | str), isinstance("s", int | str), isinstance(None, type(None) | int))
print(issubclass(bool, int), issubclass(int, (str, int)), issubclass(bool, int | float), isinstance([], (list, (tuple, dict))), isinstance(3, ()), int | str)
t(isinstance, 1, 1); t(isinstance, 1, (int, 1)); t(issubclass, 1, int); t(issubclass, int, [int])
print(type(int | str).__name__, (int | str) == (str | int), (int | None), int | str | int, list[int], dict[str, int] | None)
# types.UnionType and types.GenericAlias.
un = int | str
print(un.__args__, un.__parameters__, type(un), type(un).__module__, hash(un) == hash(str | int), un == (int | str | int), un != int)
print(int | None, None | int, list[int] | None, int | list[str], (int | str) | (float | int), str | str, type(str | str))
print(isinstance(None, int | None), issubclass(bool, str | int), isinstance(1, (str, int | float)))
t(isinstance, 1, list[int]); t(isinstance, 1, int | list[int]); t(issubclass, int, list[int]); t(lambda: int | 3); t(un)
ga = list[int]
print(ga, ga.__origin__, ga.__args__, ga.__parameters__, type(ga), type(ga).__name__, ga(), ga((1, 2)), ga == list[int], ga == list[str], ga != list, hash(ga) == hash(list[int]))
print(dict[str, int], dict[str, list[int]], tuple[int, ...], tuple[()], type[int], list[int].append is list.append, list[None], dict[str, int](a=1), set[int]([2, 1]))
print(tuple[int, str].__args__, list[[int, str]], frozenset[int], enumerate[str], type(list[int]()) is list)
class LI(list[int]):
    pass
print(LI.__bases__, LI([1]), list[int] | str, (list[int] | int) == (int | list[int]), len({list[int], list[int], list[str]}))
