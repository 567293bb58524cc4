# The math module: the functions programs reach for, their edge cases and error messages.
import math
def t(name, *a, **k):
    try:
        r = getattr(math, name)(*a, **k)
    except Exception as e:
        print(name, a, type(e).__name__ + ":", e)
    else:
        print(name, a, repr(r))

print(math.pi, math.e, math.tau, math.inf, -math.inf, math.nan, type(math.nan))
for n in ["sqrt", "floor", "ceil", "trunc", "fabs", "exp", "log", "log2", "log10", "log1p", "expm1",
          "sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh", "tanh", "asinh", "acosh", "atanh",
          "degrees", "radians", "isfinite", "isinf", "isnan", "exp2"]:
    for x in [0, 1, -1, 2.5, 1e308, math.inf, math.nan, 10**400]:
        t(n, x)
t("floor", 2.5); t("floor", -2.5); t("ceil", -0.5); t("trunc", -7.9); t("floor", 10**30); t("ceil", 7)
class C:
    def __repr__(self): return "C()"
    def __floor__(self): return "floored"
    def __ceil__(self): return "ceiled"
    def __trunc__(self): return "trunced"
t("floor", C()); t("ceil", C()); t("trunc", C()); t("floor", "x"); t("sqrt", "x")
t("gcd"); t("gcd", 12); t("gcd", 12, 18); t("gcd", -12, 18, 30); t("gcd", 0, 0); t("gcd", 2**100, 6**50); t("gcd", 1.5, 2)
t("lcm"); t("lcm", 4, 6); t("lcm", 4, 6, 10); t("lcm", 0, 5); t("lcm", -4, 6)
for x in [0, 1, 15, 16, 17, 10**20, 2**200 + 1, -1]:
    t("isqrt", x)
t("isqrt", 2.0)
t("comb", 10, 3); t("comb", 3, 10); t("comb", 100, 50); t("comb", -1, 2); t("comb", 5, -1); t("comb", 5.0, 2)
t("perm", 10, 3); t("perm", 5); t("perm", 3, 5); t("perm", 5, None); t("perm", -2, 1)
t("factorial", 0); t("factorial", 20); t("factorial", 30); t("factorial", -1); t("factorial", 5.0); t("factorial", 2**70)
t("ldexp", 1.5, 4); t("ldexp", 1.0, -1075); t("ldexp", 1.0, 1024); t("ldexp", 0.0, 10**30); t("ldexp", 1.0, 10**30); t("ldexp", 1.0, -10**30)
for x in [0.0, 1.0, 8.0, 0.1, -3.5, 5e-324, math.inf, math.nan]:
    t("frexp", x)
t("modf", 3.25); t("modf", -3.25); t("modf", math.inf)
t("fsum", [0.1] * 10); t("fsum", [1e100, 1.0, -1e100]); t("fsum", []); t("fsum", [math.inf, 1]); t("fsum", [math.inf, -math.inf]); t("fsum", [1e308, 1e308])
print(sum([0.1] * 10), math.fsum([0.1] * 10) == 1.0)
t("prod", [1, 2, 3, 4]); t("prod", []); t("prod", [2.5, 4]); t("prod", [1, 2], start=10); t("prod", ["a"], start=3); t("prod", range(1, 21))
t("dist", (0, 0), (3, 4)); t("dist", [1, 2, 3], [4, 6, 3]); t("dist", (1,), (1, 2)); t("dist", (), ())
t("hypot"); t("hypot", 3, 4); t("hypot", 1, 2, 2); t("hypot", math.inf, math.nan); t("hypot", -5)
t("log", 8, 2); t("log", 100, 10); t("log", 0); t("log", -1); t("log", 10**500); t("log", 2**1100, 2); t("log", 1, 1); t("log", 8, 1)
t("log2", 1024); t("log2", 2**2000); t("log10", 10**300 * 10**10); t("log10", 0)
t("isclose", 1.0, 1.0 + 1e-10); t("isclose", 1.0, 1.1); t("isclose", 1.0, 1.1, rel_tol=0.1); t("isclose", 0.0, 1e-10)
t("isclose", 0.0, 1e-10, abs_tol=1e-9); t("isclose", math.inf, math.inf); t("isclose", math.nan, math.nan); t("isclose", 1, 1, rel_tol=-1)
t("copysign", 3, -0.0); t("copysign", -2.5, 1); t("copysign", math.nan, -1); t("copysign", 1, math.nan)
t("fmod", 7, 3); t("fmod", -7, 3); t("fmod", 7, -3); t("fmod", 7, 0); t("fmod", math.inf, 2); t("fmod", 2, math.inf); t("fmod", -0.0, 1)
t("remainder", 7, 3); t("remainder", 5, 2); t("remainder", 7, 2); t("remainder", -7, 2); t("remainder", 7, 0); t("remainder", math.inf, 2)
t("pow", 2, 10); t("pow", 0, -1); t("pow", -8, 1/3); t("pow", 10, 400); t("pow", math.inf, 0); t("pow", 0.0, 0.0); t("pow", -math.inf, 3)
t("exp", 1000); t("exp", -1000); t("sqrt", -0.0); t("atan2", 1, 1); t("atan2", -0.0, -1); t("atan2", 0.0, -0.0)
t("nextafter", 1.0, 2.0); t("nextafter", 0.0, -1.0); t("ulp", 1.0); t("ulp", 0.0); t("ulp", math.inf)
t("sqrt", 2); t("sqrt", 10**400); t("sqrt", True); t("exp", "1"); t("sqrt", 1, 2); t("gcd", 2, "4")
print(math.floor(-0.0), math.ceil(-0.1), type(math.floor(1.0)), type(math.trunc(2)), math.sqrt(16), math.degrees(math.pi))
print(math.__name__, hasattr(math, "tau"), sorted(n for n in ["pi", "e", "tau", "inf", "nan"] if hasattr(math, n)))
print(math.cbrt(-0.0), math.cbrt(0)); t("cbrt", 0.0); t("cbrt", -0.0); t("cbrt", math.inf); t("cbrt", math.nan); t("cbrt", "x")
