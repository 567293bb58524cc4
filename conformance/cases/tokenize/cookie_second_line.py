#!/usr/bin/python
# vim: set fileencoding=utf8 :
x = 1
