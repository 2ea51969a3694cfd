-- An uncaught stack overflow ends the program with status 1 and the message on stderr.
-- expect-error: stack overflow
print("recursing") -- expect: recursing
local function f() return 1 + f() end
f()
