-- Uncaught string error: the driver compares the first line of the message.
print("before the error")
local function fail() error("something went wrong") end
fail()
print("never printed")
