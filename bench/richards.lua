-- An object-oriented task scheduler (after Martin Richards' benchmark): an
-- operating-system simulation of six tasks passing packets through queues.
-- It stands for class-based Lua code: classes are tables with `__index`,
-- subclasses chain to a base class, and nearly every step is a
-- `self:method()` call or a field read or write on a small object.
-- VM paths: method calls (SELF) that find the method one or two `__index`
-- levels up, field access with constant keys, Lua-to-Lua calls and returns,
-- small-table allocation (packets), boolean tests.
-- Usage: richards.lua [SCALE]; SCALE multiplies the number of runs.
local scale = tonumber(arg and arg[1]) or 1

-- A class is a table that is its instances' metatable; a subclass finds
-- what it does not define in its parent.
local function class(parent)
  local c = {}
  c.__index = c
  if parent then setmetatable(c, { __index = parent }) end
  return c
end

local ID_IDLE, ID_WORKER, ID_HANDLER_A, ID_HANDLER_B, ID_DEVICE_A, ID_DEVICE_B = 1, 2, 3, 4, 5, 6
local KIND_DEVICE, KIND_WORK = 0, 1
local DATA_SIZE = 4

-- Packets: the messages tasks send each other, linked into queues.
local Packet = class()

function Packet.new(link, id, kind)
  return setmetatable({ link = link, id = id, kind = kind, a1 = 0, a2 = { 0, 0, 0, 0 } }, Packet)
end

-- Appends this packet to the end of `queue`; returns the new queue.
function Packet:add_to(queue)
  self.link = nil
  if queue == nil then return self end
  local last = queue
  local next_packet = last.link
  while next_packet ~= nil do
    last = next_packet
    next_packet = last.link
  end
  last.link = self
  return queue
end

-- A task control block: a task's place in the scheduler's list, its
-- priority, its queue of incoming packets and its state (three flags).
local TaskControlBlock = class()

function TaskControlBlock.new(link, id, priority, queue, task)
  return setmetatable({
    link = link, id = id, priority = priority, queue = queue, task = task,
    packet_pending = queue ~= nil, task_waiting = true, task_holding = false,
  }, TaskControlBlock)
end

function TaskControlBlock:set_running()
  self.packet_pending, self.task_waiting, self.task_holding = false, false, false
end

function TaskControlBlock:mark_as_not_held() self.task_holding = false end
function TaskControlBlock:mark_as_held() self.task_holding = true end
function TaskControlBlock:mark_as_suspended() self.task_waiting = true end
function TaskControlBlock:mark_as_runnable() self.packet_pending = true end

function TaskControlBlock:is_held_or_suspended()
  return self.task_holding or (not self.packet_pending and self.task_waiting)
end

function TaskControlBlock:is_suspended_runnable()
  return self.packet_pending and self.task_waiting and not self.task_holding
end

-- Runs the task with the first packet of its queue, if it was waiting for one.
function TaskControlBlock:run()
  local packet
  if self:is_suspended_runnable() then
    packet = self.queue
    self.queue = packet.link
    self.packet_pending = self.queue ~= nil
    self.task_waiting, self.task_holding = false, false
  end
  return self.task:run(packet)
end

-- Queues `packet` for this task; returns the task to run next: this one if
-- the packet woke it and it outranks `running`.
function TaskControlBlock:check_priority_add(running, packet)
  if self.queue == nil then
    self.queue = packet
    self:mark_as_runnable()
    if self.priority > running.priority then return self end
  else
    self.queue = packet:add_to(self.queue)
  end
  return running
end

-- The scheduler: the task list, the running task and two counters that
-- make the checksum.
local Scheduler = class()

function Scheduler.new()
  return setmetatable({ queue_count = 0, hold_count = 0, blocks = {}, list = nil,
                        current = nil, current_id = nil }, Scheduler)
end

function Scheduler:add_task(id, priority, queue, task)
  self.current = TaskControlBlock.new(self.list, id, priority, queue, task)
  self.list = self.current
  self.blocks[id] = self.current
end

function Scheduler:add_running_task(id, priority, queue, task)
  self:add_task(id, priority, queue, task)
  self.current:set_running()
end

function Scheduler:schedule()
  self.current = self.list
  while self.current ~= nil do
    if self.current:is_held_or_suspended() then
      self.current = self.current.link
    else
      self.current_id = self.current.id
      self.current = self.current:run()
    end
  end
end

function Scheduler:release(id)
  local tcb = self.blocks[id]
  if tcb == nil then return nil end
  tcb:mark_as_not_held()
  if tcb.priority > self.current.priority then return tcb end
  return self.current
end

function Scheduler:hold_current()
  self.hold_count = self.hold_count + 1
  self.current:mark_as_held()
  return self.current.link
end

function Scheduler:suspend_current()
  self.current:mark_as_suspended()
  return self.current
end

function Scheduler:queue(packet)
  local tcb = self.blocks[packet.id]
  if tcb == nil then return nil end
  self.queue_count = self.queue_count + 1
  packet.link = nil
  packet.id = self.current_id
  return tcb:check_priority_add(self.current, packet)
end

-- The tasks. Task holds what they share; each kind overrides run().
local Task = class()

function Task:hold() return self.scheduler:hold_current() end
function Task:suspend() return self.scheduler:suspend_current() end
function Task:release(id) return self.scheduler:release(id) end
function Task:send(packet) return self.scheduler:queue(packet) end

-- The idle task wakes the two devices in a pseudo-random order.
local IdleTask = class(Task)

function IdleTask.new(scheduler, seed, count)
  return setmetatable({ scheduler = scheduler, seed = seed, count = count }, IdleTask)
end

-- seed ~ 0xD008 without bitwise operators (Lua 5.1): flips bits 3, 12, 14, 15.
local D008_BITS = { 8, 4096, 16384, 32768 }
local function flip_d008(n)
  for i = 1, 4 do
    local bit = D008_BITS[i]
    if math.floor(n / bit) % 2 == 1 then n = n - bit else n = n + bit end
  end
  return n
end

function IdleTask:run(packet)
  self.count = self.count - 1
  if self.count == 0 then return self:hold() end
  if self.seed % 2 == 0 then
    self.seed = math.floor(self.seed / 2)
    return self:release(ID_DEVICE_A)
  end
  self.seed = flip_d008(math.floor(self.seed / 2))
  return self:release(ID_DEVICE_B)
end

-- The worker fills work packets and sends them to the two handlers in turn.
local WorkerTask = class(Task)

function WorkerTask.new(scheduler)
  return setmetatable({ scheduler = scheduler, destination = ID_HANDLER_A, counter = 0 }, WorkerTask)
end

function WorkerTask:run(packet)
  if packet == nil then return self:suspend() end
  if self.destination == ID_HANDLER_A then
    self.destination = ID_HANDLER_B
  else
    self.destination = ID_HANDLER_A
  end
  packet.id = self.destination
  packet.a1 = 0
  for i = 1, DATA_SIZE do
    self.counter = self.counter + 1
    if self.counter > 26 then self.counter = 1 end
    packet.a2[i] = self.counter
  end
  return self:send(packet)
end

-- A handler takes work packets apart, one datum per device packet.
local HandlerTask = class(Task)

function HandlerTask.new(scheduler)
  return setmetatable({ scheduler = scheduler, work = nil, devices = nil }, HandlerTask)
end

function HandlerTask:run(packet)
  if packet ~= nil then
    if packet.kind == KIND_WORK then
      self.work = packet:add_to(self.work)
    else
      self.devices = packet:add_to(self.devices)
    end
  end
  local work = self.work
  if work ~= nil then
    local count = work.a1
    if count < DATA_SIZE then
      local device = self.devices
      if device ~= nil then
        self.devices = device.link
        device.a1 = work.a2[count + 1]
        work.a1 = count + 1
        return self:send(device)
      end
    else
      self.work = work.link
      return self:send(work)
    end
  end
  return self:suspend()
end

-- A device holds one packet at a time and hands it back when run again.
local DeviceTask = class(Task)

function DeviceTask.new(scheduler)
  return setmetatable({ scheduler = scheduler, pending = nil }, DeviceTask)
end

function DeviceTask:run(packet)
  if packet == nil then
    local pending = self.pending
    if pending == nil then return self:suspend() end
    self.pending = nil
    return self:send(pending)
  end
  self.pending = packet
  return self:hold()
end

local function run_richards(idle_count)
  local scheduler = Scheduler.new()
  scheduler:add_running_task(ID_IDLE, 0, nil, IdleTask.new(scheduler, 1, idle_count))

  local queue = Packet.new(nil, ID_WORKER, KIND_WORK)
  queue = Packet.new(queue, ID_WORKER, KIND_WORK)
  scheduler:add_task(ID_WORKER, 1000, queue, WorkerTask.new(scheduler))

  queue = Packet.new(nil, ID_DEVICE_A, KIND_DEVICE)
  queue = Packet.new(queue, ID_DEVICE_A, KIND_DEVICE)
  queue = Packet.new(queue, ID_DEVICE_A, KIND_DEVICE)
  scheduler:add_task(ID_HANDLER_A, 2000, queue, HandlerTask.new(scheduler))

  queue = Packet.new(nil, ID_DEVICE_B, KIND_DEVICE)
  queue = Packet.new(queue, ID_DEVICE_B, KIND_DEVICE)
  queue = Packet.new(queue, ID_DEVICE_B, KIND_DEVICE)
  scheduler:add_task(ID_HANDLER_B, 3000, queue, HandlerTask.new(scheduler))

  scheduler:add_task(ID_DEVICE_A, 4000, nil, DeviceTask.new(scheduler))
  scheduler:add_task(ID_DEVICE_B, 5000, nil, DeviceTask.new(scheduler))

  scheduler:schedule()
  return scheduler.queue_count, scheduler.hold_count
end

-- The classic check: 10000 idle steps queue 23246 packets and hold 9297 times.
local queued, held = run_richards(10000)
assert(queued == 23246 and held == 9297, "richards: wrong counts " .. queued .. " " .. held)

local runs = math.max(1, math.floor(18 * scale + 0.5))
local total_queued, total_held = 0, 0
for run = 1, runs do
  queued, held = run_richards(9000 + run * 100)
  total_queued, total_held = total_queued + queued, total_held + held
end
print(string.format("runs %d queued %d held %d", runs, total_queued, total_held))
