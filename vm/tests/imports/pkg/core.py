def core_fn():
    return "core " + __name__
