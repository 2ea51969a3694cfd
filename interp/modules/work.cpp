// modules/work.cpp — the `work` module: native workloads for experiments.
//
//   work.hold_gil(s)    CPU work in native code that keeps the GIL (CPython's
//                       big-integer pow): every other thread stalls
//   work.release_gil(s) CPU work that releases it (hashlib on a big buffer)
//   work.io(s)          a blocking wait that releases it (a socket read)
//   work.echo()         a connection to an echo peer over a socketpair, for
//                       request/response round trips (the convoy effect);
//                       the peer is a native thread that never takes the GIL,
//                       like a server in another process.
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <thread>

#include "interp/core/native.h"
#include "interp/modules/modules.h"

namespace gilvm {

namespace {

constexpr const char* kEchoType = "work.echo";

int work_hold_gil(ThreadState& L) {
  spin_cpu(check_seconds(L, 1));
  return 0;
}

int work_release_gil(ThreadState& L) {
  const double s = check_seconds(L, 1);
  {
    AllowThreads detached(L, gil::Wake::kCpu);
    spin_cpu(s);
  }
  L.check_interrupt();
  return 0;
}

int work_io(ThreadState& L) {
  sleep_released(L, check_seconds(L, 1));
  return 0;
}

// --- the echo peer ----------------------------------------------------------------

// close() only shuts the socket down: a thread blocked in recv on it wakes
// with end-of-file, and the peer sees end-of-file and returns. The descriptor
// itself stays open until the collector frees the connection, which cannot
// happen while any thread is inside send or recv (the connection is on its
// stack), so no thread ever uses a closed or reused descriptor number.
struct Echo {
  int fd = -1;  // our end; constant until the destructor
  std::thread peer;
  std::atomic<bool> closed{false};

  ~Echo() {
    shut();
    if (peer.joinable()) peer.join();
    if (fd >= 0) ::close(fd);
  }
  void shut() {
    if (!closed.exchange(true) && fd >= 0) ::shutdown(fd, SHUT_RDWR);
  }
};

void echo_peer(int fd) {
  char buf[65536];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    for (ssize_t off = 0; off < n;) {
      // MSG_NOSIGNAL: a connection closed before reading its replies must
      // not kill the process with SIGPIPE.
      ssize_t w = ::send(fd, buf + off, size_t(n - off), MSG_NOSIGNAL);
      if (w < 0 && errno == EINTR) continue;
      if (w <= 0) {
        ::close(fd);
        return;
      }
      off += w;
    }
  }
  ::close(fd);
}

int work_echo(ThreadState& L) {
  int fds[2];
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0)
    L.error("cannot create a socketpair: %s", strerror(errno));
  Echo* e = push_native<Echo>(L, kEchoType);
  e->fd = fds[0];
  e->peer = std::thread(echo_peer, fds[1]);
  return 1;
}

Echo& check_echo(ThreadState& L) {
  Echo& e = *check_native<Echo>(L, 1, kEchoType);
  if (e.closed) L.error("the echo connection is closed");
  return e;
}

int echo_send(ThreadState& L) {
  Echo& e = check_echo(L);
  // Detached code touches no VM object: send a copy.
  const std::string msg(L.check_string(2)->view());
  const char* p = msg.data();
  size_t left = msg.size();
  int err = 0;
  {
    // Like socket.send in CPython: the GIL is released around the call.
    AllowThreads detached(L);
    while (left > 0) {
      ssize_t w = ::send(e.fd, p, left, MSG_NOSIGNAL);
      if (w < 0 && errno == EINTR) continue;
      if (w < 0) {
        err = errno;
        break;
      }
      p += w;
      left -= size_t(w);
    }
  }
  if (err && e.closed) L.error("the echo connection is closed");
  if (err) L.error("send failed: %s", strerror(err));
  return 0;
}

int echo_recv(ThreadState& L) {
  Echo& e = check_echo(L);
  const int64_t max = L.opt_integer(2, 65536);
  if (max <= 0) L.arg_error(2, "size must be positive");
  std::string buf(size_t(max), '\0');
  ssize_t n;
  int err = 0;
  {
    AllowThreads detached(L);
    do n = ::recv(e.fd, buf.data(), buf.size(), 0);
    while (n < 0 && errno == EINTR);
    if (n < 0) err = errno;
  }
  if (err && e.closed) L.error("the echo connection is closed");
  if (err) L.error("recv failed: %s", strerror(err));
  if (n == 0) {
    L.push(Value());
    return 1;
  }
  L.push_string(std::string_view(buf.data(), size_t(n)));
  return 1;
}

int echo_close(ThreadState& L) {
  check_native<Echo>(L, 1, kEchoType)->shut();
  return 0;
}

}  // namespace

void open_work_lib(Interpreter& I) {
  I.new_module("work", {{"hold_gil", work_hold_gil},
                        {"release_gil", work_release_gil},
                        {"io", work_io},
                        {"echo", work_echo}});
  new_native_type(I, kEchoType, {{"send", echo_send}, {"recv", echo_recv}, {"close", echo_close}});
}

}  // namespace gilvm
