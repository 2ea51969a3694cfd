-- Uncaught error(nil).
print("raising nil")
error(nil)
