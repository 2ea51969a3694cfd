-- Which operand's metamethod is used, and what arguments it receives.
local function tagged(name)
  local mt = {}
  for _, ev in ipairs({ "__add", "__sub", "__mul", "__div", "__mod", "__pow", "__idiv", "__concat" }) do
    mt[ev] = function(x, y)
      local function d(v) return type(v) == "table" and (v.name or "plain") or tostring(v) end
      return name .. ev .. "(" .. d(x) .. "," .. d(y) .. ")"
    end
  end
  return setmetatable({ name = name }, mt)
end
local L, R = tagged("L"), tagged("R")
print(L + R, R + L, L + 1, 1 + L, "2" + L, L - 3.5)
print(L * R, L / 2, 2 // R, R % 3, 2 ^ L, L .. R, "s" .. R, R .. 1)
local plain = {}
print(L + plain, plain + R)
print(pcall(function() return plain + plain end))
local only_right = setmetatable({}, { __sub = function(a, b) return "right sub " .. type(a) .. " " .. type(b) end })
print(1 - only_right, only_right - 1, "x" - only_right)
