# input(): the prompt goes to stdout; with stdin at end of file (the corpus runs programs with
# stdin closed) it raises EOFError.
print("before")
try:
    line = input("name? ")
    print("got", repr(line))
except EOFError as e:
    print("EOFError:", e)
try:
    input("a", "b")
except TypeError as e:
    print("TypeError:", e)
try:
    input()
except EOFError as e:
    print("EOFError again:", repr(e))
