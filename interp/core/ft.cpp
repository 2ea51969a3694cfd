// ft.cpp — the slow paths of the free-threaded build's locks (ft.h).
#include "interp/core/ft.h"

#include <sched.h>

#include <mutex>

namespace gilvm {

LockStats& lock_stats() {
  static LockStats stats;
  return stats;
}

void backoff(unsigned& round) {
  // A few rounds of pause, then yield: a holder that was preempted needs the
  // CPU more than we need to spin.
  if (round++ < 64) {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#endif
  } else {
    sched_yield();
  }
}

#ifdef GILVM_FREE_THREADED

std::atomic<int> g_registered_threads{0};

void SpinLock::lock_slow() {
  LockCounters& c = lock_stats().strings;
  c.contended.fetch_add(1, std::memory_order_relaxed);
  unsigned round = 0;
  for (;;) {
    while (locked_.load(std::memory_order_relaxed)) {
      backoff(round);
      c.spins.fetch_add(1, std::memory_order_relaxed);
    }
    if (!locked_.exchange(true, std::memory_order_acquire)) return;
  }
}

uint32_t SeqLock::wait_for_writer() const {
  LockCounters& c = lock_stats().tables;
  c.retries.fetch_add(1, std::memory_order_relaxed);
  unsigned round = 0;
  for (;;) {
    uint32_t s = seq_.load(std::memory_order_acquire);
    if (!(s & 1)) return s;
    backoff(round);
    c.spins.fetch_add(1, std::memory_order_relaxed);
  }
}

void SeqLock::lock_slow() {
  LockCounters& c = lock_stats().tables;
  c.contended.fetch_add(1, std::memory_order_relaxed);
  unsigned round = 0;
  for (;;) {
    uint32_t s = seq_.load(std::memory_order_relaxed);
    if (!(s & 1) &&
        seq_.compare_exchange_weak(s, s + 1, std::memory_order_acquire, std::memory_order_relaxed))
      return;
    backoff(round);
    c.spins.fetch_add(1, std::memory_order_relaxed);
  }
}

#ifdef GILVM_TSAN
namespace {
std::mutex& stripe(const void* p) {
  static std::mutex stripes[64];
  return stripes[(reinterpret_cast<uintptr_t>(p) >> 4) % 64];
}
}  // namespace

Value load_value(const Value* p) {
  std::lock_guard lock(stripe(p));
  return *p;
}
void store_value(Value* p, const Value& v) {
  std::lock_guard lock(stripe(p));
  *p = v;
}
#endif

#endif  // GILVM_FREE_THREADED

}  // namespace gilvm
