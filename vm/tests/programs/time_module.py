# The time module's deterministic surface: types, monotonic ordering, sleep(0), and argument errors.
import time
def t(f, *a):
    try:
        r = f(*a)
    except Exception as e:
        print("  ", type(e).__name__ + ":", e)
    else:
        print("  ", type(r).__name__)

t0 = time.time()
print(type(t0).__name__, t0 > 1.6e9, type(time.time_ns()).__name__, time.time_ns() > 1.6e18, abs(time.time_ns() / 1e9 - time.time()) < 5)
m1 = time.monotonic(); p1 = time.perf_counter(); c1 = time.process_time(); n1 = time.monotonic_ns(); q1 = time.perf_counter_ns()
s = 0
for i in range(20000):
    s += i
m2 = time.monotonic(); p2 = time.perf_counter(); c2 = time.process_time(); n2 = time.monotonic_ns(); q2 = time.perf_counter_ns()
print(m2 >= m1, p2 >= p1, c2 >= c1, n2 >= n1, q2 >= q1, type(n1).__name__, type(c1).__name__, type(q1).__name__)
print(time.sleep(0), time.sleep(0.001), time.sleep(False))
t(time.sleep, -1); t(time.sleep, "1"); t(time.sleep); t(time.time, 1); t(time.sleep, None); t(time.sleep, float("nan"))
a = time.perf_counter()
time.sleep(0.01)
b = time.perf_counter()
print(b - a >= 0.009, b - a < 5, time.perf_counter() - p1 < 60, callable(time.time), time.__name__, hasattr(time, "monotonic"))
