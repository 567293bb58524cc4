# Arbitrary precision: factorials, Fibonacci, digit sums, modular exponentiation.
def fact(n):
    r = 1
    for i in range(2, n + 1):
        r *= i
    return r
f100 = fact(100)
print(f100)
print(sum(int(d) for d in str(f100)), len(str(fact(500))))
a, b = 0, 1
for _ in range(300):
    a, b = b, a + b
print(a)
print(a // 10**50, a % 10**50, -a // 12345, -a % 12345)
print(pow(7, 10**4, 10**9 + 7), 3**100 - 2**150, (2**127 - 1) * (2**61 - 1))
print((10**40) >> 64, (10**40) << 3, (10**40) & (2**64 - 1), (10**40) | 1, -(10**40) ^ 12345)
print(str(-(2**200)), hex(2**100), int("9" * 50) + 1, float(2**100), 2**100 / 2**90)
n = 2**521 - 1
print(n % 1000000, n.bit_length())
print(max(2**70, 2**69), sorted([2**65, -2**65, 0]), 2**64 == 18446744073709551616)
