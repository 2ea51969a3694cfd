-- Helper for base_dofile.lua; also runs on its own.
target_global = "set by target"
print("target running")
return 1, "two", { 3 } ~= nil
