-- os.time with a date table: defaults (hour 12, min and sec 0), mktime's
-- normalisation written back into the table, and round trips through
-- os.date("*t"). Only differences between times are printed, never "now".
local t0 = os.time({year = 2020, month = 3, day = 1})
print(os.time({year = 2020, month = 3, day = 1, hour = 13}) - t0)
print(os.time({year = 2020, month = 3, day = 2, hour = 12}) - t0)
print(os.time({year = "2020", month = "3", day = "1", hour = 12.0}) - t0)

local t = {year = 2021, month = 14, day = 35, hour = 25, min = 61, sec = -1}
os.time(t)
print(t.year, t.month, t.day, t.hour, t.min, t.sec, t.wday, t.yday, type(t.isdst))

local d = os.date("*t", t0)
print(d.year, d.month, d.day, d.hour, d.min, d.sec, d.wday, d.yday, type(d.isdst))
print(os.time(d) == t0)
d.day = d.day + 40
print(os.difftime(os.time(d), t0) / 86400)
print(math.type(os.difftime(t0, t0)), os.difftime(t0 + 10, t0))

local u = os.date("!*t", 86400 * 365)
print(u.year, u.month, u.day, u.hour, u.min, u.sec, u.wday, u.yday, u.isdst)

-- Field errors, in the order os.time reads the fields.
print(pcall(os.time, {}))
print(pcall(os.time, {year = 2020}))
print(pcall(os.time, {year = 2020, month = 1}))
print(pcall(os.time, {year = 2020, month = 1, day = 1.5}))
print(pcall(os.time, {year = 2020, month = "x", day = 1}))
print(pcall(os.time, {year = 2020, month = 1, day = 1, hour = {}}))
print(pcall(os.time, {year = 2020, month = 1, day = 2 ^ 40}))
print(pcall(os.time, {year = 2020, month = 1, day = -(2 ^ 31)}))
print(pcall(os.time, {year = -(2 ^ 31) + 1899, month = 1, day = 1}))
print(pcall(os.time, 1))
print(pcall(os.time, "x"))
-- __index is honoured when the fields are read.
local proxy = setmetatable({}, {__index = {year = 2020, month = 3, day = 1}})
print(os.time(proxy) - t0, rawget(proxy, "year"))
print(math.type(os.time()), os.time(nil) >= t0)
