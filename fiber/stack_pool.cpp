// stack_pool.cpp — slots for fibers, guard pages and pooling (see stack_pool.h).
#include "fiber/stack_pool.h"

#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <new>

#include "fiber/sanitizers.h"

#ifdef GILVM_ASAN
#include <sanitizer/asan_interface.h>
#endif

// Linux 6.13's lightweight guard pages; Debian 12's headers predate them.
#ifndef MADV_GUARD_INSTALL
#define MADV_GUARD_INSTALL 102
#endif

namespace fiber {

namespace {

// Slots are carved from reservations that double in size, from one slot to
// 256 slots or 4 GiB: a program with a few fibers reserves little address
// space (a process may be limited with ulimit -v), one with many makes few
// mappings (each mmap costs a system call and a mapping of the 65,530).
constexpr size_t kMaxSlotsPerChunk = 256;
constexpr size_t kMaxChunkBytes = size_t(4) << 30;
constexpr size_t kPageTableSpan = size_t(2) << 20;
constexpr size_t kMaxWarmSlots = 64;
// A slot whose owner wrote more of its area than this goes back to the
// kernel rather than staying warm: clearing it would cost more than fresh
// zero pages, and it would keep all that memory while it waited.
constexpr size_t kMaxWarmDirtyBytes = 64 * 1024;

size_t round_up(size_t n, size_t to) {
  return (n + to - 1) / to * to;
}

// How many slots may be guarded with mprotect: each splits the mapping in
// two, so stay at a quarter of the kernel's mapping limit.
size_t mprotect_budget() {
  size_t limit = 65530;
  if (FILE* f = fopen("/proc/sys/vm/max_map_count", "r")) {
    unsigned long v;
    if (fscanf(f, "%lu", &v) == 1) limit = v;
    fclose(f);
  }
  return limit / 4;
}

}  // namespace

namespace {

// A few warm slots kept by each thread, so that a thread that keeps starting
// and ending fibers (an event loop spawning short tasks) does not take the
// pool's mutex each time. It serves one pool at a time.
constexpr size_t kThreadCacheSlots = 8;
struct ThreadCache {
  StackPool* pool = nullptr;
  size_t count = 0;
  char* slots[kThreadCacheSlots];
  ~ThreadCache() { flush(); }
  void flush() {
    if (pool) pool->take_back(slots, count);
    count = 0;
  }
};
thread_local ThreadCache t_cache;

}  // namespace

StackPool::StackPool(size_t c_stack_bytes, size_t extra_bytes, size_t low_bytes)
    : page_(size_t(sysconf(_SC_PAGESIZE))) {
  // The C stack's top in the middle of a page: the stack's last frames and
  // the start of the extra area share it.
  c_stack_bytes_ = round_up(c_stack_bytes + page_ / 2, page_) - page_ / 2;
  low_bytes_ = round_up(low_bytes, page_);
  slot_bytes_ = round_up(low_bytes_ + page_ + c_stack_bytes_ + extra_bytes, page_);
  if (slot_bytes_ >= kPageTableSpan) {
    // A large slot is a whole number of spans, and the cluster a fiber
    // touches, from the low area's last page up, starts one: the low area
    // grows at its bottom, which its owner does not reach, to put it there.
    if (low_bytes_) low_bytes_ = round_up(low_bytes_ - page_, kPageTableSpan) + page_;
    slot_bytes_ = round_up(low_bytes_ + page_ + c_stack_bytes_ + extra_bytes, kPageTableSpan);
  }
  extra_bytes_ = slot_bytes_ - low_bytes_ - page_ - c_stack_bytes_;
  max_slots_per_chunk_ = std::clamp(kMaxChunkBytes / slot_bytes_, size_t(1), kMaxSlotsPerChunk);
}

StackPool::~StackPool() {
  if (t_cache.pool == this) {  // this thread's cache goes with the memory
    t_cache.pool = nullptr;
    t_cache.count = 0;
  }
  for (auto [base, bytes] : chunks_) munmap(base, bytes);
}

void StackPool::carve_chunk() {
  const size_t slots = std::clamp(reserved_, size_t(1), max_slots_per_chunk_);
  const size_t bytes = slot_bytes_ * slots;
  // Aligned to a page-table page's span, for the geometry the constructor
  // chose (small slots that divide the span never straddle two).
  void* p = mmap(nullptr, bytes + kPageTableSpan, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (p == MAP_FAILED) throw std::bad_alloc();
  char* raw = static_cast<char*>(p);
  char* base = reinterpret_cast<char*>((reinterpret_cast<uintptr_t>(raw) + kPageTableSpan - 1) &
                                       ~(kPageTableSpan - 1));
  if (base > raw) munmap(raw, size_t(base - raw));
  munmap(base + bytes, size_t(raw + kPageTableSpan - base));
  // A huge page would commit 2 MB for a fiber that touches two small pages.
  madvise(base, bytes, MADV_NOHUGEPAGE);
  chunks_.emplace_back(base, bytes);
  // Hand out the chunk's slots in address order.
  for (size_t i = slots; i-- > 0;) {
    char* slot = base + i * slot_bytes_;
    guard(slot + low_bytes_);
    cold_.push_back(slot);
  }
  reserved_ += slots;
}

void StackPool::guard(char* page) {
  if (guard_kind_ == GuardKind::kMadvise) {
    if (madvise(page, page_, MADV_GUARD_INSTALL) == 0) return;
    guard_kind_ = GuardKind::kMprotect;  // an older kernel: EINVAL
  }
  if (guard_kind_ == GuardKind::kMprotect) {
    static const size_t budget = mprotect_budget();
    if (mprotect_guards_ < budget && mprotect(page, page_, PROT_NONE) == 0) {
      mprotect_guards_++;
      return;
    }
    guard_kind_ = GuardKind::kNone;
  }
}

void StackPool::take_back(char* const* slots, size_t n) {
  std::lock_guard lock(mutex_);
  warm_.insert(warm_.end(), slots, slots + n);
}

Stack StackPool::allocate() {
  char* slot;
  ThreadCache& cache = t_cache;
  if (cache.pool == this && cache.count > 0) {
    slot = cache.slots[--cache.count];
  } else {
    std::lock_guard lock(mutex_);
    if (!warm_.empty()) {
      slot = warm_.back();
      warm_.pop_back();
    } else {
      if (cold_.empty()) carve_chunk();
      slot = cold_.back();
      cold_.pop_back();
    }
  }
  in_use_.fetch_add(1, std::memory_order_relaxed);
  Stack s;
  s.limit = slot + low_bytes_ + page_;
  s.top = s.limit + c_stack_bytes_;
  s.extra_bytes = extra_bytes_;
  s.low_bytes = low_bytes_;
  s.guard_bytes = page_;
  return s;
}

void StackPool::release(const Stack& s, size_t extra_dirty) {
  char* slot = slot_base(s);
#ifdef GILVM_ASAN
  // A fiber that was abandoned mid-stack leaves its frames' redzones
  // poisoned; the next fiber in this slot must not trip over them.
  __asan_unpoison_memory_region(s.limit, s.size());
#endif
  in_use_.fetch_sub(1, std::memory_order_relaxed);
  if (extra_dirty <= kMaxWarmDirtyBytes) {
    ThreadCache& cache = t_cache;
    if (cache.pool != this) {
      cache.flush();
      cache.pool = this;
    }
    if (cache.count < kThreadCacheSlots) {
      memset(s.extra(), 0, std::min(extra_dirty, extra_bytes_));
      cache.slots[cache.count++] = slot;
      return;
    }
    std::lock_guard lock(mutex_);
    if (warm_.size() < kMaxWarmSlots) {
      memset(s.extra(), 0, std::min(extra_dirty, extra_bytes_));
      warm_.push_back(slot);
      return;
    }
  }
  // Zero-filled again on the next touch; the guard page stays. The system
  // call runs outside the lock; meanwhile the slot is on neither list.
  if (low_bytes_) madvise(slot, low_bytes_, MADV_DONTNEED);
  madvise(s.limit, slot_bytes_ - low_bytes_ - page_, MADV_DONTNEED);
  std::lock_guard lock(mutex_);
  cold_.push_back(slot);
}

StackPool::Stats StackPool::stats() const {
  std::lock_guard lock(mutex_);
  return {slot_bytes_, reserved_, in_use_.load(), warm_.size(), guard_kind_};
}

}  // namespace fiber
