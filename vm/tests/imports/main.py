import helper
import helper as h2
print(helper.VALUE, helper.double(21), helper.Thing(), h2 is helper)
from helper import double, VALUE
print(double(VALUE))
import pkg
print(pkg.core_fn())
from pkg import extra
print(extra.NAME)
import pkg.sub.deep
print(pkg.sub.deep.deep())
from pkg.sub.deep import deep
print(deep())
import sys
print(sorted(k for k in sys.modules if k.startswith(("pkg", "helper"))))
try:
    import no_such_module
except ModuleNotFoundError as e:
    print("ModuleNotFoundError:", e)
try:
    from helper import missing
except ImportError as e:
    print("ImportError:", e)
print(helper.__name__, pkg.__name__, pkg.extra.__name__)
