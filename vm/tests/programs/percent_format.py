# printf-style %-formatting of str and bytes: every conversion, flags, * width, mappings, errors.
def t(fmt, args):
    try:
        r = fmt % args
    except Exception as e:
        print(repr(fmt), type(e).__name__ + ":", e)
    else:
        print(repr(fmt), repr(r))

for fmt in ["%d", "%i", "%u", "%5d", "%-5d|", "%05d", "%+d", "% d", "%x", "%X", "%#x", "%#X", "%o", "%#o", "%e", "%E",
            "%f", "%F", "%.2f", "%10.3f", "%-10.1e|", "%g", "%G", "%#g", "%.0f", "%#.0f", "%c", "%r", "%s", "%a", "%5s|",
            "%-5s|", "%.1s", "%%", "%+.3e", "%010.2f", "%-+8d|"]:
    for v in [0, 42, -7, 3.75, 1e20, 97]:
        t(fmt, v)
t("%s and %s", ("a", "b")); t("%s", ((1, 2),)); t("%s", (1, 2)); t("%s %s", (1,)); t("%d", "x"); t("%d", 3.9)
t("%x", 3.5); t("%c", "ab"); t("%c", 0x110000); t("%(a)s %(b)r", {"a": 1, "b": "q"}); t("%(a)s", (1,)); t("%(a)s", {"b": 1})
t("%*d|", (5, 42)); t("%-*d|", (5, 42)); t("%.*f", (2, 3.14159)); t("%*.*f", (8, 2, 3.14159)); t("%*d", ("x", 1))
t("%z", 1); t("%", 1); t("%5", 1); t("no args", ()); t("no args", 5); t("%s", []); t("%s", {}); t("%d%%", 50)
t("%s", None); t("%r", "é"); t("%a", "é"); t("%5.1s|", "abc"); t("%i", True); t("%d", 2**70); t("%x", -255); t("%#o", -8)
t("%(x)d %(x)x", {"x": 255}); t("%(k)s", {"k": [1]}); t("%s", "%s"); t("%.3s", "abcdef"); t("% 5d", -3); t("%+5x", 255)
t("%e", 10**400); t("%f", float("nan")); t("%f", float("-inf")); t("%5.2f%%", 99.5); t("%.0e", 5.5); t("%.15g", 0.1)
class I:
    def __index__(self):
        return 10
class F:
    def __float__(self):
        return 1.5
class Int:
    def __int__(self):
        return 3
t("%x", I()); t("%d", I()); t("%f", F()); t("%d", F()); t("%d", Int()); t("%c", I())
print("bytes")
for fmt in [b"%d", b"%5d|", b"%x", b"%s", b"%b", b"%r", b"%a", b"%c", b"%f", b"%.2e", b"%-6s|", b"%%"]:
    for v in [65, b"hi", bytearray(b"ba"), 2.5, "str"]:
        t(fmt, v)
t(b"%s-%s", (b"a", b"b")); t(b"%(k)s", {b"k": b"v"}); t(b"%c", 256); t(b"%c", b"xy"); t(b"%c", b"z"); t(bytearray(b"%d!"), 5)
class B:
    def __bytes__(self):
        return b"<B>"
t(b"%s", B()); t(b"%b", memoryview(b"mv")); t(b"%s", 1.5); t(b"%5.1f|", 2.25); t(type(bytearray(b"%s") % b"x").__name__ + "%s", "")
