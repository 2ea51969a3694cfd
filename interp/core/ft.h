// ft.h — what the free-threaded build (GILVM_FREE_THREADED) adds to the
// objects the GIL used to protect, and what it compiles to in the GIL build:
// nothing.
//
//   SpinLock  a one-byte lock for short critical sections (the string
//             interning shards); counts its contended acquisitions.
//   SeqLock   a sequence lock: writers of a table take it (it is also their
//             mutual exclusion) and readers never write to it, they read
//             optimistically and check that no writer came by. Reads of
//             shared tables (globals, module tables) therefore do not bounce
//             a cache line between cores.
//   load_value / store_value / copy_value
//             a 16-byte Value read or written in one piece, for every slot
//             that another thread may reach without a lock: an upvalue, and
//             any register of a running frame, which a closure on another
//             thread reaches through an open upvalue at any moment. So a
//             reader never sees the tag of one value with the payload of
//             another. On x86-64 an aligned 16-byte SSE load or store is
//             atomic on every CPU with AVX (Intel SDM vol. 3A 9.1.1; AMD APM
//             vol. 2 7.3.2).
//
// In the GIL build kFreeThreaded is false, SeqLock and SpinLock are empty and
// their operations are no-ops the compiler removes, so the GIL build pays for
// none of this (docs/free-threading.md has the measurements).
#pragma once

#include <atomic>
#include <cstdint>

#include "fiber/sanitizers.h"
#include "interp/core/value.h"

#if !defined(GILVM_TSAN) && defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace gilvm {

#ifdef GILVM_FREE_THREADED
inline constexpr bool kFreeThreaded = true;
#else
inline constexpr bool kFreeThreaded = false;
#endif

// Optimistic readers (SeqLock) read memory that a writer may be changing and
// throw the result away if one did; ThreadSanitizer cannot know that, so
// their functions are not instrumented, and what they call (not always
// inlined in the sanitizer build) runs inside an IgnoreReads section.
#ifdef GILVM_TSAN
#define GILVM_OPTIMISTIC_READ __attribute__((no_sanitize("thread")))
extern "C" void AnnotateIgnoreReadsBegin(const char* file, int line);
extern "C" void AnnotateIgnoreReadsEnd(const char* file, int line);
struct OptimisticReadSection {
  OptimisticReadSection() { AnnotateIgnoreReadsBegin(__FILE__, __LINE__); }
  ~OptimisticReadSection() { AnnotateIgnoreReadsEnd(__FILE__, __LINE__); }
};
#else
#define GILVM_OPTIMISTIC_READ
struct OptimisticReadSection {};
#endif

// Contention counters for --lock-stats: bumped only on the slow paths.
struct LockCounters {
  std::atomic<uint64_t> contended{0};  // acquisitions that found the lock taken
  std::atomic<uint64_t> spins{0};      // times a waiter went round its loop
  std::atomic<uint64_t> retries{0};    // optimistic reads redone (SeqLock)
};
struct LockStats {
  LockCounters tables;   // table writers (and readers that had to retry)
  LockCounters strings;  // the interning table's shards
};
LockStats& lock_stats();

// Spins a while, then gives the CPU away: a holder may have been preempted.
void backoff(unsigned& round);

#ifdef GILVM_FREE_THREADED

// OS threads registered with any interpreter of this process (OsThread's
// constructor and destructor count them). While there is one, nobody can
// meet it on an object: the locks below let it through without an atomic
// read-modify-write. A second thread of the same interpreter can only be
// started by that one thread, from a native, never in the middle of a
// locked section, so a section that started unlocked ends before anyone
// could race with it; a host's thread that joins from outside (the
// embedding API's AttachThread) stops the world once after registering, to
// the same effect. (Threads of other interpreters share no objects with
// it; they only make this count conservative.) Each lock() says whether it
// locked, and unlock() is told.
extern std::atomic<int> g_registered_threads;
inline bool only_thread() {
  return g_registered_threads.load(std::memory_order_relaxed) <= 1;
}

class SpinLock {
 public:
  bool lock() {
    if (only_thread()) return false;
    if (!locked_.exchange(true, std::memory_order_acquire)) return true;
    lock_slow();
    return true;
  }
  void unlock(bool locked) {
    if (locked) locked_.store(false, std::memory_order_release);
  }

 private:
  void lock_slow();
  std::atomic<bool> locked_{false};
};

// Between an optimistic reader's reads of the data and its second read of
// the word that says whether a writer came by (with kOptimisticRecheck):
// the data reads may not move below it.
inline void optimistic_read_fence() {
#ifdef GILVM_TSAN
  // GCC's ThreadSanitizer rejects thread fences. The readers it would order
  // are not instrumented anyway; on x86 loads are not reordered with loads,
  // so keeping the compiler from moving them is enough.
  std::atomic_signal_fence(std::memory_order_seq_cst);
#else
  std::atomic_thread_fence(std::memory_order_acquire);
#endif
}
#ifdef GILVM_TSAN
constexpr std::memory_order kOptimisticRecheck = std::memory_order_acquire;
#else
constexpr std::memory_order kOptimisticRecheck = std::memory_order_relaxed;
#endif

