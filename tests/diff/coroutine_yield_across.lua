-- Yields across what Lua 5.4 allows: pcall, xpcall, metamethods, for-in
-- iterators, and deep Lua call chains.
local function gen_from_pcall()
  return coroutine.wrap(function()
    local ok, v = pcall(function()
      for i = 1, 3 do coroutine.yield("p" .. i) end
      return "pcall done"
    end)
    coroutine.yield(tostring(ok) .. " " .. v)
    local ok2, err = xpcall(function()
      coroutine.yield("in xpcall")
      error("xp")
    end, function(m) return "handled: " .. m end)
    coroutine.yield(tostring(ok2) .. " " .. err)
  end)
end
for v in gen_from_pcall() do print(v) end
local mt = {
  __index = function(t, k) return coroutine.yield("index " .. k) end,
  __add = function(a, b) return coroutine.yield("add") end,
  __eq = function(a, b) return coroutine.yield("eq") end,
  __lt = function(a, b) return coroutine.yield("lt") end,
  __concat = function(a, b) return coroutine.yield("concat") end,
  __len = function(a) return coroutine.yield("len") end,
  __call = function(self, x) return coroutine.yield("call " .. x) end,
  __newindex = function(t, k, v) coroutine.yield("newindex " .. k) end,
}
local obj, other = setmetatable({}, mt), setmetatable({}, mt)
local co = coroutine.wrap(function()
  local r = {}
  r[#r + 1] = obj.foo
  r[#r + 1] = obj + 1
  r[#r + 1] = tostring(obj == other)
  r[#r + 1] = tostring(obj < other)
  r[#r + 1] = obj .. "s"
  r[#r + 1] = #obj
  r[#r + 1] = obj(5)
  obj.bar = 1
  return table.concat(r, ",")
end)
local answers = { "FOO", 42, true, false, "CAT", 7, "called" }
print(co())
for i = 1, #answers do print(co(answers[i])) end
print(co())
-- a for-in iterator that yields
local function iter(s, i)
  i = i + 1
  if i > 3 then return nil end
  coroutine.yield("iter " .. i)
  return i
end
local it = coroutine.wrap(function()
  local seen = {}
  for i in iter, nil, 0 do seen[#seen + 1] = i end
  return "seen " .. table.concat(seen, " ")
end)
for _ = 1, 4 do print(it()) end
-- a deep Lua call chain
local function down(n)
  if n == 0 then return coroutine.yield("bottom") end
  return down(n - 1) + 1
end
local deep = coroutine.create(function() return down(1000) end)
print(coroutine.resume(deep))
print(coroutine.resume(deep, 0))
