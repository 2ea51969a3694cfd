-- The HTTP library of the examples (scripts/lib/http.lua) and its JSON
-- writer: a server and its client on one loop. tests/check_http.py drives
-- the service built on them from outside.
package.path = "../../scripts/lib/?.lua;" .. package.path
local http = require("http")
local json = require("json")

print(json.encode({ id = 3, list = { 1, 2.5, 'a"b\n\1' }, empty = {}, yes = true, nan = 0 / 0 }))
-- expect: {"empty":{},"id":3,"list":[1,2.5,"a\"b\n\u0001"],"nan":null,"yes":true}
print(select(2, pcall(json.encode, { f = print })))
-- expect: json.encode: the value.f is a function, which JSON cannot hold
local cyclic = { list = {} }
cyclic.list[1] = cyclic
print(select(2, pcall(json.encode, cyclic)))
-- expect: json.encode: a cycle through the value.list[1]
print(select(2, pcall(json.encode, { [true] = 1 })))
-- expect: json.encode: key true of the value is a boolean (object keys must be strings)

local reports = {}
loop.run(function()
  local app = http.router()
  app:route("GET", "/hello/{name}", function(request) return 200, "hello " .. request.params.name end)
  app:route("POST", "/echo", function(request)
    return 201, { body = request.body, query = request.query, agent = request.headers["user-agent"] }
  end)
  app:route("GET", "/a.b-c", function() return 200, "literal" end)
  app:route("GET", "/fail", function() error("boom") end)
  app:route("GET", "/no-status", function() return "fine" end)
  app:route("GET", "/bad-header", function() return 200, "x", { ["Bad Name"] = "x" } end)
  app:route("GET", "/typed", function() return 200, "<p>", { ["Content-Type"] = "text/html" } end)
  local server = http.serve("127.0.0.1", 0, app, { report = function(m) reports[#reports + 1] = m end })

  -- One request on a connection of its own; every request here asks the
  -- server to close, so reading to the end of the stream reads the answer.
  local function fetch(head, body)
    local stream = loop.connect("127.0.0.1", server:port())
    stream:write(head .. "Host: test\r\nConnection: close\r\n"
      .. (body and "Content-Length: " .. #body .. "\r\n\r\n" .. body or "\r\n"))
    local response = stream:read()
    stream:close()
    local status, headers, payload = response:match("^HTTP/1%.1 (%d+) [^\r]*\r\n(.-\r\n)\r\n(.*)$")
    return status, headers:match("Content%-Type: ([^\r]*)"), payload
  end

  print(fetch("GET /hello/gilvm HTTP/1.1\r\n"))
  -- expect: 200	text/plain; charset=utf-8	hello gilvm
  print(fetch("POST /echo?x=1 HTTP/1.1\r\nUser-Agent: t\r\n", "data"))
  -- expect: 201	application/json	{"agent":"t","body":"data","query":"x=1"}
  print(fetch("GET /a.b-c HTTP/1.1\r\n"))
  -- expect: 200	text/plain; charset=utf-8	literal
  print(fetch("GET /aXb-c HTTP/1.1\r\n"))
  -- expect: 404	application/json	{"detail":"Not Found"}
  print(fetch("GET /a.bc HTTP/1.1\r\n"))
  -- expect: 404	application/json	{"detail":"Not Found"}
  print(fetch("GET /typed HTTP/1.1\r\n"))
  -- expect: 200	text/html	<p>
  print(fetch("DELETE /hello/x HTTP/1.1\r\n"))
  -- expect: 405	application/json	{"detail":"Method Not Allowed"}
  print(fetch("GET /fail HTTP/1.1\r\n"))
  -- expect: 500	application/json	{"detail":"Internal Server Error"}
  print(fetch("GET /no-status HTTP/1.1\r\n"))
  -- expect: 500	application/json	{"detail":"Internal Server Error"}
  print(fetch("GET /bad-header HTTP/1.1\r\n"))
  -- expect: 500	application/json	{"detail":"Internal Server Error"}
  print(server.requests, server.connections)
  -- expect: 10	0
  server:close()
end)
for _, report in ipairs(reports) do print(report) end
-- expect: GET /fail failed: http_lib.lua:27: boom
-- expect: GET /no-status failed: the handler returned status fine (expected an integer 100-599)
-- expect: GET /bad-header failed: invalid response header Bad Name: "x"
