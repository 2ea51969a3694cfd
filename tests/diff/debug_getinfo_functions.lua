-- debug.getinfo on function values, Lua and native.
local function dump(label, t)
  local ks = {}
  for k in pairs(t) do ks[#ks + 1] = k end
  table.sort(ks)
  local parts = {}
  for _, k in ipairs(ks) do
    local v = t[k]
    if type(v) == "function" then v = "function"
    elseif type(v) == "table" then
      local lines = {}
      for line in pairs(v) do lines[#lines + 1] = line end
      table.sort(lines)
      v = "{" .. table.concat(lines, ",") .. "}"
    end
    parts[#parts + 1] = k .. "=" .. tostring(v)
  end
  print(label, table.concat(parts, " "))
end
local x, y = 1, 2
local function plain(a, b)
  local c = a + b
  return c + x
end
local function vararg(a, ...)
  return a, ...,
    y
end
dump("plain", debug.getinfo(plain))
dump("vararg", debug.getinfo(vararg))
dump("print", debug.getinfo(print))
dump("string.format", debug.getinfo(string.format, "Su"))
dump("wrap", debug.getinfo(coroutine.wrap(function() end), "Su"))
dump("plain L", debug.getinfo(plain, "L"))
dump("print L", debug.getinfo(print, "L"))
print(debug.getinfo(plain, "f").func == plain)
local chunk = load("local a = 1\nreturn a", "=mychunk")
dump("chunk", debug.getinfo(chunk, "SLu"))
local chunk2 = load("return 1", "@some/file.lua")
dump("chunk2", debug.getinfo(chunk2, "S"))
local chunk3 = load("return 1")
dump("chunk3", debug.getinfo(chunk3, "S"))
local long = load("return 1", "@" .. string.rep("d/", 40) .. "file.lua")
dump("long", debug.getinfo(long, "S"))
dump("empty", debug.getinfo(plain, ""))
-- the thread argument with a function
dump("thread fn", debug.getinfo(coroutine.running(), plain, "S"))
