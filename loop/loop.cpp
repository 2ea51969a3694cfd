// loop.cpp — the scheduler: tasks, waits, wake-ups, cancellation, lag and
// debug reports (see loop.h for the protocol).
#include "loop/loop.h"

#include <sys/epoll.h>
#include <sys/prctl.h>

#include <cmath>
#include <cstdio>

#include "interp/core/api.h"
#include "interp/core/coroutine.h"
#include "interp/core/native.h"
#include "interp/modules/modules.h"

namespace gilvm::loop {

// --- lag histogram -------------------------------------------------------------

namespace {

constexpr int kSubBuckets = 64;  // per power of two: ~1.5% resolution
constexpr int kPowers = 40;      // up to 2^40 ns, 18 minutes

}  // namespace

size_t LagHistogram::bucket_of(int64_t ns) {
  if (ns < kSubBuckets) return size_t(ns < 0 ? 0 : ns);
  const int top = 63 - __builtin_clzll(uint64_t(ns));  // >= 6
  const int shift = top - 6;
  const size_t power = size_t(top - 5);
  const size_t sub = size_t((ns >> shift) - kSubBuckets);
  return std::min(power * kSubBuckets + sub, size_t(kPowers * kSubBuckets - 1));
}

int64_t LagHistogram::bucket_value(size_t b) {
  if (b < kSubBuckets) return int64_t(b);
  const int power = int(b / kSubBuckets);
  const int64_t sub = int64_t(b % kSubBuckets);
  return (kSubBuckets + sub) << (power - 1);
}

void LagHistogram::add(int64_t ns) {
  if (buckets_.empty()) buckets_.assign(size_t(kPowers * kSubBuckets), 0);
  buckets_[bucket_of(ns)]++;
  count_++;
  if (ns > max_) max_ = ns;
}

int64_t LagHistogram::percentile(double p) const {
  if (count_ == 0) return 0;
  const uint64_t rank = uint64_t(std::ceil(p / 100.0 * double(count_)));
  uint64_t seen = 0;
  for (size_t b = 0; b < buckets_.size(); b++) {
    seen += buckets_[b];
    if (seen >= rank && buckets_[b] > 0) return std::min(bucket_value(b), max_);
  }
  return max_;
}

void LagHistogram::reset() {
  buckets_.clear();
  count_ = 0;
  max_ = 0;
}

// --- the task body ---------------------------------------------------------------

namespace {

// The message handler of a task's function: keeps the error as it is and
// records where it happened in the task's future.
int task_error_handler(ThreadState& L) {
  const Value err = L.arg(1);
  if (ThreadState* co = current_task(L))
    static_cast<Task*>(co->task)->traceback = error_report(L, err);
  L.push(err);
  return 1;
}

// A task's coroutine runs this with (handler, fn, args...): fn(args...)
// under the handler; an error goes on up as the coroutine's own.
int task_body(ThreadState& L) {
  Value* base = L.args();
  if (!L.xpcall(base + 1, kMultRet, base)) L.raise(base[1]);
  return int(L.top - (base + 1));
}

}  // namespace

// --- the loop ---------------------------------------------------------------------

Task::~Task() {
  if (!failure_report.empty() && !retrieved.load(std::memory_order_relaxed)) {
    fprintf(stderr, "gilvm: loop: %s\n", failure_report.c_str());
    fflush(stderr);
  }
}

Loop::Loop(ThreadState& L, Table* tasks)
    : L_(L), tasks_(tasks), task_type_(native_type(L.interp, kTaskType)) {
  L.os->event_loop = this;
  L.os->gil.latency_sensitive.store(true);
  // The kernel may fire a sleeping thread's timer up to its "timer slack"
  // late (50 µs by default) to batch wake-ups; a loop wants its timers on
  // time.
  saved_timer_slack_ns_ = prctl(PR_GET_TIMERSLACK, 0, 0, 0, 0);
  prctl(PR_SET_TIMERSLACK, 1, 0, 0, 0);
}

Loop::~Loop() {
  L_.os->event_loop = nullptr;
  L_.os->gil.latency_sensitive.store(false);
  if (saved_timer_slack_ns_ > 0) prctl(PR_SET_TIMERSLACK, saved_timer_slack_ns_, 0, 0, 0);
}

double Loop::now() const {
  return double(monotonic_ns()) * 1e-9;
}

Task& Loop::spawn(ThreadState& L, int nargs, const Proto* named_after) {
  Interpreter& I = L.interp;
  Value* fn = L.top - nargs - 1;
  auto owned = std::make_shared<Task>();
  Task& t = *owned;
  t.id = next_task_id_++;
  live_.add(owned);
  t.proto = fn->tag == Tag::LClosure ? fn->as_lclosure()->proto : named_after;
  t.co = I.new_coroutine(Value::native(task_body));
  make_task(*t.co, &t);
  // The handle's user value keeps the coroutine until the task finishes;
  // the function and its arguments wait on the coroutine's own stack.
  const Value co = Value::thread(t.co);
  FutureRef* ref = push_future(L, task_type_, owned);
  ref->mailbox = mailbox();
  ref->task_key = t.key;
  ref->task_number = t.id;
  const Value handle = L.top[-1];
  t.handle = handle;
  handle.as_userdata()->user_value = co;
  table_set_int(L, tasks_, int64_t(t.id), handle);
  // [fn args... handle] -> [handle]; the coroutine gets (handler, fn, args...).
  L.top--;
  L.ensure_stack(1);
  std::copy_backward(fn, L.top, L.top + 1);
  *fn = Value::native(task_error_handler);
  L.top++;
  preload(L, *t.co, nargs + 2);
  *fn = handle;
  L.top = fn + 1;
  if (I.gil.tracing()) t.trace_label = I.gil.trace_label(describe(t));
  make_ready(t);
  return t;
}

std::string Loop::describe(Task& t) {
  std::string name = "task " + std::to_string(t.id);
  if (const Proto* p = t.proto) {
    std::string src = p->source ? std::string(p->source->view()) : "?";
    if (!src.empty() && (src[0] == '@' || src[0] == '=')) src = src.substr(1);
    name += " (" + src + ":" + std::to_string(p->line_defined) + ")";
  }
  return name;
}

void TaskTable::add(std::shared_ptr<Task> t) {
  uint32_t index;
  if (!free_.empty()) {
    index = free_.back();
    free_.pop_back();
  } else {
    index = uint32_t(slots_.size());
    slots_.emplace_back();
    generations_.push_back(0);
  }
  const uint32_t generation = (generations_[index] + 1) & 0x7fffffff;  // keys fit in 63 bits
  generations_[index] = generation;
  t->key = uint64_t(generation) << 32 | index;
  slots_[index] = std::move(t);
  count_++;
}

void TaskTable::remove(const Task& t) {
  const uint32_t index = uint32_t(t.key & 0xffffffff);
  slots_[index].reset();
  free_.push_back(index);
  count_--;
}

Task& Loop::current(ThreadState& L) {
  ThreadState* co = current_task(L);
  if (!co || !find(static_cast<Task*>(co->task)->key))
    L.error("await outside a task (only code run by loop.run or loop.spawn can await)");
  return *static_cast<Task*>(co->task);
}

void Loop::make_ready(Task& t) {
  if (t.queued) return;
  t.queued = true;
  ready_.push_back(t.key);
}

void Loop::run_ready() {
  // The tasks ready now run once each; those they make ready run in the next
  // iteration, after the loop has looked at timers and descriptors. A task
  // may finish (or be cancelled) before its turn: hence ids, looked up.
  batch_.clear();
  batch_.swap(ready_);
  for (uint64_t key : batch_)
    if (Task* t = find(key)) t->queued = false;
  for (uint64_t key : batch_)
    if (Task* t = find(key)) step(*t);
}

void Loop::step(Task& t) {
  ThreadState& L = L_;
  const Value handle = t.handle;
  const uint64_t interrupts = L.os->interrupts;
  const gil::Ticks begin = gil::now();
  int n = 0;
  const ResumeResult r = resume_task(L, *t.co, 0, &n);
  const gil::Ticks end = gil::now();
  L.interp.gil.trace_loop(L.os->gil, gil::TraceEvent::kTaskStep, begin, end, t.trace_label);
  if (debug_) {
    const int64_t ns = int64_t(gil::to_seconds(end - begin) * 1e9);
    if (ns > slow_ns_) report_slow_step(t, ns);
  }
  switch (r) {
    case ResumeResult::kAwaiting: return;
    case ResumeResult::kReturned:
      set_results(L, handle, L.top - n, n);
      L.top -= n;
      finish(t, FutureState::Status::kDone);
      return;
    case ResumeResult::kYielded:  // tasks cannot yield; never happens
    case ResumeResult::kFailed: {
      const Value err = L.top[-1];
      // Ctrl-C ended a task other than the main one: it is the main task
      // that the interrupt is for (see loop.h).
      const bool interrupted = L.os->interrupts != interrupts && t.key != main_key_;
      FutureState::Status status = FutureState::Status::kFailed;
      if (t.cancel_requested || is_cancellation(err) || interrupted)
        status = FutureState::Status::kCancelled;
      else
        record_failure(t, err);
      set_error(L, handle, err);
      L.top -= n;
      finish(t, status);
      if (interrupted) on_interrupt();
      return;
    }
  }
}

void Loop::record_failure(Task& t, const Value& error) {
  t.failure_report =
      describe(t) + " failed and nobody awaited it: " +
      (t.traceback.empty() ? std::string(L_.to_display_string(error)->view()) : t.traceback);
  if (failures_.size() >= prune_failures_at_) {
    std::erase_if(failures_, [](const std::weak_ptr<Task>& w) { return w.expired(); });
    prune_failures_at_ = std::max<size_t>(64, 2 * failures_.size());
  }
  failures_.push_back(std::static_pointer_cast<Task>(live_.owner(t)));
}

void Loop::finish(Task& t, FutureState::Status status) {
  ThreadState& L = L_;
  const Value handle = t.handle;
  const uint64_t id = t.id;
  std::shared_ptr<FutureState> future = live_.owner(t);  // the handles keep it
  table_set_int(L, tasks_, int64_t(id), Value());
  live_.remove(t);  // t is no longer the loop's
  L.push(handle);   // rooted while waiters look at its results
  future->complete(status);
  L.top--;
}

void Loop::cancel(Task& t) {
  if (t.done()) return;
  if (!started(*t.co)) {
    // Not started: it ends without running.
    t.cancel_requested = true;
    ThreadState& L = L_;
    const Value handle = t.handle;
    set_error(L, handle, Value::string(L.interp.intern("cancelled")));
    finish(t, FutureState::Status::kCancelled);
    return;
  }
  t.cancel_requested = true;
  if (t.waiting != Task::Waiting::kNothing) {
    t.waiting = Task::Waiting::kNothing;
    make_ready(t);
  }
}

void Loop::suspend(ThreadState& L, Task& t, int64_t deadline_ns) {
  if (t.cancel_requested) {
    t.cancel_requested = false;
    t.waiting = Task::Waiting::kNothing;
    L.raise(Value::string(L.interp.intern("cancelled")));
  }
  t.token = next_token_++;
  t.timed_out = false;
  if (deadline_ns >= 0) {
    t.timer = new_cookie();
    timers_[t.timer] = {t.key, t.token};
    reactor_.add_timer(deadline_ns, t.timer);
  }
  suspend_task(L);
  drop_timer(t);
  if (t.cancel_requested) {
    t.cancel_requested = false;
    L.raise(Value::string(L.interp.intern("cancelled")));
  }
}

void Loop::drop_timer(Task& t) {
  if (t.timer == 0) return;
  timers_.erase(t.timer);
  t.timer = 0;
  // Stale timers go in bulk once they outnumber the live ones (reactor.h).
  if (reactor_.timer_count() > 2 * timers_.size() + 64)
    reactor_.drop_timers([&](uint64_t cookie) { return !timers_.contains(cookie); });
}

void Loop::sleep(ThreadState& L, double seconds) {
  Task& t = current(L);
  if (!(seconds > 0)) {
    yield_now(L);
    return;
  }
  t.waiting = Task::Waiting::kTimer;
  suspend(L, t, monotonic_ns() + int64_t(std::min(seconds, 1e9) * 1e9));
}

void Loop::yield_now(ThreadState& L) {
  Task& t = current(L);
  make_ready(t);
  t.waiting = Task::Waiting::kNothing;
  suspend(L, t);
}

void Loop::check_await_cycle(ThreadState& L, Task& t, Task& other) {
  if (&other == &t) L.error("await: a task cannot await itself (%s)", describe(t).c_str());
  // Follow what `other` awaits, and what that awaits, among this loop's
  // tasks: a chain that comes back to t would never end. A chain without
  // t cannot loop, since each of its links passed this check when it was
  // made; the bound is for safety only.
  std::string chain = "task " + std::to_string(t.id) + " awaits task " + std::to_string(other.id);
  Task* link = &other;
  for (size_t steps = 0; steps < live_.size(); steps++) {
    if (link->waiting != Task::Waiting::kFuture || link->awaited_task == 0) return;
    link = find(link->awaited_task);
    if (!link) return;
    chain += ", which awaits task " + std::to_string(link->id);
    if (link == &t) L.error("await: cycle of tasks that would wait for ever (%s)", chain.c_str());
  }
}

bool Loop::await(ThreadState& L, const FutureRef& f, int64_t deadline_ns) {
  Task& t = current(L);
  Task* other = f.task_key != 0 && f.mailbox == mailbox() ? find(f.task_key) : nullptr;
  if (other) check_await_cycle(L, t, *other);
  FutureState& state = *f.state;
  const uint64_t waiter = state.add_waiter(mailbox(), t.key << 1);
  if (waiter == 0) return true;  // complete already
  t.waiting = Task::Waiting::kFuture;
  t.awaited = &state;
  t.awaited_task = other ? other->key : 0;
  try {
    suspend(L, t, deadline_ns);
  } catch (const LuaError&) {
    state.remove_waiter(waiter);
    t.awaited = nullptr;
    t.awaited_task = 0;
    throw;
  }
  state.remove_waiter(waiter);
  t.awaited = nullptr;
  t.awaited_task = 0;
  return state.done();
}

void Loop::wait_fd(ThreadState& L, uint64_t cookie, bool writable) {
  Task& t = current(L);
  std::vector<uint64_t>& waiters = fd_waiters_[cookie];
  waiters.push_back(t.key);
  t.waiting = writable ? Task::Waiting::kWritable : Task::Waiting::kReadable;
  t.fd_cookie = cookie;
  auto leave = [&] {
    auto it = fd_waiters_.find(cookie);
    if (it == fd_waiters_.end()) return;  // released
    std::erase(it->second, t.key);
    if (it->second.empty()) fd_waiters_.erase(it);
  };
  try {
    suspend(L, t);
  } catch (const LuaError&) {
    leave();
    throw;
  }
  leave();
}

void Loop::release_fd(uint64_t cookie) {
  auto it = fd_waiters_.find(cookie);
  if (it == fd_waiters_.end()) return;
  for (uint64_t key : it->second) {
    Task* t = find(key);
    if (t && t->fd_cookie == cookie &&
        (t->waiting == Task::Waiting::kReadable || t->waiting == Task::Waiting::kWritable))
      wake(key, t->token, false);
  }
  fd_waiters_.erase(it);
}

void Loop::wake(uint64_t key, uint64_t token, bool timed_out) {
  Task* t = find(key);
  if (!t || t->waiting == Task::Waiting::kNothing || t->token != token) return;
  t->waiting = Task::Waiting::kNothing;
  t->timed_out = timed_out;
  make_ready(*t);
}

void Loop::handle_message(uint64_t message) {
  Task* t = find(message >> 1);
  if (!t) return;
  if (message & 1) {
    cancel(*t);
  } else if (t->waiting == Task::Waiting::kFuture && t->awaited && t->awaited->done()) {
    wake(t->key, t->token, false);
  }
}

// How much of a wait for a timer the loop spends polling instead of
// sleeping, asked just after it has released the GIL. Unless the script
// chose (loop.busy_poll), the loop polls the last 2 ms under the `priority`
// policy while another thread holds the GIL: that thread keeps one core busy
// and the GIL keeps every other Lua thread of this interpreter off the rest,
// so the core the loop keeps would idle anyway. In exchange its timers fire
// without a wake-up, which a busy kernel may delay until its next tick (4 ms
// at HZ=250; docs/event-loop.md). Otherwise, like asyncio, it sleeps.
int64_t Loop::busy_poll_window() const {
  if (busy_poll_ns_ != kBusyPollAuto) return busy_poll_ns_;
  gil::Gil& gil = L_.interp.gil;
  const bool gil_busy = gil.enabled() && gil.policy().favours_latency() && gil.policy().held();
  return gil_busy ? kAutoBusyPollNs : 0;
}

void Loop::poll(bool block) {
  ThreadState& L = L_;
  // A stale timer at the front would end the wait for nothing.
  while (reactor_.has_timers() && !timers_.contains(reactor_.next_timer_cookie()))
    reactor_.pop_timer();
  int64_t max_wait = block && ready_.empty() ? -1 : 0;
  // The main thread wakes every 50 ms to notice Ctrl-C.
  if (L.is_main() && (max_wait < 0 || max_wait > 50000000)) max_wait = 50000000;
  events_.clear();
  gil::Gil& gil = L.interp.gil;
  // A busy loop (tasks ready) asks epoll about descriptors every 50 µs at
  // most: the system call costs more than a task switch.
  const int64_t before = monotonic_ns();
  const bool check_fds = max_wait != 0 || before - last_fd_check_ns_ >= 50000;
  if (check_fds) last_fd_check_ns_ = before;
  reactor_.poll(
      max_wait, events_,
      [&] {
        gil.detach(L.os->gil);
        return busy_poll_window();
      },
      [&] { gil.attach(L.os->gil, gil::Wake::kBlocking); }, check_fds);
  if (L.interrupt_pending()) {
    L.interp.eval_breaker.clear(gil::EvalBreaker::kInterrupt);
    on_interrupt();
  }
  const int64_t now = events_.timers.empty() ? before : monotonic_ns();
  for (const Reactor::Timer& timer : events_.timers) {
    lag_.add(now - timer.deadline_ns);
    auto it = timers_.find(timer.cookie);
    if (it == timers_.end()) continue;
    const auto [task, token] = it->second;
    timers_.erase(it);
    wake(task, token, true);
  }
  for (const Reactor::Ready& r : events_.ready) {
    auto it = fd_waiters_.find(r.cookie);
    if (it == fd_waiters_.end()) continue;
    const uint32_t failed = EPOLLERR | EPOLLHUP;
    const bool readable = r.events & (EPOLLIN | EPOLLRDHUP | failed);
    const bool writable = r.events & (EPOLLOUT | failed);
    for (uint64_t key : it->second) {
      Task* t = find(key);
      if (!t || t->fd_cookie != r.cookie) continue;
      if ((t->waiting == Task::Waiting::kReadable && readable) ||
          (t->waiting == Task::Waiting::kWritable && writable))
        wake(key, t->token, false);
    }
  }
  for (uint64_t m : events_.messages) handle_message(m);
}

void Loop::run(Task& main) {
  std::shared_ptr<FutureState> main_future = live_.owner(main);
  main_key_ = main.key;
  gil::Gil& gil = L_.interp.gil;
  auto iterate = [&](auto done) {
    while (!done()) {
      const gil::Ticks begin = gil::now();
      run_ready();
      if (!done()) poll(true);
      gil.trace_loop(L_.os->gil, gil::TraceEvent::kLoopIteration, begin, gil::now());
    }
  };
  try {
    iterate([&] { return main_future->done(); });
    // The main task is done: cancel what is left and let it finish.
    std::vector<uint64_t> left;
    live_.for_each([&](Task& t) { left.push_back(t.key); });
    for (uint64_t key : left)
      if (Task* t = find(key)) cancel(*t);
    iterate([&] { return live_.empty(); });
  } catch (const LuaError&) {
    abandon();
    throw;
  }
  report_unretrieved();
}

void Loop::on_interrupt() {
  Task* main = find(main_key_);
  if (interrupted_ || !main) L_.error("interrupted");
  interrupted_ = true;
  cancel(*main);
}

void Loop::abandon() {
  ThreadState& L = L_;
  std::vector<uint64_t> left;
  live_.for_each([&](Task& t) { left.push_back(t.key); });
  for (uint64_t key : left) {
    if (Task* t = find(key)) {
      t->retrieved.store(true, std::memory_order_relaxed);
      set_error(L, t->handle, Value::string(L.interp.intern("cancelled")));
      finish(*t, FutureState::Status::kCancelled);
    }
  }
}

Loop::Stats Loop::stats() const {
  size_t failed = 0;
  for (const std::weak_ptr<Task>& w : failures_)
    if (std::shared_ptr<Task> t = w.lock(); t && !t->retrieved.load(std::memory_order_relaxed))
      failed++;
  return {live_.size(), ready_.size(), reactor_.timer_count(), fd_waiters_.size(), failed};
}

void Loop::report_slow_step(Task& t, int64_t ns) {
  std::string where = "finished";
  if (!t.done() && t.co->ci) {
    const std::string w = t.co->where(1);
    where = w.empty() ? "in native code" : "now at " + w.substr(0, w.size() - 2);
  }
  fprintf(stderr, "gilvm: loop: %s took %.3f s in one step (%s)\n", describe(t).c_str(),
          double(ns) * 1e-9, where.c_str());
  fflush(stderr);
}

void Loop::report_unretrieved() {
  for (const std::weak_ptr<Task>& w : failures_) {
    std::shared_ptr<Task> t = w.lock();
    if (!t || t->retrieved.load(std::memory_order_relaxed)) continue;
    fprintf(stderr, "gilvm: loop: %s\n", t->failure_report.c_str());
    t->failure_report.clear();
  }
  fflush(stderr);
  failures_.clear();
}

bool is_cancellation(const Value& error) {
  return error.tag == Tag::String && error.as_string()->view() == "cancelled";
}

bool is_own_loop_task(ThreadState& L, const FutureRef& f) {
  Loop* loop = Loop::of(L);
  return loop && f.task_key != 0 && f.mailbox == loop->mailbox();
}

}  // namespace gilvm::loop
