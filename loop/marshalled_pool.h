// marshalled_pool.h — the pools whose jobs run in other interpreters:
// executor.processes (worker processes, process_pool.cpp) and
// executor.interpreters (subinterpreters in this process,
// subinterpreters.cpp). Nothing but bytes passes between the caller's
// interpreter and the one that runs a job, so both pools have one shape.
//
// The protocol. submit() marshals the function and its arguments under the
// caller's GIL, so that a value that cannot travel (or a call too large for
// the pool's messages) fails there, named and located; makes the job's
// future; and puts the Job (its id, its
// FutureState, the marshalled call) on the pool's queue under the pool's
// mutex. It wakes a runner, and starts one if more jobs are queued than
// runners are idle and the pool has fewer runners than its size (as
// CPython's executors start workers on demand).
//
// A runner is a thread of this process that owns one other interpreter: a
// worker process it talks to over a socket, or a subinterpreter it runs.
// It takes jobs from the queue one at a time (take_job), marking each one
// running, after which cancel() fails; a job cancelled while it was queued
// is dropped there. It has the job run in its interpreter and stores the
// reply, the marshalled results or the marshalled error and traceback, in
// the future's `payload`, then completes the future as done or failed. A
// runner never touches the caller's objects: the first reader of the
// future decodes the payload under the caller's GIL (future.h). Failures
// that no Lua code raised (a worker that died) are payloads too, made by
// marshal::encode_error_text.
//
// shutdown() closes the queue: runners finish the jobs queued, end their
// interpreters and exit. With wait, the caller waits for that (detached)
// and joins them. At exit, the executor module shuts every pool down
// (waiting) before the program waits for its threads.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "loop/executor.h"

namespace gilvm::loop {

class MarshalledPool : public Executor, public std::enable_shared_from_this<MarshalledPool> {
 public:
  // `origin` names the pool's futures in messages ("process pool job").
  // A call that marshals to more than max_call_bytes is refused at submit.
  MarshalledPool(int max_runners, uint64_t number, const char* origin,
                 size_t max_call_bytes = SIZE_MAX);
  ~MarshalledPool() override;

  void submit(ThreadState& L, const Value& self, int nargs) override;
  void shutdown(ThreadState& L, bool wait) override;
  bool is_shut_down() const override;

 protected:
  struct Job {
    uint64_t id = 0;
    std::shared_ptr<FutureState> future;
    std::string call;  // the marshalled function and arguments
  };

  // For a runner: the next job, marked running; false once the pool has
  // shut down and nothing is left in the queue. A runner whose thread is an
  // interpreter's (a subinterpreter) passes that interpreter's state, so
  // that it waits for work detached, leaving the GIL to threads of its own.
  bool take_job(Job* job, ThreadState* detach_while_waiting);
  // The runner thread's work, from its start until take_job says stop;
  // `index` numbers the runners of a pool from 0.
  virtual void run_runner(int index) = 0;

  // Completes a job with its reply; `failed` says the reply is an error.
  static void complete(Job& job, std::string reply, bool failed);
  // Fails a job with the string error `message` that no Lua code raised.
  static void fail(Job& job, std::string_view message);

  int max_runners() const { return max_runners_; }
  uint64_t number() const { return number_; }

 private:
  static void runner_main(std::shared_ptr<MarshalledPool> pool, int index);
  void start_runner(ThreadState& L);

  mutable std::mutex mutex_;
  std::condition_variable work_;      // a job was queued, or the pool shut down
  std::condition_variable finished_;  // a runner exited
  std::deque<Job> queue_;             // under mutex_
  bool shut_down_ = false;            // under mutex_
  int runners_ = 0;                   // under mutex_: started and not exited
  int idle_ = 0;                      // under mutex_: waiting in take_job
  uint64_t next_job_ = 1;             // under mutex_
  std::vector<std::thread> threads_;  // under mutex_
  const int max_runners_;
  const uint64_t number_;
  const char* const origin_;
  const size_t max_call_bytes_;
};

// The most workers a pool of either kind has; asking for more gives this many.
constexpr int kMaxPoolSize = 1024;

// How a process pool starts a worker: `program` (the running program
// itself, by default) with argv[0] `name`, then `args`, then the parent's
// process id. Tests start other programs to play a broken worker.
struct WorkerCommand {
  std::string program = "/proc/self/exe";
  std::string name = "gilvm";
  std::vector<std::string> args = {"--worker"};
};

// Push new pools of at most `size` worker processes / subinterpreters.
void push_process_pool(ThreadState& L, int size, const WorkerCommand& command = {});
void push_interpreter_pool(ThreadState& L, int size);

// executor.processes([n]) and executor.interpreters([n]); n defaults to the
// number of usable cores.
int executor_processes(ThreadState& L);
int executor_interpreters(ThreadState& L);

}  // namespace gilvm::loop
