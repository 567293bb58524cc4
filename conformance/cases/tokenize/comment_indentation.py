if x:
    y
        # deeper comment
# col0 comment
    z
