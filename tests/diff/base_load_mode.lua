-- load's mode argument: "t", "b", "bt".
print(type(load("return 1", "c", "t")), load("return 1", "c", "t")())
print(load("return 1", "c", "b"))
print(load("return 2", "c", "bt") ~= nil)
print(pcall(load, "return 1", "c", "x"))
