-- A tiny stack-based VM with an assembler: computes factorials, primes and gcd.
local function assemble(src)
  local code, labels, fixups = {}, {}, {}
  for line in src:gmatch("[^\n]+") do
    line = line:gsub(";.*", ""):match("^%s*(.-)%s*$")
    if line ~= "" then
      local label = line:match("^(%w+):$")
      if label then labels[label] = #code + 1
      else
        local op, arg = line:match("^(%a+)%s*(%S*)$")
        code[#code + 1] = { op = op:upper(), arg = tonumber(arg) or (arg ~= "" and arg or nil) }
        if code[#code].arg and type(code[#code].arg) == "string" then fixups[#fixups + 1] = #code end
      end
    end
  end
  for _, i in ipairs(fixups) do code[i].arg = labels[code[i].arg] or error("unknown label " .. code[i].arg) end
  return code
end
local function run(code, input)
  local stack, sp, pc, mem, out, steps = {}, 0, 1, {}, {}, 0
  local function push(v) sp = sp + 1; stack[sp] = v end
  local function pop() local v = stack[sp]; stack[sp] = nil; sp = sp - 1; return v end
  for i, v in ipairs(input or {}) do mem[i] = v end
  while true do
    local ins = code[pc]
    steps = steps + 1
    pc = pc + 1
    local op, a = ins.op, ins.arg
    if op == "PUSH" then push(a)
    elseif op == "LOAD" then push(mem[a] or 0)
    elseif op == "STORE" then mem[a] = pop()
    elseif op == "ADD" then local b = pop(); push(pop() + b)
    elseif op == "SUB" then local b = pop(); push(pop() - b)
    elseif op == "MUL" then local b = pop(); push(pop() * b)
    elseif op == "MOD" then local b = pop(); push(pop() % b)
    elseif op == "DUP" then local v = pop(); push(v); push(v)
    elseif op == "JMP" then pc = a
    elseif op == "JZ" then if pop() == 0 then pc = a end
    elseif op == "JGT" then local b = pop(); if pop() > b then pc = a end
    elseif op == "PRINT" then out[#out + 1] = tostring(pop())
    elseif op == "HALT" then return table.concat(out, " "), steps
    else error("bad opcode " .. op) end
  end
end
local fact = assemble([[
  push 1
  store 2        ; acc = 1
loop:
  load 1
  jz done
  load 2
  load 1
  mul
  store 2
  load 1
  push 1
  sub
  store 1
  jmp loop
done:
  load 2
  print
  halt
]])
for _, n in ipairs({ 0, 1, 5, 10, 20 }) do print("fact", n, run(fact, { n })) end
local gcd = assemble([[
top:
  load 2
  jz fin
  load 1
  load 2
  mod
  load 2
  store 1
  store 2
  jmp top
fin:
  load 1
  print
  halt
]])
print("gcd", run(gcd, { 1071, 462 }))
print("gcd", run(gcd, { 2 ^ 40 | 0, 6 ^ 15 | 0 }))
local count = assemble([[
  push 10
  store 1
again:
  load 1
  print
  load 1
  push 3
  sub
  dup
  store 1
  push 0
  jgt again
  halt
]])
print("count", run(count))
print(pcall(assemble, "jmp nowhere"))
