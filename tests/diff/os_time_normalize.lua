-- os.time normalises out-of-range fields; os.date("*t") and "!*t" round-trip (UTC).
local t = os.time({ year = 2020, month = 1, day = 1, hour = 12 })
local u = os.date("!*t", 86400 * 365)
print(u.year, u.month, u.day, u.hour, u.yday, u.wday, u.isdst)
local n = { year = 2021, month = 14, day = 35, hour = 25, min = 61, sec = 61 }
local back = os.date("*t", os.time(n))
print(back.year, back.month, back.day, back.hour, back.min, back.sec)
print(os.time({ year = 2020, month = 3, day = 1, hour = 12 }) - os.time({ year = 2020, month = 2, day = 28, hour = 12 }))
print(pcall(os.time, { year = 2020 }))
print(pcall(os.time, { year = 2020, month = "x", day = 1 }))
print(os.date("!%Y-%m-%d %H:%M:%S", 0), os.date("!%j %a %b", 1e9))
print(os.difftime(t + 90, t), math.type(os.difftime(t, t)))
print(pcall(os.date, "%Ez", 0))
