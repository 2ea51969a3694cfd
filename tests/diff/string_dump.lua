-- string.dump writes the same bytes as stock Lua's lua_dump (gilvm re-encodes
-- its own prototypes), with and without debug information, and load() reads
-- them back.
local function hex(s)
  return (s:gsub(".", function(c) return string.format("%02x", c:byte()) end))
end

local function make_adder(a, b)
  local c = a + b
  local t = {1, 2.5, "x", "a long string constant that is longer than forty characters", true, false}
  return function() return c * 2, #t end
end

local full = string.dump(make_adder)
local stripped = string.dump(make_adder, true)
print(#full, #stripped, #stripped < #full)
print(hex(full))
print(hex(stripped))
print(load(full, "dumped", "b")(1, 2)())
print(load(stripped)(3, 4)())

-- A long function: line numbers far apart need absolute line entries.
local src = {"local x = 0"}
for i = 1, 300 do src[#src + 1] = "x = x + " .. i end
for i = 1, 5 do src[#src + 1] = string.rep("\n", 200) .. "x = x * 1" end
src[#src + 1] = "return x"
local big = load(table.concat(src, "\n"), "=big")
local big_dump = string.dump(big)
print(#big_dump, big(), load(big_dump)())
print(hex(big_dump))

print(pcall(string.dump, print))
print(pcall(string.dump, {}))
print(pcall(string.dump))
