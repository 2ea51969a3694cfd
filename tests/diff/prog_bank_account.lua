-- Bank accounts with validation errors as tables, transfers and a transaction log.
local Account = {}
Account.__index = Account
Account.__tostring = function(a) return string.format("%s: %.2f", a.owner, a.balance / 100) end
local function fail(code, msg) error({ code = code, msg = msg }, 2) end
function Account.new(owner, cents) return setmetatable({ owner = owner, balance = cents or 0, history = {} }, Account) end
function Account:deposit(c)
  if math.type(c) ~= "integer" or c <= 0 then fail("EINVAL", "invalid amount " .. tostring(c)) end
  self.balance = self.balance + c
  self.history[#self.history + 1] = "+" .. c
end
function Account:withdraw(c)
  if math.type(c) ~= "integer" or c <= 0 then fail("EINVAL", "invalid amount " .. tostring(c)) end
  if c > self.balance then fail("EFUNDS", self.owner .. " has insufficient funds") end
  self.balance = self.balance - c
  self.history[#self.history + 1] = "-" .. c
end
local function transfer(from, to, c)
  local ok, err = pcall(from.withdraw, from, c)
  if not ok then return false, err.code .. ": " .. err.msg end
  to:deposit(c)
  return true
end
local alice, bob = Account.new("alice", 10000), Account.new("bob")
print(tostring(alice), tostring(bob))
print(transfer(alice, bob, 2550))
print(transfer(bob, alice, 5000))
print(transfer(alice, bob, -5))
print(transfer(alice, bob, 1.5))
print(transfer(bob, alice, 2550))
print(tostring(alice), tostring(bob))
print(table.concat(alice.history, " "), table.concat(bob.history, " "))
local ok, e = pcall(alice.deposit, alice, "12")
print(ok, e.code, e.msg)
