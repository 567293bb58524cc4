from ..core import core_fn
def deep():
    return "deep+" + core_fn()
