-- %e %E %f %g %G with flags, width and precision.
local fmts = { "%f", "%.2f", "%10.3f", "%-10.1f|", "%+.1f", "% f", "%010.2f", "%.0f", "%#.0f",
  "%e", "%.2e", "%E", "%12.4E", "%g", "%.3g", "%10g", "%G", "%#g", "%.10g", "%-+12.5g|" }
local vals = { 0.0, 1.5, -2.25, 123456.789, 1e-5, 1e20, 2^53, 0.1, 5, -0.0 }
for _, f in ipairs(fmts) do
  local row = {}
  for _, v in ipairs(vals) do row[#row + 1] = string.format(f, v) end
  print(f, table.concat(row, " "))
end
print(string.format("%.14g", 0.1), string.format("%.17g", 0.1), string.format("%.20f", 0.1))
print(string.format("%5.1f|%-5.1f|%05.1f", 3.14159, 3.14159, -3.14159))
print(string.format("%f", "1.5"), pcall(string.format, "%f", "x"))
print(string.format("%.99f", 1 / 3):len())
print(pcall(string.format, "%.100f", 1))
print(string.format("%g %g %g %g", 100000, 1000000, 1e-4, 1e-5))
