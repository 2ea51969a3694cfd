// guards.cpp — AllowThreads and AttachThread (include/gilvm/guards.h).
//
// Both move a thread's gil::Thread between attached and detached with the
// Gil's own calls, the ones the VM's natives use, so a guard's thread is to
// the GIL and its policy like any other. AttachThread's new thread joins the
// interpreter the way thread.spawn's threads do (modules/thread.cpp): an
// OsThread, registered before its first attach, then its ThreadState, made
// while attached; at the end it leaves in the reverse order. It registers
// while detached, from outside the interpreter, which the collector allows
// (it reads the thread list under Interpreter::registry_mutex).
//
// Without a GIL (the free-threaded build) a thread that was alone in the
// process skips the locks of tables and strings (ft.h: only_thread), on the
// grounds that a second thread can only come from a native it runs. A thread
// joining from outside breaks that, so it stops the world once after
// registering: every thread of the interpreter is then at a safe point or
// detached, none inside a section it began alone, and all take the locks
// from then on. A stop by another thread (a collection) that is under way
// when it registers does the same for it.
#include "embed/core.h"
#include "interp/core/state.h"

namespace gilvm::embed {

using detail::Access;

namespace {

gil::Wake to_gil(Wake why) {
  switch (why) {
    case Wake::Start: return gil::Wake::kStart;
    case Wake::Yield: return gil::Wake::kYield;
    case Wake::Blocking: return gil::Wake::kBlocking;
    case Wake::Cpu: return gil::Wake::kCpu;
  }
  return gil::Wake::kBlocking;
}

gilvm::ThreadState& state(void* p) {
  return *static_cast<gilvm::ThreadState*>(p);
}

}  // namespace

AllowThreads::AllowThreads(const Interpreter& interp, Wake back)
    : state_(&detail::current_state(*Access::core(interp))), back_(back) {
  gilvm::ThreadState& L = state(state_);
  L.interp.gil.detach(L.os->gil);
}

AllowThreads::AllowThreads(const Args& args, Wake back)
    : state_(&detail::current_state(Access::core(args))), back_(back) {
  gilvm::ThreadState& L = state(state_);
  L.interp.gil.detach(L.os->gil);
}

AllowThreads::~AllowThreads() {
  gilvm::ThreadState& L = state(state_);
  L.interp.gil.attach(L.os->gil, to_gil(back_));
}

AttachThread::AttachThread(const Interpreter& interp, const std::string& name)
    : core_(Access::core(interp).get()) {
  detail::Core& core = *static_cast<detail::Core*>(core_);
  if (!core.alive.load(std::memory_order_acquire))
    detail::fail("gilvm: the interpreter has been destroyed");
  if (gilvm::ThreadState* L = detail::find_binding(core)) {
    state_ = L;
    thread_id_ = L->os->gil.id;
    if (!L->os->gil.attached()) {
      L->interp.gil.attach(L->os->gil, gil::Wake::kBlocking);
      kind_ = Kind::kRetook;
    }
    return;
  }
  gilvm::Interpreter& vm = *core.vm;
  core.attached_threads.fetch_add(1);
  auto* os = new gilvm::OsThread(vm, false, name);
  // Without a GIL, attaching waits out a stopped world (the OsThread was
  // registered suspended if a stop was under way).
  vm.gil.attach(os->gil, gil::Wake::kStart);
  gilvm::ThreadState* L = vm.new_thread_state(os);
  os->enter();
  detail::bind_thread(core, *L);
  state_ = L;
  thread_id_ = os->gil.id;
  kind_ = Kind::kJoined;
}

AttachThread::~AttachThread() {
  detail::Core& core = *static_cast<detail::Core*>(core_);
  gilvm::ThreadState& L = state(state_);
  switch (kind_) {
    case Kind::kNothing: return;
    case Kind::kRetook: L.interp.gil.detach(L.os->gil); return;
    case Kind::kJoined: {
      gilvm::OsThread* os = L.os;
      detail::unbind_thread(core, L);
      L.leave();
      L.interp.gil.exit_thread(os->gil);
      delete os;
      core.attached_threads.fetch_sub(1);
      return;
    }
  }
}

}  // namespace gilvm::embed
