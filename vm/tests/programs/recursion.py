# Deep recursion: RecursionError at the limit, never a crash.
import sys
print(sys.getrecursionlimit())
def down(n):
    return down(n + 1)
try:
    down(0)
except RecursionError as e:
    print("RecursionError:", e)
def depth(n):
    try:
        return depth(n + 1)
    except RecursionError:
        return n
d = depth(0)
print(d > 900, d < 1000)
sys.setrecursionlimit(5000)
def sumto(n):
    return 0 if n == 0 else n + sumto(n - 1)
print(sumto(4000))
def mutual_a(n):
    return "done" if n == 0 else mutual_b(n - 1)
def mutual_b(n):
    return mutual_a(n)
print(mutual_a(2000))
