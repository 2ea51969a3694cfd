-- Closures sharing upvalues across a table of functions; upvalues of loops.
local function make()
  local n = 0
  return { inc = function(d) n = n + (d or 1) return n end, get = function() return n end,
    reset = function() local old = n; n = 0; return old end }
end
local a, b = make(), make()
a.inc(); a.inc(5); b.inc(2)
print(a.get(), b.get(), a.reset(), a.get(), b.get())
local fs = {}
for i = 1, 3 do
  local j = i * 10
  fs[i] = function() j = j + 1; return i, j end
end
print(fs[1]()); print(fs[1]()); print(fs[3]())
local k = 0
local gs = {}
while k < 3 do
  k = k + 1
  local captured = k
  gs[k] = function() return captured, k end
end
print(gs[1](), gs[2](), gs[3]())
