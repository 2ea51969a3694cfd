// loop.h — the event loop: asyncio's model on gilvm's fibers. One loop per
// OS thread that runs loop.run; its tasks are coroutines (interp/core/coroutine.h)
// marked as tasks, so `await` may suspend a task from any depth.
//
// The loop's protocol, told once:
//
//  - A task is in exactly one of these places: the ready queue, waiting (for
//    a timer, a descriptor or a future: `waiting` says which), running (the
//    one the loop resumed), or finished. Only the loop thread moves it, and
//    only while it holds the GIL.
//  - A wait is armed before the task suspends and carries a fresh token; a
//    wake-up (a timer firing, a descriptor becoming ready, a message from
//    another thread saying a future completed) makes the task ready only if
//    it still waits with that token, so late and duplicate wake-ups are
//    harmless. What a wait registered (its deadline timer, its place among a
//    descriptor's waiters, its place among a future's) is dropped by the
//    task itself when the wait ends, however it ends, so a loop's
//    bookkeeping is proportional to the waits in progress.
//  - Other threads never touch the loop: they post to its mailbox
//    (reactor.h), which wakes epoll. A future's completion callback posts
//    "task N, look at your future"; task:cancel() from anywhere posts
//    "cancel task N".
//  - The loop releases the GIL only inside epoll; it retakes it (as a
//    latency-sensitive thread, served first by the `priority` policy) before
//    it looks at what woke it. Timers are due by then, and how late each one
//    is, measured after the GIL is back, is the loop's lag.
//  - Cancelling asks: the task is made ready, and the await it was in (or
//    its next one) raises the error "cancelled" inside it. A task that has
//    not started is cancelled without running.
//  - Ctrl-C, as asyncio.run takes it: on the main thread it arrives as the
//    error "interrupted" in whatever runs. If that is the main task, the
//    error ends it and loop.run raises it. If it is another task (which then
//    fails with it) or the loop itself, waiting, the loop cancels the main
//    task instead, and loop.run raises "interrupted" once the main task has
//    ended cancelled. A second Ctrl-C before then is raised out of loop.run
//    at once: the tasks still live are cancelled without running again
//    (abandon), so that nothing that awaits them waits for ever.
//  - A task's failure is reported on stderr ("failed and nobody awaited
//    it", asyncio's "Task exception was never retrieved") if nobody took
//    it: when the task is collected, or when its loop ends if its handle is
//    still reachable then. The loop keeps no finished task alive: it
//    watches failed ones through weak pointers, pruned as they go.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "loop/future.h"
#include "loop/reactor.h"

namespace gilvm::loop {

// A histogram of lags in nanoseconds, precise to about 1.5%: enough for
// p50/p99 of millions of samples without keeping them.
class LagHistogram {
 public:
  void add(int64_t ns);
  int64_t percentile(double p) const;  // ns; 0 when empty
  int64_t max() const { return max_; }
  uint64_t count() const { return count_; }
  void reset();

