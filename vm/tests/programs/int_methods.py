# int methods and conversions: bytes round trips, bit counts, parsing with bases, big str conversion.
def t(f, *a, **k):
    try:
        r = f(*a, **k)
    except Exception as e:
        print("  ", type(e).__name__ + ":", e)
    else:
        print("  ", repr(r))

print("to_bytes/from_bytes")
t((1024).to_bytes, 2, "big")
t((1024).to_bytes, 2, "little")
t((1024).to_bytes, 2, byteorder="big")
t((1024).to_bytes)
t((255).to_bytes, 1, "big")
t((256).to_bytes, 1, "big")
t((-1).to_bytes, 1, "big")
t((-1).to_bytes, 2, "big", signed=True)
t((-129).to_bytes, 1, "big", signed=True)
t((-128).to_bytes, 1, "big", signed=True)
t((0).to_bytes, 0, "big")
t((1).to_bytes, 0, "big")
t((1).to_bytes, -1, "big")
t((1).to_bytes, 2, "middle")
t((2**100).to_bytes, 13, "big")
t((2**100).to_bytes, 13, "little")
t(int.from_bytes, b"\x04\x00", "big")
t(int.from_bytes, b"\x04\x00", "little")
t(int.from_bytes, b"\xff\xff", "big", signed=True)
t(int.from_bytes, b"\xff\xff", "big")
t(int.from_bytes, b"", "big")
t(int.from_bytes, b"", "big", signed=True)
t(int.from_bytes, [1, 2, 3], "big")
t(int.from_bytes, bytearray(b"\x01\x00"), "little")
t(int.from_bytes, b"\x00" * 20 + b"\x80", "big", signed=True)
t(int.from_bytes, b"\x80" + b"\x00" * 20, "big", signed=True)
t(int.from_bytes, "abc", "big")
t(int.from_bytes, b"\x01", "sideways")
for n in [0, 1, -1, 127, 128, -128, -129, 2**63, -2**63, 2**64 - 1, 12345678901234567890]:
    length = (n.bit_length() + 8) // 8
    b = n.to_bytes(length, "little", signed=True)
    print(n, b.hex(), int.from_bytes(b, "little", signed=True) == n)

print("bit_length/bit_count")
for n in [0, 1, -1, 7, 8, -8, 255, -256, 2**64, -(2**64), 2**1000 - 1, 0b1011_0110]:
    print(n.bit_length(), n.bit_count(), end="; ")
print()
print((True).bit_length(), True.bit_count(), (5).conjugate(), (5).numerator, (5).denominator, (5).real, (5).imag)
print((10).as_integer_ratio(), (-7).as_integer_ratio(), True.as_integer_ratio())
print(type(True.as_integer_ratio()[0]), int.__index__(7), (7).__index__())

print("int(str, base)")
cases = [("42",), ("  42  ",), ("-42",), ("+42",), ("1_000_000",), ("1__0",), ("_1",), ("1_",),
         ("0x1f", 16), ("0x1f", 0), ("1f", 16), ("0o17", 0), ("0b101", 0), ("0b101", 2), ("101", 2),
         ("z", 36), ("Z", 36), ("10", 37), ("10", 1), ("10", -1), ("010", 0), ("0", 0), ("00", 0),
         ("0_0", 0), ("0x_1f", 0), ("0x", 16), ("", 10), ("  ",), ("1.5",), ("١٢٣",), ("12\u00a0",),
         ("\u0663",), ("0b2", 0), ("9" * 50,), ("-0",), ("0x1F", 16), ("  -0x1f  ", 16), ("1e3",)]
for c in cases:
    t(int, *c)
t(int, b"42")
t(int, bytearray(b" 17 "))
t(int, b"0x10", 16)
t(int, 3.99)
t(int, -3.99)
t(int, float("inf"))
t(int, float("nan"))
t(int, 1e30)
t(int, None)
t(int, [1])
t(int, "5", base=10)
t(int, 5, 10)
t(int)
t(int, x="5")

class Idx:
    def __index__(self):
        return 7
class Tr:
    def __trunc__(self):
        return 9
class IntM:
    def __int__(self):
        return 11
class BadInt:
    def __int__(self):
        return "no"
t(int, Idx())
t(int, IntM())
t(int, BadInt())
t(int, "12", Idx())
print(bin(Idx()), hex(Idx()), oct(Idx()), [10, 20, 30, 40, 50, 60, 70, 80][Idx()])

print("huge str conversion")
big = 7 ** 2000
s = str(big)
print(len(s), s[:20], s[-20:], int(s) == big, hash(big) == hash(int(s)))
t(int, "1" * 4301)
t(str, 10 ** 4300)
t(str, 10 ** 4299)
print(len(str(10 ** 4299)))
t(int, "1" * 4300)
print(len(hex(2 ** 100000)), int(hex(2 ** 20000), 16) == 2 ** 20000)
print(int("f" * 5000, 16).bit_length())
print((-2**70).to_bytes(10, "big", signed=True).hex())
print(divmod(-7, 2), -7 // 2, -7 % 2, 7 % -2, pow(2, -1), pow(-8, 1/3).__class__.__name__)
print(int.__name__, int.__qualname__, int("7").__class__ is int, type(int(True)))
class MyInt(int):
    pass
m = MyInt(5)
print(type(m).__name__, m + 1, type(m + 1).__name__, int(m), type(int(m)).__name__, repr(m))
print(MyInt.from_bytes(b"\x05", "big"), type(MyInt.from_bytes(b"\x05", "big")).__name__)
