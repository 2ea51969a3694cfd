-- ipairs respects __index (Lua 5.4) and stops at the first nil.
local proxy = setmetatable({}, { __index = function(_, i) if i <= 4 then return i * 2 end end })
for i, v in ipairs(proxy) do io.write(i, "=", v, " ") end
print()
local base = { "a", "b" }
local derived = setmetatable({ [3] = "c" }, { __index = base })
for i, v in ipairs(derived) do io.write(i, "=", v, " ") end
print()
for i, v in ipairs({ 1, 2, nil, 4 }) do io.write(i, " ") end
print()
print(pcall(ipairs))
local f, s, i = ipairs({})
print(type(f), type(s), i)
