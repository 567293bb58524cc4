# sys: argv, stdout.write's return value, stderr, the recursion limit and RecursionError, and
# sys.exit with a non-integer argument (the exit status and stderr are checked).
import sys

print(len(sys.argv), sys.argv[0].endswith("lang_sys.py"))
n = sys.stdout.write("written\n")
print("write returned", n)
print("to stderr", file=sys.stderr)
sys.stderr.write("stderr write\n")
sys.stderr.flush()
print(sys.stdout.write(""), sys.stdout.write("é\n"))
print(sys.maxsize == 2 ** 63 - 1, sys.byteorder, sys.version_info[:2], sys.version_info.major)
print(type(sys.modules).__name__, "sys" in sys.modules, sys.modules["sys"] is sys, __name__ in sys.modules)
print(sys.getrecursionlimit())

depth = 0
def recurse():
    global depth
    depth += 1
    recurse()
try:
    recurse()
except RecursionError as e:
    print("RecursionError:", e, depth > 900)

sys.setrecursionlimit(200)
print(sys.getrecursionlimit())
depth = 0
try:
    recurse()
except RecursionError as e:
    print("RecursionError at", depth)
sys.setrecursionlimit(1000)
for bad in [0, -5]:
    try:
        sys.setrecursionlimit(bad)
    except ValueError as e:
        print("ValueError:", e)
try:
    sys.setrecursionlimit("x")
except TypeError as e:
    print("TypeError:", e)


# print's file/sep/end/flush arguments
print("a", "b", sep="-", end="|\n")
print("x", file=None)
print(*[1, 2, 3], sep="")
try:
    print("a", sep=5)
except TypeError as e:
    print("TypeError:", e)
try:
    print("a", file=5)
except AttributeError as e:
    print("AttributeError:", e)

class Collect:
    def __init__(self):
        self.parts = []
    def write(self, s):
        self.parts.append(s)
c = Collect()
print("captured", 1, file=c)
print(c.parts)
old = sys.stdout
sys.stdout = c
print("redirected")
sys.stdout = old
print(c.parts[-2:])

# sys.exit inside try/finally still runs the finally; SystemExit can be caught
try:
    sys.exit(3)
except SystemExit as e:
    print("caught SystemExit", e.code, repr(e))
try:
    sys.exit()
except SystemExit as e:
    print("no-argument exit code", e.code)
try:
    sys.exit("message")
except SystemExit as e:
    print("string code", e.code)
def exits():
    try:
        sys.exit(["a", "list"])
    finally:
        print("finally before exit", flush=True)
exits()
