// gilvm/policy.h — how a host decides who holds the GIL: the GilPolicy
// interface, what gilvm promises a policy and what a policy must promise.
//
// The GIL is a lock that a thread holds while it runs Lua code. gilvm asks
// the policy for it and gives it back; the policy decides who waits, who is
// served next, and when the holder is asked to let go. The built-in policies
// ("interval", "ticks", "fifo", "priority"; docs/gil.md) are chosen by name;
// a host that knows more about its threads (a render thread that must run at
// every frame boundary, a network thread that must not wait) writes its own
// and installs it with Interpreter::set_policy. The statistics (gil.stats(),
// Interpreter::gil_stats) and the trace are kept by gilvm around the policy's
// calls, for every policy.
//
// The protocol, from the policy's side:
//
// 1. acquire(t, why) blocks until thread t holds the GIL and returns; at
//    most one thread holds it at any time. The policy is the lock: it must
//    bring its own synchronisation (a std::mutex and condition variables
//    are fine) and must not lose a wake-up: a waiter blocked in acquire
//    gets the GIL eventually once the holder releases it.
// 2. release(t) is called by the holder t, once per acquisition, when it
//    stops running Lua code (it returns from its work, waits, blocks in
//    I/O, or ends). It must not block for long: hand the GIL on or wake
//    whoever should take it.
// 3. The holder runs until it releases, unless asked to drop. A waiter (in
//    acquire) calls request_drop() to ask it; the holder answers at its
//    next poll (Lua code polls at calls and backward jumps, so within
//    microseconds; a native function that keeps the GIL does not poll and
//    answers when it returns) by calling yield(t). The default yield is
//    release(t) then acquire(t, Wake::Yield), which may let t win the GIL
//    straight back; a policy that wants the waiter to run first does so in
//    yield (hand the GIL over, then wait for it like anyone else). A drop
//    request nobody needs any more only costs the next holder one yield.
// 4. try_acquire(t) is an optional fast path: take the GIL if that needs no
//    waiting, else return false at once (gilvm then calls acquire).
// 5. Policy methods run on the threads that call them, with no gilvm lock
//    held, and must not call into the interpreter (no Lua code, no API).
// 6. A PolicyThread stays valid from the thread's first acquire until its
//    last release; its id is unique within the interpreter.
// 7. The policy is installed while only one thread runs in the interpreter:
//    the installing thread, which then takes the GIL through acquire().
//
// In the free-threaded build a policy is used only when the GIL is turned on
// (Interpreter::set_gil_enabled).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace gilvm::embed {

namespace detail {
struct PolicyBridge;  // the adapter that installs a GilPolicy as the GIL's (embed/policy.cpp)
}  // namespace detail

/// Why a thread asks for the GIL.
enum class Wake : uint8_t {
  Start,     ///< a thread's first acquisition
  Yield,     ///< taking it back after yielding on a drop request
  Blocking,  ///< back from a blocking wait: I/O, a sleep, a lock, AllowThreads (the default)
  Cpu,       ///< back from native computation that ran without the GIL
};

/// A thread as a GIL policy sees it: a small handle to compare, to keep in queues and to
/// ask about the thread.
class PolicyThread {
 public:
  /// The thread's id in its interpreter: 1 for the thread that made it, then as threads
  /// join (Interpreter::current_thread_id, gil.stats() and thread.current():id() give the
  /// same numbers).
  uint64_t id() const;
  /// Its name: "main", "thread 2", or the name a host gave AttachThread.
  std::string_view name() const;
  /// Whether it runs an event loop (latency-sensitive: the `priority` policy serves such
  /// threads first).
  bool latency_sensitive() const;
  /// Whether two handles are the same thread.
  friend bool operator==(PolicyThread a, PolicyThread b) { return a.thread_ == b.thread_; }

 private:
  friend struct detail::PolicyBridge;
  explicit PolicyThread(void* thread) : thread_(thread) {}
  void* thread_;
};

/// A GIL policy: see the protocol at the top of this header.
class GilPolicy {
 public:
  virtual ~GilPolicy() = default;

  /// The policy's name, as gil.policy() reports it to scripts.
  virtual std::string name() const = 0;
  /// Blocks until t holds the GIL (rule 1).
  virtual void acquire(PolicyThread t, Wake why) = 0;
  /// The holder t gives the GIL up (rule 2).
  virtual void release(PolicyThread t) = 0;
  /// Takes the GIL for t if that needs no waiting; false otherwise (rule 4).
  virtual bool try_acquire(PolicyThread) { return false; }
  /// The holder t was asked to drop the GIL: let a waiter run, then return holding the
  /// GIL again (rule 3).
  virtual void yield(PolicyThread t) {
    release(t);
    acquire(t, Wake::Yield);
  }
  /// Whether some thread holds the GIL now: a snapshot for heuristics (an event loop
  /// deciding how to wait), stale as soon as it is read.
  virtual bool held() const = 0;

 protected:
  /// Asks the holder to call yield() at its next poll, on behalf of waiter `by`, which
  /// must be the calling thread, blocked in acquire (rule 3). Shows in the trace as a drop
  /// request.
  void request_drop(PolicyThread by);
  /// The interpreter's switch interval in seconds (Interpreter::set_switch_interval): how
  /// long the built-in policies let a waiter wait before it asks for a drop.
  double switch_interval() const;

 private:
  friend struct detail::PolicyBridge;
  detail::PolicyBridge* bridge_ = nullptr;
};

}  // namespace gilvm::embed
