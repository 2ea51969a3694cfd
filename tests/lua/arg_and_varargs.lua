-- The script's name is arg[0]; with no script arguments, arg has no positive entries and ... is empty.
print(arg[0])          -- expect: arg_and_varargs.lua
print(#arg, arg[1])    -- expect: 0	nil
print(select("#", ...)) -- expect: 0
