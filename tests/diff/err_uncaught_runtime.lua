-- Uncaught runtime error from the VM.
local t = { inner = {} }
print("start")
local v = t.inner.missing.value
print("never", v)
