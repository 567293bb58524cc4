from . import core
from .core import core_fn as cf
NAME = "extra:" + cf()
