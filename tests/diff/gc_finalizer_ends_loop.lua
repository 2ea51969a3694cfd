-- An issue's reproducer: a finalizer run by an automatic collection ends
-- a loop that only allocates.
done = false
setmetatable({}, {__gc = function() done = true end})
repeat local g = {} until done
print("done")
