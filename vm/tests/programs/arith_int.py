# Integer arithmetic: floor division/modulo signs, big ints, bit ops, pow.
vals = [0, 1, -1, 7, -7, 3, -3, 2**31, -(2**63), 2**64 + 5, -(10**30)]
for a in vals:
    for b in [1, -1, 3, -3, 7, 2**65]:
        print(a, b, a + b, a - b, a * b, a // b, a % b, divmod(a, b))
print(2**200, (-3)**33, 10**50 // 7, 10**50 % 7, -(10**50) // 7)
print(1 << 100, (1 << 100) >> 37, -1 >> 3, -(2**70) >> 5)
print(0xFF & 0x0F, 0xF0 | 0x0F, 0xFF ^ 0x0F, ~5, ~-1, ~(2**80))
print(pow(3, 200, 1000007), pow(2, 10), pow(-2, 3), 2 ** -1)
print(abs(-5), abs(-(2**100)), int("123"), int("-0x1f", 16), int("777", 8), int(" 42 "))
print(int(3.99), int(-3.99), int(1e20), round(2.5), round(3.5), round(-2.5), round(1234, -2))
print(bin(10), hex(255), oct(8), bin(-5), hex(-(2**70)))
print(True + True, True * 10, False - 1, 5 // True)
print((12345678901234567890).bit_length(), (-255).bit_length(), (0).bit_length())
print(hash(1), hash(-1), hash(2**61), hash(2**61 - 1), hash(-(2**100)), hash(True))
x = 1
for i in range(1, 40):
    x *= i
print(x, str(x)[:10], len(str(x)))
print(7 == 7.0, 2**53 + 1 == float(2**53 + 1), 1 < 1.5, -(2**70) < -1e20)
