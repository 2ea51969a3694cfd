-- _VERSION and the presence of standard library tables.
print(_VERSION)
print(type(string.format), type(table.sort), type(math.floor), type(load), type(next))
print(math.pi == math.pi, type(math.maxinteger), type(math.huge))
