// coroutine.cpp — coroutines on fibers (see coroutine.h).
//
// A coroutine's life, in the terms of coroutine.status:
//
//   suspended (new) --resume--> running --yield--> suspended --resume--> ...
//                                  |--returns / raises--> dead
//   running --resumes another--> normal --that one yields or ends--> running
//   suspended or dead --close--> running (its __close handlers) --> dead
//
// Without a GIL several threads may reach for one coroutine at once. The
// status is the claim: resume and close each move it out of suspended (close
// also out of dead) with a compare-and-swap, and the loser gets Lua's error,
// "cannot resume non-suspended coroutine" or "cannot close a running
// coroutine". The winner publishes the next status (suspended, dead) with a
// release store only after it is done with the coroutine's stacks, so the
// next claimant, on whatever thread, sees all it wrote.
//
// A started coroutine owns a Coroutine: its fiber and the fiber's slot. The
// slot holds the coroutine's call frames under the C stack (they grow down)
// and its Lua value stack above it (growing up), so that everything a
// suspended coroutine touches lies close together, and the pool only ever
// has to clear a prefix of the values' area (frames are written before they
// are read).
//
// The protocol between resumer and coroutine is a handful of fields of
// Coroutine, written by one side before a switch and read by the other after
// it (the switch orders them): `outcome` says why the fiber stopped,
// `transfer` how many values wait on top of the stack of the side that
// receives them, `closing` asks a suspended fiber to close itself.
//
// Errors. A Lua error inside the coroutine unwinds its C++ frames up to the
// fiber's entry (run), which makes the coroutine dead and keeps the error
// value. As in Lua, the Lua frames are not closed then: pending to-be-closed
// variables wait for coroutine.close, so a coroutine that died with some
// keeps its fiber, suspended at the end of run, until closed or collected.
// Whenever the stacks go back to the pool (Coroutine::release: death, close,
// collection), the upvalues still open on them close first, so closures
// that captured a local keep their own copy rather than a pointer into the
// next coroutine's stack.
#include "interp/core/coroutine.h"

#include <algorithm>
#include <new>

#include "fiber/fiber.h"

namespace gilvm {

namespace {

// A coroutine's slot: a C stack for its fiber, its call frames below it and
// its Lua value stack above it, as deep as an OS thread's (a million values,
// 250,000 frames: state.h), 27 MB of address space in all. Only touched pages
// cost memory: a suspended coroutine typically touches two, one with its
// first call frames, one with its last C frames and first values, 322 KB
// apart, under one page-table page. A level of native -> Lua nesting (pcall,
// a sort comparator) takes 0.3 to 1 KB of C stack, and Lua's parser, at its
// deepest, under 56 KB.
constexpr size_t kCStackBytes = 316 * 1024;  // the pool makes it 318 KB
// How close to the fiber stack's end ThreadState::call stops recursing.
constexpr size_t kFiberCStackMargin = 64 * 1024;

// Never destroyed: exit() may run on one of its fibers (os.exit in a
// coroutine), or while other threads run theirs.
fiber::StackPool& stack_pool() {
  static fiber::StackPool* pool = new fiber::StackPool(kCStackBytes, ThreadState::kValueStackBytes,
                                                       ThreadState::kFrameStackBytes);
  return *pool;
}

#ifdef GILVM_TSAN
constexpr bool kThreadSanitizer = true;
#else
constexpr bool kThreadSanitizer = false;
#endif

// Asks a suspended coroutine to close itself: raised by yield() on the way
// back in, caught by run().
struct CloseRequest {};

}  // namespace

struct Coroutine {
  enum class Outcome : uint8_t { kYield, kReturn, kError, kAwait };

  explicit Coroutine(ThreadState& L) : slot(stack_pool().allocate()), fiber(&run, &L, slot) {}
  ~Coroutine() { stack_pool().release(slot, dirty_bytes); }

  fiber::Stack slot;
  fiber::Fiber fiber;
  ThreadState* resumer = nullptr;  // while running or normal
  Outcome outcome = Outcome::kYield;
  int transfer = 0;
  bool closing = false;
  bool close_failed = false;
  int start_depth = 0;     // the state's native_depth when its body was called
  size_t dirty_bytes = 0;  // of the owner's area, for the pool to clear

