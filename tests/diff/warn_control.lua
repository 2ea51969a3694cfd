-- warn: off by default in the stand-alone interpreter, "@on"/"@off" switch,
-- unknown control messages are ignored, a multi-part message is one line.
-- stderr is compared through the final error: its first line is the first
-- warning written.
warn("not shown: warnings start off")
warn("@on")
warn("@unknown control")      -- ignored
warn("first ", "shown", " warning")
warn("@off")
warn("hidden")
print("done")
error("end")
