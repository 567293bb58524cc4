# Float reprs (shortest round-trip) and float arithmetic semantics.
vals = [0.0, -0.0, 0.1, 0.2, 0.1 + 0.2, 1/3, 2/3, 1e16, 1e15, 1.5e-5, 0.0001, 123456789.123, 1e300 * 10,
        -1e-300, 3.141592653589793, 2.5, 100.0, 1e22, 5e-324, 1.7976931348623157e308]
for v in vals:
    print(v, repr(v), str(v))
print(7.5 // 2, 7.5 % 2, -7.5 // 2, -7.5 % 2, 7.5 % -2, divmod(-7.5, 2))
print(2.0 ** 0.5, 10 / 4, 1 / 8, 3 * 0.1, 1e308 * 10, -1e308 * 10)
print(float("1.5"), float("-inf"), float("  2e3 "), float(7), int(2.0**60))
print(round(2.675, 2), round(0.125, 2), round(1.005, 2), round(-0.5), round(1.5), round(123.456, -1))
print(abs(-2.5), max(1.5, 2), min(-0.5, 0), sum([0.1] * 10))
print(hash(1.5), hash(2.0), hash(-0.25), hash(1e100))
print((0.5).is_integer(), (2.0).is_integer())
print(f"{3.14159:.2f} {2.5:e} {1234567.891:,.2f} {0.5:%} {12.0:g} {1e-7:g} {123456789.0:g}")
print(format(1.0, ".3g"), format(0.0001234, ".2e"), "%.3f" % 2.71828, "%5.1f|" % 3.14159)
