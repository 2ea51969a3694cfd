// stack_pool.h — memory for fibers: fixed-size slots, each a C stack with a
// guard page below it and areas for the fiber's owner above the C stack's
// top and below the guard page.
//
//   low                                                                  high
//   [ low area ][guard page][ C stack ... grows down <- top ][ extra area ... ]
//
// A Lua coroutine keeps its call frames in the low area (growing down, from
// just under the guard page) and its Lua value stack in the extra area
// (growing up from the C stack's top), each as deep as an OS thread's: some
// 26 MB of address space in all. What a suspended coroutine touches is then
// one cluster of about 330 KB: the last page of the low area (its first call
// frames), the top of the C stack, and the first page of the extra area,
// which shares a page with the C stack's top (its first Lua values). The
// pool lays slots out so that the cluster lies within one 2 MiB span, one
// page-table page. Slots are carved from large reservations made with
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
// stay committed and are reused at once), the rest, and any whose owner
// wrote much of its area, are given back to the kernel with
// madvise(MADV_DONTNEED). Each thread keeps its last few warm slots to
// itself, so that short fibers cost no lock.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <vector>

namespace fiber {

// One slot. The C stack is [limit, top); the owner's areas are [top, top +
// extra_bytes) and [low_end() - low_bytes, low_end()). All start
// zero-filled.
struct Stack {
  char* limit = nullptr;
  char* top = nullptr;
  size_t extra_bytes = 0;
  size_t low_bytes = 0;
  size_t guard_bytes = 0;
  char* extra() const { return top; }
  char* low_end() const { return limit - guard_bytes; }
  size_t size() const { return size_t(top - limit); }
};

enum class GuardKind : uint8_t { kMadvise, kMprotect, kNone };

class StackPool {
 public:
  // The sizes are rounded up: to whole pages, so that the C stack's top
  // falls in the middle of a page, and (for large slots) so that the
  // cluster above lies within a 2 MiB span.
  StackPool(size_t c_stack_bytes, size_t extra_bytes, size_t low_bytes = 0);
  ~StackPool();
  StackPool(const StackPool&) = delete;
  StackPool& operator=(const StackPool&) = delete;

  // A zero-filled slot; std::bad_alloc when no address space is left.
  Stack allocate();
  // Gives a slot back. The first `extra_dirty` bytes of its extra area are
  // what the owner wrote and its next owner must find zeroed (what else it
  // wrote, it writes before it reads, and it is at most a few times as
  // much). A warm slot has them cleared; past 64 KB the slot goes back to
  // the kernel instead.
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
  char* slot_base(const Stack& s) const { return s.low_end() - low_bytes_; }
  void carve_chunk();      // under mutex_
  void guard(char* page);  // under mutex_

  size_t page_;
  size_t c_stack_bytes_;
  size_t extra_bytes_;
  size_t low_bytes_;
  size_t slot_bytes_;
  mutable std::mutex mutex_;
  std::vector<char*> warm_;  // most recently freed last
  std::vector<char*> cold_;
  size_t max_slots_per_chunk_;
  std::vector<std::pair<char*, size_t>> chunks_;
  size_t reserved_ = 0;
  std::atomic<size_t> in_use_{0};
  GuardKind guard_kind_ = GuardKind::kMadvise;
  size_t mprotect_guards_ = 0;
};

}  // namespace fiber
