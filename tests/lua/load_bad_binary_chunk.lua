-- Malformed binary chunks are rejected by the verifier with a clear message.
local f, msg = load("\27Lua")
print(f, msg)
-- expect: nil	bad binary chunk: truncated
print(select(2, load("\27Lua\84\0garbage", "=x", "b")):match("^bad binary chunk") ~= nil)
-- expect: true
print(select(2, load("\27Lua", "=x", "t")))
-- expect: attempt to load a binary chunk (mode is 't')
