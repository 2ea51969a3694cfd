// stream.cpp — byte streams on the event loop: TCP connections
// (loop.connect, and loop.listen's handlers), and pipes (loop.pipe), with
// the methods read, readline, write and close.
//
// Every descriptor is non-blocking and registered once with the loop's
// reactor (edge-triggered). An operation always tries its system call first
// and waits for readiness only after EAGAIN, so no readiness is lost. A
// stream belongs to the loop it was made on, and only that loop's tasks may
// use it (or close it, while that loop runs). Writes are buffered: write()
// sends what the kernel takes at once, keeps the rest and, while more than
// kHighWater bytes wait, suspends the writer until the kernel has taken all
// but kLowWater of them: the back-pressure that keeps a fast writer from
// filling memory. Several tasks may write at once; one task at a time may
// read, as in asyncio (two readers would each get an arbitrary part of the
// input). Reads are bounded too: readline() refuses a line longer than the
// stream's limit (64 KiB unless the stream was made with {limit = n}, as
// asyncio's StreamReader), and read(n) takes in one chunk at a time, so
// its buffer stays small whatever n is.
//
// Closing wakes the tasks waiting on the stream (Loop::release_fd); they
// find it closed and raise. A connection accepted by loop.listen belongs to
// its handler's task: when the handler returns, fails or is cancelled, the
// stream is closed (after sending what is buffered, if it returned), so the
// peer always sees the end of the stream.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <vector>

#include "interp/core/coroutine.h"
#include "interp/core/native.h"
#include "interp/core/number.h"
#include "interp/lib/lib.h"
#include "loop/loop.h"

