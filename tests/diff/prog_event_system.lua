-- An event emitter: ordered listeners, once, removal during emit, errors isolated with pcall.
local Emitter = {}
Emitter.__index = Emitter
function Emitter.new() return setmetatable({ handlers = {}, log = {}, seq = 0 }, Emitter) end
function Emitter:on(ev, fn, opts)
  local list = self.handlers[ev] or {}
  self.handlers[ev] = list
  self.seq = self.seq + 1
  local h = { fn = fn, once = opts and opts.once, prio = opts and opts.prio or 0, seq = self.seq }
  list[#list + 1] = h
  table.sort(list, function(a, b) if a.prio ~= b.prio then return a.prio > b.prio end return a.seq < b.seq end)
  return function() for i, x in ipairs(list) do if x == h then table.remove(list, i) return true end end return false end
end
function Emitter:emit(ev, ...)
  local list = self.handlers[ev]
  if not list then return 0 end
  local snapshot = { table.unpack(list) }
  local n = 0
  for _, h in ipairs(snapshot) do
    if h.once then for i, x in ipairs(list) do if x == h then table.remove(list, i) break end end end
    local ok, err = pcall(h.fn, ...)
    n = n + 1
    if not ok then self.log[#self.log + 1] = "error in " .. ev .. ": " .. tostring(err) end
  end
  return n
end
local e = Emitter.new()
local out = {}
local off_b = e:on("data", function(x) out[#out + 1] = "a" .. x end)
e:on("data", function(x) out[#out + 1] = "b" .. x end)
e:on("data", function(x) out[#out + 1] = "first" .. x end, { prio = 10 })
e:on("data", function(x) out[#out + 1] = "once" .. x end, { once = true })
e:on("data", function(x) if x == 2 then error("bad value " .. x, 0) end end)
print(e:emit("data", 1), table.concat(out, " "))
out = {}
print(e:emit("data", 2), table.concat(out, " "))
print(off_b(), off_b())
out = {}
print(e:emit("data", 3), table.concat(out, " "), e:emit("nothing"))
print(table.concat(e.log, "; "))
local counter = 0
local unsub
unsub = e:on("tick", function() counter = counter + 1; if counter == 3 then unsub() end end)
for _ = 1, 5 do e:emit("tick") end
print(counter)
