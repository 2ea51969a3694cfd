-- Four threads churning allocations for ten seconds: tables, strings,
-- closures, with some live data each. The heap must stay bounded (the
-- collector keeps up with four allocating threads) and the live data intact.
-- The main thread samples collectgarbage("count") as they run.
-- arg[1] scales the run time.
local scale = tonumber(arg[1]) or 1
local duration = 10 * scale
local LIMIT_KB = 64 * 1024
local deadline = sys.monotonic() + duration

local function churn(w)
  local live = {}
  local peak, rounds, broken = 0, 0, 0
  while sys.monotonic() < deadline do
    rounds = rounds + 1
    for i = 1, 200 do
      local t = { w, i, tostring(i) .. ":" .. w }
      local f = function() return t[1] + t[2] end
      if f() ~= w + i then broken = broken + 1 end
    end
    local s = string.rep(string.char(65 + w), 1000 + rounds % 1000)
    live[rounds % 500 + 1] = { s = s, n = #s, sub = { rounds } }
    if rounds % 100 == 0 then
      local kb = collectgarbage("count")
      if kb > peak then peak = kb end
      for _, v in pairs(live) do
        if #v.s ~= v.n or v.s:sub(1, 1) ~= string.char(65 + w) then broken = broken + 1 end
      end
    end
  end
  return peak, rounds, broken
end

local handles = {}
for w = 1, 4 do handles[w] = thread.spawn(churn, w) end
local main_peak = 0
while sys.monotonic() < deadline do
  local kb = collectgarbage("count")
  if kb > main_peak then main_peak = kb end
  thread.sleep(0.05)
end
local peak, rounds, broken = main_peak, 0, 0
for w = 1, 4 do
  local p, r, b = handles[w]:join()
  if p > peak then peak = p end
  rounds = rounds + r
  broken = broken + b
end
if peak >= LIMIT_KB then print(string.format("heap peaked at %.0f KB", peak)) end
print("bounded", peak < LIMIT_KB) -- expect: bounded	true
print("intact", broken) -- expect: intact	0
print("churned", rounds > 4) -- expect: churned	true
collectgarbage()
print("after a full collection", collectgarbage("count") < 16 * 1024) -- expect: after a full collection	true
