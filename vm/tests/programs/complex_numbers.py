# complex: literals, constructor forms, arithmetic mixing int/float, reprs, errors.
z = 1 + 2j
w = complex(3, -4)
print(z, w, repr(z), str(w))
print(1j, -1j, 0j, -0j, complex(-0.0, 0.0), complex(0.0, -0.0), 2.5j, 1e300j * 10)
print(z + w, z - w, z * w, z / w, w / z)
print(z + 1, 1 + z, z * 2.5, 2.5 * z, z - 1.5, 10 / z, z / 4)
print(z ** 2, z ** -2, z ** 0, z ** 0.5, 2 ** z, z ** z, (1j) ** 3, w ** 100)
print((-8) ** 0.5, (-1.0) ** (1 / 3), (-2) ** 1.5)
print(abs(w), abs(3j), abs(complex(float("inf"), 1)), abs(-z))
print(z.real, z.imag, z.conjugate(), w.conjugate(), (5).imag, (2.5).real)
print(-z, +z, z == 1 + 2j, z != w, z == 1, complex(2, 0) == 2, complex(2, 0) == 2.0, 1j == "1j")
print(hash(1j), hash(complex(3, 0)) == hash(3), hash(complex(1.5, -2.25)))
print(bool(0j), bool(1j), bool(complex(0, 0)), bool(complex(0.0, -0.0)))
print(complex(), complex(5), complex(2.5), complex(True), complex(1j), complex(1j, 1j), complex(1, -0.0))
print(complex(real=3), complex(imag=2), complex(real=1, imag=2), complex(1.5, 2))
for s in ["1+2j", " (3-4j) ", "j", "-j", "+1.5J", "1e3", "1e-3j", "-2-1e+2j", "inf", "nanj", "( 7 )", "1_0+2_0j"]:
    print(repr(s), complex(s))
for bad in ["", "1 + 2j", "1+", "j1", "()", "1+2jj", "abc", "1__0"]:
    try:
        complex(bad)
    except ValueError as e:
        print(repr(bad), "ValueError:", e)
class C:
    def __complex__(self):
        return 2 - 3j
class F:
    def __float__(self):
        return 1.25
print(complex(C()), complex(F()), complex(F(), F()))
for args in [("1", 2), (1, "2"), (None,), ([],)]:
    try:
        complex(*args)
    except TypeError as e:
        print("TypeError:", e)
for f in [lambda: 1j / 0, lambda: z / 0j, lambda: 0j ** -1, lambda: 0j ** 1j, lambda: 1j // 2,
          lambda: 1j % 2, lambda: 1j < 2j, lambda: 2 > 1j, lambda: int(1j), lambda: float(1j),
          lambda: complex(1e308, 1e308) ** 2, lambda: abs(complex(1e308, 1e308)), lambda: 1j + "a",
          lambda: "a" * 1j, lambda: round(1j), lambda: divmod(1j, 2), lambda: 10 ** 400 + 1j]:
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__ + ":", e)
print({1j: "a", 2 + 0j: "b"}[2], sorted([3, 1, 2], key=lambda x: (x * 1j).imag))
print(sum([1j, 2, 3.5, 1 - 1j]), [x * 1j for x in range(3)], type(1j).__name__, isinstance(z, complex))
print(f"{z}", "{}".format(w), "%s" % (z,), [z, w], (z,), {"k": w})
acc = 0j
for k in range(1, 6):
    acc += complex(k, -k) / (k + 1j)
    acc *= 1.5
print(acc)
print(complex(1, 2) * complex(float("inf"), 0), complex(float("nan"), 1))
# A grid of operands: every operator's result must match CPython's digits, errors included.
grid = [0j, 1j, -1j, 2.5 - 3.25j, -0.1 + 0.7j, 1e-300 + 1e300j, 1e308 + 1e308j, -2 - 0j, 7, -3, 0.5, 1e200]
for a in grid:
    row = []
    for b in grid:
        for op in ("+", "-", "*", "/", "**"):
            try:
                row.append(repr(eval(f"a {op} b")))
            except (ZeroDivisionError, OverflowError) as e:
                row.append(type(e).__name__[:4])
    print(repr(a), " ".join(row))
# Format specs.
for spec in ["", ">12", "<12", "^14", ".2f", "+.3e", "10.1f", ".3", ".2g", "g", "n", "_.1f", ",.2f", "*^20.2f", " .1f", "#.0f", "E"]:
    for v in [1 + 2j, -1.5 - 0.25j, 2.5j, -0j, complex(1234567.891, -9876.5), complex(float("inf"), float("nan"))]:
        print(repr(spec), repr(format(v, spec)), f"{v:{spec}}" == format(v, spec))
for bad in ["010.2f", "=10", "d", "s", "%"]:
    try:
        format(1j, bad)
    except ValueError as e:
        print(repr(bad), "ValueError:", e)
print("{:.1f} and {!r} and {}".format(1 + 1j, 2j, 3 - 3j), "%s %r" % (1j, -1j))
try:
    complex.conjugate(5)
except TypeError as e:
    print("TypeError:", e)
