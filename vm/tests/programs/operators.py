# Comparison chains, boolean short-circuit, identity, membership, augmented assignment.
x = 5
print(1 < x < 10, 1 < x > 10, x == 5 == 5.0, 0 <= x <= 4)
print(0 or "default", "" and "x", None or 0 or [], 3 and 4, not 0, not [1])
def noisy(v):
    print("eval", v)
    return v
print(noisy(0) and noisy(1), noisy(1) or noisy(2))
a = [1, 2]; b = a; c = [1, 2]
print(a is b, a is c, a == c, a is not c, None is None)
print(3 in [1, 2, 3], "k" in {"k": 1}, 4 not in range(3), "ab" in "cabd")
n = 10
n += 5; n -= 3; n *= 2; n //= 5; n **= 3; n %= 7; n <<= 4; n >>= 1; n |= 1; n &= 0xFF; n ^= 0x0F
print(n)
s = "ab"; s += "cd"; s *= 2; print(s)
f = 1.5; f /= 2; f -= 0.25; print(f)
print(-(-3), +4, ~0, -2 ** 2, (-2) ** 2, 2 ** 3 ** 2, 7 // 2 * 2 + 7 % 2)
print([1, 2] * 2, (0,) * 3, [[]] * 2, 10 - 2 - 3, 100 / 10 / 5)
print(max(1, 2) if x > 3 else min(1, 2), "yes" if [] else "no")
print(True == 1, False == 0, hash(True) == hash(1))
print(1 == 1.0, {1: "a"}[1.0], 0.1 + 0.7, 1 / 3 * 3 == 1)
