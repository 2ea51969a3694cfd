-- A table-driven state machine: a tokenizer for a tiny language and a vending machine.
local function classify(c)
  if c:match("%d") then return "digit" elseif c:match("[%a_]") then return "alpha"
  elseif c:match("%s") then return "space" elseif c == '"' then return "quote" else return "other" end
end
local function tokenize(src)
  local tokens, state, buf = {}, "start", {}
  local function emit(kind) tokens[#tokens + 1] = kind .. "(" .. table.concat(buf) .. ")"; buf = {} end
  local i = 1
  while i <= #src + 1 do
    local c = src:sub(i, i)
    local cls = c == "" and "eof" or classify(c)
    if state == "start" then
      if cls == "digit" then state = "num"; buf[#buf + 1] = c
      elseif cls == "alpha" then state = "ident"; buf[#buf + 1] = c
      elseif cls == "quote" then state = "str"
      elseif cls == "other" then buf[1] = c; emit("op") end
      i = i + 1
    elseif state == "num" then
      if cls == "digit" or c == "." then buf[#buf + 1] = c; i = i + 1 else emit("num"); state = "start" end
    elseif state == "ident" then
      if cls == "alpha" or cls == "digit" then buf[#buf + 1] = c; i = i + 1 else emit("id"); state = "start" end
    elseif state == "str" then
      if cls == "eof" then error("unterminated string") end
      if cls == "quote" then emit("str"); state = "start" else buf[#buf + 1] = c end
      i = i + 1
    end
  end
  return table.concat(tokens, " ")
end
print(tokenize('x1 = 42 + foo_bar * 3.14 - "hi there"'))
print(tokenize("a+b"))
print(pcall(tokenize, '"open'))
local vending = {
  idle = { coin = function(m, v) m.credit = m.credit + v; return "has_credit" end },
  has_credit = {
    coin = function(m, v) m.credit = m.credit + v; return "has_credit" end,
    select = function(m, price)
      if m.credit >= price then m.credit = m.credit - price; m.sold = m.sold + 1; return m.credit > 0 and "has_credit" or "idle" end
      return "has_credit", "insufficient"
    end,
    refund = function(m) m.refunded = m.refunded + m.credit; m.credit = 0; return "idle" end,
  },
}
local m = { state = "idle", credit = 0, sold = 0, refunded = 0 }
local events = { { "select", 50 }, { "coin", 25 }, { "select", 50 }, { "coin", 25 }, { "select", 50 }, { "coin", 100 }, { "select", 75 }, { "refund" }, { "refund" } }
for _, ev in ipairs(events) do
  local handler = vending[m.state][ev[1]]
  if handler then
    local new, note = handler(m, ev[2])
    print(ev[1], ev[2] or "", m.state .. " -> " .. new, m.credit, note or "")
    m.state = new
  else
    print(ev[1], ev[2] or "", "ignored in " .. m.state)
  end
end
print("sold", m.sold, "refunded", m.refunded)
