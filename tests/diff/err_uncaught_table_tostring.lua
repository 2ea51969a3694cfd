-- Uncaught error with a table that has __tostring: its text is shown.
print("raising")
error(setmetatable({}, { __tostring = function() return "custom error object" end }))
