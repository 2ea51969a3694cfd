-- %d and %i with flags, width and precision.
local fmts = { "%d", "%5d", "%-5d|", "%05d", "%+d", "% d", "%.3d", "%8.3d", "%-8.3d|", "%+05d", "%i", "%3i", "%.0d", "%#d" }
local vals = { 0, 42, -42, 7, 123456, math.maxinteger, math.mininteger }
for _, f in ipairs(fmts) do
  local row = {}
  for _, v in ipairs(vals) do
    local ok, r = pcall(string.format, f, v)
    row[#row + 1] = ok and ("[" .. r .. "]") or ("ERR:" .. r)
  end
  print(f, table.concat(row, " "))
end
print(string.format("%d %d", 3.0, "10"), pcall(string.format, "%d", "3.5"))
print(pcall(string.format, "%d", 2^63))
print(pcall(string.format, "%d"))
print(pcall(string.format, "%d", {}))
print(pcall(string.format, "%100d", 1))
print(string.format("%99d", 1):len())