namespace gilvm::loop {

namespace {

constexpr const char* kStreamType = "stream";
constexpr const char* kServerType = "server";
// A read asks the kernel for `room` bytes (at least): kFirstRoom at first,
// doubled after each read that filled what it asked for, up to kReadChunk.
// So an idle connection holds 4 KB, and a bulk transfer soon reads 64 KB at
// a time.
constexpr size_t kFirstRoom = 4 * 1024;
constexpr size_t kReadChunk = 64 * 1024;
constexpr size_t kHighWater = 64 * 1024;
constexpr size_t kLowWater = 16 * 1024;
constexpr size_t kDefaultLimit = 64 * 1024;  // asyncio's StreamReader limit

struct Stream {
  int fd = -1;
  uint64_t cookie = 0;
  bool is_socket = false;
  bool readable = true, writable = true;  // the directions this end has
  bool eof = false;
  bool reading = false;          // a task is in read or readline
  size_t limit = kDefaultLimit;  // of a line, for readline
  std::weak_ptr<Mailbox> loop;   // identifies the loop it belongs to
  std::string name;              // "127.0.0.1:8080", "pipe (read end)"
  // Received, not yet read: in[in_begin, in_end). Grown (and zero-filled)
  // only when it has less than `room` free, so a read costs no clearing of
  // memory.
  std::vector<char> in;
  size_t in_begin = 0, in_end = 0;
  size_t room = kFirstRoom;
  std::string out;  // written, not yet sent
  size_t buffered() const { return in_end - in_begin; }
  std::string_view take(size_t n) {
    std::string_view v(in.data() + in_begin, n);
    in_begin += n;
    return v;
  }
  ~Stream() {
    if (fd >= 0) ::close(fd);  // also removes it from its epoll set
  }
};

struct Server {
  int fd = -1;
  uint64_t cookie = 0;
  int port = 0;
  uint64_t accept_task = 0;
  size_t limit = kDefaultLimit;  // its connections'
  std::weak_ptr<Mailbox> loop;
  ~Server() {
    if (fd >= 0) ::close(fd);
  }
};

std::string error_text(int err) {
  return std::strerror(err);
}

Loop& loop_of(ThreadState& L, const std::weak_ptr<Mailbox>& owner, const char* what) {
  Loop* loop = Loop::of(L);
  if (!loop || owner.lock() != loop->mailbox())
    L.error("%s: the stream belongs to another loop (or its loop has ended)", what);
  return *loop;
}

Stream& check_stream(ThreadState& L) {
  return *check_native<Stream>(L, 1, kStreamType);
}

// The loop that `owner` names while it runs on this thread; nullptr if it
// has ended. Raises if it runs on another thread: only its own thread may
// touch its descriptors.
Loop* own_loop_or_ended(ThreadState& L, const std::weak_ptr<Mailbox>& owner, const char* what) {
  const std::shared_ptr<Mailbox> mailbox = owner.lock();
  if (!mailbox || mailbox->closed()) return nullptr;
  Loop* loop = Loop::of(L);
  if (!loop || loop->mailbox() != mailbox)
    L.error("%s: it belongs to a loop on another thread", what);
  return loop;
}

// The options table at argument i, {limit = bytes}, or nil: the limit on a
// line of the stream (readline).
size_t opt_limit(ThreadState& L, int i) {
  if (L.arg(i).is_nil()) return kDefaultLimit;
  Table* options = L.check_table(i);
  String* limit_key = L.interp.intern("limit");
  Value key, value;
  while (table_next(L, options, &key, &value))
    if (!(key.is_string() && key.as_string() == limit_key))
      L.arg_error(i, "unknown option (the only one is limit)");
  const Value limit = table_get_str(options, limit_key);
  if (limit.is_nil()) return kDefaultLimit;
  int64_t bytes = 0;
  if (!to_integer(limit, &bytes) || bytes < 1)
    L.arg_error(i, "limit must be a positive number of bytes");
  return size_t(bytes);
}

Stream* push_stream(ThreadState& L, Loop& loop, int fd, bool socket, std::string name) {
  Stream* s = push_native<Stream>(L, kStreamType);
  s->fd = fd;
  s->is_socket = socket;
  s->loop = loop.mailbox();
  s->name = std::move(name);
  s->cookie = loop.new_cookie();
  if (!loop.watch(fd, s->cookie)) {
    const int err = errno;
    L.error("cannot watch %s: %s", s->name.c_str(), error_text(err).c_str());
  }
  return s;
}

// Receives more input after what is buffered; false at the end of the
// stream. Waits as needed. Data already buffered stays where it is relative
// to in_begin (it may move down to make room).
bool fill(ThreadState& L, Loop& loop, Stream& s) {
  if (s.eof) return false;
  if (s.in_begin > 0) {  // move what is left to the front
    std::memmove(s.in.data(), s.in.data() + s.in_begin, s.buffered());
    s.in_end -= s.in_begin;
    s.in_begin = 0;
  }
  if (s.in.size() - s.in_end < s.room) s.in.resize(std::max(s.in.size() * 2, s.in_end + s.room));
  for (;;) {
    const size_t asked = s.in.size() - s.in_end;
    const ssize_t n = read(s.fd, s.in.data() + s.in_end, asked);
    if (n > 0) {
      s.in_end += size_t(n);
      if (size_t(n) == asked) s.room = std::min(s.room * 2, kReadChunk);
      return true;
    }
    if (n == 0) {
      s.eof = true;
      return false;
    }
    if (errno == EINTR) continue;
    if (errno == EAGAIN || errno == EWOULDBLOCK) {
      loop.wait_fd(L, s.cookie, false);
      if (s.fd < 0) L.error("read from %s: the stream was closed", s.name.c_str());
      continue;
    }
    const int err = errno;
    if (err == ECONNRESET) {
      s.eof = true;
      return false;
    }
    L.error("read from %s: %s", s.name.c_str(), error_text(err).c_str());
  }
}

// Sends what the kernel takes of s.out; with `wait`, waits for room until no
// more than `until` bytes are left.
void flush(ThreadState& L, Loop& loop, Stream& s, bool wait, size_t until = 0) {
  size_t sent = 0;
  while (s.out.size() - sent > until) {
    const char* data = s.out.data() + sent;
    const size_t len = s.out.size() - sent;
    const ssize_t n = s.is_socket ? send(s.fd, data, len, MSG_NOSIGNAL) : write(s.fd, data, len);
    if (n >= 0) {
      sent += size_t(n);
      continue;
    }
    if (errno == EINTR) continue;
    if (errno == EAGAIN || errno == EWOULDBLOCK) {
      if (!wait) break;
      s.out.erase(0, sent);
      sent = 0;
      loop.wait_fd(L, s.cookie, true);
      if (s.fd < 0) L.error("write to %s: the stream was closed", s.name.c_str());
      continue;
    }
    const int err = errno;
    s.out.clear();
    if (err == EPIPE || err == ECONNRESET)
      L.error("write to %s: connection closed by the peer", s.name.c_str());
    L.error("write to %s: %s", s.name.c_str(), error_text(err).c_str());
  }
  s.out.erase(0, sent);
}

void check_open(ThreadState& L, Stream& s, const char* what) {
  if (s.fd < 0) L.error("%s: the stream is closed", what);
}

// Checks that the stream can be read here and now, and runs read(loop) as
// the stream's one reader.
template <class Read>
int read_as_only_reader(ThreadState& L, Stream& s, const char* what, Read read) {
  check_open(L, s, what);
  if (!s.readable) L.error("%s: %s is not readable", what, s.name.c_str());
  Loop& loop = loop_of(L, s.loop, what);
  if (s.reading) L.error("%s: another task is already reading from %s", what, s.name.c_str());
  s.reading = true;
  int n;
  try {
    n = read(loop);
  } catch (const LuaError&) {
    s.reading = false;
    throw;
  }
  s.reading = false;
  return n;
}

// stream:read([n]) -> up to n bytes (at least one), or everything to the end
// of the stream without n; nil at the end of the stream.
int stream_read(ThreadState& L) {
  Stream& s = check_stream(L);
  const bool all = L.arg(2).is_nil();
  const int64_t n = all ? 0 : L.check_integer(2);
  if (!all && n < 1) L.arg_error(2, "byte count must be positive");
  return read_as_only_reader(L, s, "read", [&](Loop& loop) {
    if (all) {
      while (fill(L, loop, s)) {
      }
    } else if (s.buffered() == 0) {
      fill(L, loop, s);
    }
    const size_t available = s.buffered();
    if (available == 0) {
      L.push(all ? Value::string(L.interp.intern("")) : Value());
      return 1;
    }
    L.push_string(s.take(all ? available : size_t(std::min<uint64_t>(available, uint64_t(n)))));
    return 1;
  });
}

// stream:readline() -> the next line without its "\n" (a last line may lack
// one), or nil at the end of the stream. A line longer than the stream's
// limit raises, as asyncio's readline does, after dropping what was read of
// it: the line up to its newline if that has arrived, else all that is
// buffered.
int stream_readline(ThreadState& L) {
  Stream& s = check_stream(L);
  return read_as_only_reader(L, s, "readline", [&](Loop& loop) {
    size_t searched = 0;  // bytes after in_begin known to hold no newline
    for (;;) {
      const char* from = s.in.data() + s.in_begin;
      const void* nl = s.buffered() > searched
                           ? std::memchr(from + searched, '\n', s.buffered() - searched)
                           : nullptr;
      const size_t len = nl ? size_t(static_cast<const char*>(nl) - from) : s.buffered();
      if (len > s.limit) {
        s.take(nl ? len + 1 : len);
        L.error(
            "readline: a line of %s is longer than the limit of %zu bytes (set with {limit = n})",
            s.name.c_str(), s.limit);
      }
      if (nl) {
        L.push_string(s.take(len));
        s.in_begin++;  // the newline
        return 1;
      }
      searched = s.buffered();
      if (!fill(L, loop, s)) break;
    }
    if (s.buffered() == 0) {
      L.push(Value());
      return 1;
    }
    L.push_string(s.take(s.buffered()));
    return 1;
  });
}

// stream:write(s, ...) -> the stream; suspends while too much is unsent.
int stream_write(ThreadState& L) {
  Stream& s = check_stream(L);
  if (s.fd < 0) L.error("write to a closed stream");
  if (!s.writable) L.error("write: %s is not writable", s.name.c_str());
  Loop& loop = loop_of(L, s.loop, "write");
  for (int i = 2; i <= L.nargs(); i++) {
    String* data = L.check_string(i);
    s.out.append(data->data, data->length);
  }
  flush(L, loop, s, false);
  if (s.out.size() > kHighWater) flush(L, loop, s, true, kLowWater);
  L.push(L.arg(1));
  return 1;
}

// Closes the descriptor at once; the tasks waiting on it are woken and
// find it closed. Unsent output is dropped.
void close_now(ThreadState& L, Stream& s) {
  if (s.fd < 0) return;
  if (Loop* loop = own_loop_or_ended(L, s.loop, "close")) loop->release_fd(s.cookie);
  ::close(s.fd);  // also removes it from its epoll set
  s.fd = -1;
}

// Sends what is still buffered (inside a task of the stream's loop), then
// closes. A peer that has gone does not stop the close; a cancellation
// closes the stream and goes on.
void close_flushing(ThreadState& L, Stream& s) {
  if (s.fd < 0) return;
  Loop* loop = own_loop_or_ended(L, s.loop, "close");
  if (!s.out.empty() && loop && current_task(L)) {
    try {
      flush(L, *loop, s, true);
    } catch (const LuaError&) {
      close_now(L, s);
      if (is_cancellation(L.error_value)) throw;
      return;  // the peer is gone (or the stream was closed meanwhile)
    }
  }
  close_now(L, s);
}

// stream:close(): sends what is still buffered (inside a task), then closes.
int stream_close(ThreadState& L) {
  close_flushing(L, check_stream(L));
  return 0;
}

int stream_tostring(ThreadState& L) {
  Stream& s = check_stream(L);
  L.push_string("stream (" + s.name + (s.fd < 0 ? ", closed)" : ")"));
  return 1;
}

// --- TCP ---

bool resolve(ThreadState& L, const char* host, int64_t port, sockaddr_storage* out, socklen_t* len,
             std::string* error) {
  if (port < 0 || port > 65535) L.arg_error(2, "port must be between 0 and 65535");
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* res = nullptr;
  const std::string service = std::to_string(port);
  int rc;
  {
    AllowThreads detached(L);  // a name may need a lookup
    rc = getaddrinfo(host, service.c_str(), &hints, &res);
  }
  if (rc != 0 || !res) {
    *error = gai_strerror(rc);
    return false;
  }
  memcpy(out, res->ai_addr, res->ai_addrlen);
  *len = res->ai_addrlen;
  freeaddrinfo(res);
  return true;
}

int new_socket(int family) {
  return socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
}

// loop.connect(host, port[, {limit = bytes}]) -> stream
int loop_connect(ThreadState& L) {
  const char* host = L.check_string(1)->c_str();
  const int64_t port = L.check_integer(2);
  const size_t limit = opt_limit(L, 3);
  Loop* loop = Loop::of(L);
  if (!loop) L.error("loop.connect: no loop is running on this thread (start one with loop.run)");
  const std::string where = std::string(host) + ":" + std::to_string(port);
  sockaddr_storage addr;
  socklen_t len;
  std::string error;
  if (!resolve(L, host, port, &addr, &len, &error))
    L.error("cannot connect to %s: %s", where.c_str(), error.c_str());
  const int fd = new_socket(addr.ss_family);
  if (fd < 0) L.error("cannot connect to %s: %s", where.c_str(), error_text(errno).c_str());
  const int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  Stream* s = push_stream(L, *loop, fd, true, where);
  s->limit = limit;
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), len) != 0) {
    if (errno != EINPROGRESS)
      L.error("cannot connect to %s: %s", where.c_str(), error_text(errno).c_str());
    loop->wait_fd(L, s->cookie, true);
    int err = 0;
    socklen_t errlen = sizeof err;
    getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &errlen);
    if (err != 0) L.error("cannot connect to %s: %s", where.c_str(), error_text(err).c_str());
  }
  return 1;
}

