// gil.h — thread states' membership in a global interpreter lock: attach,
// detach, yield, the policies that decide who runs next, and the statistics
// and trace every policy feeds. The protocol is told in prose in
// gil/README.md; this header is its interface.
//
// The GIL knows nothing about Lua values. The interpreter gives each thread
// state a gil::Thread and calls:
//
//   attach(t, why)  before the thread touches VM objects (acquire the GIL)
//   detach(t)       before it blocks or runs long native work (release it)
//   yield(t)        at an eval-breaker poll when the drop-request flag is set,
//                   or every N polls under the ticks policy (on_poll)
//
// Which waiter gets the GIL, and when a holder is asked to drop it, is the
// Policy's business; the accounting (acquisitions, switches, hold and wait
// times) and the trace are done here, once, for every policy.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "gil/clock.h"
#include "gil/eval_breaker.h"

namespace gil {

class Gil;

// Why a thread asks for the GIL. Policies may treat the reasons differently
// (priority serves kBlocking first).
enum class Wake : uint8_t {
  kStart,     // a new thread's first attach
  kYield,     // re-taking after a drop request or a tick
  kBlocking,  // back from a blocking wait: I/O, sleep, a lock, a queue
  kCpu,       // back from native CPU work that ran without the GIL
};

struct Stats {
  uint64_t acquisitions = 0;
  uint64_t switches = 0;         // acquisitions that took the GIL from another thread
  uint64_t forced_switches = 0;  // times this thread was made to drop it for a waiter
  Ticks hold = 0;                // total time holding
  Ticks wait = 0;                // total time waiting to acquire
  Ticks longest_wait = 0;
  void add(const Stats& o);
};

// One trace record: a span (GIL held, waiting, a collection, an event-loop
// iteration or task step) or an instant (a drop request). Times are raw
// now() ticks, converted at export. Loop events go on a track of their own
// beside the thread's GIL track, named by `label` (Gil::trace_label).
struct TraceEvent {
  enum Kind : uint8_t {
    kHeld,
    kWaiting,
    kCollection,
    kDropRequest,
    kLoopIteration,
    kTaskStep
  } kind;
  uint32_t label = 0;
  Ticks begin;
  Ticks end;  // == begin for instants
};

// One OS thread's membership in a Gil. Owned by the interpreter's thread
// state; the fields below the line belong to the Gil and its policy.
class Thread {
 public:
  Thread(uint64_t id, std::string name) : id(id), name(std::move(name)) {}
  Thread(const Thread&) = delete;
  Thread& operator=(const Thread&) = delete;

  const uint64_t id;
  std::string name;
  // An event-loop thread: latency-sensitive, served first by `priority`.
  // Set by the thread itself before it attaches.
  std::atomic<bool> latency_sensitive{false};
  // Why the thread last asked for the GIL: set by the Gil before each
  // acquisition, so a policy can tell what kind of thread holds it (even one
  // that took a free GIL on the fast path).
  std::atomic<Wake> wake{Wake::kStart};

  bool attached() const { return attached_; }
  const Stats& stats() const { return stats_; }

  // --- used by policies (under the policy's own lock) ---
  std::condition_variable cv;  // a policy may wait on this to be handed the GIL
  Thread* next_waiter = nullptr;
  std::atomic<bool> granted{false};  // handed the GIL (read spinning, without the lock)
  std::atomic<bool> claimed{false};  // granted, and has woken up to take it
  int ticks_left = 0;

 private:
  friend class Gil;
  bool attached_ = false;
  // Without a GIL (free-threaded build): attached, detached, or suspended by
  // a stop-the-world; see Gil::stop_the_world.
  enum World : uint8_t { kDetached, kAttached, kSuspended };
  std::atomic<uint8_t> world_{kDetached};
  bool in_trace_span_ = false;  // a kHeld span is open (kept open across no-op yields)
  Ticks held_since_ = 0;
  Ticks span_since_ = 0;
  Stats stats_;
  std::vector<TraceEvent> trace_;
};

// Who gets the GIL. A host may implement its own; the built-in ones are made
// by make_policy(). acquire/release/yield run without any lock of the Gil
// held: a policy brings its own synchronisation. A policy may set the
// breaker's kDropGilRequested flag to ask the holder to call yield().
class Policy {
 public:
  virtual ~Policy() = default;
  virtual const char* name() const = 0;

  // Called once, before any thread attaches.
  void bind(Gil* gil, EvalBreaker* breaker, const std::atomic<int64_t>* interval_ns) {
    gil_ = gil;
    breaker_ = breaker;
    interval_ns_ = interval_ns;
  }
  // Takes the GIL only if that needs no waiting; the common, uncontended case.
  virtual bool try_acquire(Thread& t) { return false; }
  // Blocks until t holds the GIL.
  virtual void acquire(Thread& t, Wake why) = 0;
  // t gives the GIL up.
  virtual void release(Thread& t) = 0;
  // The holder was asked to drop the GIL (kDropGilRequested, which the Gil
  // clears before calling, or its tick count ran out): let a waiter run,
  // then take the GIL back. Returns with t holding the GIL.
  virtual void yield(Thread& t) {
    release(t);
    acquire(t, Wake::kYield);
  }
  // Ticks-style policies: polls between yields, and the breaker flag that
  // makes every poll reach on_poll; 0 for none.
  virtual int ticks_per_yield() const { return 0; }
  // Whether some thread holds the GIL at this moment: a snapshot, stale as
  // soon as it is read, for heuristics (an event loop deciding how to wait).
  virtual bool held() const = 0;
  // Whether the policy serves latency-sensitive threads (event loops, threads
  // back from blocking waits) before CPU-bound ones: `priority`.
  virtual bool favours_latency() const { return false; }

