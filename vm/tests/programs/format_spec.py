# The format-spec mini-language for int, float, str, complex, bool, and its errors.
def t(v, spec):
    try:
        r = format(v, spec)
    except Exception as e:
        print(repr(spec), type(e).__name__ + ":", e)
    else:
        print(repr(spec), repr(r))

for spec in ["", "d", "5", "<5", ">5", "^5", "=5", "*^7", "0=7", "+", "-", " ", "+5", " 05", "05", "#x", "#X", "#o", "#b",
             "x", "X", "o", "b", "c", "n", ",", "_", "_x", "_b", ",d", "08,", "010_", "+#010x", "e", ".2f", "%", "g", ".3",
             "z", "s", ",x", "_o", "#_b", "0<5", "x<+10,", "\u00e9>5", ">{", "1000000", "-^+#012,"]:
    for v in [0, 42, -42, 255, 1234567, 10**20]:
        t(v, spec)
t(True, ""); t(True, "d"); t(False, ">5"); t(True, "s"); t(True, "5")
for spec in ["", "f", ".0f", ".1f", ".3f", "e", ".2e", "E", "g", ".2g", ".10g", "G", "%", ".1%", "+.2f", " .2f", "08.2f",
             "<10.2f", "^10", "*>12.3e", ",.2f", "_.3f", "#g", "#.0f", "#.0e", ".0e", "z.1f", "z", "z.0f", "n", ".3n",
             "=+10.2f", "010", ".20f", ".50e", "#", "r", "d", ".2s", "x", "%.2"]:
    for v in [0.0, -0.0, 1.5, -2.25, 1234567.891, 1e-7, 1e16, 1e100, 2.5, 0.125, float("inf"), float("-inf"), float("nan"), 3.0]:
        t(v, spec)
for spec in ["", "s", ">8", "<8", "^8", "*^9", ".2", "8.3", "=5", "+", "d", "x", "#", ",", "0>5", "05", "é^7"]:
    for v in ["", "abc", "héllo wörld"]:
        t(v, spec)
for spec in ["", ".2f", "e", ">30", "+.3", "g", "=10", "05", "^30.1f", "z.1f", "%", "n"]:
    for v in [1 + 2j, -1.5 - 0.5j, 2j, complex(0, -0.0), complex(float("inf"), float("nan"))]:
        t(v, spec)
t(None, ""); t(None, "s"); t([1], ""); t([1], "s"); t(object(), "x")
class P:
    def __format__(self, spec):
        return "P<" + spec + ">"
print(format(P(), "abc"), f"{P():xy}", "{:q}".format(P()), f"{3.14159:{'.'}{2}f}", f"{42:{'>'}{8}}")
w, p = 10, 3
print(f"{3.14159:{w}.{p}f}|", f"{'x':{'*'}^{w}}", "{:{}{}}".format(7, ">", 4), "{0:{1}}".format(5, "03"))
t(3, "  "); t(3, ".2d"); t(3, "z"); t(3, "=z"); t(1.5, ",_"); t(1.5, "_,"); t(3, "c"); t(-1, "c"); t(0x110000, "c"); t(65, "+c")
t("x", "z"); t("x", "=^"); t(1.5, "c"); t(2**100, "e"); t(2**1100, "e"); t(10**20, ".3g"); t(5, "%"); t(7, ".1%"); t(1j, "c")
for spec in ["z.2f", "z.3e", "z", "z.0f", "z.1%", "+z.1f", " z.2g", "z#.0f", "#.3g", "#g", "#.0%", "#.1e", "#", "08,.2f", "012,",
             "0=12,", "x=12,", "^12,", ">012,.1f", "012_.3e", "-^10.1%", "n", "_%"]:
    for v in [-0.0001, -1e-10, -0.0, -0.4, 100.0, 0.0, -1234567.5, float("-nan"), float("-inf"), 12.5]:
        t(v, spec)
for spec in ["#_x", "_X", "015_x", "#015_b", "0=+12,", "x=12,", "^12,", "012,", "_o", ",n", "_c", "z,", "#c", "=10c", ".0", "08.3"]:
    for v in [0, -1, 255, 123456789, -(2**40)]:
        t(v, spec)
t("abc", ",s"); t("abc", "_"); t("abc", "z"); t(1j, ","); t(-1.5 - 2.5j, "z^20,.1f"); t(complex(-0.0, -0.0), "z"); t(complex(-0.0, -0.0), "")
t(1234.5 + 0j, ",.1f"); t(1j, "#"); t(1j, "#.0f"); t(True, "#x"); t(False, "_"); t(1.5, "\x00<5"); t(1.5, "999999999999999999999999"); t(1, ".")
for spec in [".0", "#.0", ".1", ".2", ".3", "#.3", ".16", ".17"]:
    for v in [3.0, 123.0, 100.0, 0.0, 99.95, 1e16, 0.1]:
        t(v, spec)

# A width too large to allocate is a MemoryError, not a crash.
for spec in ("1000000000000d", ">1000000000000"):
    try:
        format(7, spec)
    except MemoryError as e:
        print("MemoryError", spec, repr(str(e)))
