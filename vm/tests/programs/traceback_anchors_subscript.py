# A failing subscript is marked from the end of its value to the closing bracket.
config = {"servers": [{"name": "a"}, {"name": "b"}]}


def lookup(cfg, i):
    return cfg["servers"][i]["name"]


print(lookup(config, 1))
print(lookup(config, 2))
