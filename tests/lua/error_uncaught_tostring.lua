-- An uncaught error object with __tostring is shown through it.
-- expect-error: custom error object 42
local obj = setmetatable({ n = 42 }, { __tostring = function(self) return "custom error object " .. self.n end })
error(obj)
