-- Count hooks, gethook, and hooks on another coroutine.
local count = 0
local function counter(event, line)
  count = count + 1
  assert(event == "count" and line == nil)
end
debug.sethook(counter, "", 1)
local a = 1
local b = 2
local c = a + b
debug.sethook()
print("every instruction", count > 3)

count = 0
debug.sethook(counter, "", 100)
local s = 0
for i = 1, 1000 do s = s + i end
debug.sethook()
print("every 100", count >= 30 and count <= 50, s)

print(debug.gethook())
local function h() end
debug.sethook(h, "crl", 5)
local f, mask, n = debug.gethook()
debug.sethook()
print(f == h, mask, n)
debug.sethook(h, "l")
f, mask, n = debug.gethook()
debug.sethook()
print(f == h, mask, n)
debug.sethook(h, "", 0)
print(debug.gethook())
debug.sethook(h, "r", 3)
f, mask, n = debug.gethook()
debug.sethook(nil)
print(f == h, mask, n, debug.gethook())
print(pcall(debug.sethook, 1, "l"))
print(pcall(debug.sethook, h))

-- a hook set on a coroutine runs in that coroutine only
local lines = {}
local co = coroutine.create(function()
  local x = 1
  coroutine.yield()
  local y = 2
  local z = 3
  return x + y + z
end)
coroutine.resume(co)
debug.sethook(co, function(e, line) lines[#lines + 1] = line end, "l")
local f2, m2 = debug.gethook(co)
print(f2 ~= nil, m2, debug.gethook())
local here = 1
print(coroutine.resume(co))
print(table.concat(lines, " "))
