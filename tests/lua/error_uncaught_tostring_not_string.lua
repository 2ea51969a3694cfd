-- An uncaught error object whose __tostring returns no string: reported
-- with the reason and the traceback.
-- expect-error: (error object is a table value; its __tostring failed: '__tostring' must return a string)
-- expect-error: in main chunk
error(setmetatable({}, { __tostring = function() return {} end }))
