print("pkg init", __name__, __package__)
from .core import core_fn
