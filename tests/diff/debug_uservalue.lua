-- debug.getuservalue / setuservalue on values that are not full userdata
-- and on io files, which have no user values in either interpreter.
print(debug.getuservalue(1))
print(debug.getuservalue({}))
print(debug.getuservalue(nil, 1))
print(pcall(debug.setuservalue, {}, 1))
print(pcall(debug.setuservalue, io.stdout))
print(select("#", debug.getuservalue(io.stdout, 5)), debug.getuservalue(io.stdout, 5))
print(select("#", debug.getuservalue(io.stdout, 0)))
print(debug.setuservalue(io.stdout, 1, 7))
-- io files have no user values in either interpreter
print(select("#", debug.getuservalue(io.stdout)), debug.getuservalue(io.stdout))
print(debug.setuservalue(io.stdout, 1), debug.setuservalue(io.stderr, "x", 1))
print(pcall(debug.setuservalue, io.stdout))
