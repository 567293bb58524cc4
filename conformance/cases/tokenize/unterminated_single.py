x = 'abc
y = 2
z = "q
