# Global/nonlocal/class scopes and builtins shadowing.
x = "global"
def read():
    return x
def write():
    global x
    x = "changed"
print(read()); write(); print(read())
def shadow():
    len = lambda s: -1
    return len("abc")
print(shadow(), len("abc"))
class K:
    x = "class"
    def m(self):
        return x
    y = [x for _ in range(2)]
print(K().m(), K.x, K.y)
def make():
    v = 1
    class Inner:
        w = v + 1
    return Inner.w
print(make())
total = 0
for i in range(5):
    total += i
print(total, i)
del total
try:
    total
except NameError as e:
    print(e)
a = b = c = 7
a += 1
print(a, b, c)
lst = [1, 2]
lst2 = lst
lst2 += [3]
print(lst, lst is lst2)
tup = (1,)
tup2 = tup
tup2 += (2,)
print(tup, tup2)
