// ft.cpp — the slow paths of the free-threaded build's locks (ft.h).
#include "interp/core/ft.h"

#include <sched.h>

#include <cstring>

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
using Bits = unsigned __int128;
static_assert(sizeof(Bits) == sizeof(Value));

Value load_value(const Value* p) {
  const Bits bits = __atomic_load_n(reinterpret_cast<const Bits*>(p), __ATOMIC_ACQUIRE);
  Value v;
  std::memcpy(static_cast<void*>(&v), &bits, sizeof v);
  return v;
}
void store_value(Value* p, const Value& v) {
  Bits bits;
  std::memcpy(&bits, &v, sizeof bits);
  __atomic_store_n(reinterpret_cast<Bits*>(p), bits, __ATOMIC_RELEASE);
}
#endif

#endif  // GILVM_FREE_THREADED

}  // namespace gilvm
