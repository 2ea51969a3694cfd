-- Hooks and tracebacks in a coroutine that yields from inside natives (a
-- table.sort comparator, a string.gsub callback): gilvm allows those yields
-- and stock Lua does not, so this is a script test, not a differential one.
-- The coroutine's line hook keeps running across the yields, and stays its
-- own: the main thread has none.
local lines = 0
local co = coroutine.create(function()
  debug.sethook(function() lines = lines + 1 end, "l")
  local t = { 3, 1, 2 }
  table.sort(t, function(a, b)
    coroutine.yield("compare")
    return a < b
  end)
  local s = ("ab"):gsub(".", function(c)
    coroutine.yield(debug.traceback("in gsub"))
    return c:upper()
  end)
  debug.sethook()
  return table.concat(t, ","), s
end)
local yields, traceback = 0, nil
while true do
  local ok, v, w = coroutine.resume(co)
  assert(ok, v)
  if coroutine.status(co) == "dead" then
    print(v, w) -- expect: 1,2,3	AB
    break
  end
  yields = yields + 1
  if v ~= "compare" then traceback = v end
  assert(debug.gethook() == nil)
end
print(yields > 2, lines > 4) -- expect: true	true
print((traceback:gsub("\t", "  ")))
-- expect: in gsub
-- expect: stack traceback:
-- expect:   debug_yield_across_natives.lua:15: in function <debug_yield_across_natives.lua:14>
-- expect:   [C]: in function 'string.gsub'
-- expect:   debug_yield_across_natives.lua:14: in function <debug_yield_across_natives.lua:7>
