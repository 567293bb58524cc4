"""Arbitrary-precision integers: pi digits by a spigot, factorials, powers, str conversion."""
import sys


def pi_digits(count):
    # Gibbons' unbounded spigot, written with integer state only.
    q, r, t, k, n, l = 1, 0, 1, 1, 3, 3
    digits = []
    while len(digits) < count:
        if 4 * q + r - t < n * t:
            digits.append(n)
            q, r, n = 10 * q, 10 * (r - n * t), (10 * (3 * q + r)) // t - 10 * n
        else:
            q, r, t, k, n, l = q * k, (2 * q + r) * l, t * l, k + 1, (q * (7 * k + 2) + r * l) // (t * l), l + 2
    return "".join(map(str, digits))


def main(n):
    digits = pi_digits(n)
    print(digits[:50], digits[-10:])
    f = 1
    for i in range(2, n + 1):
        f *= i
    s = str(f)
    print(len(s), s[:20], s.count("7"))
    p = pow(3, n * 10, 10**40 + 7)
    print(p, (2**521 - 1) % 1000000007, (-7) ** 33 // 10**20, divmod(-(10**30), 7))


main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
