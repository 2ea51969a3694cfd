-- http.lua — a small HTTP/1.1 server on gilvm's event loop.
--
--   local http = require("http")
--   local app = http.router()
--   app:route("GET", "/hello/{name}", function(request)
--     return 200, "hello " .. request.params.name
--   end)
--   loop.run(function()
--     local server = http.serve("127.0.0.1", 8000, app)
--     print("listening on port " .. server:port())
--     loop.sleep(math.huge)
--   end)
--
-- http.serve listens with loop.listen; each connection is a task of the
-- loop that reads a request, calls handler(request) and writes the response,
-- for as long as the client keeps the connection alive. The handler runs in
-- that task, so it may await (a pool job, a timer) without holding up other
-- connections. It returns status, body[, headers]: a string body is sent as
-- text/plain unless headers name a Content-Type, a table body as JSON.
--
-- A request is a table: method ("GET"), target ("/jobs/3?x=1"), path
-- ("/jobs/3"), query ("x=1", or nil), version ("1.1"), headers (names in
-- lower case; a repeated field's values joined by ", "), body (a string) and,
-- from a router, params (the path's named segments).
--
-- Of HTTP/1.1 (RFC 9112) it speaks: request lines and header fields, bodies
-- framed by Content-Length, persistent connections (the default in 1.1;
-- "Connection: keep-alive" in 1.0), pipelined requests, answered in order.
-- It does not take chunked request bodies (501), and has no HEAD, no
-- 100-continue, no upgrades.
--
-- No client can make the server hang or grow without bound:
--  - header_bytes (8 KiB): the request line and header fields together; a
--    longer head is 431 (414 when the request line alone is longer);
--  - body_bytes (1 MiB): a longer Content-Length is 413, answered before any
--    of the body is read;
--  - timeout (10 s): each request must arrive whole within this time of when
--    the server starts waiting for it, which cuts off idle keep-alive
--    connections and clients that send a byte now and then (slow loris:
--    answered 408 if they had begun a request); a response the client does
--    not read within it closes the connection too;
--  - connections (1000): a connection beyond this many open ones is
--    answered 503 and closed.
-- A request that cannot be framed (400, 413, 414, 431, 501, 505) is answered
-- and its connection closed: where the next request would begin is unknown.
-- A client that disconnects at any point costs only its own connection.

local json = require("json")

local http = {}

http.reasons = {
  [200] = "OK", [201] = "Created", [202] = "Accepted", [204] = "No Content",
  [400] = "Bad Request", [404] = "Not Found", [405] = "Method Not Allowed",
  [408] = "Request Timeout", [413] = "Content Too Large", [414] = "URI Too Long",
  [431] = "Request Header Fields Too Large", [500] = "Internal Server Error",
  [501] = "Not Implemented", [503] = "Service Unavailable",
  [505] = "HTTP Version Not Supported",
}

local defaults = { header_bytes = 8192, body_bytes = 1024 * 1024, timeout = 10, connections = 1000 }

local READ_CHUNK = 65536

-- RFC 9110's token characters: methods and field names.
local TOKEN = "[%w!#$%%&'*+%-.^_`|~]+"
local REQUEST_LINE = "^(" .. TOKEN .. ") (%S+) HTTP/(%d)%.(%d)$"
local FIELD_LINE = "^(" .. TOKEN .. "):[ \t]*(.-)[ \t]*$"
-- Control characters other than tab, which no field value may hold.
local CONTROL = "[\0-\8\10-\31\127]"

-- Why a request could not be read: its status and a few words for the client.
local function refusal(status, detail)
  return { status = status, detail = detail }
end

-- Parses the head (request line and field lines, without the blank line
-- that ends it) into a request, or returns nil and a refusal.
local function parse_head(head)
  local line_end = head:find("\r?\n") or #head + 1
  local method, target, major, minor = head:sub(1, line_end - 1):match(REQUEST_LINE)
  if not method then return nil, refusal(400, "malformed request line") end
  if major ~= "1" then return nil, refusal(505, "only HTTP/1.x is spoken here") end
  local headers = {}
  for line in head:sub(line_end):gmatch("\n([^\n]*)") do
    local name, value = line:gsub("\r$", ""):match(FIELD_LINE)
    if not name or value:find(CONTROL) then
      return nil, refusal(400, "malformed header field")
    end
    name = name:lower()
    local previous = headers[name]
    if name == "host" or name == "content-length" then
      if previous and previous ~= value then
        return nil, refusal(400, "conflicting " .. name .. " fields")
      end
      headers[name] = value
    else
      headers[name] = previous and previous .. ", " .. value or value
    end
  end
  -- The absolute form (http://host/path) is for proxies, but servers accept it.
  local path_and_query = target:match("^https?://[^/]*(/.*)$") or target:match("^https?://[^/]*$") and "/"
    or target
  if path_and_query:sub(1, 1) ~= "/" then return nil, refusal(400, "malformed request target") end
  local path, query = path_and_query:match("^([^?]*)%??(.*)$")
  local version = major .. "." .. minor
  if version ~= "1.0" and not headers.host then
    return nil, refusal(400, "missing Host header")
  end
  return {
    method = method,
    target = target,
    path = path,
    query = query ~= "" and query or nil,
    version = version,
    headers = headers,
  }
end

-- Whether the client wants the connection kept open after this request.
local function wants_keep_alive(request)
  local tokens = (request.headers.connection or ""):lower()
  local function has(token)
    return (", " .. tokens .. ","):find("[ ,]" .. token .. "[ ,]") ~= nil
  end
  if request.version == "1.0" then return has("keep%-alive") end
  return not has("close")
end

-- The refusal of a head longer than the limit: 414 if its request line
-- alone is, 431 if not.
local function oversize(buffer, limits)
  local line_end = buffer:find("\n") or #buffer + 1
  if line_end <= limits.header_bytes then return refusal(431, "request head too large") end
  return refusal(buffer:find("^" .. TOKEN .. " /") and 414 or 400, "request line too long")
end

-- Reads the next request from conn into a request table. Returns nil and a
-- refusal when the request cannot be read, and nothing at all when the
-- stream ended. conn.buffer holds what was received and not yet used (the
-- start of a request, or a pipelined next one) at every moment.
local function read_request(conn, limits)
  local stream = conn.stream
  conn.buffer = conn.buffer:gsub("^[\r\n]+", "")  -- RFC 9112 2.2: blank lines before a request
  local buffer = conn.buffer
  local searched = 1        -- where the blank line ending the head may start
  local line_checked = false
  local head_end, body_start
  while true do
    -- A first line that is no request line is refused at once, not after
    -- the client has sent a whole head.
    if not line_checked and buffer:find("\n") then
      if not buffer:match("^[^\n]*"):gsub("\r$", ""):find(REQUEST_LINE) then
        return nil, refusal(400, "malformed request line")
      end
      line_checked = true
    end
    head_end, body_start = buffer:find("\r?\n\r?\n", searched)
    if head_end then break end
    if #buffer > limits.header_bytes then return nil, oversize(buffer, limits) end
    searched = math.max(1, #buffer - 3)
    local chunk = stream:read(READ_CHUNK)
    if not chunk then
      conn.buffer = ""
      return
    end
    buffer = (buffer .. chunk):gsub("^[\r\n]+", "")
    conn.buffer = buffer
  end
  if head_end - 1 > limits.header_bytes then return nil, oversize(buffer, limits) end
  local request, refused = parse_head(buffer:sub(1, head_end - 1))
  if not request then return nil, refused end
  if request.headers["transfer-encoding"] then
    return nil, refusal(501, "chunked request bodies are not supported: send Content-Length")
  end
  local length = request.headers["content-length"] or "0"
  if not length:find("^%d+$") or #length > 18 then
    return nil, refusal(400, "malformed Content-Length")
  end
  length = tonumber(length)
  if length > limits.body_bytes then
    return nil, refusal(413, ("body of %d bytes; at most %d are taken"):format(length, limits.body_bytes))
  end
  while #buffer - body_start < length do
    local chunk = stream:read(READ_CHUNK)
    if not chunk then
      conn.buffer = ""
      return
    end
    buffer = buffer .. chunk
    conn.buffer = buffer
  end
  request.body = buffer:sub(body_start + 1, body_start + length)
  conn.buffer = buffer:sub(body_start + length + 1)
  return request
end

-- The bytes of a response; `connection` is nil, "close" or "keep-alive" (the
-- last only for an HTTP/1.0 client, for which closing is the default). A
-- table body is JSON. Raises on a header that cannot be sent.
local function format_response(status, body, headers, connection)
  local content_type = "text/plain; charset=utf-8"
  if type(body) == "table" then
    body = json.encode(body)
    content_type = "application/json"
  elseif body == nil then
    body = ""
  elseif type(body) ~= "string" then
    error(("the body is a %s (expected a string or a table)"):format(type(body)), 0)
  end
  local out = { ("HTTP/1.1 %d %s\r\n"):format(status, http.reasons[status] or "Unknown") }
  for name, value in pairs(headers or {}) do
    value = tostring(value)
    if type(name) ~= "string" or not name:find("^" .. TOKEN .. "$") or value:find(CONTROL) then
      error(("invalid response header %s: %q"):format(tostring(name), value), 0)
    end
    local lower = name:lower()
    if lower == "content-type" then
      content_type = value
    elseif lower ~= "content-length" and lower ~= "connection" then
      out[#out + 1] = name .. ": " .. value .. "\r\n"
    end
  end
  out[#out + 1] = "Content-Type: " .. content_type .. "\r\n"
  out[#out + 1] = "Content-Length: " .. #body .. "\r\n"
  if connection then out[#out + 1] = "Connection: " .. connection .. "\r\n" end
  out[#out + 1] = "\r\n"
  out[#out + 1] = body
  return table.concat(out)
end

-- Sends bytes within the timeout; false if the client did not take them
-- (gone, or not reading).
local function send(conn, bytes, timeout)
  return (pcall(loop.wait_for, function() conn.stream:write(bytes) end, timeout))
end

-- Answers a request the server refused, or one it cannot wait for; the
-- caller then closes. What the client still sends is read and dropped for
-- a moment first (at most LINGER_SECONDS and LINGER_BYTES): closing a socket
-- with unread input makes the kernel reset the connection, and a reset can
-- destroy the answer before the client has read it.
local LINGER_SECONDS, LINGER_BYTES = 1, 1024 * 1024

local function refuse(conn, limits, status, detail)
  if not send(conn, format_response(status, { detail = detail }, nil, "close"), limits.timeout) then
    return
  end
  pcall(loop.wait_for, function()
    local dropped = 0
    repeat
      local chunk = conn.stream:read(READ_CHUNK)
      dropped = dropped + (chunk and #chunk or 0)
    until not chunk or dropped > LINGER_BYTES
  end, LINGER_SECONDS)
end

-- The response to a request: the handler's, or 500 if the handler failed
-- or returned what cannot be sent (reported).
local function respond(handler, request, connection, report)
  local ok, bytes = xpcall(function()
    local status, body, headers = handler(request)
    if math.type(status) ~= "integer" or status < 100 or status > 599 then
      error(("the handler returned status %s (expected an integer 100-599)"):format(tostring(status)), 0)
    end
    return format_response(status, body, headers, connection)
  end, tostring)
  if ok then return bytes end
  if bytes == "cancelled" then error(bytes, 0) end  -- the loop is ending
  report(("%s %s failed: %s"):format(request.method, request.target, bytes))
  return format_response(500, { detail = "Internal Server Error" }, nil, connection)
end

-- One connection, request after request, until either side ends it.
local function converse(conn, handler, limits, server)
  while true do
    local ok, request, refused = pcall(loop.wait_for, function()
      return read_request(conn, limits)
    end, limits.timeout)
    if not ok then
      if request == "timeout" and conn.buffer ~= "" then
        refuse(conn, limits, 408, "the request did not arrive in time")
      end
      return  -- timed out, or the stream failed
    end
    if refused then return refuse(conn, limits, refused.status, refused.detail) end
    if not request then return end  -- the client closed the connection
    local keep_alive = wants_keep_alive(request) and not server.closed
    local connection = not keep_alive and "close" or request.version == "1.0" and "keep-alive" or nil
    local bytes = respond(handler, request, connection, server.report)
    server.requests = server.requests + 1
    if not send(conn, bytes, limits.timeout) or not keep_alive then return end
  end
end

-- http.serve(host, port, handler[, options]) -> server: serves HTTP on
-- host:port (port 0: any free port) from the running loop. options override
-- the limits above (header_bytes, body_bytes, timeout, connections) and may
-- give report(message), called with what a failing handler raised (default:
-- a line on stderr). The server has :port(), :close() (stops accepting; an
-- open connection ends after its current request, or its timeout), and the
-- counts .connections (open now) and .requests (answered).
function http.serve(host, port, handler, options)
  local limits = {}
  for name, value in pairs(defaults) do
    limits[name] = options and options[name] or value
  end
  local server = {
    connections = 0,
    requests = 0,
    report = options and options.report or function(message)
      io.stderr:write("http: ", message, "\n")
    end,
  }
  local listener = loop.listen(host, port, function(stream)
    local conn = { stream = stream, buffer = "" }
    server.connections = server.connections + 1
    local ok, err = true, nil
    if server.connections > limits.connections then
      refuse(conn, limits, 503, "too many connections")
    else
      ok, err = pcall(converse, conn, handler, limits, server)
    end
    server.connections = server.connections - 1
    stream:close()
    -- A connection's task never fails: the loop would keep the failure
    -- until it ends, for nobody awaits these tasks.
    if not ok and err ~= "cancelled" then server.report("connection: " .. tostring(err)) end
  end)
  function server:port() return listener:port() end
  function server:close()
    server.closed = true
    listener:close()
  end
  return server
end

-- A router: a handler that picks a function by method and path, FastAPI
-- style. Paths are literal but for {name} segments, which match one segment
-- and arrive in request.params.name. A path no route has is 404; a path
-- with routes for other methods only is 405, with an Allow header.
local Router = {}
Router.__index = Router

local function compile_path(path)
  local names = {}
  local pattern = path:gsub("[%^%$%(%)%%%.%[%]%*%+%-%?]", "%%%0"):gsub("{([%w_]+)}", function(name)
    names[#names + 1] = name
    return "([^/]+)"
  end)
  return "^" .. pattern .. "$", names
end

-- router:route(method, path, fn): fn(request) answers method on path.
function Router:route(method, path, fn)
  local pattern, names = compile_path(path)
  self.routes[#self.routes + 1] = { method = method, pattern = pattern, names = names, fn = fn }
  return self
end

function Router:__call(request)
  local allowed = {}
  for _, route in ipairs(self.routes) do
    local captures = table.pack(request.path:match(route.pattern))
    if captures[1] ~= nil then
      if route.method == request.method then
        request.params = {}
        for i, name in ipairs(route.names) do request.params[name] = captures[i] end
        return route.fn(request)
      end
      if not allowed[route.method] then
        allowed[route.method] = true
        allowed[#allowed + 1] = route.method
      end
    end
  end
  if #allowed > 0 then
    return 405, { detail = "Method Not Allowed" }, { Allow = table.concat(allowed, ", ") }
  end
  return 404, { detail = "Not Found" }
end

-- http.router() -> a router, to pass to http.serve as its handler.
function http.router()
  return setmetatable({ routes = {} }, Router)
end

return http
