-- Generators with coroutine.wrap: nested, chained, with arguments and errors.
local function range(n) return coroutine.wrap(function() for i = 1, n do coroutine.yield(i) end end) end
local function map(f, g) return coroutine.wrap(function() for v in g do coroutine.yield(f(v)) end end) end
local function filter(p, g) return coroutine.wrap(function() for v in g do if p(v) then coroutine.yield(v) end end end) end
local out = {}
for v in filter(function(x) return x % 3 == 0 end, map(function(x) return x * x end, range(20))) do out[#out + 1] = v end
print(table.concat(out, " "))
local echo = coroutine.wrap(function(a)
  while true do a = coroutine.yield(a * 2) end
end)
print(echo(1), echo(5), echo(-3))
local dead = coroutine.wrap(function() return "done" end)
print(dead())
print(pcall(dead))
local failing = coroutine.wrap(function() error({ code = 7 }) end)
local ok, e = pcall(failing)
print(ok, type(e), e.code)
local failing2 = coroutine.wrap(function() error("text") end)
print(pcall(failing2))
