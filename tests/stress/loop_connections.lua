-- Many connections at once: one server, C clients each doing R request /
-- response round trips of varied sizes (some larger than the kernel's
-- buffers, so writes wait), plus pipes between tasks; every byte checked.
-- Runs on two loops (two OS threads) at once. arg[1] scales the counts.
local scale = tonumber(arg[1]) or 1
local CLIENTS = math.max(10, math.floor(200 * scale))
local ROUNDS = math.max(5, math.floor(40 * scale))

local function payload(client, round)
  local size = (client * 131 + round * 977) % 20000 + 1
  if round % 10 == 0 then size = size + 300000 end  -- past the socket buffers
  return string.rep(string.char(65 + (client + round) % 26), size)
end

local function one_loop(tag)
  return loop.run(function()
    local served = 0
    local server = loop.listen("127.0.0.1", 0, function(s)
      while true do
        local header = s:readline()
        if not header then break end
        local n = tonumber(header)
        local body = n > 0 and s:read(n) or ""
        while #body < n do body = body .. s:read(n - #body) end
        s:write(#body, "\n", body)
        served = served + 1
      end
      s:close()
    end)
    local port = server:port()
    local clients = {}
    for c = 1, CLIENTS do
      clients[c] = loop.spawn(function()
        local conn = loop.connect("127.0.0.1", port)
        local bytes = 0
        for r = 1, ROUNDS do
          local body = payload(c, r)
          conn:write(#body, "\n", body)
          local n = tonumber(conn:readline())
          assert(n == #body, "length")
          local back = conn:read(n)
          while #back < n do back = back .. conn:read(n - #back) end
          assert(back == body, "content")
          bytes = bytes + n
        end
        conn:close()
        return bytes
      end)
    end
    -- pipes between tasks, with back-pressure
    local r, w = loop.pipe()
    local reader = loop.spawn(function()
      local total = 0
      while true do
        local chunk = r:read(65536)
        if not chunk then return total end
        total = total + #chunk
      end
    end)
    for i = 1, 50 do w:write(string.rep("p", 100000)) end
    w:close()
    assert(await(reader) == 5000000)
    local total = 0
    for c = 1, CLIENTS do total = total + await(clients[c]) end
    server:close()
    assert(served == CLIENTS * ROUNDS, served)
    return total
  end)
end

local other = thread.spawn(one_loop, "thread")
local a = one_loop("main")
local b = other:join()
assert(a == b and a > 0)
print("connections ok") -- expect: connections ok
