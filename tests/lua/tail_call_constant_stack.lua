-- Proper tail calls do not grow the stack: ten million of them.
local function loop(n) if n == 0 then return "done" end return loop(n - 1) end
print(loop(10000000)) -- expect: done
local a, b
function a(n) if n == 0 then return "a done" end return b(n - 1) end
function b(n) if n == 0 then return "b done" end return a(n - 1) end
print(a(5000001)) -- expect: b done
