-- A call or ... not in last position is truncated to one value.
local function three() return 1, 2, 3 end
local function none() end
print(three(), three())
print(three(), "x")
print((three()))
print(none(), "after none")
print("before", none())
local t = { three(), three(), (three()) }
print(#t, t[1], t[2], t[3], t[4])
local function va(...)
  local a, b = ..., "fixed"
  return a, b, ...
end
print(va(7, 8, 9))
local function mid(...) return ..., "end" end
print(mid(1, 2, 3))
local x, y, z = three(), 10
print(x, y, z)
local p, q = (three())
print(p, q)
print(#{ none() }, #{ none(), nil }, select("#", none()), select("#", (none())))
print(string.format("%d %d %d", three()))
print(math.max(three()), math.max(three(), 0))
