-- if / elseif / else chains and nesting.
local function classify(n)
  if n < 0 then return "negative"
  elseif n == 0 then return "zero"
  elseif n < 10 then return "small"
  elseif n < 100 then return "medium"
  else return "large" end
end
for _, v in ipairs({ -5, 0, 3, 42, 1000, 9.99, -0.0 }) do print(v, classify(v)) end
local function fizz(i)
  if i % 15 == 0 then return "FizzBuzz" elseif i % 3 == 0 then return "Fizz" elseif i % 5 == 0 then return "Buzz" end
  return tostring(i)
end
local r = {}
for i = 1, 20 do r[i] = fizz(i) end
print(table.concat(r, " "))
if nil then print("no") elseif false then print("no") else print("else taken") end
if 0 then print("0 is true") end
if "" then print("empty string is true") end
local x = 5
if x > 1 then if x > 3 then if x > 4 then print("deep", x) end end end
