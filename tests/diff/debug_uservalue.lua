-- debug.getuservalue / setuservalue on values that are not full userdata,
-- and on io files (full userdata in both interpreters).
print(debug.getuservalue(1))
print(debug.getuservalue({}))
print(debug.getuservalue(nil, 1))
print(pcall(debug.setuservalue, {}, 1))
print(pcall(debug.setuservalue, io.stdout))
print(select("#", debug.getuservalue(io.stdout, 5)), debug.getuservalue(io.stdout, 5))
print(select("#", debug.getuservalue(io.stdout, 0)))
print(debug.setuservalue(io.stdout, 1, 7))
