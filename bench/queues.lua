-- Lists and queues of small tables: producers make job records, a
-- dispatcher routes them through double-ended queues (one per priority),
-- workers take them from a bounded ring buffer, failed jobs go on a linked
-- list to be retried, and a log keeps the last results. It stands for the
-- bookkeeping code of servers and simulations: short-lived records moved
-- between containers.
-- VM paths: small-table constructors and their collection, field reads and
-- writes with constant keys, integer-keyed tables used as deques (holes
-- at the front), method calls, linked-list walks.
-- Usage: queues.lua [SCALE]; SCALE multiplies the number of jobs.
local scale = tonumber(arg and arg[1]) or 1

-- A double-ended queue: items live at integer keys first..last.
local Deque = {}
Deque.__index = Deque

function Deque.new() return setmetatable({ first = 1, last = 0 }, Deque) end

function Deque:push_back(item)
  local last = self.last + 1
  self.last = last
  self[last] = item
end

function Deque:push_front(item)
  local first = self.first - 1
  self.first = first
  self[first] = item
end

function Deque:pop_front()
  local first = self.first
  if first > self.last then return nil end
  local item = self[first]
  self[first] = nil
  self.first = first + 1
  return item
end

function Deque:pop_back()
  local last = self.last
  if self.first > last then return nil end
  local item = self[last]
  self[last] = nil
  self.last = last - 1
  return item
end

function Deque:size() return self.last - self.first + 1 end

-- A bounded ring buffer over a fixed array.
local Ring = {}
Ring.__index = Ring

function Ring.new(capacity)
  return setmetatable({ items = {}, capacity = capacity, head = 0, count = 0 }, Ring)
end

function Ring:is_full() return self.count == self.capacity end

function Ring:put(item)
  if self.count == self.capacity then return false end
  self.items[(self.head + self.count) % self.capacity + 1] = item
  self.count = self.count + 1
  return true
end

function Ring:take()
  if self.count == 0 then return nil end
  local slot = self.head + 1
  local item = self.items[slot]
  self.items[slot] = nil
  self.head = slot % self.capacity
  self.count = self.count - 1
  return item
end

-- Park-Miller generator (the products stay below 2^53 in every Lua).
local seed = 4242
local function random(n)
  seed = seed * 16807 % 2147483647
  return seed % n + 1
end

local KINDS = { "resize", "email", "report", "backup", "index" }

local function make_job(id)
  return {
    id = id,
    kind = KINDS[random(#KINDS)],
    priority = random(3),
    attempts = 0,
    payload = { size = random(1000), owner = random(50) },
  }
end

-- Works on a job; a job fails on some attempts and must be retried.
local function process(job)
  job.attempts = job.attempts + 1
  if (job.id + job.attempts) % 7 == 0 then return nil end
  return { id = job.id, cost = job.payload.size * job.priority + job.attempts, owner = job.payload.owner }
end

local function run(job_count)
  local by_priority = { Deque.new(), Deque.new(), Deque.new() }
  local ready = Ring.new(64)
  local retry_list = nil -- a linked list of { job = ..., next = ... }
  local log = Deque.new()
  local per_owner = {}
  local next_id, done, failures, cost = 1, 0, 0, 0

  while done < job_count do
    -- Producers: a burst of new jobs, urgent ones jump the queue.
    for _ = 1, random(8) do
      if next_id <= job_count then
        local job = make_job(next_id)
        next_id = next_id + 1
        local queue = by_priority[job.priority]
        if job.payload.size > 950 then queue:push_front(job) else queue:push_back(job) end
      end
    end
    -- Retries go back to the lowest priority, oldest first: reverse the list.
    local reversed = nil
    while retry_list do
      reversed = { job = retry_list.job, next = reversed }
      retry_list = retry_list.next
    end
    while reversed do
      by_priority[3]:push_back(reversed.job)
      reversed = reversed.next
    end
    -- Dispatcher: fill the ring from the highest priority down.
    for p = 1, 3 do
      local queue = by_priority[p]
      while not ready:is_full() and queue:size() > 0 do ready:put(queue:pop_front()) end
    end
    -- Workers: take a few jobs each turn.
    for _ = 1, random(24) do
      local job = ready:take()
      if job == nil then break end
      local result = process(job)
      if result then
        done = done + 1
        cost = cost + result.cost
        per_owner[result.owner] = (per_owner[result.owner] or 0) + 1
        log:push_back(result)
        if log:size() > 100 then log:pop_front() end
      else
        failures = failures + 1
        retry_list = { job = job, next = retry_list }
      end
    end
  end

  local recent = 0
  local entry = log:pop_back()
  while entry do
    recent = recent + entry.id
    entry = log:pop_back()
  end
  local busiest = 0
  for owner = 1, 50 do
    if (per_owner[owner] or 0) > busiest then busiest = per_owner[owner] end
  end
  return done, failures, cost, recent, busiest
end

local jobs = math.max(1, math.floor(600000 * scale + 0.5))
local done, failures, cost, recent, busiest = run(jobs)
print(string.format("jobs %d failures %d cost %d recent %d busiest %d", done, failures, cost, recent, busiest))
