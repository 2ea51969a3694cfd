-- An expression language, end to end: a lexer (string.find with patterns),
-- a recursive-descent parser building an AST of small tables, a compiler to
-- a stack-machine bytecode, and two evaluators, a tree walker (a table of
-- closures keyed by node kind) and a bytecode loop (an if-chain on opcodes),
-- which must agree. The expressions are generated, then parsed and run with
-- many variable bindings. It stands for interpreters, template and rule
-- engines, and calculators written in Lua.
-- VM paths: string scanning (find/sub with an init position), table
-- constructors, recursion, string-keyed dispatch tables, integer-keyed
-- array reads in a tight loop, numeric comparisons chained with elseif.
-- Usage: evaluator.lua [SCALE]; SCALE multiplies the number of evaluations.
local scale = tonumber(arg and arg[1]) or 1

local find, sub = string.find, string.sub
local unpack = table.unpack or unpack

-- Lexer: the text as a list of tokens { kind = "num"|"name"|"op", value = ... }.
local function tokenize(text)
  local tokens, pos = {}, 1
  while true do
    pos = find(text, "%S", pos)
    if pos == nil then break end
    local _, stop = find(text, "^%d+%.?%d*", pos)
    if stop then
      tokens[#tokens + 1] = { kind = "num", value = tonumber(sub(text, pos, stop)) }
    else
      _, stop = find(text, "^[%a_][%w_]*", pos)
      if stop then
        tokens[#tokens + 1] = { kind = "name", value = sub(text, pos, stop) }
      else
        _, stop = find(text, "^[<>=]=", pos)
        if not stop then
          _, stop = find(text, "^[-+*/(),<>]", pos)
          if not stop then error("unexpected character '" .. sub(text, pos, pos) .. "'") end
        end
        tokens[#tokens + 1] = { kind = "op", value = sub(text, pos, stop) }
      end
    end
    pos = stop + 1
  end
  tokens[#tokens + 1] = { kind = "end", value = "<end>" }
  return tokens
end

-- Parser: precedence climbing over the token list. Nodes are
-- { kind = "num", value } | { kind = "var", name } | { kind = "neg", operand }
-- | { kind = OP, left, right } | { kind = "call", name, args }.
local Parser = {}
Parser.__index = Parser

local PRECEDENCE = { ["<"] = 1, ["<="] = 1, ["=="] = 1, [">"] = 1, [">="] = 1,
                     ["+"] = 2, ["-"] = 2, ["*"] = 3, ["/"] = 3 }

function Parser.new(tokens) return setmetatable({ tokens = tokens, pos = 1 }, Parser) end

function Parser:peek() return self.tokens[self.pos] end

function Parser:advance()
  local token = self.tokens[self.pos]
  self.pos = self.pos + 1
  return token
end

function Parser:expect(value)
  local token = self:advance()
  if token.value ~= value then error("expected '" .. value .. "', got '" .. tostring(token.value) .. "'") end
end

function Parser:primary()
  local token = self:advance()
  if token.kind == "num" then return { kind = "num", value = token.value } end
  if token.value == "-" then return { kind = "neg", operand = self:primary() } end
  if token.value == "(" then
    local node = self:expression(1)
    self:expect(")")
    return node
  end
  if token.kind == "name" then
    if self:peek().value ~= "(" then return { kind = "var", name = token.value } end
    self:advance()
    local args = {}
    if self:peek().value ~= ")" then
      args[1] = self:expression(1)
      while self:peek().value == "," do
        self:advance()
        args[#args + 1] = self:expression(1)
      end
    end
    self:expect(")")
    return { kind = "call", name = token.value, args = args }
  end
  error("unexpected '" .. tostring(token.value) .. "'")
end

function Parser:expression(min_precedence)
  local left = self:primary()
  while true do
    local op = self:peek().value
    local precedence = PRECEDENCE[op]
    if precedence == nil or precedence < min_precedence then return left end
    self:advance()
    left = { kind = op, left = left, right = self:expression(precedence + 1) }
  end
end

local function parse(text)
  local parser = Parser.new(tokenize(text))
  local tree = parser:expression(1)
  if parser:peek().kind ~= "end" then error("text after the expression") end
  return tree
end

-- Division by zero gives 0, so that every generated expression has a value.
local function divide(a, b) if b == 0 then return 0 end return a / b end
local function truth(b) if b then return 1 end return 0 end

local FUNCTIONS = {
  min = math.min, max = math.max, abs = math.abs,
  clamp = function(x, lo, hi) if x < lo then return lo elseif x > hi then return hi end return x end,
}

-- The tree walker: one closure per node kind.
local eval
local EVAL = {
  num = function(node) return node.value end,
  var = function(node, env) return env[node.name] end,
  neg = function(node, env) return -eval(node.operand, env) end,
  ["+"] = function(node, env) return eval(node.left, env) + eval(node.right, env) end,
  ["-"] = function(node, env) return eval(node.left, env) - eval(node.right, env) end,
  ["*"] = function(node, env) return eval(node.left, env) * eval(node.right, env) end,
  ["/"] = function(node, env) return divide(eval(node.left, env), eval(node.right, env)) end,
  ["<"] = function(node, env) return truth(eval(node.left, env) < eval(node.right, env)) end,
  ["<="] = function(node, env) return truth(eval(node.left, env) <= eval(node.right, env)) end,
  [">"] = function(node, env) return truth(eval(node.left, env) > eval(node.right, env)) end,
  [">="] = function(node, env) return truth(eval(node.left, env) >= eval(node.right, env)) end,
  ["=="] = function(node, env) return truth(eval(node.left, env) == eval(node.right, env)) end,
  call = function(node, env)
    local args = {}
    for i = 1, #node.args do args[i] = eval(node.args[i], env) end
    return FUNCTIONS[node.name](unpack(args))
  end,
}
function eval(node, env) return EVAL[node.kind](node, env) end

-- The compiler: AST to a flat array of opcodes and operands, variables to
-- slots, functions to indexes into a list.
local PUSH, LOAD, NEG, ADD, SUB, MUL, DIV, LT, LE, GT, GE, EQ, CALL = 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13
local BINARY = { ["+"] = ADD, ["-"] = SUB, ["*"] = MUL, ["/"] = DIV,
                 ["<"] = LT, ["<="] = LE, [">"] = GT, [">="] = GE, ["=="] = EQ }
local FUNCTION_LIST = { FUNCTIONS.min, FUNCTIONS.max, FUNCTIONS.abs, FUNCTIONS.clamp }
local FUNCTION_INDEX = { min = 1, max = 2, abs = 3, clamp = 4 }

local function compile(tree, slots)
  local code = {}
  local function emit(a, b)
    code[#code + 1] = a
    if b ~= nil then code[#code + 1] = b end
  end
  local function gen(node)
    local kind = node.kind
    if kind == "num" then
      emit(PUSH, node.value)
    elseif kind == "var" then
      emit(LOAD, slots[node.name])
    elseif kind == "neg" then
      gen(node.operand)
      emit(NEG)
    elseif kind == "call" then
      for i = 1, #node.args do gen(node.args[i]) end
      emit(CALL, FUNCTION_INDEX[node.name])
      emit(#node.args)
    else
      gen(node.left)
      gen(node.right)
      emit(BINARY[kind])
    end
  end
  gen(tree)
  return code
end

-- The bytecode loop: a value stack in an array, one elseif per opcode.
local function run(code, vars)
  local stack, top, pc, n = {}, 0, 1, #code
  while pc <= n do
    local op = code[pc]
    if op == PUSH then
      top = top + 1
      stack[top] = code[pc + 1]
      pc = pc + 2
    elseif op == LOAD then
      top = top + 1
      stack[top] = vars[code[pc + 1]]
      pc = pc + 2
    elseif op == CALL then
      local f, argc = FUNCTION_LIST[code[pc + 1]], code[pc + 2]
      local base = top - argc + 1
      if argc == 1 then
        stack[base] = f(stack[base])
      elseif argc == 2 then
        stack[base] = f(stack[base], stack[base + 1])
      else
        stack[base] = f(stack[base], stack[base + 1], stack[base + 2])
      end
      top = base
      pc = pc + 3
    elseif op == NEG then
      stack[top] = -stack[top]
      pc = pc + 1
    else
      local a, b = stack[top - 1], stack[top]
      local r
      if op == ADD then r = a + b
      elseif op == SUB then r = a - b
      elseif op == MUL then r = a * b
      elseif op == DIV then r = divide(a, b)
      elseif op == LT then r = truth(a < b)
      elseif op == LE then r = truth(a <= b)
      elseif op == GT then r = truth(a > b)
      elseif op == GE then r = truth(a >= b)
      else r = truth(a == b) end
      top = top - 1
      stack[top] = r
      pc = pc + 1
    end
  end
  return stack[1]
end

-- Expression text from a fixed-seed generator (Park-Miller: exact in
-- Lua 5.4's integers and in LuaJIT's doubles alike). Literals and variables
-- are floats, so that no product overflows Lua 5.4's integers (which wrap
-- where LuaJIT's doubles do not).
local seed = 1234
local function random(n)
  seed = seed * 16807 % 2147483647
  return seed % n + 1
end

local VARIABLES = { "x", "y", "z", "rate", "count" }
local OPERATORS = { "+", "-", "*", "/", "+", "*", "<", ">=", "==" }
local FUNCTION_NAMES = { "min", "max", "abs", "clamp" }

local function generate(depth)
  local choice = random(10)
  if depth == 0 or choice <= 2 then
    if random(2) == 1 then return random(20) .. "." .. random(9) end
    return VARIABLES[random(#VARIABLES)]
  end
  if choice == 3 then return "-" .. generate(depth - 1) end
  if choice == 4 then
    local name = FUNCTION_NAMES[random(#FUNCTION_NAMES)]
    if name == "abs" then return "abs(" .. generate(depth - 1) .. ")" end
    if name == "clamp" then
      return "clamp(" .. generate(depth - 1) .. ", 0, " .. random(50) .. ")"
    end
    return name .. "(" .. generate(depth - 1) .. ", " .. generate(depth - 1) .. ")"
  end
  local text = generate(depth - 1) .. " " .. OPERATORS[random(#OPERATORS)] .. " " .. generate(depth - 1)
  if random(3) == 1 then return "(" .. text .. ")" end
  return text
end

local slots = {}
for i, name in ipairs(VARIABLES) do slots[name] = i end

local rounds = math.max(1, math.floor(90 * scale + 0.5))
local tokens, sum = 0, 0
for _ = 1, rounds do
  for _ = 1, 60 do
    local text = generate(6)
    tokens = tokens + #tokenize(text)
    local tree = parse(text)
    local code = compile(tree, slots)
    for b = 1, 20 do
      local env = { x = b + 0.5, y = 21.25 - b, z = b % 5 + 0.125, rate = 0.75, count = b * 2.5 }
      local vars = { env.x, env.y, env.z, env.rate, env.count }
      local by_tree, by_code = eval(tree, env), run(code, vars)
      if by_tree ~= by_code then error("evaluators disagree on " .. text) end
      sum = sum + by_tree
    end
  end
end
print(string.format("rounds %d tokens %d sum %.12g", rounds, tokens, sum))
