// lib_loop.cpp — the `loop` module and the global `await` (API.md): running
// a loop, spawning and awaiting tasks, sleeping, gathering, timeouts,
// handing work to thread pools, and the loop's lag and debug mode.
#include "interp/core/native.h"
#include "interp/lib/lib.h"
#include "loop/executor.h"
#include "loop/loop.h"

namespace gilvm::loop {

void open_stream_lib(Interpreter& I, Table* module);  // stream.cpp

namespace {

Loop& running_loop(ThreadState& L, const char* what) {
  Loop* loop = Loop::of(L);
  if (!loop) L.error("%s: no loop is running on this thread (start one with loop.run)", what);
  return *loop;
}

void check_callable(ThreadState& L, int i) {
  const Value f = L.arg(i);
  if (!f.is_function() && L.metamethod(f, TM::Call).is_nil()) L.type_error(i, "function");
}

FutureRef& check_awaitable(ThreadState& L, int i) {
  FutureRef* f = to_future(L, i);
  if (!f) L.type_error(i, "task or future");
  return *f;
}

// The loop's default thread pool (loop.to_thread), made on first use and
// kept in the loop's task table so that it stays rooted.
Value default_executor(ThreadState& L, Loop& loop) {
  String* key = L.interp.intern("default executor");
  const Value ex = table_get_str(loop.tasks_table(), key);
  if (!ex.is_nil()) return ex;
  push_thread_pool(L, default_thread_pool_size());
  const Value pool = L.top[-1];
  table_set_str(L, loop.tasks_table(), key, pool);
  L.top--;
  return pool;
}

// loop.run(fn, ...) -> fn's results: a new loop on this thread with fn as its
// main task, until that finishes; then the other tasks are cancelled and run
// out, failures nobody awaited are reported, the default pool is shut down
// (waiting for its jobs, unless Ctrl-C came). A main task cancelled by
// Ctrl-C (loop.h) makes it raise "interrupted".
int loop_run(ThreadState& L) {
  check_callable(L, 1);
  if (Loop::of(L)) L.error("loop.run: a loop is already running on this thread");
  const int nargs = L.nargs() - 1;
  Table* tasks = L.interp.new_table();
  L.push(Value::table(tasks));
  L.ensure_stack(nargs + 1);
  for (int j = 1; j <= nargs + 1; j++) L.push(L.arg(j));
  Value main;
  bool interrupted;
  {
    Loop loop(L, tasks);
    Task& first = loop.spawn(L, nargs);
    first.retrieved.store(true);  // loop.run hands its result back itself
    main = L.top[-1];
    loop.run(first);
    // After Ctrl-C the program is on its way out: no waiting for jobs.
    interrupted = loop.interrupted();
    const Value pool = table_get_str(tasks, L.interp.intern("default executor"));
    if (!pool.is_nil()) to_executor(pool)->shutdown(L, !interrupted);
  }
  if (interrupted && future_of(main)->state->status() == FutureState::Status::kCancelled)
    L.error("interrupted");
  return push_results(L, main);
}

// loop.spawn(fn, ...) -> task
int loop_spawn(ThreadState& L) {
  check_callable(L, 1);
  running_loop(L, "loop.spawn").spawn(L, L.nargs() - 1);
  return 1;
}

// await(x) -> the results of task or future x; suspends the current task
// until x completes, and raises x's error (with its traceback) if it failed.
int base_await(ThreadState& L) {
  FutureRef& f = check_awaitable(L, 1);
  Loop* loop = Loop::of(L);
  if (!loop) L.error("await outside a task (only code run by loop.run or loop.spawn can await)");
  loop->current(L);  // raises outside a task, even when x is done
  if (!f.state->done()) loop->await(L, f);
  return push_results(L, L.arg(1));
}

// loop.sleep(seconds)
int loop_sleep(ThreadState& L) {
  const double seconds = check_seconds(L, 1);
  running_loop(L, "loop.sleep").sleep(L, seconds);
  return 0;
}

// loop.now() -> seconds on the loop's clock (the monotonic clock)
int loop_now(ThreadState& L) {
  L.push(Value::number(double(monotonic_ns()) * 1e-9));
  return 1;
}

// Arguments from `first` on: functions become tasks, in place.
void spawn_functions(ThreadState& L, Loop& loop, int first) {
  for (int i = first; i <= L.nargs(); i++) {
    if (L.arg(i).is_function()) {
      L.push(L.arg(i));
      loop.spawn(L, 0);
      L.args()[i - 1] = L.top[-1];
      L.top--;
    }
  }
}

// Awaits the future at argument i; if the awaiting task is cancelled
// meanwhile, cancels the futures at arguments first..last (those of
// them not done) before the cancellation goes on, as asyncio's gather and
// wait_for pass their own cancellation on to what they wait for.
bool await_passing_on_cancellation(ThreadState& L, Loop& loop, int i, int first, int last,
                                   int64_t deadline_ns = -1) {
  try {
    return loop.await(L, *to_future(L, i), deadline_ns);
  } catch (const LuaError&) {
    if (is_cancellation(L.error_value))
      for (int j = first; j <= last; j++) cancel_future(L, L.arg(j));
    throw;
  }
}

// loop.gather(t1, t2, ...) -> {r1, r2, ...}: the first result of each task
// or future (functions are spawned as tasks first), in order; the first
// failure is raised, the others go on. Cancelling the gathering task
// cancels those not done.
int loop_gather(ThreadState& L) {
  Loop& loop = running_loop(L, "loop.gather");
  spawn_functions(L, loop, 1);
  const int n = L.nargs();
  for (int i = 1; i <= n; i++) check_awaitable(L, i);
  Table* results = L.interp.new_table(uint32_t(n), 0);
  L.push(Value::table(results));
  for (int i = 1; i <= n; i++) {
    if (!to_future(L, i)->state->done()) await_passing_on_cancellation(L, loop, i, 1, n);
    Value* mark = L.top;
    const int k = push_results(L, L.arg(i));
    table_set_int(L, results, i, k > 0 ? *mark : Value());
    L.top = mark;
  }
  return 1;
}

// loop.wait_for(x, timeout) -> x's results; if the timeout passes first, x
// (a task, or a pool job not started) is cancelled and, once it has
// finished, the error "timeout" is raised. Cancelling the waiting task
// cancels x too.
int loop_wait_for(ThreadState& L) {
  Loop& loop = running_loop(L, "loop.wait_for");
  spawn_functions(L, loop, 1);
  FutureRef& f = check_awaitable(L, 1);
  const double timeout = check_seconds(L, 2);
  const int64_t deadline = monotonic_ns() + int64_t(std::min(timeout, 1e9) * 1e9);
  if (!await_passing_on_cancellation(L, loop, 1, 1, 1, deadline)) {
    // A task is asked to stop and awaited; a job is cancelled if it has not
    // started, else left to run.
    if (cancel_future(L, L.arg(1)) && f.task_key != 0) loop.await(L, f);
    f.state->retrieved.store(true);
    L.raise(Value::string(L.interp.intern("timeout")));
  }
  return push_results(L, L.arg(1));
}

// loop.to_thread(fn, ...) -> future: fn(...) in the loop's default pool.
int loop_to_thread(ThreadState& L) {
  check_callable(L, 1);
  Loop& loop = running_loop(L, "loop.to_thread");
  const Value pool = default_executor(L, loop);
  to_executor(pool)->submit(L, pool, L.nargs() - 1);
  return 1;
}

// loop.run_in_executor(ex, fn, ...) -> future
int loop_run_in_executor(ThreadState& L) {
  Executor& ex = check_executor(L, 1);
  check_callable(L, 2);
  const Value self = L.arg(1);
  ex.submit(L, self, L.nargs() - 2);
  return 1;
}

// loop.lag([reset]) -> {p50, p99, max, samples, polled}: how late the loop's
// timers fired, in seconds, since the loop started (or the last reset), and
// how many of its waits it ended busy polling (loop.busy_poll).
int loop_lag(ThreadState& L) {
  Loop& loop = running_loop(L, "loop.lag");
  const bool reset = L.arg(1).is_truthy();
  LagHistogram& h = loop.lag();
  Interpreter& I = L.interp;
  Table* t = I.new_table(0, 5);
  L.push(Value::table(t));
  table_set_str(L, t, I.intern("p50"), Value::number(double(h.percentile(50)) * 1e-9));
  table_set_str(L, t, I.intern("p99"), Value::number(double(h.percentile(99)) * 1e-9));
  table_set_str(L, t, I.intern("max"), Value::number(double(h.max()) * 1e-9));
  table_set_str(L, t, I.intern("samples"), Value::integer(int64_t(h.count())));
  table_set_str(L, t, I.intern("polled"), Value::integer(int64_t(loop.reactor().busy_polls())));
  if (reset) {
    h.reset();
    loop.reactor().reset_busy_polls();
  }
  return 1;
}

// loop.stats() -> {tasks, ready, timers, descriptors, failed}: what the
// running loop holds now (Loop::stats).
int loop_stats(ThreadState& L) {
  const Loop::Stats stats = running_loop(L, "loop.stats").stats();
  Interpreter& I = L.interp;
  Table* t = I.new_table(0, 5);
  L.push(Value::table(t));
  table_set_str(L, t, I.intern("tasks"), Value::integer(int64_t(stats.tasks)));
  table_set_str(L, t, I.intern("ready"), Value::integer(int64_t(stats.ready)));
  table_set_str(L, t, I.intern("timers"), Value::integer(int64_t(stats.timers)));
  table_set_str(L, t, I.intern("descriptors"), Value::integer(int64_t(stats.descriptors)));
  table_set_str(L, t, I.intern("failed"), Value::integer(int64_t(stats.failed)));
  return 1;
}

// loop.debug(on[, slow_seconds]): warn on stderr about task steps slower
// than slow_seconds (0.1 by default), naming the task and where it is.
int loop_debug(ThreadState& L) {
  Loop& loop = running_loop(L, "loop.debug");
  const double slow = L.opt_number(2, 0.1);
  if (!(slow >= 0)) L.arg_error(2, "slow_seconds must be non-negative");
  loop.set_debug(L.arg(1).is_truthy(), slow);
  return 0;
}

// loop.busy_poll(seconds | "auto"): the running loop spends the last
// `seconds` of every wait for a timer polling instead of sleeping (0: never).
// It keeps a core busy while it waits, and in exchange its timers fire
// without a wake-up the kernel may delay. "auto", the default, polls the
// last 2 ms under the `priority` policy while another thread holds the GIL
// (Loop::busy_poll_window; docs/event-loop.md).
int loop_busy_poll(ThreadState& L) {
  Loop& loop = running_loop(L, "loop.busy_poll");
  const Value v = L.arg(1);
  if (v.is_string() && v.as_string()->view() == "auto") {
    loop.set_busy_poll_auto();
    return 0;
  }
  if (!v.is_number()) L.type_error(1, "number or 'auto'");
  const double seconds = L.check_number(1);
  if (!(seconds >= 0 && seconds <= 1)) L.arg_error(1, "seconds must be between 0 and 1");
  loop.set_busy_poll(seconds);
  return 0;
}

}  // namespace

void open_loop_libs(Interpreter& I) {
  open_future_types(I);
  Table* module = I.new_module("loop", {{"run", loop_run},
                                        {"spawn", loop_spawn},
                                        {"sleep", loop_sleep},
                                        {"now", loop_now},
                                        {"gather", loop_gather},
                                        {"wait_for", loop_wait_for},
                                        {"to_thread", loop_to_thread},
                                        {"run_in_executor", loop_run_in_executor},
                                        {"lag", loop_lag},
                                        {"stats", loop_stats},
                                        {"debug", loop_debug},
                                        {"busy_poll", loop_busy_poll}});
  open_stream_lib(I, module);
  I.set_function(I.globals, "await", base_await);
  open_executor_lib(I);
}

}  // namespace gilvm::loop
