-- A Brainfuck interpreter with precomputed jumps, running a few programs.
local function bf(src, input)
  local code = {}
  for c in src:gmatch("[%+%-<>%.,%[%]]") do code[#code + 1] = c end
  local jump, stack = {}, {}
  for i, c in ipairs(code) do
    if c == "[" then stack[#stack + 1] = i
    elseif c == "]" then
      local j = table.remove(stack) or error("unmatched ]")
      jump[i], jump[j] = j, i
    end
  end
  if #stack > 0 then error("unmatched [") end
  local tape, ptr, pc, out, inp = setmetatable({}, { __index = function() return 0 end }), 1, 1, {}, 1
  while pc <= #code do
    local c = code[pc]
    if c == "+" then tape[ptr] = (tape[ptr] + 1) % 256
    elseif c == "-" then tape[ptr] = (tape[ptr] - 1) % 256
    elseif c == ">" then ptr = ptr + 1
    elseif c == "<" then ptr = ptr - 1
    elseif c == "." then out[#out + 1] = string.char(tape[ptr])
    elseif c == "," then tape[ptr] = input and input:byte(inp) or 0; inp = inp + 1
    elseif c == "[" then if tape[ptr] == 0 then pc = jump[pc] end
    elseif c == "]" then if tape[ptr] ~= 0 then pc = jump[pc] end
    end
    pc = pc + 1
  end
  return table.concat(out)
end
print(bf("++++++++[>++++[>++>+++>+++>+<<<<-]>+>+>->>+[<]<-]>>.>---.+++++++..+++.>>.<-.<.+++.------.--------.>>+.>++."))
print(bf(",[.,]", "echo this"))
print(bf(",[>,]<[.<]", "reversed"))
print(bf("++++++[>++++++++<-]>>++++++++++<<[->+>-[>+>>]>[+[-<+>]>+>>]<<<<<<]>>[-]>>>++++++++++<[->-[>+>>]>[+[-<+>]>+>>]<<<<<]>[-]>>[>++++++[-<++++++++>]<.<<+>+>[-]]<[<[->-<]++++++[->++++++++<]>.[-]]<<++++++[-<++++++++>]<.[-]<<[-<+>]<", ""))
print(pcall(bf, "[[]"))
print(pcall(bf, "]"))
