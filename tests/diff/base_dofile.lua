-- dofile runs another file from the current directory and returns its results.
print(dofile("base_dofile_target.lua"))
print(target_global)
print(pcall(dofile, "no_such_file_here.lua"))
print(select("#", dofile("base_dofile_target.lua")))
