# sys.path beyond the script's directory: PYTHONPATH entries, and a directory the program
# appends before importing.
import sys

try:
    import appended
except ModuleNotFoundError as e:
    print("before append:", e)
sys.path.append("libdir")
import appended

print(appended.WHERE, appended.twice(4))
import frompp
from pppkg import inner

print(frompp.WHERE, inner.WHERE, sys.path[-1])
sys.path.insert(0, "libdir")
import shadow

print(shadow.WHERE)
