// subinterpreters.cpp — executor.interpreters: jobs run in subinterpreters,
// other interpreters in this process, each with its own heap and its own
// GIL (the model of CPython's PEP 684). The queue and its runners are
// marshalled_pool.h's.
//
// A runner and its subinterpreter. Each runner thread makes an Interpreter
// of its own, on itself, for its first job: the runner is that
// interpreter's main thread and holds its GIL, under the default policy,
// and the interpreter has the program's libraries (the standard ones and
// loop/'s). The runner runs a little nicer than the program's own threads
// (kWorkerNiceness, worker.h), as worker processes do. Its jobs run one after the other on that
// thread, with globals that persist from one job to the next, like a worker process's. Nothing of
// one interpreter is reachable from another: a job's function and arguments arrive as bytes and are
// decoded into the subinterpreter's heap; its results leave as bytes, decoded into the caller's
// heap by the reader of the future. Two subinterpreters run Lua code on two cores at once; their
// GILs never meet.
//
// Ending. When the pool shuts down, the runner waits (as the program does
// at exit) for the threads its jobs started in the subinterpreter, which
// also shuts down any pools they made there; then it destroys the
// interpreter, and its heap with it.
//
// What all interpreters of a process share anyway, each safe as it is: the
// pool of fiber stacks (coroutine.cpp; locked), the clock's calibration
// (gil/clock.cpp; an atomic), the C library's standard streams (stdio locks
// each write; two interpreters printing at once may interleave within a
// line, as two threads may), the
// process's environment, working directory and locale (os.setlocale in one
// interpreter changes number formatting in all, as in CPython), and, of
// course, os.exit, which ends the process.
#include "interp/core/api.h"
#include "interp/modules/modules.h"
#include "loop/loop.h"
#include "loop/marshalled_pool.h"
#include "loop/worker.h"

namespace gilvm::loop {

namespace {

class InterpreterPool final : public MarshalledPool {
 public:
  InterpreterPool(int size, uint64_t number)
      : MarshalledPool(size, number, "interpreter pool job") {}

  const char* kind() const override { return "interpreters"; }

 private:
  void run_runner(int index) override;
};

void InterpreterPool::run_runner(int index) {
  lower_worker_priority();
  Interpreter interp;  // attached: this thread holds its GIL
  open_loop_libs(interp);
  ThreadState& L = interp.main_thread();
  L.os->gil.name = "pool " + std::to_string(number()) + " interpreter " + std::to_string(index + 1);
  Job job;
  while (take_job(&job, &L)) {
    bool failed = false;
    std::string reply = run_marshalled_call(L, job.call, &failed);
    complete(job, std::move(reply), failed);
    job = Job();
  }
  thread_join_all(L);
}

}  // namespace

void push_interpreter_pool(ThreadState& L, int size) {
  push_executor(L, std::make_shared<InterpreterPool>(size, next_pool_number(L.interp)));
}

int executor_interpreters(ThreadState& L) {
  const int64_t n = L.opt_integer(1, usable_cpu_count());
  if (n < 1) L.arg_error(1, "number of workers must be at least 1");
  push_interpreter_pool(L, int(std::min<int64_t>(n, kMaxPoolSize)));
  return 1;
}

}  // namespace gilvm::loop
