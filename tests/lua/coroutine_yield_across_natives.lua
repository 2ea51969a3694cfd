-- gilvm's coroutines are stackful: they yield from inside natives that call
-- back into Lua, where stock Lua says "attempt to yield across a C-call
-- boundary".

-- A table.sort comparator that yields: the sort goes on when resumed.
local sorter = coroutine.wrap(function(t)
  table.sort(t, function(a, b)
    coroutine.yield("compare")
    return a < b
  end)
  return table.concat(t, " ")
end)
local r, compares = sorter({ 5, 3, 8, 1 }), 0
while r == "compare" do
  compares = compares + 1
  r = sorter()
end
print(r, compares > 0) -- expect: 1 3 5 8	true

-- A string.gsub callback that yields its match and gets the replacement back.
local upper = coroutine.wrap(function(s)
  return (string.gsub(s, "%a+", function(w) return coroutine.yield(w) end))
end)
local got = upper("one two")
print(got) -- expect: one
got = upper("ONE")
print(got) -- expect: two
print(upper("TWO")) -- expect: ONE TWO

-- __tostring that yields, reached through tostring (an argument, so first)
-- and then string.format.
local obj = setmetatable({}, { __tostring = function() return coroutine.yield("asked") end })
local fmt = coroutine.wrap(function() return string.format("[%s|%s]", obj, tostring(obj)) end)
print(fmt()) -- expect: asked
print(fmt("from tostring")) -- expect: asked
print(fmt("from format")) -- expect: [from format|from tostring]

-- load with a reader function that yields between pieces.
local loader = coroutine.wrap(function()
  local f = load(function() return coroutine.yield("piece") end)
  return f()
end)
print(loader()) -- expect: piece
print(loader("return ")) -- expect: piece
print(loader("6 * 7")) -- expect: piece
print(loader(nil)) -- expect: 42

-- Yielding inside a sort comparator inside pcall inside a metamethod.
local t = setmetatable({}, {
  __index = function(_, k)
    local ok, v = pcall(function()
      local list = { 3, 1, 2 }
      table.sort(list, function(a, b) coroutine.yield(k) return a < b end)
      return list[1]
    end)
    return ok and v
  end,
})
local deep = coroutine.wrap(function() return t.key end)
local v = deep()
while v == "key" do v = deep() end
print(v) -- expect: 1
