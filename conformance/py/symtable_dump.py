# CPython's symbol table in the shape of pyrite_passes::symtable::dump: one line per block
# (child-index path, type, name, line, nested), its parameters, then its symbols sorted by name
# with their DEF_*/USE flags and resolved scope; or the SyntaxError with its four positions.
import builtins, tokenize
f = getattr(builtins, "_pyrite_symtable_dump", None)
if f is None:
    import _symtable
    def f(src, filename):
        out = []
        try:
            top = _symtable.symtable(src, filename, "exec")
        except SyntaxError as e:
            return "%s: %s (%s, %s, %s, %s)\n" % (type(e).__name__, e.msg, e.lineno, e.offset, e.end_lineno, e.end_offset)
        def walk(t, path):
            ty = ("function", "class", "module", "annotation")[t.type]
            out.append("%s %s %s line=%d nested=%d" % (path, ty, t.name, t.lineno, t.nested))
            if t.varnames:
                out.append("  varnames " + " ".join(t.varnames))
            for name in sorted(t.symbols):
                fl = t.symbols[name]
                out.append("  %s %d %d" % (name, fl & 2047, (fl >> 11) & 15))
            for i, c in enumerate(t.children):
                walk(c, path + "." + str(i))
        walk(top, "0")
        return "\n".join(out) + "\n"
    builtins._pyrite_symtable_dump = f
if path is not None:
    with tokenize.open(path) as fh:
        src = fh.read()
result = f(src, path or "<snippet>")
