-- How infinities and NaN print and behave (glibc prints 0/0 as "-nan").
local inf, nan = math.huge, 0 / 0
print(inf, -inf, nan, -nan)
print(tostring(inf), tostring(-inf), inf .. "", string.format("%f %e %g", inf, -inf, inf))
print(string.format("%.3f", 1 / 0), string.format("%5.1f|", -1 / 0), string.format("%d", 3))
print(inf + 1 == inf, inf - inf ~= inf - inf, inf * 0 ~= inf * 0, -inf < inf)
print(math.type(inf), math.type(nan), nan ~= nan)
print(math.max(1, inf), math.min(-inf, 1), math.floor(2.5), pcall(math.floor, inf))
print(pcall(math.tointeger, nan), math.tointeger(inf))
print(string.format("%q", inf), string.format("%q", -inf), string.format("%q", 1e300 * 1e300))
print(inf // 1, inf % 2 ~= inf % 2, 2 ^ 1e10, -(2 ^ 1e10))
print(tonumber("inf"), tonumber("nan"), tonumber("1e999"), tonumber("-1e999"))
local t = {}
print(pcall(function() t[nan] = 1 end))
print(pcall(rawset, t, nan, 1))
t[inf] = "inf key"
print(t[inf], t[1 / 0], rawget(t, nan))
