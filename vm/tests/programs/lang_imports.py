# Imports: packages with __init__ side effects, relative imports, circular imports seen partially
# initialised, `from m import *` with and without __all__, "No module named" errors,
# __name__/__file__/__package__, and the sys.modules cache. The fixtures live in site-packages/
# beside this program (the corpus walk skips that directory).
import sys
sys.dont_write_bytecode = True
def _here():
    pass
# The code's own file name (a .pyc compiled elsewhere still records its source's path).
base = (_here.__code__.co_filename.rpartition("/")[0] or ".") + "/site-packages"
sys.path.insert(0, base)

def rel(path):
    return path[len(base):] if path.startswith(base) else path

print(__name__, __package__, __spec__)

import limp_pkg
print(limp_pkg.VALUE, limp_pkg.imported_thing, limp_pkg.sibling.thing)
print(limp_pkg.__name__, limp_pkg.__package__, rel(limp_pkg.__file__), [rel(p) for p in limp_pkg.__path__])
print(rel(limp_pkg.sibling.__file__), limp_pkg.sibling.__package__)

import limp_pkg
import limp_pkg.sibling
print("second imports run nothing")

from limp_pkg import sub
print(sub.result, sub.__name__, sub.__package__)
print("limp_pkg.inner" in sys.modules, "limp_pkg.inner.deep" in sys.modules, hasattr(limp_pkg, "inner"))
import limp_pkg.inner.deep as deep_alias
print(deep_alias.DEEP, deep_alias is sys.modules["limp_pkg.inner.deep"])

try:
    import limp_pkg.inner.toofar
except ImportError as e:
    print("ImportError:", e)

# circular imports
import limp_circ_a
print(limp_circ_a.late, limp_circ_a.limp_circ_b.value)
try:
    import limp_circ_c
except ImportError as e:
    print("ImportError:", str(e).replace(base, "<base>"), e.name)

# star imports
ns = {}
exec("from limp_star import *", ns)
print(sorted(k for k in ns if k != "__builtins__"))
ns = {}
exec("from limp_nostar import *", ns)
print(sorted(k for k in ns if k != "__builtins__"))
try:
    exec("from limp_badall import *", {})
except AttributeError as e:
    print("AttributeError:", e)

# missing modules and names
for stmt in ["import limp_missing", "import limp_pkg.missing", "from limp_pkg import missing",
             "from limp_missing import x", "import limp_star.sub", "from limp_star import nothing"]:
    try:
        exec(stmt, {})
    except ImportError as e:
        print(type(e).__name__ + ":", str(e).replace(base, "<base>"), e.name)

# a module that fails during import is removed from sys.modules and runs again next time
for attempt in range(2):
    try:
        import limp_broken
    except ValueError as e:
        print("ValueError:", e, "limp_broken" in sys.modules)

# sys.modules caching: a replaced entry is what import returns
sys.modules["limp_fake"] = "not even a module"
import limp_fake
print(limp_fake)
sys.modules["limp_none"] = None
try:
    import limp_none
except ImportError as e:
    print("ImportError:", e)
del sys.modules["limp_fake"], sys.modules["limp_none"]

# deleting a module from sys.modules makes the next import run it again
del sys.modules["limp_pkg.sibling"]
import limp_pkg.sibling as fresh
print(fresh is limp_pkg.sibling, fresh.thing)

# __import__ and importing builtin modules
m = __import__("limp_pkg.inner", fromlist=["x"])
print(m.__name__)
top = __import__("limp_pkg.inner")
print(top.__name__)
import math, gc as garbage
print(math.__name__, garbage.__name__, "math" in sys.modules)
try:
    __import__("")
except ValueError as e:
    print("ValueError:", e)
try:
    exec("from . import anything", {"__name__": "x", "__package__": ""})
except ImportError as e:
    print("ImportError:", e)

# modules are objects with a __dict__
print(type(limp_pkg).__name__, limp_pkg.__dict__["VALUE"], sorted(k for k in vars(sys.modules["limp_star"]) if not k.startswith("__")))
limp_pkg.added = "attr"
from limp_pkg import added
print(added, repr(sys)[:20])