 private:
  static size_t bucket_of(int64_t ns);
  static int64_t bucket_value(size_t b);
  std::vector<uint64_t> buckets_;
  uint64_t count_ = 0;
  int64_t max_ = 0;
};

// A task: its future (its handles share it, so it is one allocation with
// the loop's record of the task) and where it is in the loop.
struct Task : FutureState {
  enum class Waiting : uint8_t { kNothing, kTimer, kReadable, kWritable, kFuture };
  ~Task();             // reports a failure nobody took (see above)
  uint64_t id;         // 1, 2, 3...: its name
  uint64_t key;        // how the loop finds it (TaskTable), in messages too
  ThreadState* co;     // rooted by its handle,
  Value handle;        // itself rooted by the loop's task table
  const Proto* proto;  // of its function, for its name (nullptr for a native)
  uint32_t trace_label = 0;
  Waiting waiting = Waiting::kNothing;
  uint64_t token = 0;              // of the current wait
  uint64_t timer = 0;              // the cookie of the current wait's deadline, or 0
  FutureState* awaited = nullptr;  // with Waiting::kFuture
  uint64_t awaited_task = 0;       // ... the key of that future if it is a task of this loop
  uint64_t fd_cookie = 0;          // with Waiting::kReadable, kWritable
  bool timed_out = false;          // the wait's deadline passed first
  bool cancel_requested = false;
  bool queued = false;  // in the ready queue
  // A failure's report, printed by whoever finds it unretrieved last: the
  // loop at its end, or the destructor; cleared once printed.
  std::string failure_report;
};

// The loop's live tasks by key: a slot index and that slot's generation,
// so finding one is an index and a comparison, and a key of a task that has
// finished never finds the slot's next task.
class TaskTable {
 public:
  Task* find(uint64_t key) const {
    const uint64_t index = key & 0xffffffff;
    if (index >= slots_.size()) return nullptr;
    Task* t = slots_[index].get();
    return t && t->key == key ? t : nullptr;
  }
  const std::shared_ptr<Task>& owner(const Task& t) const { return slots_[t.key & 0xffffffff]; }
  // Gives t its key and keeps it.
  void add(std::shared_ptr<Task> t);
  void remove(const Task& t);
  bool empty() const { return count_ == 0; }
  size_t size() const { return count_; }
  template <class F>
  void for_each(F f) const {
    for (const auto& t : slots_)
      if (t) f(*t);
  }

 private:
  std::vector<std::shared_ptr<Task>> slots_;
  std::vector<uint32_t> generations_;
  std::vector<uint32_t> free_;
  size_t count_ = 0;
};

class Loop {
 public:
  // The loop of the OS thread L runs on, or nullptr.
  static Loop* of(ThreadState& L) { return static_cast<Loop*>(L.os->event_loop); }

  // L is the state running loop.run; `tasks` is a table on its stack that
  // roots the live tasks.
  Loop(ThreadState& L, Table* tasks);
  ~Loop();
  Loop(const Loop&) = delete;
  Loop& operator=(const Loop&) = delete;

  // Spawns fn(args...), the nargs + 1 values on top of L's stack (popped),
  // and pushes the task's handle. The task is named after fn's definition,
  // or after `named_after` when fn is a native that runs another function.
  Task& spawn(ThreadState& L, int nargs, const Proto* named_after = nullptr);
  // Runs until `main` finishes, then cancels what is left and runs it out.
  void run(Task& main);

  // --- for the running task (L runs inside one of this loop's tasks) ---
  Task& current(ThreadState& L);
  // Suspends the current task until the armed wait ends. deadline_ns >= 0
  // bounds it (then timed_out says whether the deadline came first).
  // Raises "cancelled" if the task was cancelled.
  void suspend(ThreadState& L, Task& t, int64_t deadline_ns = -1);
  void sleep(ThreadState& L, double seconds);
  // Lets every other ready task run once (loop.sleep(0)).
  void yield_now(ThreadState& L);
  // Waits until the future completes (or the deadline); false on timeout.
  // Raises instead of waiting for ever when the future is the task itself
  // or a task of this loop that (through others) awaits it.
  bool await(ThreadState& L, const FutureRef& f, int64_t deadline_ns = -1);
  // Waits until fd (registered with watch) is readable / writable, or until
  // whoever owns it closes it (release_fd). Several tasks may wait on one
  // descriptor.
  void wait_fd(ThreadState& L, uint64_t cookie, bool writable);
  // Descriptors: the loop tells the tasks waiting on `cookie` when it is ready.
  bool watch(int fd, uint64_t cookie) { return reactor_.watch(fd, cookie); }
  // The descriptor is being closed: the tasks waiting on it are woken (and
  // find it closed).
  void release_fd(uint64_t cookie);
  uint64_t new_cookie() { return next_cookie_++; }

  Task* find(uint64_t key) { return live_.find(key); }
  void cancel(Task& t);
  // Ctrl-C cancelled the main task (see above): loop.run raises "interrupted".
  bool interrupted() const { return interrupted_; }
  const std::shared_ptr<Mailbox>& mailbox() const { return reactor_.mailbox(); }

