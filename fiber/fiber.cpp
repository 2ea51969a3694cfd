// fiber.cpp — switching between fibers (see fiber.h and fiber/README.md).
//
// Each switch is one jump_fcontext: it saves the running context on its own
// stack and returns, in the other context, a Transfer holding the context it
// came from. That returned context is the only handle to the one that just
// stopped, so whoever lands stores it at once: the resumer keeps the fiber's
// (context_), the fiber keeps its resumer's (caller_).
#include "fiber/fiber.h"

#include <boost/context/detail/fcontext.hpp>
#include <exception>

#include "fiber/sanitizers.h"

#ifdef GILVM_ASAN
#include <sanitizer/common_interface_defs.h>
#endif
#ifdef GILVM_TSAN
#include <sanitizer/tsan_interface.h>

#include <mutex>
#include <vector>
#endif

namespace fiber {

namespace ctx = boost::context::detail;

namespace {

thread_local Fiber* t_current = nullptr;

// AddressSanitizer must be told before a switch which stack comes next, and
// after it which one we came from. It keeps a "fake stack" per context (for
// use-after-return detection); `fake` saves the leaving context's while it is
// away, and nullptr says the leaving context is gone for good.
#ifdef GILVM_ASAN
void asan_leave(void** fake, const void* to_bottom, size_t to_size) {
  __sanitizer_start_switch_fiber(fake, to_bottom, to_size);
}
void asan_arrive(void* fake, const void** from_bottom, size_t* from_size) {
  __sanitizer_finish_switch_fiber(fake, from_bottom, from_size);
}
#else
void asan_leave(void**, const void*, size_t) {}
void asan_arrive(void*, const void**, size_t*) {}
#endif

// ThreadSanitizer keeps a shadow call stack per fiber, so the switch must be
// announced in the very function that jumps: a helper's return would be
// recorded on the other fiber's shadow stack. Hence always_inline here and
// in Fiber::switch_in.
void* tsan_current() {
#ifdef GILVM_TSAN
  return __tsan_get_current_fiber();
#else
  return nullptr;
#endif
}

[[gnu::always_inline]] inline void tsan_switch_to(void* f) {
#ifdef GILVM_TSAN
  __tsan_switch_to_fiber(f, 0);  // 0: the switch orders memory, as it does
#else
  (void)f;
#endif
}

// ThreadSanitizer's context for a fiber is a thread's: making one maps and
// zeroes some 850 KB, 3 to 6 ms of page faults, which made a test that
// starts 40,000 coroutines run for minutes. So the contexts of fibers that
// ended cleanly are kept for the next fibers, up to as many as a program
// typically has alive at once (memory the peak already took). Only a
// context with an empty shadow call stack can serve again: that of a fiber
// that never started or that finished (its body returned or was unwound;
// the trampolines below are not instrumented, so they leave no frame of
// their own on it). A fiber abandoned while suspended takes its context
// with it.
#ifdef GILVM_TSAN
constexpr size_t kSpareTsanContexts = 1024;

struct SpareTsanContexts {
  std::mutex mutex;
  std::vector<void*> contexts;
};
SpareTsanContexts& spare_tsan_contexts() {
  static auto* spare = new SpareTsanContexts;  // outlives every fiber
  return *spare;
}

void* tsan_take_context() {
  SpareTsanContexts& spare = spare_tsan_contexts();
  {
    std::lock_guard lock(spare.mutex);
    if (!spare.contexts.empty()) {
      void* context = spare.contexts.back();
      spare.contexts.pop_back();
      return context;
    }
  }
  return __tsan_create_fiber(0);
}

void tsan_give_back_context(void* context, bool reusable) {
  SpareTsanContexts& spare = spare_tsan_contexts();
  if (reusable) {
    std::lock_guard lock(spare.mutex);
    if (spare.contexts.size() < kSpareTsanContexts) {
      spare.contexts.push_back(context);
      return;
    }
  }
  __tsan_destroy_fiber(context);
}
#endif

}  // namespace

// The functions that run on a fiber's stack before or instead of its body.
// ThreadSanitizer does not see them enter (see above), nor anything they do
// but the switches they announce.
#ifdef GILVM_TSAN
#define GILVM_FIBER_TRAMPOLINE __attribute__((no_sanitize("thread")))
#else
#define GILVM_FIBER_TRAMPOLINE
#endif
struct Trampoline {
  GILVM_FIBER_TRAMPOLINE static void entry(ctx::transfer_t t) {
    Fiber* self = static_cast<Fiber*>(t.data);
    asan_arrive(nullptr, &self->caller_stack_bottom_, &self->caller_stack_size_);
    self->caller_ = t.fctx;
    try {
      self->body_(self->arg_);
    } catch (const Unwinding&) {
    } catch (...) {
      std::terminate();  // a body must catch its own errors
    }
    self->state_ = Fiber::State::kFinished;
    tsan_switch_to(self->tsan_caller_);
    asan_leave(nullptr, self->caller_stack_bottom_, self->caller_stack_size_);
    ctx::jump_fcontext(self->caller_, nullptr);  // never comes back
  }

  // Runs on top of a suspended fiber, in place of the return from its
  // suspend(): lands like suspend() would, then raises Unwinding there.
  GILVM_FIBER_TRAMPOLINE static ctx::transfer_t unwind(ctx::transfer_t t) {
    Fiber* self = static_cast<Fiber*>(t.data);
    asan_arrive(self->asan_fake_stack_, &self->caller_stack_bottom_, &self->caller_stack_size_);
    self->caller_ = t.fctx;
    throw Unwinding{};
  }
};

Fiber::Fiber(Body body, void* arg, const Stack& stack) : body_(body), arg_(arg), stack_(stack) {
#ifdef GILVM_TSAN
  tsan_fiber_ = tsan_take_context();
#endif
}

Fiber::~Fiber() {
#ifdef GILVM_TSAN
  tsan_give_back_context(tsan_fiber_, state_ == State::kNew || state_ == State::kFinished);
#endif
}

Fiber* Fiber::current() {
  return t_current;
}

[[gnu::always_inline]] inline void Fiber::switch_in() {
  outer_ = t_current;
  t_current = this;
  state_ = State::kRunning;
  tsan_caller_ = tsan_current();
  tsan_switch_to(tsan_fiber_);
}

void Fiber::switched_out() {
  t_current = outer_;
}

void Fiber::resume() {
  if (state_ == State::kNew)
    context_ = ctx::make_fcontext(stack_.top, stack_.size(), &Trampoline::entry);
  switch_in();
  void* fake;
  asan_leave(&fake, stack_.limit, stack_.size());
  ctx::transfer_t t = ctx::jump_fcontext(context_, this);
  asan_arrive(fake, nullptr, nullptr);
  context_ = state_ == State::kFinished ? nullptr : t.fctx;
  switched_out();
}

void Fiber::suspend() {
  state_ = State::kSuspended;
  void* to = caller_;
  asan_leave(&asan_fake_stack_, caller_stack_bottom_, caller_stack_size_);
  tsan_switch_to(tsan_caller_);
  ctx::transfer_t t = ctx::jump_fcontext(to, this);
  asan_arrive(asan_fake_stack_, &caller_stack_bottom_, &caller_stack_size_);
  caller_ = t.fctx;
}

void Fiber::unwind() {
  if (state_ != State::kSuspended) return;
  switch_in();
  void* fake;
  asan_leave(&fake, stack_.limit, stack_.size());
  ctx::ontop_fcontext(context_, this, &Trampoline::unwind);
  asan_arrive(fake, nullptr, nullptr);
  context_ = nullptr;
  switched_out();
}

}  // namespace fiber
