-- The main chunk is a vararg function; the script name is arg[0].
print(select("#", ...))
print(type(arg), arg[0], #arg)
local f = function(...) return ... end
print(f(...))
