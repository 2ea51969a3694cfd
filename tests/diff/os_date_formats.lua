-- os.date formats a fixed time: every C99 conversion in UTC ("!"), local
-- and UTC tables, and Lua's check of conversion specifiers.
local t = 1234567890
local conversions = "aAbBcCdDeFgGhHIjmMnprRStTuUVwWxXyYzZ%"
for c in conversions:gmatch(".") do
  io.write(c, "=", os.date("!%" .. c, t), "|")
end
print()
for _, c in ipairs({"Ec", "EC", "Ex", "EX", "Ey", "EY", "Od", "Oe", "OH", "OI", "Om", "OM",
                    "OS", "Ou", "OU", "OV", "Ow", "OW", "Oy"}) do
  io.write(c, "=", os.date("!%" .. c, t), "|")
end
print()
print(os.date("!%Y-%m-%d %H:%M:%S", 0))
print(os.date("!plain text, no conversions", t))
print(os.date("!", t) == "", os.date("", t) == "")
print(os.date("!%Y\0%m", t) == "2009\0" .. "02")
print(os.date("%Y", t) == os.date("*t", t).year .. "")
print(type(os.date()), type(os.date("%c")), os.date("!%c", t))
print(os.date("!%H", 3600.0))
print(pcall(os.date, "%Ez"))
print(pcall(os.date, "%Ez abc"))
print(pcall(os.date, "!%"))
print(pcall(os.date, "%E"))
print(pcall(os.date, "%Q and more"))
print(pcall(os.date, "%5d"))
print(pcall(os.date, "%Y", 1.5))
print(pcall(os.date, "%Y", "x"))
print(pcall(os.date, "*t", 2 ^ 60))
print(pcall(os.date, {}))
