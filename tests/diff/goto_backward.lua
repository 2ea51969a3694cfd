-- Backward goto makes a loop; each pass gets fresh locals (closures see distinct ones).
local i = 1
local fs = {}
::top::
do
  local v = i * 10
  fs[#fs + 1] = function() return v end
end
i = i + 1
if i <= 3 then goto top end
print(fs[1](), fs[2](), fs[3]())
local n = 0
::again::
n = n + 1
if n < 100000 then goto again end
print(n)
print(load("goto nowhere"))
print(load("do ::a:: end goto a"))
print(load("::dup:: ::dup::"))
print(load("goto f; local x; ::f:: print(x)"))
print(load("do goto f; local x; ::f:: end") ~= nil)
