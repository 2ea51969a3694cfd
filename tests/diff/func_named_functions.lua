-- Function definition forms: global, local, field, nested field, method.
function globalfn(x) return "global " .. x end
local function localfn(x) return "local " .. x end
local M = { sub = { deeper = {} } }
function M.fn(x) return "field " .. x end
function M.sub.deeper.fn(x) return "nested " .. x end
function M.sub:method(x) return self == M.sub, "method " .. x end
print(globalfn(1), localfn(2), M.fn(3), M.sub.deeper.fn(4), M.sub:method(5))
print(type(globalfn), type(_G.globalfn), _G.globalfn == globalfn)
globalfn = nil
print(type(globalfn))
local anon = (function(x) return x * 2 end)(21)
print(anon, (function() return "iife" end)())
print(select("#", (function() end)()))
