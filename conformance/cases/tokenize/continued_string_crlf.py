x = 'abc\
def'
