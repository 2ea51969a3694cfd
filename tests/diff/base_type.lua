-- type() for every kind of value.
print(type(nil), type(true), type(0), type(1.5), type(""), type({}), type(print), type(function() end))
print(type(type), type(string), type(setmetatable({}, { __name = "X" })), type(type(1)))
print(pcall(type))
local counts = {}
for _, v in ipairs({ 1, "a", {}, 2.0, true, print, "b", false }) do
  local t = type(v)
  counts[t] = (counts[t] or 0) + 1
end
local ks = {}
for k, v in pairs(counts) do ks[#ks + 1] = k .. "=" .. v end
table.sort(ks)
print(table.concat(ks, " "))
