-- Closures and upvalues: make counters and adders, call them through a
-- table of functions, and fold with higher-order functions.
-- Usage: closures.lua [SCALE]; SCALE multiplies the number of rounds.
local scale = tonumber(arg and arg[1]) or 1
local function make_counter(start)
  local count = start
  return function(step)
    count = count + step
    return count
  end
end

local function make_adder(n)
  return function(x) return x + n end
end

local function compose(f, g)
  return function(x) return f(g(x)) end
end

local function fold(list, f, acc)
  for i = 1, #list do acc = f(acc, list[i]) end
  return acc
end

local total = 0
for round = 1, math.max(1, math.floor(5000 * scale + 0.5)) do
  local counters = {}
  for i = 1, 100 do counters[i] = make_counter(i) end
  for step = 1, 50 do
    for i = 1, #counters do total = total + counters[i](step % 3) end
  end
  local inc_twice = compose(make_adder(round), make_adder(1))
  local list = {}
  for i = 1, 500 do list[i] = inc_twice(i) end
  total = fold(list, function(a, b) return (a + b) % 1000000007 end, total)
end
print(total)