  // Gives a new coroutine its slot and stacks; pushes its body.
  static void start(ThreadState& L);
  // The fiber's body.
  static void run(void* arg);
  // Runs the pending __close handlers of a coroutine whose C frames are gone,
  // on its own fiber; `error` is the error it died of, if any.
  static void close_pending(ThreadState& L, const Value* error);
  // A dead coroutine's memory goes back to the pool.
  static void release(ThreadState& L);
};

void Coroutine::start(ThreadState& L) {
  L.co = new Coroutine(L);
  const fiber::Stack& slot = L.co->slot;
  L.init_stacks(reinterpret_cast<Value*>(slot.extra()),
                reinterpret_cast<CallInfo*>(slot.low_end() - ThreadState::kFrameStackBytes));
  L.c_stack_limit = L.co->slot.limit + kFiberCStackMargin;
  *L.top++ = L.body;
  L.body = Value();
}

void Coroutine::release(ThreadState& L) {
  Coroutine* c = L.co;
  // Upvalues still open here (left by an error, or by a suspended coroutine
  // that is collected) take their values with them, as Lua's do when a
  // thread ends: the slot goes to another coroutine. Without a GIL another
  // thread may be using one of them: close() follows the upvalue protocol.
  L.close_upvalues(L.stack);
  c->dirty_bytes = size_t(reinterpret_cast<char*>(L.high_water) - c->slot.extra());
  L.stack = L.stack_last = L.stack_end = L.top = L.high_water = nullptr;
  L.base_ci = L.ci = L.ci_last = L.frames_end = nullptr;
  L.tbc_slots.clear();
  L.co = nullptr;
  delete c;  // its fiber has finished, or has nothing left to unwind
}

void Coroutine::run(void* arg) {
  ThreadState& L = *static_cast<ThreadState*>(arg);
  Coroutine& c = *L.co;
  Value* func = L.stack + 1;  // [host frame][body][arguments...]
  try {
    L.call(func, kMultRet);
    c.transfer = int(L.top - func);
    c.outcome = Outcome::kReturn;
    return;
  } catch (const LuaError&) {
  } catch (const std::bad_alloc&) {
    L.error_value = Value::string(L.interp.str_memory_error);
  } catch (const CloseRequest&) {
    close_pending(L, nullptr);
    return;
  }
  c.outcome = Outcome::kError;
  if (L.tbc_slots.empty()) return;
  // Dead, with variables to close: wait for coroutine.close (or the collector).
  c.fiber.suspend();
  Value err = L.error_value;
  close_pending(L, &err);
}

void Coroutine::close_pending(ThreadState& L, const Value* error) {
  Coroutine& c = *L.co;
  // The frames are gone; the handlers run above every slot still to close.
  for (Value* slot : L.tbc_slots) L.top = std::max(L.top, slot + 1);
  L.ci = L.base_ci;
  L.native_depth = 0;
  L.error_handler = nullptr;
  Value err = error ? *error : Value();
  bool failed = error != nullptr;
  for (;;) {
    try {
      L.close_frame_resources(L.stack, failed ? &err : nullptr);
      break;
    } catch (const LuaError&) {
      err = L.error_value;
      failed = true;
      L.ci = L.base_ci;
      L.native_depth = 0;
    }
  }
  L.error_value = failed ? err : Value();
  c.close_failed = failed;
}

void destroy_coroutine(ThreadState& L) {
  // Suspended with no native between its body and the yield, the fiber's
  // frames are the VM's own, which own nothing: the slot can simply go.
  // Otherwise a native may own memory in a frame (a string being built by
  // gsub, say), and the frames are unwound. Under ThreadSanitizer they are
  // always unwound: only a fiber that ends so passes its costly sanitizer
  // context on to the next one (fiber/fiber.cpp).
  Coroutine& c = *L.co;
  if (kThreadSanitizer || L.native_depth - c.start_depth > 1) c.fiber.unwind();
  Coroutine::release(L);
}

namespace {

const char* status_name(CoStatus status) {
  switch (status) {
    case CoStatus::kSuspended: return "suspended";
    case CoStatus::kRunning: return "running";
    case CoStatus::kNormal: return "normal";
    case CoStatus::kDead: return "dead";
  }
  return "dead";
}

ResumeResult fail(ThreadState& L, int nargs, const char* msg, int* nresults) {
  L.top -= nargs;
  L.push_string(msg);
  *nresults = 1;
  return ResumeResult::kFailed;
}

// Moves the n values on top of `from`'s stack to the top of `to`'s.
bool move_values(ThreadState& from, ThreadState& to, int n) {
  if (to.top + n > to.stack_last) return false;
  Value* src = from.top - n;
  std::copy(src, from.top, to.top);
  to.top += n;
  if (to.top > to.high_water) to.high_water = to.top;
  from.top = src;
  return true;
}

// Switches into the coroutine and back; passes an await of a plain
// coroutine outward until its task is resumed, then goes back in.
void switch_into(ThreadState& L, ThreadState& co) {
  Coroutine& c = *co.co;
  c.resumer = &L;
  co.os = L.os;
  co.status.store(CoStatus::kRunning, std::memory_order_relaxed);
  L.status.store(CoStatus::kNormal, std::memory_order_relaxed);
  c.fiber.resume();
  while (c.outcome == Coroutine::Outcome::kAwait && !co.task) {
    co.status.store(CoStatus::kNormal, std::memory_order_relaxed);
    L.status.store(CoStatus::kRunning, std::memory_order_relaxed);
    suspend_task(L);
    co.os = L.os;
    co.status.store(CoStatus::kRunning, std::memory_order_relaxed);
    L.status.store(CoStatus::kNormal, std::memory_order_relaxed);
    c.fiber.resume();
  }
  L.status.store(CoStatus::kRunning, std::memory_order_relaxed);
  c.resumer = nullptr;
}

ResumeResult resume_suspended(ThreadState& L, ThreadState& co, int nargs, int* nresults) {
  // Lua's limit on nested calls counts across resumes.
  if (L.native_depth >= ThreadState::kMaxNativeDepth)
    return fail(L, nargs, "C stack overflow", nresults);
  if (!co.co) Coroutine::start(co);
  Coroutine& c = *co.co;
  if (!move_values(L, co, nargs)) return fail(L, nargs, "too many arguments to resume", nresults);
  if (!c.fiber.started()) co.native_depth = c.start_depth = L.native_depth;
  c.transfer = nargs;
  switch_into(L, co);
  switch (c.outcome) {
    case Coroutine::Outcome::kAwait:
      co.status.store(CoStatus::kSuspended, std::memory_order_release);
      *nresults = 0;
      return ResumeResult::kAwaiting;
    case Coroutine::Outcome::kYield: {
      // The yielded values leave the coroutine's stack before it is marked
      // suspended: from then on another thread may resume it (release: that
      // thread sees everything the coroutine wrote).
      *nresults = c.transfer;
      const bool moved = move_values(co, L, c.transfer);
      if (!moved) co.top -= c.transfer;
      co.status.store(CoStatus::kSuspended, std::memory_order_release);
      if (!moved) return fail(L, 0, "too many results to resume", nresults);
      return ResumeResult::kYielded;
    }
    case Coroutine::Outcome::kReturn: {
      // Dead only once it is released: from then on another thread may
      // close it.
      *nresults = c.transfer;
      const bool moved = move_values(co, L, c.transfer);
      Coroutine::release(co);
      co.status.store(CoStatus::kDead, std::memory_order_release);
      if (!moved) return fail(L, 0, "too many results to resume", nresults);
      return ResumeResult::kReturned;
    }
    case Coroutine::Outcome::kError:
      L.push(co.error_value);
      *nresults = 1;
      if (c.fiber.finished()) Coroutine::release(co);
      co.status.store(CoStatus::kDead, std::memory_order_release);
      return ResumeResult::kFailed;
  }
  return ResumeResult::kFailed;
}

}  // namespace

void preload(ThreadState& L, ThreadState& co, int nargs) {
  if (!co.co) Coroutine::start(co);
  if (!move_values(L, co, nargs)) L.error("too many arguments for a new coroutine");
}

bool started(const ThreadState& co) {
  return co.co ? co.co->fiber.started() : co.status == CoStatus::kDead;
}

ResumeResult resume(ThreadState& L, ThreadState& co, int nargs, int* nresults) {
  CoStatus status = co.status.load(std::memory_order_acquire);
  if (status == CoStatus::kDead) return fail(L, nargs, "cannot resume dead coroutine", nresults);
  if (status != CoStatus::kSuspended || !co.is_coroutine || co.task != nullptr)
    return fail(L, nargs, "cannot resume non-suspended coroutine", nresults);
  // Without a GIL two threads may try to resume the same coroutine: the one
  // that moves it out of suspended runs it, the other hears that it is not
  // suspended (running, in the other thread).
  if (kFreeThreaded &&
      !co.status.compare_exchange_strong(status, CoStatus::kRunning, std::memory_order_acq_rel))
    return fail(L, nargs, "cannot resume non-suspended coroutine", nresults);
  return resume_suspended(L, co, nargs, nresults);
}

int yield(ThreadState& L, int nresults) {
  if (!L.is_coroutine || L.task || !L.co)
    L.runtime_error("attempt to yield from outside a coroutine");
  Coroutine& c = *L.co;
  if (c.closing || L.interp.running_finalizer(L))
    L.runtime_error("attempt to yield across a C-call boundary");
  c.outcome = Coroutine::Outcome::kYield;
  c.transfer = nresults;
  c.fiber.suspend();
  if (c.closing) throw CloseRequest{};
  return c.transfer;
}

bool yieldable(const ThreadState& L) {
  return L.is_coroutine && !L.task && !(L.co && L.co->closing) && !L.interp.running_finalizer(L);
}

bool close(ThreadState& L, ThreadState& co) {
  if (co.task) L.error("cannot close a task (cancel it instead)");
  // The claim (see the top of the file): dead may have variables to close.
  CoStatus status = co.status.load(std::memory_order_acquire);
  do {
    if (&co == &L || (status != CoStatus::kSuspended && status != CoStatus::kDead))
      L.error("cannot close a %s coroutine", status_name(&co == &L ? CoStatus::kRunning : status));
  } while (!co.status.compare_exchange_weak(status, CoStatus::kRunning, std::memory_order_acq_rel,
                                            std::memory_order_acquire));
  if (co.co && co.co->fiber.started() && !co.co->fiber.finished()) {
    // Suspended in a yield, or dead with variables to close: the fiber closes
    // them itself, on its own stack.
    Coroutine& c = *co.co;
    c.closing = true;
    c.resumer = &L;
    co.os = L.os;
    c.fiber.resume();
    c.resumer = nullptr;
  }
  bool ok = true;
  if (co.co) {
    ok = !co.co->close_failed;
    if (co.co->outcome == Coroutine::Outcome::kError && !co.co->closing) ok = false;
    Coroutine::release(co);
  } else if (!co.error_value.is_nil()) {
    ok = false;  // died of an error, with nothing to close
  }
  co.body = Value();
  if (!ok) L.push(co.error_value);
  co.error_value = Value();
  co.status.store(CoStatus::kDead, std::memory_order_release);
  return ok;
}

const char* status_name(const ThreadState& L, const ThreadState& co) {
  return status_name(&co == &L ? CoStatus::kRunning : co.status.load(std::memory_order_relaxed));
}

void make_task(ThreadState& co, void* record) {
  co.task = record;
}

ThreadState* current_task(ThreadState& L) {
  for (ThreadState* s = &L; s && s->is_coroutine && s->co; s = s->co->resumer)
    if (s->task) return s;
  return nullptr;
}

void suspend_task(ThreadState& L) {
  if (!current_task(L)) L.runtime_error("await outside a task");
  Coroutine& c = *L.co;
  c.outcome = Coroutine::Outcome::kAwait;
  c.fiber.suspend();
}

ResumeResult resume_task(ThreadState& L, ThreadState& task, int nargs, int* nresults) {
  if (task.status != CoStatus::kSuspended)
    return fail(L, nargs, "cannot resume non-suspended coroutine", nresults);
  return resume_suspended(L, task, nargs, nresults);
}

}  // namespace gilvm
