# PEP 678 notes: add_note, __notes__, and how an uncaught exception (in a group) prints them.
e = ValueError("x")
e.add_note("note one")
e.add_note("two\nlines")
for bad in [5, None]:
    try:
        e.add_note(bad)
    except TypeError as t:
        print("TypeError:", t)
print(e.__notes__, hasattr(KeyError(), "__notes__"))
k = KeyError("k")
k.add_note("about k")
try:
    raise k
except KeyError as caught:
    print(caught.__notes__)
eg = ExceptionGroup("g", [e, TypeError("t")])
eg.add_note("group note")
raise eg
