-- A recursive-descent expression parser and evaluator with variables and functions.
local function tokenize(src)
  local tokens, pos = {}, 1
  while pos <= #src do
    local c = src:sub(pos, pos)
    if c:match("%s") then pos = pos + 1
    elseif c:match("%d") or (c == "." and src:sub(pos + 1, pos + 1):match("%d")) then
      local num = src:match("^%d*%.?%d+[eE][-+]?%d+", pos) or src:match("^%d*%.?%d*", pos)
      tokens[#tokens + 1] = { type = "num", value = tonumber(num) }
      pos = pos + #num
    elseif c:match("[%a_]") then
      local id = src:match("^[%a_][%w_]*", pos)
      tokens[#tokens + 1] = { type = "id", value = id }
      pos = pos + #id
    elseif c:match("[-+*/%^(),%%]") then
      tokens[#tokens + 1] = { type = c }
      pos = pos + 1
    else error("unexpected character '" .. c .. "' at " .. pos, 0) end
  end
  tokens[#tokens + 1] = { type = "eof" }
  return tokens
end
local function parse(src)
  local toks, i = tokenize(src), 1
  local function peek() return toks[i].type end
  local function take(t) if toks[i].type ~= t then error("expected " .. t .. " got " .. toks[i].type, 0) end i = i + 1; return toks[i - 1] end
  local expr
  local function primary()
    local t = toks[i]
    if t.type == "num" then i = i + 1 return { "num", t.value } end
    if t.type == "id" then
      i = i + 1
      if peek() == "(" then
        take("(")
        local args = {}
        if peek() ~= ")" then
          args[#args + 1] = expr()
          while peek() == "," do take(","); args[#args + 1] = expr() end
        end
        take(")")
        return { "call", t.value, args }
      end
      return { "var", t.value }
    end
    if t.type == "(" then take("("); local e = expr(); take(")"); return e end
    if t.type == "-" then i = i + 1 return { "neg", primary() } end
    error("unexpected " .. t.type, 0)
  end
  local function power()
    local base = primary()
    if peek() == "^" then take("^"); return { "^", base, power() } end
    return base
  end
  local function term()
    local l = power()
    while peek() == "*" or peek() == "/" or peek() == "%" do local op = take(peek()).type; l = { op, l, power() } end
    return l
  end
  function expr()
    local l = term()
    while peek() == "+" or peek() == "-" do local op = take(peek()).type; l = { op, l, term() } end
    return l
  end
  local tree = expr()
  take("eof")
  return tree
end
local funcs = { max = math.max, min = math.min, sqrt = math.sqrt, abs = math.abs, sum = function(...) local s = 0 for _, v in ipairs({ ... }) do s = s + v end return s end }
local function eval(node, env)
  local k = node[1]
  if k == "num" then return node[2] end
  if k == "var" then local v = env[node[2]]; if v == nil then error("undefined variable " .. node[2], 0) end return v end
  if k == "neg" then return -eval(node[2], env) end
  if k == "call" then
    local f = funcs[node[2]] or error("unknown function " .. node[2], 0)
    local args = {}
    for j, a in ipairs(node[3]) do args[j] = eval(a, env) end
    return f(table.unpack(args))
  end
  local a, b = eval(node[2], env), eval(node[3], env)
  if k == "+" then return a + b elseif k == "-" then return a - b elseif k == "*" then return a * b
  elseif k == "/" then return a / b elseif k == "%" then return a % b elseif k == "^" then return a ^ b end
end
local function show(node)
  if node[1] == "num" then return tostring(node[2]) end
  if node[1] == "var" then return node[2] end
  if node[1] == "neg" then return "(-" .. show(node[2]) .. ")" end
  if node[1] == "call" then local a = {} for j, x in ipairs(node[3]) do a[j] = show(x) end return node[2] .. "(" .. table.concat(a, ", ") .. ")" end
  return "(" .. show(node[2]) .. " " .. node[1] .. " " .. show(node[3]) .. ")"
end
local env = { x = 3, y = 4, pi = math.pi }
for _, src in ipairs({ "1 + 2 * 3", "(1 + 2) * 3", "2 ^ 3 ^ 2", "-x ^ 2", "sqrt(x*x + y*y)", "max(1, x, y) - min(7, 2)",
  "10 % 4 + 7 / 2", "sum(1, 2, 3, 4) * 2", "1.5e2 + .5", "x * (y - (x + 1)) / 2", "abs(-pi) > 3" }) do
  local ok, tree = pcall(parse, src)
  if ok then
    local ok2, v = pcall(eval, tree, env)
    print(src, "=>", show(tree), "=", v)
  else
    print(src, "parse error:", tree)
  end
end
print(pcall(eval, parse("z + 1"), env))
print(pcall(eval, parse("foo(1)"), env))
print(pcall(parse, "1 + $"))
