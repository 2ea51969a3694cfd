-- %a / %A hexadecimal float formatting.
for _, v in ipairs({ 1.0, 0.5, -2.0, 0.1, 1 / 3, 1e300, 2^-1074, 0.0, 255.0, 3 }) do
  print(string.format("%a %A %.3a %20a|", v, v, v, v))
end
print(tonumber(string.format("%a", 0.1)) == 0.1, tonumber(string.format("%a", 1 / 3)) == 1 / 3)
