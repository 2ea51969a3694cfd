-- Locals captured by closures outlive the stack they were on, however that
-- stack ends: the closures go on reading and writing their own variables,
-- never whatever the stack's memory holds next. (The differential tests
-- coroutine_upvalue_after_*.lua cover coroutines that die of an error, are
-- closed or are collected; this covers what stock Lua lacks.)
local function churn_coroutines()
  local list = {}
  for i = 1, 50 do
    list[i] = coroutine.wrap(function(n)
      local a, b, c = n, -n, { n }
      coroutine.yield()
      return a + b + c[1] - n
    end)
    list[i](i)
  end
  local sum = 0
  for i = 1, 50 do sum = sum + list[i]() end
  return sum
end

-- An OS thread that ends, by returning or by an error, with closures over
-- its locals stored outside it. Its stacks are unmapped; later threads may
-- map theirs at the same addresses.
local closures = {}
local function spawn_capturing(name, fail)
  return thread.spawn(function()
    local value = name
    closures[name] = {
      get = function() return value end,
      set = function(v) value = v end,
    }
    local deeper = function()
      local inner = name .. " inner"
      closures[name].inner = function() return inner end
      if fail then error(name .. " fails", 0) end
      return inner
    end
    return deeper()
  end)
end
print(spawn_capturing("returns", false):join()) -- expect: returns inner
local failing_thread = spawn_capturing("fails", true)
local ok, err = pcall(failing_thread.join, failing_thread)
print(ok, (tostring(err):match("^fails fails"))) -- expect: false	fails fails
local later = {}
for i = 1, 8 do
  later[i] = thread.spawn(function()
    local filler = { i, i, i }
    return churn_coroutines() + #filler
  end)
end
for i = 1, 8 do assert(later[i]:join() == 3) end
closures.returns.set("written after the thread ended")
closures.fails.set(42)
print(closures.returns.get(), closures.returns.inner()) -- expect: written after the thread ended	returns inner
print(closures.fails.get(), closures.fails.inner()) -- expect: 42	fails inner

-- Event-loop tasks: one that fails, one cancelled while it sleeps, and one
-- whose error comes out of a plain coroutine it resumed while that
-- coroutine awaited (so the coroutine dies of the error inside the task).
local task_vars = {}
local function capture(name, value)
  task_vars[name] = {
    get = function() return value end,
    set = function(v) value = v end,
  }
  return task_vars[name]
end
local results = loop.run(function()
  local failing = loop.spawn(function()
    local v = "failing"
    capture("failing", v).set(v .. " task")
    error("task error", 0)
  end)
  local sleeping = loop.spawn(function()
    local v = "sleeping"
    local cell = capture("sleeping", v)
    cell.set(v .. " task")
    loop.sleep(60)
  end)
  local nested = loop.spawn(function()
    local inner = coroutine.wrap(function()
      local v = "nested"
      capture("nested", v)
      loop.sleep(0.01)
      error("nested error", 0)
    end)
    inner()
  end)
  loop.sleep(0.001)
  sleeping:cancel()
  local out = {}
  for _, t in ipairs({ failing, sleeping, nested }) do
    local ok, err = pcall(await, t)
    out[#out + 1] = tostring(ok) .. " " .. tostring(err)
  end
  -- New tasks take the dead tasks' stacks.
  local more = {}
  for i = 1, 20 do more[i] = loop.spawn(churn_coroutines) end
  for i = 1, 20 do assert(await(more[i]) == 0) end
  return table.concat(out, "; ")
end)
print(results:find("false task error", 1, true) ~= nil, results:find("nested error", 1, true) ~= nil) -- expect: true	true
print(task_vars.failing.get(), task_vars.sleeping.get(), task_vars.nested.get()) -- expect: failing task	sleeping task	nested
task_vars.failing.set(1)
task_vars.sleeping.set(2)
task_vars.nested.set(3)
print(churn_coroutines(), task_vars.failing.get() + task_vars.sleeping.get() + task_vars.nested.get()) -- expect: 0	6

-- The interpreter's end: coroutines left suspended with captured locals,
-- their closures reachable, are freed with everything else.
keep_until_exit = {}
for i = 1, 100 do
  local co = coroutine.create(function()
    local mine = { i }
    keep_until_exit[i] = function() return mine[1] end
    coroutine.yield()
  end)
  coroutine.resume(co)
  keep_until_exit[-i] = co
end
print(keep_until_exit[100]()) -- expect: 100
