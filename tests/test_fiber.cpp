// Unit tests of the fiber layer (fiber/): switching in and out, nesting,
// resuming from another OS thread, unwinding a suspended fiber's frames, and
// the stack pool's slots, zeroing, reuse and guard pages. No Lua here.
#include <catch2/catch.hpp>

#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstring>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "fiber/fiber.h"

using fiber::Fiber;
using fiber::StackPool;

namespace {

// A fiber's body with its own record of what happened.
struct Log {
  std::vector<std::string> events;
  Fiber* self = nullptr;
};

// The OS thread's id, read afresh: pthread_self() is declared const, so a
// compiler may reuse its result across a suspend() that changed threads.
long os_thread_id() {
  return syscall(SYS_gettid);
}

StackPool& pool() {
  static StackPool p(64 * 1024, 64 * 1024);
  return p;
}

}  // namespace

TEST_CASE("a fiber runs until it suspends and continues where it suspended", "[fiber]") {
  Log log;
  fiber::Stack stack = pool().allocate();
  Fiber f(
      [](void* arg) {
        auto* log = static_cast<Log*>(arg);
        log->events.push_back("start");
        CHECK(Fiber::current() == log->self);
        log->self->suspend();
        log->events.push_back("again");
        log->self->suspend();
        log->events.push_back("end");
      },
      &log, stack);
  log.self = &f;
  CHECK(!f.started());
  CHECK(Fiber::current() == nullptr);
  f.resume();
  CHECK(f.suspended());
  CHECK(Fiber::current() == nullptr);
  CHECK(log.events == std::vector<std::string>{"start"});
  f.resume();
  CHECK(log.events.back() == "again");
  f.resume();
  CHECK(f.finished());
  CHECK(log.events == std::vector<std::string>{"start", "again", "end"});
  pool().release(stack, 0);
}

TEST_CASE("fibers nest: a fiber resumes another and gets control back", "[fiber]") {
  struct Pair {
    Fiber* outer;
    Fiber* inner;
    std::vector<int> order;
  } p;
  fiber::Stack s1 = pool().allocate(), s2 = pool().allocate();
  Fiber inner(
      [](void* arg) {
        auto* p = static_cast<Pair*>(arg);
        p->order.push_back(2);
        CHECK(Fiber::current() == p->inner);
        p->inner->suspend();
        p->order.push_back(4);
      },
      &p, s2);
  Fiber outer(
      [](void* arg) {
        auto* p = static_cast<Pair*>(arg);
        p->order.push_back(1);
        p->inner->resume();
        CHECK(Fiber::current() == p->outer);
        p->order.push_back(3);
        p->inner->resume();
        p->order.push_back(5);
      },
      &p, s1);
  p.outer = &outer;
  p.inner = &inner;
  outer.resume();
  CHECK(outer.finished());
  CHECK(inner.finished());
  CHECK(p.order == std::vector<int>{1, 2, 3, 4, 5});
  pool().release(s1, 0);
  pool().release(s2, 0);
}

TEST_CASE("a suspended fiber can be resumed from another OS thread", "[fiber]") {
  struct Shared {
    Fiber* self;
    long first, second;
  } sh;
  fiber::Stack stack = pool().allocate();
  Fiber f(
      [](void* arg) {
        auto* sh = static_cast<Shared*>(arg);
        sh->first = os_thread_id();
        sh->self->suspend();
        sh->second = os_thread_id();
      },
      &sh, stack);
  sh.self = &f;
  f.resume();
  std::thread other([&] { f.resume(); });
  other.join();
  CHECK(f.finished());
  CHECK(sh.first == os_thread_id());
  CHECK(sh.second != sh.first);
  pool().release(stack, 0);
}

TEST_CASE("unwind runs the destructors of a suspended fiber's frames", "[fiber]") {
  struct Guard {
    int* counter;
    ~Guard() { ++*counter; }
  };
  struct State {
    Fiber* self;
    int destroyed = 0;
    bool after_suspend = false;
  } st;
  fiber::Stack stack = pool().allocate();
  Fiber f(
      [](void* arg) {
        auto* st = static_cast<State*>(arg);
        Guard outer{&st->destroyed};
        auto heap = std::make_unique<std::string>(1000, 'x');  // would leak (ASan)
        {
          Guard inner{&st->destroyed};
          st->self->suspend();
          st->after_suspend = true;
        }
      },
      &st, stack);
  st.self = &f;
  f.resume();
  CHECK(st.destroyed == 0);
  f.unwind();
  CHECK(f.finished());
  CHECK(st.destroyed == 2);
  CHECK(!st.after_suspend);
  pool().release(stack, 0);

  fiber::Stack unused = pool().allocate();
  Fiber never_started([](void*) { FAIL("must not run"); }, nullptr, unused);
  never_started.unwind();  // nothing to unwind
  CHECK(!never_started.started());
  pool().release(unused, 0);
}

TEST_CASE("many fibers take turns", "[fiber]") {
  constexpr int kFibers = 100, kRounds = 50;
  struct Worker {
    std::unique_ptr<Fiber> f;
    fiber::Stack stack;
    int count = 0;
  };
  std::vector<Worker> workers(kFibers);
  for (Worker& w : workers) {
    w.stack = pool().allocate();
    w.f = std::make_unique<Fiber>(
        [](void* arg) {
          auto* w = static_cast<Worker*>(arg);
          for (int r = 0; r < kRounds; r++) {
            w->count++;
            w->f->suspend();
          }
        },
        &w, w.stack);
  }
  for (int r = 0; r <= kRounds; r++)
    for (Worker& w : workers) w.f->resume();
  for (Worker& w : workers) {
    CHECK(w.count == kRounds);
    CHECK(w.f->finished());
    pool().release(w.stack, 0);
  }
}

