-- sys.cpu_count() is the number of usable cores: a positive integer.
local n = sys.cpu_count()
print(math.type(n)) -- expect: integer
print(n >= 1)       -- expect: true
print(sys.cpu_count() == n) -- expect: true
