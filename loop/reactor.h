// reactor.h — what an event loop waits on: timers, file descriptors, and
// messages posted from other threads. No Lua here; loop.cpp schedules Lua
// tasks on top of it.
//
// One Reactor belongs to one loop thread. Its poll() blocks in epoll until a
// watched descriptor is ready, the earliest timer is due or another thread
// posts a message, and reports what happened. The parts:
//
//  - Timers: a binary heap of (deadline, sequence number), so equal
//    deadlines fire in the order they were set. A timer is not removed one
//    by one; whoever set it ignores a stale one (the loop compares its
//    cookie with what the task waits for now), pops a stale one that has
//    come to the front (so that it does not end a wait for nothing) and,
//    once stale ones outnumber the rest, has them dropped together
//    (drop_timers), so that a loop that ends many long waits early keeps a
//    heap the size of its live timers.
//  - Descriptors: registered once, edge-triggered for both directions. The
//    owner always tries the system call first and waits only after EAGAIN,
//    so no readiness is ever lost between an attempt and the wait.
//  - Messages: the cross-thread wake-up. post() appends to a queue under a
//    mutex and, if the loop thread is (about to be) asleep in epoll, writes
//    to an eventfd that epoll watches. The `sleeping` flag is set under the
//    same mutex just before epoll and cleared after it, and poll() looks at
//    the queue under the mutex before it sleeps, so a message posted at any
//    moment either is seen before the sleep or wakes it: no wake-up is lost,
//    and while the loop is busy, posting costs no system call. The loop
//    thread's own posts (a task finishing that another task awaits) skip the
//    mutex: they go on a queue only that thread touches.
//
// Times are CLOCK_MONOTONIC nanoseconds; epoll_pwait2 takes its timeout in
// nanoseconds too, so a 1 ms timer is not rounded to the next millisecond.
#pragma once

#include <pthread.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

namespace gilvm::loop {

int64_t monotonic_ns();

// The thread-safe half of a Reactor: other threads post messages through it.
// Shared, so that a late message for a loop that has ended goes nowhere.
class Mailbox {
 public:
  Mailbox();
  ~Mailbox();
  Mailbox(const Mailbox&) = delete;
  Mailbox& operator=(const Mailbox&) = delete;

  // From any thread. False (and dropped) once the loop has closed it.
  bool post(uint64_t message);
  // From any thread: whether the loop has ended.
  bool closed() const {
    std::lock_guard lock(mutex_);
    return closed_;
  }
  int eventfd() const { return eventfd_; }

 private:
  friend class Reactor;
  const pthread_t owner_;      // the loop thread
  std::vector<uint64_t> own_;  // its own posts: only it touches them
  bool owner_closed_ = false;  // closed, as the loop thread knows it
  mutable std::mutex mutex_;
  std::vector<uint64_t> queue_;  // under mutex_
  // Whether queue_ may be non-empty: set under mutex_ by post, so that a busy
  // loop can skip the mutex when nobody posted.
  std::atomic<bool> posted_{false};
  bool sleeping_ = false;  // under mutex_: the loop is in (or entering) epoll
  bool closed_ = false;    // under mutex_
  int eventfd_;
};

class Reactor {
 public:
  struct Timer {
    int64_t deadline_ns;
    uint64_t cookie;
  };
  struct Ready {
    uint64_t cookie;
    uint32_t events;  // EPOLLIN, EPOLLOUT, EPOLLERR, EPOLLHUP, EPOLLRDHUP
  };
  // What one poll() saw.
  struct Events {
    std::vector<Timer> timers;  // due, earliest first
    std::vector<Ready> ready;
    std::vector<uint64_t> messages;
    void clear() {
      timers.clear();
      ready.clear();
      messages.clear();
    }
  };

  Reactor();
  ~Reactor();  // closes the mailbox
  Reactor(const Reactor&) = delete;
  Reactor& operator=(const Reactor&) = delete;

  void add_timer(int64_t deadline_ns, uint64_t cookie);
  bool has_timers() const { return !heap_.empty(); }
  size_t timer_count() const { return heap_.size(); }
  uint64_t next_timer_cookie() const { return heap_.front().first.cookie; }  // when has_timers()
  void pop_timer();                                                          // the earliest
  // Removes every timer whose cookie `stale` says is no longer wanted.
  void drop_timers(const std::function<bool(uint64_t cookie)>& stale);
  int64_t next_deadline_ns() const;  // of the earliest timer; only when has_timers()

  // Edge-triggered interest in both directions; false with errno on failure.
  bool watch(int fd, uint64_t cookie);
  void unwatch(int fd);

  const std::shared_ptr<Mailbox>& mailbox() const { return mailbox_; }

  // Waits at most max_wait_ns (< 0: no limit but the timers; 0: not at all)
  // for something to happen, then appends it to `out`. `before_sleep` and
  // `after_sleep` run around the actual wait (the loop releases and retakes
  // the GIL there); they do not run when there is something to do already.
  // before_sleep returns how much of a wait that ends at a timer is to be
  // spent polling epoll without blocking rather than sleeping in it (0:
  // none): the thread keeps its CPU, so the timer fires without a wake-up
  // for the kernel to schedule (loop.busy_poll).
  // A poll that must not wait may skip asking epoll about descriptors
  // (check_fds false: a busy loop looks at them now and then, not every
  // iteration); timers and messages are always looked at.
  template <class Before, class After>
  void poll(int64_t max_wait_ns, Events& out, Before before_sleep, After after_sleep,
            bool check_fds = true);

  // Waits whose end was spent busy polling (loop.lag's `polled`).
  uint64_t busy_polls() const { return busy_polls_; }
  void reset_busy_polls() { busy_polls_ = 0; }

 private:
  bool take_messages(Events& out, bool going_to_sleep);  // under the mailbox's mutex
  // Sleeps in epoll for timeout_ns (< 0: no limit) but its last busy_ns,
  // which are spent polling.
  void wait_epoll(int64_t timeout_ns, int64_t busy_ns, Events& out);
  void collect_due_timers(Events& out);

  int epoll_fd_;
  std::shared_ptr<Mailbox> mailbox_;
  std::vector<std::pair<Timer, uint64_t>> heap_;  // (timer, sequence): a min-heap
  uint64_t next_sequence_ = 0;
  uint64_t busy_polls_ = 0;
};

template <class Before, class After>
void Reactor::poll(int64_t max_wait_ns, Events& out, Before before_sleep, After after_sleep,
                   bool check_fds) {
  int64_t timeout = max_wait_ns;
  bool ends_at_timer = false;
  if (!heap_.empty()) {
    const int64_t until_timer = std::max<int64_t>(0, next_deadline_ns() - monotonic_ns());
    ends_at_timer = timeout < 0 || until_timer <= timeout;
    if (ends_at_timer) timeout = until_timer;
  }
  const bool sleep = take_messages(out, timeout != 0);
  if (sleep) {
    const int64_t busy = before_sleep();
    wait_epoll(timeout, ends_at_timer ? busy : 0, out);
    after_sleep();
    take_messages(out, false);
  } else if (check_fds || timeout != 0) {
    wait_epoll(0, 0, out);
  }
  collect_due_timers(out);
}

}  // namespace gilvm::loop