TEST_CASE("stack slots: geometry, zero-filled reuse, pooling", "[fiber]") {
  StackPool p(100 * 1024, 20 * 1024);
  const size_t page = size_t(sysconf(_SC_PAGESIZE));
  fiber::Stack a = p.allocate();
  CHECK(a.size() >= 100 * 1024);
  CHECK(a.extra_bytes >= 20 * 1024);
  CHECK(uintptr_t(a.top) % page == page / 2);  // top of the C stack mid-page
  CHECK(uintptr_t(a.limit) % page == 0);
  for (size_t i = 0; i < a.extra_bytes; i++) REQUIRE(a.extra()[i] == 0);
  memset(a.extra(), 0x5a, 1000);
  p.release(a, 1000);
  fiber::Stack b = p.allocate();
  CHECK(b.top == a.top);  // the warm slot comes back first
  for (size_t i = 0; i < 1000; i++) REQUIRE(b.extra()[i] == 0);
  auto st = p.stats();
  CHECK(st.in_use == 1);
  CHECK(st.reserved >= 1);
  std::vector<fiber::Stack> many;
  for (int i = 0; i < 600; i++) many.push_back(p.allocate());
  CHECK(p.stats().reserved >= 601);
  for (auto& s : many) {
    memset(s.extra(), 1, 64);
    p.release(s, 64);
  }
  CHECK(p.stats().warm <= 64);
  for (int i = 0; i < 600; i++) {
    fiber::Stack s = p.allocate();
    for (int j = 0; j < 64; j++) REQUIRE(s.extra()[j] == 0);  // warm or cold, zero
    many[size_t(i)] = s;
  }
  for (auto& s : many) p.release(s, 0);
  p.release(b, 0);
  CHECK(p.stats().in_use == 0);
}

TEST_CASE("stack slots: a coroutine's geometry, and deep ones go back to the kernel", "[fiber]") {
  // Slots shaped like a coroutine's: frames below the guard page, values
  // above the C stack, some 27 MB in all, carved a few at a time.
  StackPool p(316 * 1024, 16 << 20, 10 << 20);
  const size_t page = size_t(sysconf(_SC_PAGESIZE));
  const uintptr_t span = uintptr_t(2) << 20;
  auto resident_pages = [&](const char* from, size_t bytes) {
    std::vector<unsigned char> in(bytes / page);
    REQUIRE(mincore(const_cast<char*>(from), bytes, in.data()) == 0);
    size_t n = 0;
    for (unsigned char c : in) n += c & 1;
    return n;
  };
  std::vector<fiber::Stack> slots;
  for (int i = 0; i < 40; i++) slots.push_back(p.allocate());
  CHECK(p.stats().reserved >= 40);
  for (const fiber::Stack& s : slots) {
    REQUIRE(s.extra_bytes >= size_t(16) << 20);
    REQUIRE(s.low_bytes >= size_t(10) << 20);
    REQUIRE(s.low_end() == s.limit - page);
    // What a suspended coroutine touches lies under one page-table page:
    // the low area's last page, up to the values' first page.
    REQUIRE(uintptr_t(s.low_end() - page) / span == uintptr_t(s.top + page / 2) / span);
    REQUIRE(s.low_end()[-1] == 0);
  }
  // Little written: kept warm, pages and all, and cleared.
  memset(slots[0].extra(), 0x5a, 4096);
  p.release(slots[0], 4096);
  CHECK(resident_pages(slots[0].extra() - page / 2, 2 * page) > 0);
  // Much written (a deep recursion): its pages go back, zero when touched.
  const size_t deep = 1 << 20;
  memset(slots[1].extra(), 0x5a, deep);
  memset(slots[1].low_end() - deep, 0x5a, deep);
  p.release(slots[1], deep);
  CHECK(resident_pages(slots[1].extra() + page / 2, deep - page) == 0);
  CHECK(resident_pages(slots[1].low_end() - deep, deep) == 0);
  for (size_t i = 0; i < deep; i += 512) REQUIRE(slots[1].extra()[i] == 0);
  for (size_t i = 2; i < slots.size(); i++) p.release(slots[i], 0);
  CHECK(p.stats().in_use == 0);
}

TEST_CASE("a slot's guard page stops a C stack overflow", "[fiber]") {
  StackPool p(64 * 1024, 4096);
  fiber::Stack s = p.allocate();
  if (p.stats().guard == fiber::GuardKind::kNone) {
    WARN("no guard pages on this kernel");
    return;
  }
  // In a child: writing just below the stack's limit must fault.
  pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    signal(SIGSEGV, SIG_DFL);  // not a sanitizer's handler: die of the fault
    signal(SIGBUS, SIG_DFL);
    volatile char* below = s.limit - 1;
    *below = 1;
    _exit(0);
  }
  int status = 0;
  REQUIRE(waitpid(child, &status, 0) == child);
  CHECK(!(WIFEXITED(status) && WEXITSTATUS(status) == 0));
  // The usable stack itself is writable.
  s.limit[0] = 1;
  s.top[-1] = 1;
  p.release(s, 0);
}
