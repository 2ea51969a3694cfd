// eval_breaker.h — one word of request flags that the dispatch loop polls.
//
// The dispatch loop reads this word at backward jumps and calls only: one
// relaxed load and a branch when nothing is pending. Whoever wants the running
// thread to stop at a safe point (the collector, a GIL waiter, a signal
// handler) sets a bit; the thread that handles the request clears it.
#pragma once

#include <atomic>
#include <cstdint>

namespace gil {

class EvalBreaker {
 public:
  enum Flag : uint32_t {
    kGcRequested = 1u << 0,  // the allocator crossed the collection threshold
    kDropGilRequested = 1u << 1,
    kStopTheWorld = 1u << 2,
    kInterrupt = 1u << 3,  // Ctrl-C
    kGilTick = 1u << 4,    // the GIL policy counts polls (ticks): every poll calls Gil::on_poll
  };

  bool any() const { return bits_.load(std::memory_order_relaxed) != 0; }
  bool is_set(Flag f) const { return (bits_.load(std::memory_order_acquire) & f) != 0; }
  void set(Flag f) { bits_.fetch_or(f, std::memory_order_release); }
  void clear(Flag f) { bits_.fetch_and(~uint32_t(f), std::memory_order_acq_rel); }

 private:
  std::atomic<uint32_t> bits_{0};
};

}  // namespace gil
