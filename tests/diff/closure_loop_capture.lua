-- Loops create a fresh local per iteration; closures capture each one separately.
local fs = {}
for i = 1, 5 do fs[i] = function() return i end end
local out = {}
for i = 1, 5 do out[i] = fs[i]() end
print(table.concat(out, " "))
local gs = {}
for _, v in ipairs({ "a", "b", "c" }) do gs[#gs + 1] = function() return v end end
print(gs[1](), gs[2](), gs[3]())
local hs = {}
local j = 1
while j <= 3 do
  local k = j * 10
  hs[j] = function() k = k + 1; return k end
  j = j + 1
end
print(hs[1](), hs[1](), hs[2](), hs[3]())
local rs = {}
local n = 0
repeat
  n = n + 1
  local m = n
  rs[n] = function() return m end
until n == 3
print(rs[1](), rs[2](), rs[3]())
local shared = {}
local x = 0
for i = 1, 3 do shared[i] = function() x = x + i; return x end end
print(shared[1](), shared[2](), shared[3](), x)
local fl = {}
for f = 0.5, 1.5, 0.5 do fl[#fl + 1] = function() return f end end
print(fl[1](), fl[2](), fl[3]())
