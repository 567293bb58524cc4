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
print("bytes flags")
for fmt in [b"%#x", b"%#X", b"%#o", b"%05d", b"%-5d|", b"%+d", b"% d", b"%.3d", b"%+.3x", b"%08.3f", b"%-8.2e|", b"%#.0f", b"%#g",
            b"%5c|", b"%-3c|", b"%.2s", b"%5b|", b"%-+6d|", b"%0-6d|", b"% 05d", b"%#08x"]:
    for v in [255, -7, 65, 0]:
        t(fmt, v)
t(b"%c", -1); t(b"%c", bytearray(b"x")); t(b"%c", I()); t(b"%c", 2**70); t(b"%c", 1.5); t(b"%-3c|", b"z"); t(b"%.2s", b"abcdef")
t(b"%a", "\u00e9"); t(b"%r", "\u00e9"); t(b"%s", memoryview(b"mv")); t(bytearray(b"%s!"), (bytearray(b"x"),)); t(b"%d", 2**70)
t(b"%(a)s %(b)d", {b"a": b"x", b"b": 2}); t(b"%(a)s", {"a": 1}); t(b"%(a)s", (1,)); t(b"%d %s", (1,)); t(b"%", ()); t(b"%y", 1)
t(b"abc", []); t(b"abc", 5); t(b"abc", ()); t(b"abc", b"x"); t(b"abc", bytearray(b"x")); t(b"%s", [1]); t(b"%*d|", (5, 3)); t(b"%-*d|", (-5, 3))
t(b"%.*f", (2, 3.14159)); t(b"%*d", (b"x", 1)); t(b"%x", -255); t(b"%x", I()); t(b"%x", 3.0); t(b"%d", Int()); t(b"%f", F()); t(b"%d", F())
t(b"%e", 1e300); t(b"%g", 1e-5); t(b"%G", float("inf")); t(b"%f", float("nan")); t(b"%010.3f", -1.5); t(b"%(x)s%%", {b"x": b"1"})
t(b"%s", "str"); t(b"%5%|", ()); t(b"%ld %hd %Ld", (1, 2, 3)); t(b"%(a", {b"a": 1}); t(bytearray(b"%s") % b"x", ())
print("str flags")
for fmt in ["%.3d", "%.3x", "%#.3o", "%+.2d", "%08.3d", "%-8.3x|", "%#08x", "%0-8d|", "% 08.2f", "%+#x", "%#5.0e", "%.0g", "%#.3g", "%10.4s|",
            "%-+05d|", "%05c", "%#5s", "%.2c", "%b", "%5\u00e9"]:
    for v in [5, -42, 255, 0]:
        t(fmt, v)
t("%*.*d", (8, 4, 3)); t("%-*s|", (-6, "a")); t("%.*s", (-1, "abc")); t("%5%|", ()); t("%ld %hd", (1, 2)); t("%(a", {"a": 1}); t("%(a)*d", {"a": 1})
t("%s", b"x"); t("%r", b"x"); t("%a", "\xe9\u20ac"); t("%c", "\xe9"); t("%c", -1); t("%5.2f%%|", 1.005); t("%e", -0.0); t("%x", True); t("%d", 1.0e20)
t("abc", b"x"); t("abc", [1]); t("abc", 5); t("%s", {"a": 1}); t("%(a)s", {"a": "\u20ac"}); t("%c", 1.5); t("%c", 2**70); t("%i", "x"); t("%u", "x")
t("%\x01", 1); t("%-#10x|", 255); t("%#X", -255); t("%+.0f", 0.5); t("%+.0f", 1.5); t("%.3e", 1e-310); t("%g", 1e16); t("%G", 1e-5); t("%.1f", 0.05)

# A width too large to allocate is a MemoryError, not a crash.
try:
    "%*d" % (2**40, 1)
except MemoryError as e:
    print("MemoryError", repr(str(e)))
