-- Recursion through table.sort comparators.
local function sorter()
  table.sort({ 3, 1, 2 }, function(a, b) sorter(); return a < b end)
end
local ok, e = pcall(sorter)
if not ok and e:find("stack overflow") then print("stack overflow caught") end -- expect: stack overflow caught
local t = { 5, 3, 9, 1 }
table.sort(t)
print(table.concat(t, " ")) -- expect: 1 3 5 9
