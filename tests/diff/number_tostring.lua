-- Number to string conversion: integers verbatim, floats with %.14g plus ".0" when integral-looking.
local vals = { 0, 1, -1, 1.0, -1.0, 0.5, 1 / 3, 2 / 3, 100.0, 1e14, 1e15, 1e16, 1e100,
  123456.789, 1e-5, 1e-4, 0.1, 3.14159265358979, 2^53, 2^63, -2^63, 255 / 256,
  12345678901234.5, 99999999999999.9, 1e300 * 10, 5e-324, 2.5e-310 }
for _, v in ipairs(vals) do
  print(v, tostring(v), math.type(v), string.format("%.17g", v))
end
print(1e15 == 10^15, tostring(10^15), tostring(2^24), tostring(-2^24))
