# open() for text and binary files: write, read, lines, iteration, with, seek/tell, errors.
import os

path = "pyrite_files_test.txt"
with open(path, "w") as f:
    print(type(f).__name__, f.name, f.mode, f.closed)
    print(f.write("first line\n"))
    f.write("second line\r\nthird, no newline")
    f.writelines(["\n", "é ünïcode ✓\n"])
print(f.closed)

with open(path) as f:
    print(repr(f.readline()))
    print(repr(f.read(6)))
    print(repr(f.readline()))
    print(f.readlines())
    print(repr(f.read()))

with open(path, encoding="utf-8") as f:
    for i, line in enumerate(f):
        print(i, line.rstrip("\n"))

with open(path, "a") as f:
    f.write("appended\n")
with open(path) as f:
    text = f.read()
print(len(text), text.count("\n"), text.splitlines()[-1])

with open(path, "rb") as f:
    print(type(f).__name__)
    head = f.read(5)
    print(head, f.tell())
    f.seek(0)
    data = f.read()
print(len(data), data[:12], b"\r\n" in data)

with open(path, "wb") as f:
    print(type(f).__name__, f.write(bytes([0, 1, 2, 255])))
with open(path, "rb") as f:
    print(list(f.read()))

f = open(path, "w")
f.write("written without close")
del f
with open(path) as f:
    print(f.read())

f = open(path)
f.close()
try:
    f.read()
except ValueError as e:
    print("ValueError:", e)
try:
    open("no/such/dir/file.txt")
except FileNotFoundError as e:
    print("FileNotFoundError:", e)
try:
    open(path, "rw")
except ValueError as e:
    print("ValueError:", e)
try:
    with open(path, "w") as f:
        f.write(b"bytes")
except TypeError as e:
    print("TypeError:", e)
with open(path, "w") as out:
    print("via print", 1, 2, file=out)
with open(path) as f:
    print(repr(f.read()))
os.remove(path)
