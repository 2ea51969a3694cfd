-- loop_vs_threads.lua — many waiting connections: one thread with an event
-- loop against a thread per connection.
--
--   gilvm scripts/loop_vs_threads.lua [--quick] [--connections N]
--
-- What it shows. N clients each open a TCP connection over loopback, send
-- one request, and wait for the reply. The server answers nobody until all
-- N are waiting, so at the peak N connections sit idle at once, which is
-- what a server with many slow or keep-alive clients looks like. The
-- clients run two ways, each in a fresh process (so that one's memory does
-- not hide in the other's):
--
--   loop     one thread, one event loop, a task per connection. A task is a
--            fiber: a small stack slot, suspended in the loop's epoll wait.
--   threads  a thread per connection. A thread is an OS thread with its own
--            C stack and its own Lua stacks; gilvm's sockets live on event
--            loops, so each thread waits on its connection in a small event
--            loop of its own (a blocking recv would be the same to the GIL:
--            released while waiting).
--
-- Per connection it reports the time to set it up (for threads, start the
-- thread; then connect, send the request and hear that the server queued
-- it) and the resident memory it adds (VmRSS while all N wait, less VmRSS
-- before), then the time until every client has its reply once the server
-- answers them all.
--
-- What to look at. The difference between the rows is what a thread costs
-- over a task: its C stack, its Lua stacks and its own loop against a
-- fiber's stack slot. What both pay, the socket and the stream's buffers,
-- is in both rows. Both ways wait without holding the GIL, so waiting
-- itself costs nothing.
--
-- What to try next. --connections 5000 (with threads each connection takes
-- three descriptors, so raise `ulimit -n` first; the script asks for fewer
-- connections when they would not fit); bench/loop/scale.lua and
-- bench/loop/coroutines_memory.lua for the loop's own figures.

local host = "127.0.0.1"

local function rss_kb()
  for line in io.lines("/proc/self/status") do
    local kb = line:match("^VmRSS:%s+(%d+) kB")
    if kb then return tonumber(kb) end
  end
end

-- The clients, in a child process -------------------------------------------

-- One client: connect, ask, and once the server has taken the request
-- ("queued"), signal that it waits; then the reply.
local function client(port, waiting)
  local connection = loop.connect(host, port)
  connection:write("wait\n")
  assert(connection:readline() == "queued", "the server did not take the request")
  waiting()
  local reply = connection:readline()
  connection:close()
  return reply == "done"
end

-- Tells the server to answer everyone.
local function release_all(port)
  local control = loop.connect(host, port)
  control:write("go\n")
  control:close()
end

-- Each way runs `n` clients and returns the set-up time, the resident memory
-- they added while all waited, and the time to get every reply.
local ways = {}

function ways.loop(n, port)
  return loop.run(function()
    local rss_before, t0 = rss_kb(), sys.monotonic()
    local waiting = 0
    local tasks = {}
    for i = 1, n do
      tasks[i] = loop.spawn(client, port, function() waiting = waiting + 1 end)
    end
    while waiting < n do loop.sleep(0.001) end
    local setup = sys.monotonic() - t0
    local rss = rss_kb() - rss_before
    local t1 = sys.monotonic()
    release_all(port)
    for i = 1, n do assert(await(tasks[i]), "a client got no reply") end
    return setup, rss, sys.monotonic() - t1
  end)
end

function ways.threads(n, port)
  local rss_before, t0 = rss_kb(), sys.monotonic()
  local waiting = sync.queue()
  local handles = {}
  for i = 1, n do
    handles[i] = thread.spawn(function()
      return loop.run(client, port, function() waiting:put(true) end)
    end)
  end
  for _ = 1, n do waiting:get() end
  local setup = sys.monotonic() - t0
  local rss = rss_kb() - rss_before
  local t1 = sys.monotonic()
  loop.run(release_all, port)
  for i = 1, n do assert(handles[i]:join(), "a client got no reply") end
  return setup, rss, sys.monotonic() - t1
end

if arg[1] == "--clients" then
  local way, n, port = arg[2], math.tointeger(tonumber(arg[3])), math.tointeger(tonumber(arg[4]))
  local setup, rss, replies = ways[way](n, port)
  print(string.format("%.6f %d %.6f", setup, rss, replies))
  return
end

-- The experiment ------------------------------------------------------------

local quick = arg[1] == "--quick"
local connections = quick and 200 or 1000
for j = 1, #arg - 1 do
  if arg[j] == "--connections" then connections = math.tointeger(tonumber(arg[j + 1])) end
end
assert(connections and connections > 0, "usage: loop_vs_threads.lua [--quick] [--connections N]")
local rounds = quick and 2 or 3

-- With threads, each connection takes three descriptors in the clients'
-- process: its socket, and its thread's loop's epoll and wake-up descriptors.
-- Fewer connections than asked when they would not fit under the limit.
local function open_files_limit()
  for line in io.lines("/proc/self/limits") do
    local soft = line:match("^Max open files%s+(%d+)")
    if soft then return tonumber(soft) end
  end
end
local limit = open_files_limit()
local asked = connections
if limit and connections * 3 + 64 > limit then connections = (limit - 64) // 3 end

local here = arg and arg[0] and arg[0]:match("^(.*)/") or "."
package.path = here .. "/lib/?.lua;" .. package.path
local example = require("example")
local load_average, shell_quote = example.load_average, example.shell_quote

-- This gilvm and its options: every index of `arg` below the script's.
local first = -1
while arg[first - 1] do first = first - 1 end
local gilvm = {}
for j = first, -1 do gilvm[#gilvm + 1] = shell_quote(arg[j]) end
gilvm = table.concat(gilvm, " ")

-- The server, on a thread of its own with its own event loop: it answers
-- "wait" with "queued" and keeps the connection open until a "go" arrives,
-- then answers all of them "done". Each connection's handler waits on the
-- round's gate (one future every handler awaits, done when "go" sets its
-- event): a handler that returns closes its connection. The clients send
-- "go" only once every one has its "queued", so no request can arrive
-- after the "go" it needed. It serves until `stop` is set.
local stop, ports = sync.event(), sync.queue()
local server_thread = thread.spawn(function()
  loop.run(function()
    local go, gate  -- this round's event and the future that waits for it
    local server = loop.listen(host, 0, function(stream)
      local request = stream:readline()
      if request == "wait" then
        if not gate then
          go = sync.event()
          gate = loop.to_thread(go.wait, go)
        end
        local mine = gate
        stream:write("queued\n")
        await(mine)
        stream:write("done\n")
      elseif request == "go" and go then
        go:set()
        go, gate = nil, nil
      end
    end)
    ports:put(server:port())
    await(loop.to_thread(stop.wait, stop))
    server:close()
  end)
end)
local port = ports:get()

local function run_clients(way)
  local command = string.format("%s %s --clients %s %d %d", gilvm, shell_quote(arg[0]), way,
    connections, port)
  local pipe = assert(io.popen(command))
  local line = pipe:read("a")
  assert(pipe:close(), "the clients failed: " .. command)
  local setup, rss, replies = line:match("^(%S+) (%S+) (%S+)")
  assert(replies, "unexpected output from " .. command .. ": " .. line)
  return tonumber(setup), tonumber(rss), tonumber(replies)
end

print(string.format("loop_vs_threads.lua — %d connections over loopback, all waiting at once%s",
  connections, quick and " (quick)" or ""))
print(string.format("machine: %d cores, %s build (GIL %s), load average %s at start",
  sys.cpu_count(), sys.build, gil.enabled() and "on" or "off", load_average()))
if connections < asked then
  print(string.format("note: %d connections asked, %d fit under the limit of %d open files"
    .. " (ulimit -n)", asked, connections, limit))
end

local results = {}
for _, way in ipairs({ "loop", "threads" }) do
  results[way] = { setup = {}, rss = {}, replies = {} }
end
-- The server stops whatever happens: a program waits for its threads at
-- exit, so an error that left it serving would hang the program.
local ok, failure = pcall(function()
  for r = 1, rounds do
    for _, way in ipairs({ "loop", "threads" }) do
      local w = results[way]
      w.setup[r], w.rss[r], w.replies[r] = run_clients(way)
    end
  end
end)
stop:set()
server_thread:join()
if not ok then error(failure, 0) end

local function median(xs)
  local sorted = table.move(xs, 1, #xs, 1, {})
  table.sort(sorted)
  return sorted[(#sorted + 1) // 2]
end

print(string.format("  %-44s %14s %14s %16s", "clients", "set-up each", "memory each",
  "all replies"))
local labels = {
  loop = "loop: 1 thread, a task per connection",
  threads = "threads: a thread per connection",
}
for _, way in ipairs({ "loop", "threads" }) do
  local w = results[way]
  w.setup_us = median(w.setup) / connections * 1e6
  w.kb = median(w.rss) / connections
  print(string.format("  %-44s %11.1f µs %11.1f KB %13.1f ms", labels[way], w.setup_us, w.kb,
    median(w.replies) * 1e3))
end
print(string.format("load average %s at end", load_average()))

-- The conclusion is read off every round: one way costs more when it does in
-- every round, by at least 10%; otherwise the rounds do not support a
-- difference.
local function compare(field)
  local threads_more, loop_more = true, true
  for r = 1, rounds do
    local l, t = results.loop[field][r], results.threads[field][r]
    if not (t > 1.1 * l) then threads_more = false end
    if not (l > 1.1 * t) then loop_more = false end
  end
  local ratio = median(results.threads[field]) / median(results.loop[field])
  if threads_more then return string.format("threads take %.1fx the loop's", ratio) end
  if loop_more then return string.format("the loop takes %.1fx the threads'", 1 / ratio) end
  return "no clear difference (noisy: machine busy?)"
end
local l, t = results.loop, results.threads
print(string.format("conclusion: per waiting connection, memory %.0f KB (loop) against %.0f KB"
  .. " (threads): %s; set-up %.0f against %.0f µs: %s; waking all %d, %.0f against %.0f ms: %s",
  l.kb, t.kb, compare("rss"), l.setup_us, t.setup_us, compare("setup"), connections,
  median(l.replies) * 1e3, median(t.replies) * 1e3, compare("replies")))
