-- Method calls with ':' pass self; definitions with ':' add an implicit self.
local Account = { balance = 0 }
function Account:deposit(v) self.balance = self.balance + v; return self end
function Account.withdraw(self, v) self.balance = self.balance - v; return self end
local a = setmetatable({ balance = 100 }, { __index = Account })
a:deposit(50):withdraw(30):deposit(5)
print(a.balance, Account.balance)
local obj = { name = "obj", greet = function(self, other) return self.name .. " greets " .. other end }
print(obj:greet("you"), obj.greet(obj, "me"), obj.greet({ name = "other" }, "x"))
local s = "method"
print(s:upper(), ("lit"):rep(2), s:sub(1, 3):upper():lower())
local t = { inner = { v = 7, get = function(self) return self.v end } }
print(t.inner:get(), t["inner"]:get())
print(pcall(function() return obj:nomethod() end))
print(pcall(function() local n = nil; return n:method() end))