 protected:
  int64_t interval_ns() const { return interval_ns_->load(std::memory_order_relaxed); }
  // Asks the holder to drop the GIL at its next poll, on behalf of waiter
  // `by` (who must be blocked in acquire, or be the caller).
  void request_drop(Thread& by);
  void clear_drop_request() { breaker_->clear(EvalBreaker::kDropGilRequested); }
  bool drop_requested() const { return breaker_->is_set(EvalBreaker::kDropGilRequested); }

  Gil* gil_ = nullptr;
  EvalBreaker* breaker_ = nullptr;
  const std::atomic<int64_t>* interval_ns_ = nullptr;
};

// The built-in policies by name ("interval", "ticks", "fifo", "priority");
// nullptr for an unknown name.
std::unique_ptr<Policy> make_policy(const std::string& name);
// The names make_policy accepts, for messages: "interval, ticks, fifo, priority".
const char* policy_names();

struct ThreadStats {
  uint64_t id;
  std::string name;
  Stats stats;
};

class Gil {
 public:
  static constexpr double kDefaultInterval = 0.005;  // CPython's sys.getswitchinterval()

  explicit Gil(EvalBreaker& breaker);
  ~Gil();
  Gil(const Gil&) = delete;
  Gil& operator=(const Gil&) = delete;

  // Replaces the policy. Only while at most one thread is registered (it
  // keeps holding the GIL, now under the new policy); false otherwise.
  bool set_policy(std::unique_ptr<Policy> p);
  Policy& policy() { return *policy_; }
  bool enabled() const { return enabled_; }
  // Turns the GIL on or off (the free-threaded build's --gil=on|off). Only
  // while at most one thread is registered (it stays attached, now under the
  // other regime); false otherwise.
  bool set_enabled(bool on);

  double switch_interval() const;
  void set_switch_interval(double seconds);  // clamped to [1 µs, 1000 s]

  void attach(Thread& t, Wake why);
  void detach(Thread& t);
  // At an eval-breaker poll of the holder (see Policy::yield).
  void yield(Thread& t);
  // Every poll when the policy counts ticks (EvalBreaker::kGilTick is set).
  void on_poll(Thread& t) {
    if (--t.ticks_left <= 0) {
      t.ticks_left = policy_->ticks_per_yield();
      yield(t);
    }
  }

  // A thread joins the registry before its first attach (by a thread that is
  // attached, or by itself) and leaves it with exit_thread, its final
  // detach; its statistics and trace are kept.
  //
  // Without a GIL (enabled() false) attach and detach only mark the thread,
  // and the Gil instead lets one thread stop the world: every other thread
  // is then detached or parked at a safe point, and none attaches until the
  // world starts again (the collector's pause; CPython 3.13t's
  // _PyEval_StopTheWorld). stop_the_world returns false, having parked the
  // caller until the other stop ended, when another thread got there first.
  bool stop_the_world(Thread& self);
  void start_the_world(Thread& self);
  // At a poll that found kStopTheWorld: wait at this safe point until the
  // world starts again.
  void park(Thread& t);
  struct WorldStats {
    uint64_t stops = 0;
    Ticks paused = 0;        // total time the world stood still
    Ticks longest = 0;       // longest pause
    Ticks time_to_stop = 0;  // total time spent waiting for threads to stop
  };
  WorldStats world_stats() const;

  void register_thread(Thread& t);
  void exit_thread(Thread& t);
  void unregister_thread(Thread& t);  // a thread that never attached

  // --- statistics (read while attached) ---
  Stats totals() const;
  std::vector<ThreadStats> thread_stats() const;  // live and retired, by id
  void reset_stats();
  Ticks stats_since() const { return stats_since_; }

  // --- trace (--trace=FILE) ---
  // Starts recording (before other threads start): a thread holding the GIL
  // now gets an open held span.
  void enable_trace();
  bool tracing() const { return tracing_; }
  // A drop request made for waiter t (Policy::request_drop).
  void note_drop_request(Thread& t);
  // A collection run by the holder t.
  void trace_collection(Thread& t, Ticks begin, Ticks end);
  // A span of the event loop run by t (kLoopIteration, kTaskStep), named by
  // a label from trace_label (0: none). Recorded by t while attached.
  void trace_loop(Thread& t, TraceEvent::Kind kind, Ticks begin, Ticks end, uint32_t label = 0);
  // A name for trace events, kept until exit; thread-safe.
  uint32_t trace_label(std::string name);
  // Chrome Trace Event JSON of every thread's events; call when no other
  // thread runs (at exit).
  std::string trace_json(int pid) const;

 private:
  void took(Thread& t, Ticks asked, Ticks got, Wake why);
  void dropping(Thread& t, Ticks now);
  void record(Thread& t, TraceEvent::Kind kind, Ticks begin, Ticks end, uint32_t label = 0);

  EvalBreaker& breaker_;
  std::unique_ptr<Policy> policy_;
  std::atomic<int64_t> interval_ns_;
  bool enabled_ = true;
  bool tracing_ = false;
  Thread* last_holder_ = nullptr;  // written by the holder only
  Ticks stats_since_;
  // The threads (live_, retired_) and the stop-the-world state.
  mutable std::mutex world_mutex_;
  std::condition_variable world_cv_;
  std::atomic<bool> stopping_{false};
  Ticks stopped_at_ = 0;
  WorldStats world_stats_;
  void attach_free(Thread& t);
  void detach_free(Thread& t);
  std::vector<Thread*> live_;
  std::vector<ThreadStats> retired_;
  std::vector<std::pair<ThreadStats, std::vector<TraceEvent>>> retired_traces_;
  mutable std::mutex labels_mutex_;
  std::vector<std::string> labels_{""};
};

}  // namespace gil
