// native.h — helpers for native modules that own C++ objects and block:
// userdata types with a metatable and a finalizer, argument checks for them,
// timeouts, and waiting on a condition variable while detached.
#pragma once

#include <chrono>
#include <condition_variable>
#include <initializer_list>
#include <mutex>
#include <new>
#include <utility>

#include "interp/core/api.h"

namespace gilvm {

// Creates the metatable of a native type: __name = name, __index = the
// methods. Kept in the registry under `name`; made once per interpreter.
Table* new_native_type(Interpreter& I, const char* name, std::initializer_list<Method> methods);

// The metatable made by new_native_type(name).
Table* native_type(Interpreter& I, const char* name);

// The tag of native userdata holding a T: one object per type, so its
// address identifies the type.
template <class T>
struct NativeTag {
  static constexpr char id = 0;
};

// Pushes a new userdata holding a T built from args, with metatable `mt`
// (from native_type); the collector destroys the T.
template <class T, class... Args>
T* push_native(ThreadState& L, Table* mt, Args&&... args) {
  Userdata* u = L.interp.new_userdata(sizeof(T));
  L.push(Value::userdata(u));
  T* obj = new (u->data) T(std::forward<Args>(args)...);
  u->finalizer = [](Userdata* self) { reinterpret_cast<T*>(self->data)->~T(); };
  u->native_tag = &NativeTag<T>::id;
  u->metatable = mt;
  return obj;
}
// The same with `name`'s metatable, looked up in the registry.
template <class T, class... Args>
T* push_native(ThreadState& L, const char* name, Args&&... args) {
  return push_native<T>(L, native_type(L.interp, name), std::forward<Args>(args)...);
}

// The T a value holds, or nullptr if it is not a native userdata of type T.
template <class T>
T* to_native(const Value& v) {
  if (v.tag != Tag::Userdata || v.as_userdata()->native_tag != &NativeTag<T>::id) return nullptr;
  return reinterpret_cast<T*>(v.as_userdata()->data);
}

// Argument i as a T, or Lua's "bad argument" error ("<name> expected, got
// <type>").
template <class T>
T* check_native(ThreadState& L, int i, const char* name) {
  T* obj = to_native<T>(L.arg(i));
  if (!obj) L.type_error(i, name);
  return obj;
}

// Argument i as a timeout in seconds: nil (or absent) gives -1, "forever";
// a negative number is an error.
double opt_timeout(ThreadState& L, int i);

// A timeout as a deadline, for waits that may have to wait again after
// losing a race (a queue item taken by another thread before we re-attach).
class Deadline {
 public:
  explicit Deadline(double timeout)  // seconds; < 0: none
      : none_(timeout < 0 || timeout > 1e9),
        at_(std::chrono::steady_clock::now() +
            std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                std::chrono::duration<double>(none_ ? 0 : timeout))) {}
  // Seconds left (0 once passed), or -1 for no deadline.
  double remaining() const {
    if (none_) return -1;
    std::chrono::duration<double> left = at_ - std::chrono::steady_clock::now();
    return left.count() > 0 ? left.count() : 0;
  }

 private:
  bool none_;
  std::chrono::steady_clock::time_point at_;
};

// Waits (detached!) on cv until done() is true, the timeout passes (timeout
// < 0: never) or, on the main thread, Ctrl-C is pressed. Returns done().
// The main thread wakes every 50 ms to look for Ctrl-C; callers re-attach
// and call L.check_interrupt().
template <class Pred>
bool wait_detached(ThreadState& L, std::unique_lock<std::mutex>& lock, std::condition_variable& cv,
                   double timeout, Pred done) {
  using Clock = std::chrono::steady_clock;
  const bool watch_interrupt = L.is_main();
  const auto slice = std::chrono::milliseconds(50);
  const bool forever = timeout < 0 || timeout > 1e9;  // 30 years: no deadline arithmetic overflow
  const auto deadline = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                           std::chrono::duration<double>(forever ? 0 : timeout));
  while (!done()) {
    if (watch_interrupt && L.interrupt_pending()) return false;
    if (forever) {
      if (watch_interrupt)
        cv.wait_for(lock, slice);
      else
        cv.wait(lock);
    } else {
      auto now = Clock::now();
      if (now >= deadline) return false;
      auto until = watch_interrupt ? std::min(deadline, now + slice) : deadline;
      cv.wait_until(lock, until);
    }
  }
  return true;
}

// The wait of a blocking native: detaches (releasing the GIL), locks m and
// runs wait(lock), which typically calls wait_detached; then re-attaches and
// raises "interrupted" if Ctrl-C cut the wait short. Returns wait's result.
template <class F>
bool wait_released(ThreadState& L, std::mutex& m, F wait) {
  bool ok;
  {
    AllowThreads detached(L);
    std::unique_lock lock(m);
    ok = wait(lock);
  }
  L.check_interrupt();
  return ok;
}

// Argument i as a duration in seconds, non-negative.
double check_seconds(ThreadState& L, int i);

// Blocks for `seconds` with the GIL released (thread.sleep, work.io).
void sleep_released(ThreadState& L, double seconds);

// Busy CPU work for `seconds` (work.hold_gil, work.release_gil): floating
// point arithmetic, looking at the clock every few thousand steps.
double spin_cpu(double seconds);

}  // namespace gilvm
