-- Functions with more than 255 constants: field access and method calls use
-- constants that no longer fit the instructions' 8-bit operand.
local src = { "local t = { hidden = 'h' }", "local sink = {}" }
for i = 1, 300 do src[#src + 1] = ("sink[%d] = 'const%d'"):format(i, i) end
src[#src + 1] = "function t:method(x) return 'method ' .. x .. ' ' .. self.hidden end"
src[#src + 1] = "t.late_field = 'late'"
src[#src + 1] = "local k = 'late_field'"
src[#src + 1] = "return t:method('arg'), t.late_field, t[k], t.hidden, sink[300], #sink, t.missing_late"
print(load(table.concat(src, "\n"))())
local src2 = { "local n = 0" }
for i = 1, 300 do src2[#src2 + 1] = ("n = n + %d.5"):format(i) end
src2[#src2 + 1] = "return n, n == 45300.0"
print(load(table.concat(src2, "\n"))())
