x = """
# foo"""