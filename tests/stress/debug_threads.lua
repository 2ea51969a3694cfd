-- The debug library from several threads at once (free-threaded build: in
-- parallel; with a GIL, interleaved). Each of four workers sets line and
-- count hooks on its own thread and runs a function under them: the hook
-- must see only its own thread's frames, and the lines it collects must be
-- the same every round. Each also reads and changes its own locals, walks
-- its own suspended coroutines, takes tracebacks, and reads and writes one
-- upvalue shared by all (through the upvalue protocol). The main thread
-- takes tracebacks and getinfo meanwhile, with no hook of its own.
-- arg[1] scales the run time.
local scale = tonumber(arg[1]) or 1
local duration = 3 * scale
local deadline = sys.monotonic() + duration
if gil.enabled() then gil.switchinterval(0.0005) end
local WORKERS = 4

local shared = 0
local function bump() shared = shared + 1 return shared end

local function body(w, n)
  local s = 0
  for i = 1, n do
    s = s + i * w
  end
  return s
end

local function worker(w)
  local rounds, broken, foreign, first_lines = 0, 0, 0, nil
  while sys.monotonic() < deadline do
    rounds = rounds + 1
    -- line hooks on this thread only
    local lines = {}
    debug.sethook(function(event, line)
      local info = debug.getinfo(2, "f")
      if info.func ~= body and info.func ~= worker then foreign = foreign + 1 end
      lines[#lines + 1] = line
    end, "l")
    local s = body(w, 5)
    debug.sethook()

    local text = table.concat(lines, ",")
    first_lines = first_lines or text
    if text ~= first_lines or s ~= 15 * w then broken = broken + 1 end
    -- count hooks
    local counted = 0
    debug.sethook(function() counted = counted + 1 end, "", 7)
    body(w, 20)
    debug.sethook()
    if counted == 0 or debug.gethook() ~= nil then broken = broken + 1 end
    -- locals of this thread's frames and of its own suspended coroutine
    local mine = w
    if select(2, debug.getlocal(1, 1)) ~= w then broken = broken + 1 end
    debug.setlocal(1, 1, w)
    local co = coroutine.create(function(a) local x = a * 2 coroutine.yield() return x end)
    coroutine.resume(co, w)
    local name, value = debug.getlocal(co, 1, 2)
    if name ~= "x" or value ~= w * 2 then broken = broken + 1 end
    debug.setlocal(co, 1, 2, w * 3)
    if select(2, coroutine.resume(co)) ~= w * 3 then broken = broken + 1 end
    if not debug.traceback(co, "dead"):find("^dead\nstack traceback:") then broken = broken + 1 end
    -- tracebacks and getinfo
    local tb = debug.traceback("w" .. w)
    if not tb:find("in local 'worker'", 1, true) and not tb:find("in function <", 1, true) then
      broken = broken + 1
    end
    if debug.getinfo(1, "S").what ~= "Lua" or mine ~= w then broken = broken + 1 end
    -- the shared upvalue, read and written through the debug library
    local _, v = debug.getupvalue(bump, 1)
    if math.type(v) ~= "integer" then broken = broken + 1 end
    bump()
    if debug.upvalueid(bump, 1) ~= debug.upvalueid(bump, 1) then broken = broken + 1 end
  end
  return rounds, broken, foreign
end

local handles = {}
for w = 1, WORKERS do handles[w] = thread.spawn(worker, w) end
local main_broken = 0
while sys.monotonic() < deadline do
  local tb = debug.traceback("main")
  if not tb:find("main chunk", 1, true) then main_broken = main_broken + 1 end
  if debug.getinfo(1, "l").currentline <= 0 then main_broken = main_broken + 1 end
  if debug.gethook() ~= nil then main_broken = main_broken + 1 end
  thread.sleep(0.001)
end
local rounds, broken, foreign = 0, main_broken, 0
for w = 1, WORKERS do
  local r, b, f = handles[w]:join()
  rounds, broken, foreign = rounds + r, broken + b, foreign + f
end
print("rounds", rounds >= WORKERS) -- expect: rounds	true
print("broken", broken) -- expect: broken	0
print("foreign hook events", foreign) -- expect: foreign hook events	0
print("shared counted", select(2, debug.getupvalue(bump, 1)) > 0) -- expect: shared counted	true
