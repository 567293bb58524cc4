x = 'abc\
def'
s = b"\
\
x"
