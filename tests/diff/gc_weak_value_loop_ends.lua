-- An issue's reproducer: without weak values this never ends (the
-- automatic collector has to clear x[1] while the loop allocates).
local x = setmetatable({{}}, {__mode = "v"})
while x[1] do local garbage = {} end
print("ok")
