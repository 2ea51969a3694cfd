-- Uncaught error with a table value (no __tostring).
print("about to raise a table")
error({ code = 1 })
