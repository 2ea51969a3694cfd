-- debug.getinfo on levels: every option letter.
local function keys(t)
  local ks = {}
  for k in pairs(t) do ks[#ks + 1] = k end
  table.sort(ks)
  return table.concat(ks, " ")
end
local function dump(label, t)
  if not t then print(label, nil) return end
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

local function f(a, b, ...)
  dump("S", debug.getinfo(1, "S"))
  dump("l", debug.getinfo(1, "l"))
  dump("u", debug.getinfo(1, "u"))
  dump("n", debug.getinfo(1, "n"))
  dump("t", debug.getinfo(1, "t"))
  dump("r", debug.getinfo(1, "r"))
  dump("L", debug.getinfo(1, "L"))
  print("f", debug.getinfo(1, "f").func == f)
  dump("caller", debug.getinfo(2, "Sln"))
  dump("C level 0", debug.getinfo(0, "Slnu"))
  print(keys(debug.getinfo(1)))
  return debug.getinfo(1, "nt")
end
f(1, 2)
dump("tail", (function() return f() end)())
local t = {f = f}
t.f()
t:f()
dump("main", debug.getinfo(1, "Sl"))
dump("bottom", debug.getinfo(2, "Sl"))
dump("out of range", debug.getinfo(3))
dump("out of range 100", debug.getinfo(100))
dump("negative", debug.getinfo(-1))
print(pcall(debug.getinfo, 1, ">S"))
print(pcall(debug.getinfo, 1, "Sx"))
print(pcall(debug.getinfo, "x"))
print(pcall(debug.getinfo))
print(pcall(debug.getinfo, {}))
print(pcall(debug.getinfo, coroutine.running(), 1, "?"))
