// executor.h — pools that run functions and hand back futures, behind one
// interface (concurrent.futures): submit, map, shutdown. executor.threads(n)
// is a pool of OS threads in this interpreter (sharing its GIL); the pools
// of worker processes and subinterpreters implement the same interface.
//
// The thread pool's protocol: submit() stores the job's function and
// arguments in the pool's job table (a Lua table, so they stay rooted while
// queued), puts the job's id on a queue under the pool's mutex and wakes a
// worker — starting one if none is idle and the pool is below its size, as
// CPython's ThreadPoolExecutor does. A worker waits for the queue detached
// (releasing the GIL), takes an id, attaches, takes the job out of the table,
// marks its future running (from then on cancel() fails), runs it under a
// message handler that captures the traceback, stores the results or the
// error in the future's result table and completes the future. shutdown()
// closes the queue: workers finish what is queued, then exit; with wait,
// the caller joins them (detached).
#pragma once

#include <sched.h>

#include <memory>
#include <vector>

#include "loop/future.h"

namespace gilvm::loop {

class Executor {
 public:
  virtual ~Executor() = default;
  virtual const char* kind() const = 0;  // "threads", "processes", "interpreters"
  // Queues fn(args...) — the nargs + 1 values on top of L's stack, popped —
  // and pushes its future. `self` is the executor's Lua value.
  virtual void submit(ThreadState& L, const Value& self, int nargs) = 0;
  // No more submissions; with wait, returns when every queued job has run.
  virtual void shutdown(ThreadState& L, bool wait) = 0;
  virtual bool is_shut_down() const = 0;
  // The process ids of the pool's live worker processes (ex:pids()); none
  // for pools that run in this process.
  virtual std::vector<int> worker_pids() const { return {}; }
};

// Pushes a new pool of at most `workers` OS threads running in L's
// interpreter, under the Linux scheduling policy `sched_policy` (SCHED_OTHER,
// SCHED_BATCH or SCHED_IDLE).
void push_thread_pool(ThreadState& L, int workers, int sched_policy = SCHED_OTHER);

// Pushes the Lua value of a new pool and registers the pool, so that the
// program's exit waits for its work (open_executor_lib).
void push_executor(ThreadState& L, std::shared_ptr<Executor> pool);
// A number for the next pool of L's interpreter, for naming its threads.
uint64_t next_pool_number(Interpreter& I);

// The executor at argument i, or a "bad argument" error.
Executor& check_executor(ThreadState& L, int i);
// The executor an executor value holds (the value must be one).
Executor* to_executor(const Value& v);

// CPython's default size for a thread pool: min(32, cores + 4).
int default_thread_pool_size();

// Registers the executor module and type; shuts every pool down (waiting)
// before the interpreter's host waits for its threads at exit.
void open_executor_lib(Interpreter& I);

}  // namespace gilvm::loop