  // What the loop holds now (loop.stats): live tasks, tasks ready to run,
  // timers set (stale ones included until they are dropped), descriptors
  // tasks wait on, and failed tasks still alive whose error nobody took.
  struct Stats {
    size_t tasks, ready, timers, descriptors, failed;
  };
  Stats stats() const;

  LagHistogram& lag() { return lag_; }
  Reactor& reactor() { return reactor_; }
  Table* tasks_table() const { return tasks_; }
  // loop.busy_poll: poll through the last `seconds` of every wait for a
  // timer; or (automatic, the default) busy_poll_window's rule.
  void set_busy_poll(double seconds) { busy_poll_ns_ = int64_t(seconds * 1e9); }
  void set_busy_poll_auto() { busy_poll_ns_ = kBusyPollAuto; }
  void set_debug(bool on, double slow_seconds) {
    debug_ = on;
    slow_ns_ = int64_t(slow_seconds * 1e9);
  }
  double now() const;  // seconds on the loop's clock (CLOCK_MONOTONIC)

 private:
  void make_ready(Task& t);
  void run_ready();    // each task ready now, once
  void step(Task& t);  // resumes t once
  void finish(Task& t, FutureState::Status status);
  void record_failure(Task& t, const Value& error);
  void poll(bool block);
  void handle_message(uint64_t message);
  void wake(uint64_t key, uint64_t token, bool timed_out);
  void end_wait(Task& t);  // drops what the wait registered
  void drop_timer(Task& t);
  // Ctrl-C reached the loop (or a task other than the main one): the
  // first cancels the main task; one after that is raised.
  void on_interrupt();
  // Raises if t awaiting `other` (a task of this loop) would wait for ever.
  void check_await_cycle(ThreadState& L, Task& t, Task& other);
  // The live tasks end cancelled without running again (the loop unwinds).
  void abandon();
  // "task 3 (script.lua:12)": its id and where its function was defined.
  std::string describe(Task& t);
  void report_slow_step(Task& t, int64_t ns);
  void report_unretrieved();

  ThreadState& L_;
  Table* tasks_;
  Table* task_type_;  // the tasks' metatable (rooted in the registry)
  Reactor reactor_;
  Reactor::Events events_;
  TaskTable live_;
  uint64_t main_key_ = 0;
  bool interrupted_ = false;
  // cookie -> the tasks waiting on that descriptor, in either direction
  std::unordered_map<uint64_t, std::vector<uint64_t>> fd_waiters_;
  std::unordered_map<uint64_t, std::pair<uint64_t, uint64_t>>
      timers_;                                 // timer cookie -> (task, token)
  std::vector<uint64_t> ready_;                // task keys
  std::vector<uint64_t> batch_;                // the ones run_ready is running
  std::vector<std::weak_ptr<Task>> failures_;  // failed tasks, to report if nobody took them
  size_t prune_failures_at_ = 64;              // failures_'s size at which the dead go
  uint64_t next_task_id_ = 1;
  uint64_t next_token_ = 1;
  uint64_t next_cookie_ = 1;
  LagHistogram lag_;
  bool debug_ = false;
  int64_t slow_ns_ = 100000000;
  long saved_timer_slack_ns_ = 0;
  int64_t last_fd_check_ns_ = 0;
  static constexpr int64_t kBusyPollAuto = -1;
  static constexpr int64_t kAutoBusyPollNs = 2000000;  // the automatic window: 2 ms
  int64_t busy_poll_ns_ = kBusyPollAuto;
  int64_t busy_poll_window() const;
};

// True for the error a cancelled task raises at its await: the string
// "cancelled".
bool is_cancellation(const Value& error);

// True when `f` is a task of the loop running on L's thread: blocking on it
// there would wait for ever.
bool is_own_loop_task(ThreadState& L, const FutureRef& f);

// Registers the loop module, the global `await` and the executor module.
void open_loop_libs(Interpreter& I);

}  // namespace gilvm::loop
