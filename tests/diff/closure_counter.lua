-- Each closure gets its own upvalue; calls mutate it.
local function counter(start, step)
  local n = start
  return function() n = n + step; return n end
end
local c1, c2 = counter(0, 1), counter(100, -10)
print(c1(), c1(), c1(), c2(), c2(), c1())
local function make()
  local count = 0
  return { inc = function() count = count + 1 end, get = function() return count end,
    reset = function() local old = count; count = 0; return old end }
end
local o = make()
o.inc(); o.inc(); o.inc()
print(o.get(), o.reset(), o.get())
local gens = {}
for i = 1, 3 do gens[i] = counter(i * 10, i) end
print(gens[1](), gens[2](), gens[3](), gens[1](), gens[2](), gens[3]())