// A connection's task, with (handler, stream): handler(stream), then the
// stream is closed however the handler ended. asyncio's start_server closes
// the connection when the handler fails, and when it returns leaves it to
// the collector; here the handler's end is the connection's end, so a
// client never waits on a connection nobody serves. (A handler that hands
// its stream to another task waits for that task before it returns.)
int serve_connection(ThreadState& L) {
  Stream& s = *to_native<Stream>(L.arg(2));
  Value* fn = L.top;
  L.push(L.arg(1));
  L.push(L.arg(2));
  try {
    L.call(fn, 0);
  } catch (const LuaError&) {
    close_now(L, s);
    throw;
  }
  close_flushing(L, s);
  return 0;
}

// What accept4 fails with when the process or the system is out of
// descriptors or memory: the server waits and tries again (as asyncio does)
// rather than giving up for good.
bool out_of_resources(int err) {
  return err == EMFILE || err == ENFILE || err == ENOBUFS || err == ENOMEM;
}
constexpr double kAcceptRetrySeconds = 0.1;

// The task that accepts a server's connections (upvalues: server, handler)
// and spawns serve_connection(handler, stream) for each.
int accept_loop(ThreadState& L) {
  NClosure* self = L.ci->func->as_nclosure();
  const Value server_value = self->upvalues[0];
  Server& server = *reinterpret_cast<Server*>(server_value.as_userdata()->data);
  Loop& loop = *Loop::of(L);
  bool reported = false;  // the current shortage of resources
  for (;;) {
    if (server.fd < 0) return 0;
    sockaddr_storage peer;
    socklen_t len = sizeof peer;
    const int fd =
        accept4(server.fd, reinterpret_cast<sockaddr*>(&peer), &len, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) {
      const int err = errno;
      if (err == EINTR || err == ECONNABORTED) continue;
      if (err == EAGAIN || err == EWOULDBLOCK) {
        loop.wait_fd(L, server.cookie, false);
        continue;
      }
      if (!out_of_resources(err)) L.error("accept: %s", error_text(err).c_str());
      if (!reported) {
        fprintf(stderr,
                "gilvm: loop: server on port %d cannot accept a connection (%s); trying again\n",
                server.port, error_text(err).c_str());
        fflush(stderr);
        reported = true;
      }
      loop.sleep(L, kAcceptRetrySeconds);
      continue;
    }
    reported = false;
    const int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    char host[INET6_ADDRSTRLEN] = "?";
    int port = 0;
    if (peer.ss_family == AF_INET) {
      auto* in = reinterpret_cast<sockaddr_in*>(&peer);
      inet_ntop(AF_INET, &in->sin_addr, host, sizeof host);
      port = ntohs(in->sin_port);
    } else if (peer.ss_family == AF_INET6) {
      auto* in6 = reinterpret_cast<sockaddr_in6*>(&peer);
      inet_ntop(AF_INET6, &in6->sin6_addr, host, sizeof host);
      port = ntohs(in6->sin6_port);
    }
    const Value handler = self->upvalues[1];
    L.push(Value::native(serve_connection));
    L.push(handler);
    push_stream(L, loop, fd, true, std::string(host) + ":" + std::to_string(port))->limit =
        server.limit;
    loop.spawn(L, 2, handler.tag == Tag::LClosure ? handler.as_lclosure()->proto : nullptr);
    L.top--;
  }
}

