// future.h — one result that will arrive: the future every part of the
// event-loop layer shares. A task's result, a thread pool's job, a worker
// process's reply are all a Future.
//
// A future has two halves:
//  - FutureState, the thread-safe core: its status, the loops to tell when it
//    completes, a condition variable to block on, and (for results that
//    come from another interpreter) the marshalled bytes. Whoever completes
//    it may be any thread: a pool worker, the loop, a pipe reader.
//  - the Lua handle, a userdata of type "future" (or "task") holding a
//    shared_ptr to the state. Its user value holds the outcome, written
//    under the GIL by the completer just before it completes the state: the
//    one result itself, a table of them when there are none or several
//    (their number is in the state), or the error value.
//
// Completion protocol: the completer (attached) stores the outcome, then
// calls complete(); complete() flips the status under the state's mutex,
// wakes threads blocked in result(), and then, outside the mutex, posts the
// waiters' messages to their loops' mailboxes. A waiter added after
// completion is refused (add_waiter returns 0) and the caller goes on at
// once. Readers look at the outcome only after they have seen the status
// done, and only attached, so the status's release/acquire orders the two
// (in the GIL build the GIL does too).
//
// Readers are many and may run at once: tasks of several loops, and threads
// in result(), may take one future's outcome on several OS threads, and in
// the free-threaded build no GIL serialises them. So a reader writes nothing
// but two things made for it:
//  - `retrieved`, an atomic flag any reader sets, which the task's loop
//    reads to decide whether a failure went unseen;
//  - the decoding of a payload. An outcome that arrives as bytes (from a
//    worker process or a subinterpreter, which cannot touch this
//    interpreter's objects) is stored by the completer without the GIL
//    (set_payload, before complete()). The first reader decodes it into the
//    user value under the state's mutex (decode_payload_once); the others
//    wait for that on the mutex, and `payload_pending_` (cleared with
//    release after the decoding) lets every later reader skip the mutex.
//    Decoding runs no Lua code and reaches no safe point, so a reader
//    waiting on the mutex never holds up a collection that the decoder needs.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "interp/core/api.h"
#include "loop/reactor.h"

namespace gilvm::loop {

class FutureState {
 public:
  enum class Status : uint8_t { kPending, kDone, kFailed, kCancelled };

  Status status() const { return status_.load(std::memory_order_acquire); }
  bool done() const { return status() != Status::kPending; }

  // Completes the future (false if it was complete already), wakes blocked
  // threads and posts the waiters' messages.
  bool complete(Status s);
  // Posts `message` to `mailbox` when the future completes. Returns an id
  // for remove_waiter, or 0 if the future is complete already.
  uint64_t add_waiter(std::shared_ptr<Mailbox> mailbox, uint64_t message);
  void remove_waiter(uint64_t id);

  // Blocks the calling thread, which must be detached, until the future
  // completes or `timeout` seconds pass (< 0: no limit). Watches for Ctrl-C
  // on the main thread. Returns done().
  bool wait_detached(ThreadState& L, double timeout);

  // How many results a done future has (its user value is the one result
  // when there is exactly one, else a table of them).
  int nresults = 0;
  // The traceback of a failure, when one was captured where it happened.
  std::string traceback;
  // Someone took the result (await, result(), gather), so a failure has
  // been seen and need not be reported. Any reader, on any thread, sets it.
  std::atomic<bool> retrieved{false};
  // Set by a pool when it starts the job: from then on cancel() fails.
  std::atomic<bool> running{false};

  // For the completer, before complete(): the outcome as bytes, made by
  // marshal::encode (the results) or, for a failure, marshal::encode_error
  // (the error and its traceback).
  void set_payload(std::string bytes) {
    payload_ = std::move(bytes);
    payload_pending_.store(true, std::memory_order_relaxed);  // complete() publishes it
  }
  // For readers of a done future: runs decode(payload) once, whichever
  // reader comes first; the others return after it has finished.
  template <class Decode>
  void decode_payload_once(Decode decode) {
    if (!payload_pending_.load(std::memory_order_acquire)) return;
    std::lock_guard lock(mutex_);
    if (!payload_pending_.load(std::memory_order_relaxed)) return;
    decode(std::string_view(payload_));
    std::string().swap(payload_);
    payload_pending_.store(false, std::memory_order_release);
  }

 private:
  struct Waiter {
    uint64_t id;
    std::shared_ptr<Mailbox> mailbox;
    uint64_t message;
  };
  std::atomic<Status> status_{Status::kPending};
  std::string payload_;  // see set_payload; under mutex_ once the future is done
  std::atomic<bool> payload_pending_{false};
  std::mutex mutex_;
  std::condition_variable cv_;
  // Under mutex_: the waiters; most futures have at most one, kept inline.
  Waiter first_waiter_{0, nullptr, 0};
  std::vector<Waiter> more_waiters_;
  uint64_t next_waiter_ = 1;
};

// --- the Lua handles ---

extern const char* const kFutureType;  // "future"
extern const char* const kTaskType;    // "task"

struct FutureRef {
  std::shared_ptr<FutureState> state;
  // A task's: its loop's mailbox and its key there, for cancel() from any
  // thread, and its number, for its name.
  std::shared_ptr<Mailbox> mailbox;
  uint64_t task_key = 0;
  uint64_t task_number = 0;
  // What made it, for messages: "thread pool job", "process pool job", ...
  const char* origin = "future";
};

// Pushes a new handle of type `type` (kFutureType or kTaskType, or their
// metatable) for `state`.
FutureRef* push_future(ThreadState& L, const char* type, std::shared_ptr<FutureState> state);
FutureRef* push_future(ThreadState& L, Table* type, std::shared_ptr<FutureState> state);
// The handle at argument i (a future or a task), or nullptr.
FutureRef* to_future(ThreadState& L, int i);
inline FutureRef* future_of(const Value& handle) {
  return reinterpret_cast<FutureRef*>(handle.as_userdata()->data);
}

// Under the GIL, before completing: stores the results (the n values from
// `values`) or the error as the outcome of `handle`.
void set_results(ThreadState& L, const Value& handle, const Value* values, int n);
void set_error(ThreadState& L, const Value& handle, const Value& error);

// Cancels the future `handle` (future:cancel): a job not started yet is
// cancelled (true); one running or done is not (false). A task is asked to
// stop at its next await (true unless it is done or its loop has ended).
bool cancel_future(ThreadState& L, const Value& handle);

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
