# float methods: hex/fromhex, ratios, repr edge cases, rounding, inf/nan arithmetic and comparisons.
def t(f, *a):
    try:
        r = f(*a)
    except Exception as e:
        print("  ", type(e).__name__ + ":", e)
    else:
        print("  ", repr(r))

inf, nan = float("inf"), float("nan")
print("hex/fromhex")
for x in [0.0, -0.0, 1.0, 0.1, -2.5, 1e300, 5e-324, 2.2250738585072014e-308, 1.7976931348623157e308, inf, -inf, nan, 3.0, 1/3]:
    print(x.hex(), end=" ")
print()
for s in ["0x1.8p1", "0X1P-1", "-0x1.fffffffffffffp+1023", "0x1p-1074", "0x1p-1075", "0x1p1024", "inf", "-Infinity",
          "nan", "  0x10  ", "0x.8", "1", "0x1.ABCp0", "0x", "zz", "0x1p", "0x1.0p+10"]:
    t(float.fromhex, s)
print("as_integer_ratio / is_integer")
for x in [0.5, -0.75, 0.1, 3.0, 1e20, -0.0, 2**-1074]:
    print(x.as_integer_ratio(), x.is_integer())
t(inf.as_integer_ratio)
t(nan.as_integer_ratio)
print(inf.is_integer(), nan.is_integer(), (1e300).is_integer())
print("repr")
for x in [0.1, 0.2 + 0.1, 1e16, 1e15, 123456789012345678.0, 1e-4, 1e-5, 0.0001234, 1.5e-7, 100.0, 1e22, 1e23,
          -0.0, 5e-324, 1.7976931348623157e308, 2.0**53, 2.0**53 + 2, 9007199254740993.0, 0.30000000000000004, 1/3, 2/3]:
    print(repr(x), str(x), end=" | ")
print()
print(float("1_000.5"), float(" -1.5e3 "), float("+inf"), float("-nan"), float("INFINITY"), float("1e400"), float("-1e-400"))
for s in ["1__0", "_1", "1.5.5", "", "0x10", "in", "1e", "nan(1)", "１２"]:
    t(float, s)
t(float, b"2.5")
t(float, "  \t 3.25\n")
class F:
    def __float__(self):
        return 2.5
class FI:
    def __index__(self):
        return 4
class FB:
    def __float__(self):
        return 1
t(float, F())
t(float, FI())
t(float, FB())
t(float, 10 ** 400)
t(float, 2 ** 1023 * 2 - 1)
print("rounding")
for x in [0.5, 1.5, 2.5, -0.5, -1.5, 2.675, 0.125, 0.375, 1e20, -2.5, 5e-324]:
    print(round(x), round(x, 1), round(x, 2), end="; ")
print()
print(round(123.456, -1), round(123.456, -2), round(1.5e300, -300), round(2.5, None), round(0.0, 3), round(-0.0, 1))
print(type(round(2.5)), type(round(2.5, 0)), round(1234.5678, 2), round(1e-20, 25), round(1.25, 1), round(1.35, 1))
t(round, inf)
t(round, nan)
t(round, inf, 2)
t(round, nan, 0)
print("inf/nan arithmetic")
print(inf + 1, inf - inf, inf * 0, -inf * -1, 1 / inf, inf / inf, nan + 1, nan * 0, inf ** 0, nan ** 0, 1 ** nan)
print(nan == nan, nan != nan, nan < 1, nan > 1, inf > 1e308, -inf < -1e308, inf == inf, [nan] == [nan])
x = nan
print([x] == [x], x in [x], (x,) == (x,), {x: 1}[x], nan is nan)
print(max(1, nan), max(nan, 1), min(nan, 1), sorted([3, 1, 2]), inf // 1, -inf % 5, 5 % inf, -5 % inf, 5 // inf, -5 // inf)
t(divmod, inf, 1)
t(divmod, 5.0, 0.0)
t(lambda: 1.0 / 0)
t(lambda: 1.0 % 0)
t(lambda: 0.0 ** -1)
t(lambda: (-8.0) ** (1/3))
t(lambda: 10.0 ** 400)
t(lambda: 2.0 ** 10000)
print(-0.0 == 0.0, str(-0.0), -0.0 + 0.0, 0.0 * -1, abs(-0.0), -(0.0), hash(-0.0), hash(0.0), hash(inf), hash(-inf), hash(1.5))
print(hash(nan) == hash(nan), hash(2.0) == hash(2), 1.0 == 1, 2**53 + 1 == 2.0**53, 2**53 + 1 > 2.0**53, 10**400 > inf, -10**400 < -inf)
print(float.__name__, (2.5).real, (2.5).imag, (2.5).conjugate(), float(), float(True), (3.7).__trunc__(), (3.7).__floor__(), (-3.2).__ceil__())
print(float.__add__(1.5, 2), (7.5).__floor__(), (-7.5).__ceil__(), (2.5).conjugate().__class__.__name__)
print(int(1e16), int(-1.9e-10), int(2.5e20), 1e16 == 10**16, 0.1 + 0.2 == 0.3, abs(-inf), 3.0 % -2, -3.0 % 2, 3.0 // -2)
print(f"{1e16}", f"{1.0}", f"{1e-7}", f"{123.0:g}", float("0.1") * 3, 1.1 * 1.1, 2.0 ** 0.5, 10.0 ** -2, (-2.0) ** 2, (-2.0) ** 3)
