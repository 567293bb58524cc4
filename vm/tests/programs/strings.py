# str methods, repr quoting, slicing, formatting.
s = "Hello, World"
print(s.upper(), s.lower(), s.swapcase(), s.title(), len(s))
print(s[0], s[-1], s[2:5], s[::-1], s[::2], s[100:], s[-3:])
print(s.find("o"), s.rfind("o"), s.find("zz"), s.index("W"), s.count("l"))
print(s.split(", "), "a b  c".split(), "a,b,,c".split(","), "1-2-3".rsplit("-", 1))
print("  pad  ".strip(), "xxhixx".strip("x"), "  a".lstrip(), "b  ".rstrip() + "|")
print(",".join(["a", "b", "c"]), "".join([]), "-".join("xyz"))
print(s.replace("l", "L"), s.replace("l", "", 1), s.startswith("Hell"), s.endswith(("x", "ld")))
print("abc".center(9, "*"), "abc".ljust(6) + "|", "abc".rjust(6), "42".zfill(5), "-42".zfill(6))
print("a\nb\r\nc".splitlines(), "k=v=w".partition("="), "k=v=w".rpartition("="))
print(repr("it's"), repr('say "hi"'), repr("both ' and \""), repr("tab\tnl\n\\"), repr("\x00\x7f"), repr("é€"))
print("abc" < "abd", "a" * 3, 3 * "ab", "x" in "xyz", "q" not in "xyz")
print("123".isdigit(), "abc".isalpha(), "ab1".isalnum(), "  ".isspace(), "ABC".isupper(), "abc".islower())
print("{} and {}".format(1, 2), "{1}{0}".format("a", "b"), "{x}!".format(x=5), "{:>5}|{:<5}|{:^5}".format(1, 2, 3))
print("%s %d %r %5.2f %x %%" % ("s", 42, "r", 3.14159, 255), "%(a)s-%(b)s" % {"a": 1, "b": 2})
name, n = "pi", 3.14159
print(f"{name!r:>6} = {n:.3f}", f"{n=}", f"{'nested'}", f"{10:#x} {10:08b} {1000000:_}")
print(ord("A"), chr(97), chr(8364), str(12), str([1, "a"]), ascii("é"))
print("ünïcödé"[1:4], len("ünïcödé"), "ß".upper(), "İ".lower() == "i̇")
for ch in "héllo":
    print(ch, end=" ")
print()
print(hash("abc"), hash(""), hash("é"), hash("€uro"))
