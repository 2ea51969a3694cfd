-- An uncaught error whose value is a table without __tostring.
-- expect-error: (error object is a table value)
print("raising") -- expect: raising
error({ code = 1 })
