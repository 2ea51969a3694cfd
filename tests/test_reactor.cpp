// Unit tests of the event loop's reactor (loop/reactor.h) without Lua:
// timers, descriptors, and the mailbox that wakes a sleeping loop from
// another thread. Timings are checked only for "not early"; "not late" has
// generous bounds, since the machine may be loaded.
#include <catch2/catch.hpp>

#include <sys/epoll.h>
#include <time.h>
#include <unistd.h>

#include <atomic>
#include <thread>

#include "loop/reactor.h"

using gilvm::loop::Mailbox;
using gilvm::loop::monotonic_ns;
using gilvm::loop::Reactor;

namespace {

constexpr int64_t kMs = 1000000;

// busy_ns: how much of a wait that ends at a timer is polled (before_sleep's answer).
void poll(Reactor& r, int64_t max_wait, Reactor::Events& out, int* sleeps = nullptr,
          int64_t busy_ns = 0) {
  r.poll(
      max_wait, out,
      [&] {
        if (sleeps) ++*sleeps;
        return busy_ns;
      },
      [] {});
}

int64_t thread_cpu_ns() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return int64_t(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

}  // namespace

TEST_CASE("timers fire in deadline order, equal deadlines in the order set", "[loop]") {
  Reactor r;
  const int64_t now = monotonic_ns();
  r.add_timer(now + 3 * kMs, 3);
  r.add_timer(now + 1 * kMs, 1);
  r.add_timer(now + 2 * kMs, 20);
  r.add_timer(now + 2 * kMs, 21);
  r.add_timer(now + 2 * kMs, 22);
  std::vector<uint64_t> fired;
  Reactor::Events ev;
  while (fired.size() < 5) {
    ev.clear();
    poll(r, -1, ev);
    for (auto& t : ev.timers) {
      CHECK(monotonic_ns() >= t.deadline_ns);  // never early
      fired.push_back(t.cookie);
    }
  }
  CHECK(fired == std::vector<uint64_t>{1, 20, 21, 22, 3});
  CHECK(!r.has_timers());
}

TEST_CASE("stale timers are popped from the front or dropped in bulk; the rest keep their order",
          "[loop]") {
  Reactor r;
  const int64_t now = monotonic_ns();
  for (uint64_t cookie = 1; cookie <= 100; cookie++)
    r.add_timer(now + int64_t(cookie % 10) * kMs, cookie);
  CHECK(r.timer_count() == 100);
  r.drop_timers([](uint64_t cookie) { return cookie % 4 != 0; });  // keeps 4, 8, ..., 100
  CHECK(r.timer_count() == 25);
  CHECK(r.next_timer_cookie() == 20);  // 20, 40, ... are due first (cookie % 10 == 0)
  r.pop_timer();
  CHECK(r.next_timer_cookie() == 40);
  std::vector<uint64_t> fired;
  Reactor::Events ev;
  while (r.has_timers()) {
    ev.clear();
    poll(r, -1, ev);
    for (auto& t : ev.timers) fired.push_back(t.cookie);
  }
  REQUIRE(fired.size() == 24);
  CHECK(fired[0] == 40);
  for (size_t i = 1; i < fired.size(); i++) {
    // by deadline (cookie % 10), then in the order set (cookie)
    const uint64_t a = fired[i - 1], b = fired[i];
    CHECK((a % 10 < b % 10 || (a % 10 == b % 10 && a < b)));
  }
}

TEST_CASE("a poll waits for the next timer, to sub-millisecond precision", "[loop]") {
  Reactor r;
  const int64_t start = monotonic_ns();
  r.add_timer(start + kMs / 2, 7);  // half a millisecond: epoll_wait would round it to 1 ms
  Reactor::Events ev;
  while (ev.timers.empty()) poll(r, -1, ev);
  const int64_t waited = monotonic_ns() - start;
  CHECK(waited >= kMs / 2);
  CHECK(waited < 500 * kMs);
}

TEST_CASE("a descriptor is reported when it becomes ready", "[loop]") {
  Reactor r;
  int fds[2];
  REQUIRE(pipe(fds) == 0);
  REQUIRE(r.watch(fds[0], 42));
  Reactor::Events ev;
  poll(r, 0, ev);
  CHECK(ev.ready.empty());
  std::thread writer([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    REQUIRE(write(fds[1], "x", 1) == 1);
  });
  while (ev.ready.empty()) poll(r, -1, ev);
  writer.join();
  REQUIRE(ev.ready.size() == 1);
  CHECK(ev.ready[0].cookie == 42);
  CHECK((ev.ready[0].events & EPOLLIN) != 0);
  r.unwatch(fds[0]);
  close(fds[0]);
  close(fds[1]);
}

TEST_CASE("a message from another thread wakes a sleeping loop", "[loop]") {
  Reactor r;
  std::shared_ptr<Mailbox> box = r.mailbox();
  std::atomic<bool> asleep{false};
  std::thread poster([&] {
    while (!asleep.load()) std::this_thread::yield();
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    CHECK(box->post(11));
    CHECK(box->post(12));
  });
  Reactor::Events ev;
  const int64_t start = monotonic_ns();
  while (ev.messages.size() < 2) {
    r.poll(
        -1, ev,
        [&] {
          asleep = true;
          return int64_t(0);
        },
        [] {});
  }
  poster.join();
  CHECK(ev.messages == std::vector<uint64_t>{11, 12});
  CHECK(monotonic_ns() - start < 10000 * kMs);
}

TEST_CASE("messages posted while the loop is busy are taken without sleeping", "[loop]") {
  Reactor r;
  for (uint64_t m = 1; m <= 100; m++) CHECK(r.mailbox()->post(m));
  Reactor::Events ev;
  int sleeps = 0;
  poll(r, -1, ev, &sleeps);
  CHECK(sleeps == 0);
  CHECK(ev.messages.size() == 100);
}

TEST_CASE("many threads post while the loop sleeps and wakes: nothing is lost", "[loop]") {
  Reactor r;
  constexpr int kThreads = 4, kEach = 2000;
  std::vector<std::thread> posters;
  for (int t = 0; t < kThreads; t++)
    posters.emplace_back([&, t] {
      for (int i = 0; i < kEach; i++) r.mailbox()->post(uint64_t(t * kEach + i));
    });
  std::vector<bool> seen(kThreads * kEach, false);
  size_t count = 0;
  Reactor::Events ev;
  while (count < seen.size()) {
    ev.clear();
    poll(r, 50 * kMs, ev);
    for (uint64_t m : ev.messages) {
      CHECK(!seen[m]);
      seen[m] = true;
      count++;
    }
  }
  for (auto& p : posters) p.join();
  CHECK(count == seen.size());
}

TEST_CASE("a mailbox outliving its loop drops messages", "[loop]") {
  std::shared_ptr<Mailbox> box;
  {
    Reactor r;
    box = r.mailbox();
    CHECK(box->post(1));
  }
  CHECK(!box->post(2));
}

// Busy polling (loop.busy_poll): the last busy_ns of a wait that ends at a
// timer are spent asking epoll without blocking, and busy_polls() counts
// the waits that did. How much CPU the polling burns is the scheduler's
// business on a loaded machine, so the tests count polls. (A timer due
// before the poll even begins is not waited for at all: the timer here is
// far enough away that only a thread stalled for that long would see it.)
TEST_CASE("the end of a wait for a timer is polled, not slept", "[loop]") {
  Reactor r;
  const int64_t start = monotonic_ns();
  r.add_timer(start + 300 * kMs, 1);
  Reactor::Events ev;
  while (ev.timers.empty()) poll(r, -1, ev, nullptr, 250 * kMs);
  CHECK(monotonic_ns() - start >= 300 * kMs);  // not early
  CHECK(r.busy_polls() >= 1);
}

TEST_CASE("a wait that ends at no timer is slept even with a busy window", "[loop]") {
  Reactor r;
  r.add_timer(monotonic_ns() + 10000 * kMs, 1);  // far beyond the wait: the wait ends at max_wait
  Reactor::Events ev;
  const int64_t cpu = thread_cpu_ns();
  poll(r, 40 * kMs, ev, nullptr, 40 * kMs);
  CHECK(ev.timers.empty());
  CHECK(r.busy_polls() == 0);
  CHECK(thread_cpu_ns() - cpu < 10 * kMs);  // a sleeping thread burns (next to) nothing
}

TEST_CASE("descriptors and messages end a busy poll", "[loop]") {
  Reactor r;
  int fds[2];
  REQUIRE(pipe(fds) == 0);
  REQUIRE(r.watch(fds[0], 42));
  const int64_t start = monotonic_ns();
  r.add_timer(start + 10000 * kMs, 1);  // the whole wait is polled: it would take 10 s
  std::thread other([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    REQUIRE(write(fds[1], "x", 1) == 1);
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    CHECK(r.mailbox()->post(7));
  });
  Reactor::Events ev;
  while (ev.ready.empty() || ev.messages.empty()) poll(r, -1, ev, nullptr, 10000 * kMs);
  other.join();
  CHECK(ev.ready[0].cookie == 42);
  CHECK(ev.messages == std::vector<uint64_t>{7});
  CHECK(ev.timers.empty());
  CHECK(monotonic_ns() - start < 5000 * kMs);
  r.unwatch(fds[0]);
  close(fds[0]);
  close(fds[1]);
}
