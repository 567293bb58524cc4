f'{x}' rb'a' Rb"b" BR'c' u'd' ur'e' fR'''g''' bar'x' F"""h"""