// loop.listen(host, port, handler[, {limit = bytes}]) -> server
int loop_listen(ThreadState& L) {
  const char* host = L.check_string(1)->c_str();
  const int64_t port = L.check_integer(2);
  const Value handler = L.arg(3);
  if (!handler.is_function() && L.metamethod(handler, TM::Call).is_nil())
    L.type_error(3, "function");
  const size_t limit = opt_limit(L, 4);
  Loop* loop = Loop::of(L);
  if (!loop) L.error("loop.listen: no loop is running on this thread (start one with loop.run)");
  const std::string where = std::string(host) + ":" + std::to_string(port);
  sockaddr_storage addr;
  socklen_t len;
  std::string error;
  if (!resolve(L, host, port, &addr, &len, &error))
    L.error("cannot listen on %s: %s", where.c_str(), error.c_str());
  Server* server = push_native<Server>(L, kServerType);
  server->loop = loop->mailbox();
  server->limit = limit;
  server->fd = new_socket(addr.ss_family);
  if (server->fd < 0) L.error("cannot listen on %s: %s", where.c_str(), error_text(errno).c_str());
  const int one = 1;
  setsockopt(server->fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (bind(server->fd, reinterpret_cast<sockaddr*>(&addr), len) != 0 ||
      listen(server->fd, SOMAXCONN) != 0)
    L.error("cannot listen on %s: %s", where.c_str(), error_text(errno).c_str());
  sockaddr_storage bound;
  socklen_t bound_len = sizeof bound;
  getsockname(server->fd, reinterpret_cast<sockaddr*>(&bound), &bound_len);
  server->port = bound.ss_family == AF_INET6
                     ? ntohs(reinterpret_cast<sockaddr_in6*>(&bound)->sin6_port)
                     : ntohs(reinterpret_cast<sockaddr_in*>(&bound)->sin_port);
  server->cookie = loop->new_cookie();
  if (!loop->watch(server->fd, server->cookie))
    L.error("cannot listen on %s: %s", where.c_str(), error_text(errno).c_str());
  const Value server_value = L.top[-1];
  NClosure* acceptor = L.interp.new_nclosure(accept_loop, "accept", 2);
  acceptor->upvalues[0] = server_value;
  acceptor->upvalues[1] = handler;
  L.push(Value::nclosure(acceptor));
  Task& t = loop->spawn(L, 0);
  server->accept_task = t.key;
  L.top--;  // the accept task's handle; the task table keeps it
  return 1;
}

Server& check_server(ThreadState& L) {
  return *check_native<Server>(L, 1, kServerType);
}

int server_port(ThreadState& L) {
  L.push(Value::integer(check_server(L).port));
  return 1;
}

// server:close(): stops accepting; connections already made go on (their
// handlers' tasks end them).
int server_close(ThreadState& L) {
  Server& server = check_server(L);
  if (server.fd < 0) return 0;
  Loop* loop = own_loop_or_ended(L, server.loop, "server:close");
  if (loop) loop->release_fd(server.cookie);
  ::close(server.fd);
  server.fd = -1;
  if (loop)
    if (Task* t = loop->find(server.accept_task)) loop->cancel(*t);
  return 0;
}

// loop.pipe([{limit = bytes}]) -> reader, writer: the two ends of an OS pipe
// as streams.
int loop_pipe(ThreadState& L) {
  const size_t limit = opt_limit(L, 1);
  Loop* loop = Loop::of(L);
  if (!loop) L.error("loop.pipe: no loop is running on this thread (start one with loop.run)");
  int fds[2];
  if (pipe2(fds, O_NONBLOCK | O_CLOEXEC) != 0)
    L.error("cannot make a pipe: %s", error_text(errno).c_str());
  Stream* r = push_stream(L, *loop, fds[0], false, "pipe (read end)");
  r->writable = false;
  r->limit = limit;
  Stream* w = push_stream(L, *loop, fds[1], false, "pipe (write end)");
  w->readable = false;
  return 2;
}

}  // namespace

void open_stream_lib(Interpreter& I, Table* module) {
  I.set_functions(module,
                  {{"connect", loop_connect}, {"listen", loop_listen}, {"pipe", loop_pipe}});
  Table* stream = new_native_type(I, kStreamType,
                                  {{"read", stream_read},
                                   {"readline", stream_readline},
                                   {"write", stream_write},
                                   {"close", stream_close}});
  I.set_function(stream, "__tostring", stream_tostring);
  new_native_type(I, kServerType, {{"port", server_port}, {"close", server_close}});
}

}  // namespace gilvm::loop