class SeqLock {
 public:
  // Readers: begin, read, then retry while validate says a writer came by.
  uint32_t read_begin() const {
    uint32_t s = seq_.load(std::memory_order_acquire);
    if (s & 1) [[unlikely]]
      s = wait_for_writer();
    return s;
  }
  bool changed_since(uint32_t s) const {
    optimistic_read_fence();
    return seq_.load(kOptimisticRecheck) != s;
  }
  // Writers.
  bool lock() {
    if (only_thread()) {
      enter();
      return false;
    }
    uint32_t s = seq_.load(std::memory_order_relaxed);
    if ((s & 1) ||
        !seq_.compare_exchange_weak(s, s + 1, std::memory_order_acquire, std::memory_order_relaxed))
      lock_slow();
    enter();
    return true;
  }
  void unlock(bool locked) {
    leave();
    if (locked) seq_.store(seq_.load(std::memory_order_relaxed) + 1, std::memory_order_release);
  }
  // Whether a writer is inside, with the lock or alone (debug builds: the
  // tables' write paths assert it; a section that skipped the lock leaves
  // the word even, so the word alone cannot tell).
#ifdef GILVM_ASSERTS
  bool writing() const {
    return writers_ > 0;
  }
#else
  bool writing() const {
    return true;
  }
#endif

 private:
  uint32_t wait_for_writer() const;
  void lock_slow();
  std::atomic<uint32_t> seq_{0};
#ifdef GILVM_ASSERTS
  // Written only by the writer inside its section.
  void enter() {
    writers_++;
  }
  void leave() {
    writers_--;
  }
  int writers_ = 0;
#else
  void enter() {}
  void leave() {}
#endif
};

#ifdef GILVM_TSAN
// Under ThreadSanitizer the moves are the compiler's 16-byte atomics (acquire
// loads, release stores), which the tool understands: its runtime makes them
// atomic, and they order what a value points at before the value itself.
// Out of line, so that they stay instrumented when called from the
// uninstrumented optimistic readers.
Value load_value(const Value* p);
void store_value(Value* p, const Value& v);
inline void copy_value(Value* to, const Value* from) {
  store_value(to, load_value(from));
}
#else
// One aligned 16-byte move each way (x86 processors with AVX do those
// atomically). In assembly, because the compiler may split an intrinsic's
// vector load into two 8-byte loads once it sees the value taken apart
// (it did: a reader of an upvalue got an integer tag with a float's bits).
// The halves are taken out of and put into the vector register directly:
// through memory, two 8-byte stores read back by one 16-byte load make the
// load wait for both stores instead of taking the value from them.
inline __m128i load_bits(const Value* p) {
  static_assert(alignof(Value) == 16 && sizeof(Value) == 16);
  __m128i bits;
  asm volatile("movdqa %1, %0" : "=x"(bits) : "m"(*reinterpret_cast<const __m128i*>(p)));
  return bits;
}
// A store publishes the value: whatever it points at (a new closure's
// upvalues) must be written first, so no earlier store may sink below it.
inline void store_bits(Value* p, __m128i bits) {
  asm volatile("movdqa %1, %0" : "=m"(*reinterpret_cast<__m128i*>(p)) : "x"(bits) : "memory");
}
inline Value load_value(const Value* p) {
  const __m128i bits = load_bits(p);
  Value v;
  v.i = _mm_cvtsi128_si64(bits);
  v.tag = Tag(uint8_t(_mm_extract_epi16(bits, 4)));  // the low byte of the upper half
  return v;
}
inline void store_value(Value* p, const Value& v) {
  store_bits(p, _mm_set_epi64x(int64_t(uint8_t(v.tag)), v.i));
}
inline void copy_value(Value* to, const Value* from) {
  store_bits(to, load_bits(from));
}
#endif

#else  // the GIL build: the GIL orders everything

inline constexpr bool only_thread() {
  return true;
}

class SpinLock {
 public:
  bool lock() { return false; }
  void unlock(bool) {}
};

class SeqLock {
 public:
  uint32_t read_begin() const { return 0; }
  bool changed_since(uint32_t) const { return false; }
  bool lock() { return false; }
  void unlock(bool) {}
  bool writing() const { return true; }  // the GIL is the lock
};

// Under the GIL nobody else writes a slot while its reader looks at it, so
// a read is the slot itself (bind it to a const reference to avoid a copy).
inline const Value& load_value(const Value* p) {
  return *p;
}
inline void store_value(Value* p, const Value& v) {
  *p = v;
}
inline void copy_value(Value* to, const Value* from) {
  *to = *from;
}

#endif

// RAII for either lock.
template <class Lock>
class Locked {
 public:
  explicit Locked(Lock& l) : l_(l), locked_(l.lock()) {}
  ~Locked() { l_.unlock(locked_); }
  Locked(const Locked&) = delete;
  Locked& operator=(const Locked&) = delete;

 private:
  Lock& l_;
  const bool locked_;
};

}  // namespace gilvm
