-- Malformed patterns raise errors with Lua's exact messages.
local pats = { "%", "[a", "[", "(", "(()", ")", "a)", "%b", "%bx", "%f", "%fx", "%1", "(a)%2",
  "[%", "(%1)", "%g%", "[a-", "((((((((((((((((((((((((((((((((a))))))))))))))))))))))))))))))))" }
for _, p in ipairs(pats) do
  local ok, err = pcall(string.find, "aaa", p)
  print(string.format("%-12s", "\"" .. p .. "\""), ok, err)
end
print(pcall(string.gsub, "x", "(", ""))
print(pcall(string.match, "x", "%"))
print(pcall(string.gmatch("x", "[")))
print(pcall(string.gsub, "abc", "%w", "%2"))
print(pcall(string.gsub, "abc", "(%w)", "%9"))
print(pcall(string.gsub, "abc", "%w", "%x"))
print(pcall(string.find, "a", string.rep("(", 33) .. "a" .. string.rep(")", 33)))
print(pcall(string.rep("(", 40).find, "a", string.rep("()", 40)))
