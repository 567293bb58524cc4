x = '''a
b'''
if x:
    y = 1  # c

