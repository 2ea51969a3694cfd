// future.h — one result that will arrive: the future every part of the
// event-loop layer shares. A task's result, a thread pool's job, a worker
// process's reply are all a Future.
//
// A future has two halves:
//  - FutureState, the thread-safe core: its status, the callbacks to run when
//    it completes, a condition variable to block on, and (for results that
//    come from another interpreter) the marshalled bytes. Whoever completes
//    it may be any thread: a pool worker, the loop, a pipe reader.
//  - the Lua handle, a userdata of type "future" (or "task", which adds
//    cancel) holding a shared_ptr to the state, whose user value is the
//    result table, written under the GIL by the completer just before it
//    completes the state: {n = count, ...values} or {error = value}.
//
// Completion protocol: the completer (attached) writes the result table,
// then calls complete(); complete() flips the status under the state's
// mutex, wakes threads blocked in result(), and then, outside the mutex,
// runs the callbacks registered until then (an awaiting task's callback
// posts to its loop's mailbox). A callback added after completion runs at
// once in add_callback. Readers look at the result table only after they
// have seen the status done, and only attached, so the GIL (or, in the
// free-threaded build, the status's release/acquire) orders the two.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "api.h"
#include "reactor.h"

namespace gilvm::loop {

class FutureState {
 public:
  enum class Status : uint8_t { kPending, kDone, kFailed, kCancelled };

  Status status() const { return status_.load(std::memory_order_acquire); }
  bool done() const { return status() != Status::kPending; }

  // Completes the future (false if it was complete already), wakes blocked
  // waiters and runs the callbacks.
  bool complete(Status s);
  // Runs cb (once) when the future completes: now, here, if it has. Returns
  // an id for remove_callback, or 0 when it ran at once.
  uint64_t add_callback(std::function<void()> cb);
  void remove_callback(uint64_t id);

  // Blocks the calling thread, which must be detached, until the future
  // completes or `timeout` seconds pass (< 0: no limit). Watches for Ctrl-C
  // on the main thread. Returns done().
  bool wait_detached(ThreadState& L, double timeout);

  // The traceback of a failure, when one was captured where it happened.
  std::string traceback;
  // Results that travel as bytes (from another interpreter), decoded into the
  // result table by the first reader.
  std::string payload;
  // Under the GIL: someone took the result (await, result(), gather), so a
  // failure has been seen and need not be reported.
  bool retrieved = false;
  // Set by a pool when it starts the job: from then on cancel() fails.
  std::atomic<bool> running{false};

 private:
  std::atomic<Status> status_{Status::kPending};
  std::mutex mutex_;
  std::condition_variable cv_;
  std::vector<std::pair<uint64_t, std::function<void()>>> callbacks_;  // under mutex_
  uint64_t next_callback_ = 1;                                         // under mutex_
};

// --- the Lua handles ---

extern const char* const kFutureType;  // "future"
extern const char* const kTaskType;    // "task"

struct FutureRef {
  std::shared_ptr<FutureState> state;
  // A task's: its loop's mailbox and id, for cancel() from any thread.
  std::shared_ptr<Mailbox> mailbox;
  uint64_t task_id = 0;
  std::string name;  // "task 3 (script.lua:12)", for messages
};

// Pushes a new handle of type `type` for `state`.
FutureRef* push_future(ThreadState& L, const char* type, std::shared_ptr<FutureState> state);
// The handle at argument i (a future or a task), or nullptr.
FutureRef* to_future(ThreadState& L, int i);

// Under the GIL, before completing: stores the results (the n values from
// `values`) or the error in the result table of `handle`.
void set_results(ThreadState& L, const Value& handle, const Value* values, int n);
void set_error(ThreadState& L, const Value& handle, const Value& error);

// A message handler for running the work of the future `handle` under
// xpcall: it keeps the error as it is and records the traceback of where it
// happened in the future's state.
NClosure* new_traceback_handler(ThreadState& L, const Value& handle);

// Pushes the results of a completed future, or raises its error: a string
// error gets the traceback of where it happened appended, as a joined
// thread's does. Marks the result retrieved.
int push_results(ThreadState& L, const Value& handle);

// Registers the future and task types (their metatables) in I.
void open_future_types(Interpreter& I);

}  // namespace gilvm::loop
