// gilvm/guards.h — the two scope guards that move a host thread between
// running Lua code and running without the interpreter.
//
// AllowThreads: the attached thread lets go of the interpreter (in the GIL
// build, releases the GIL) for the scope, so that other threads run Lua code
// while it blocks or computes; it takes it back at the end. The analog of
// Py_BEGIN_ALLOW_THREADS / Py_END_ALLOW_THREADS.
//
//   {
//     gilvm::embed::AllowThreads released(lua);
//     auto frame = camera.wait_for_frame();   // no Lua values in here
//   }
//
// AttachThread: a thread that gilvm did not start (a host's worker, a
// callback thread of some library) attaches for the scope and may then use
// the whole API, as PyGILState_Ensure / PyGILState_Release. On a thread that
// is attached already it does nothing; on one inside AllowThreads it takes
// the interpreter back for the scope.
//
//   std::thread worker([&] {
//     gilvm::embed::AttachThread attached(lua, "worker");
//     lua.get<gilvm::embed::Function>("job")(42);
//   });
//
// What they cost (docs/embedding.md has the figures): in the GIL build an
// uncontended release or re-take is one compare-and-swap each; a contended
// one waits as the policy decides. In the free-threaded build, without a GIL,
// AllowThreads marks the thread detached and back (one atomic store and one
// compare-and-swap), which it still must do: a collection stops every
// attached thread, and a thread blocked in host code while attached would
// stall it. AttachThread on a new thread gives the thread its own stacks in
// the interpreter (tens of megabytes of reserved address space: mapping and
// unmapping them costs up to hundreds of microseconds) and takes them away
// at the end; keep one for as long as the thread calls in often.
//
// Inside either guard's scope the usual rules hold: no Lua values are touched
// inside AllowThreads (Refs may be copied and destroyed, not used); the
// guards end in the reverse order of their making, on the thread that made
// them.
#pragma once

#include <cstdint>
#include <string>

#include "gilvm/policy.h"

namespace gilvm::embed {

class Interpreter;
class Args;

/// Releases the interpreter (the GIL) for the guard's scope, on an attached thread; takes
/// it back at the end. Raises Error if the thread is not attached.
class AllowThreads {
 public:
  /// From a thread attached to `interp`. `back` tells the GIL policy what the thread was
  /// doing meanwhile: Wake::Blocking (waiting; the `priority` policy serves it first) or
  /// Wake::Cpu (computing).
  explicit AllowThreads(const Interpreter& interp, Wake back = Wake::Blocking);
  /// From inside a native function: releases the interpreter running the call.
  explicit AllowThreads(const Args& args, Wake back = Wake::Blocking);
  /// Takes the interpreter back (waits for the GIL).
  ~AllowThreads();
  AllowThreads(const AllowThreads&) = delete;
  AllowThreads& operator=(const AllowThreads&) = delete;

 private:
  void* state_;  // the ThreadState whose thread is released
  Wake back_;
};

/// Attaches the calling thread to an interpreter for the guard's scope, whatever thread
/// it is; a no-op on a thread that is attached already.
class AttachThread {
 public:
  /// Attaches to `interp` (waits for the GIL). `name` names the thread in gil.stats(),
  /// traces and PolicyThread::name (default "thread N").
  explicit AttachThread(const Interpreter& interp, const std::string& name = "");
  /// Detaches; a thread that was new to the interpreter leaves it.
  ~AttachThread();
  AttachThread(const AttachThread&) = delete;
  AttachThread& operator=(const AttachThread&) = delete;

  /// The thread's id in the interpreter (PolicyThread::id).
  uint64_t thread_id() const { return thread_id_; }

 private:
  // What the guard did: nothing (attached already), took the interpreter back for a
  // thread inside AllowThreads, or made the thread a new member of the interpreter.
  enum class Kind : uint8_t { kNothing, kRetook, kJoined };
  void* core_;   // the interpreter's detail::Core
  void* state_;  // the ThreadState of the thread in the interpreter
  Kind kind_ = Kind::kNothing;
  uint64_t thread_id_ = 0;
};

}  // namespace gilvm::embed
