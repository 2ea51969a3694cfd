// stack_pool.h — memory for fibers: fixed-size slots, each a C stack with a
// guard page below it and an area above its top for the fiber's owner.
//
//   low                                                                 high
//   [guard page][ C stack ........ grows down <- top ][ owner's area ...... ]
//
// A Lua coroutine keeps its Lua value stack and call frames in the owner's
// area, so that a suspended coroutine touches as few pages as possible: the
// top of its C stack and the first of its frames share a page, its first Lua
// values are on the next. Slots are carved from large reservations made with
// mmap(MAP_NORESERVE): only touched pages cost memory.
//
// Guard pages. A guard page per slot made with mprotect would split the
// mapping in two, and 100,000 fibers would need some 200,000 mappings, far
// beyond Linux's default limit of 65,530. Linux 6.13 and later install guard
// pages without new mappings (madvise MADV_GUARD_INSTALL); where the kernel
// lacks that, slots are guarded with mprotect while the number of mappings
// stays well under the limit, and unguarded after. The C stack depth is also
// checked in software by the interpreter, so a guard page is the last line
// of defence, not the first.
//
// Freed slots are pooled: the most recently freed ones stay warm (their pages
// stay committed and are reused at once), the rest are given back to the
// kernel with madvise(MADV_DONTNEED). Each thread keeps its last few warm
// slots to itself, so that short fibers cost no lock.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <vector>

namespace fiber {

// One slot. The C stack is [limit, top); the owner's area is [top, top +
// extra_bytes). Both start zero-filled.
struct Stack {
  char* limit = nullptr;
  char* top = nullptr;
  size_t extra_bytes = 0;
  char* extra() const { return top; }
  size_t size() const { return size_t(top - limit); }
};

enum class GuardKind : uint8_t { kMadvise, kMprotect, kNone };

class StackPool {
 public:
  // c_stack_bytes and extra_bytes are rounded so that the slot is a whole
  // number of pages and the C stack's top falls in the middle of a page.
  StackPool(size_t c_stack_bytes, size_t extra_bytes);
  ~StackPool();
  StackPool(const StackPool&) = delete;
  StackPool& operator=(const StackPool&) = delete;

  // A zero-filled slot; std::bad_alloc when no address space is left.
  Stack allocate();
  // Gives a slot back. The owner wrote (at most) the first `extra_dirty`
  // bytes of its area; a warm slot has them cleared so that its next owner
  // finds zeros, as in a fresh one.
  void release(const Stack& s, size_t extra_dirty);

  struct Stats {
    size_t slot_bytes;
    size_t reserved;  // slots carved so far
    size_t in_use;
    size_t warm;  // free slots whose pages are still committed
    GuardKind guard;
  };
  Stats stats() const;
  // A thread's cache of warm slots going back to the pool.
  void take_back(char* const* slots, size_t n);

 private:
  char* slot_base(const Stack& s) const { return s.limit - page_; }
  void carve_chunk();      // under mutex_
  void guard(char* slot);  // under mutex_

  size_t page_;
  size_t c_stack_bytes_;
  size_t extra_bytes_;
  size_t slot_bytes_;
  mutable std::mutex mutex_;
  std::vector<char*> warm_;  // most recently freed last
  std::vector<char*> cold_;
  std::vector<std::pair<char*, size_t>> chunks_;
  size_t reserved_ = 0;
  std::atomic<size_t> in_use_{0};
  GuardKind guard_kind_ = GuardKind::kMadvise;
  size_t mprotect_guards_ = 0;
};

}  // namespace fiber
