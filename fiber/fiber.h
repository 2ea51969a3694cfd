// fiber.h — stackful fibers: a function running on a C stack of its own that
// can suspend itself and be resumed later, from any OS thread (by one thread
// at a time). Lua coroutines (interp/) and event-loop tasks (loop/) are both
// built on this one layer. It knows nothing of Lua. The protocol is told in
// prose in fiber/README.md.
//
// The switch itself is Boost.Context's fcontext (jump_fcontext: save the
// callee-saved registers and the stack pointer, load the other context's).
// Around every switch the fiber tells AddressSanitizer and ThreadSanitizer
// which stack it moves to, so both builds understand fibers.
//
//   fiber::Fiber f(body, arg, stack);   // not started yet
//   f.resume();      // runs body(arg) on `stack` until it calls suspend() or returns
//   // inside body:  fiber::Fiber::current()->suspend();   // back to the resumer
//   f.resume();      // continues after that suspend()
//
// A fiber that is suspended in the middle of its body still has C++ frames on
// its stack; unwind() destroys them (their destructors run) by raising
// fiber::Unwinding at the suspension point. The body must let Unwinding pass
// (catch only what it means to catch).
#pragma once

#include <cstddef>

#include "fiber/stack_pool.h"

namespace fiber {

// Raised inside a suspended fiber by unwind(): not an error, the end of it.
struct Unwinding {};

class Fiber {
 public:
  using Body = void (*)(void* arg);

  // A fiber that will run body(arg) on `stack` when first resumed. The stack
  // belongs to the caller and must outlive the fiber's run.
  Fiber(Body body, void* arg, const Stack& stack);
  // A fiber destroyed while suspended simply abandons its frames: unwind()
  // first if any of them owns something.
  ~Fiber();
  Fiber(const Fiber&) = delete;
  Fiber& operator=(const Fiber&) = delete;

  // Switches to the fiber; returns when it suspends or its body returns.
  // Call from outside the fiber (a thread's own stack or another fiber).
  void resume();
  // Switches back to whoever resumed the fiber; returns when it is resumed
  // again. Call from inside the fiber.
  void suspend();
  // Destroys the frames of a suspended fiber: Unwinding is raised inside it
  // at its suspension point and travels up to its entry, running destructors
  // on the way; the fiber is then finished. Nothing happens to a fiber that
  // has not started or has finished.
  void unwind();

  bool started() const { return state_ != State::kNew; }
  bool finished() const { return state_ == State::kFinished; }
  bool running() const { return state_ == State::kRunning; }
  // Suspended in the middle of its body (frames on its stack).
  bool suspended() const { return state_ == State::kSuspended; }

  // The innermost fiber running on this OS thread, or nullptr on the
  // thread's own stack.
  static Fiber* current();

  const Stack& stack() const { return stack_; }

 private:
  friend struct Trampoline;
  enum class State : unsigned char { kNew, kRunning, kSuspended, kFinished };
  void switch_in();
  void switched_out();

  Body body_;
  void* arg_;
  Stack stack_;
  State state_ = State::kNew;
  void* context_ = nullptr;  // this fiber's saved context while it is not running
  void* caller_ = nullptr;   // the resumer's saved context while the fiber runs
  Fiber* outer_ = nullptr;   // Fiber::current() of the resumer
  // Sanitizer bookkeeping (unused in plain builds).
  void* asan_fake_stack_ = nullptr;  // the fiber's, saved while it is away
  void* tsan_fiber_ = nullptr;
  void* tsan_caller_ = nullptr;
  const void* caller_stack_bottom_ = nullptr;
  size_t caller_stack_size_ = 0;
};

}  // namespace fiber
