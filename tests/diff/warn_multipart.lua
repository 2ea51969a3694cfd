-- A multi-part message whose first part starts with '@' is not a control
-- message; number parts are written as their string forms.
warn("@on")
warn("@on", " is text here, ", 42, " ", 1.5)
error("end")
