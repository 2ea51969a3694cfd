// interpreter.cpp — creating and destroying interpreters, OS threads, thread
// states and objects.
//
// An OS thread's state reserves its value stack and frame stack once, with
// mmap(MAP_NORESERVE): pages are committed only when touched, and the stacks
// never move (see the invariants in state.h). A coroutine's stacks live in
// its fiber's slot instead (coroutine.cpp). Past the usable end of each
// stack lies a small reserve that only error handling may use, so that a
// message handler can still run after a stack overflow.
#include <pthread.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <new>

#include "interp/core/coroutine.h"
#include "interp/core/state.h"
#include "interp/core/table.h"
#include "interp/modules/modules.h"

namespace gilvm {

void sweep_objects(Interpreter& I);  // gc.cpp

namespace {

void* reserve(size_t bytes) {
  void* p = mmap(nullptr, bytes, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (p == MAP_FAILED) throw std::bad_alloc();
  return p;  // zero-filled: every slot starts as nil
}

}  // namespace

Interpreter::Interpreter() {
  gc_threshold = size_t(1) << 20;
  main_os_thread_ = std::make_unique<OsThread>(*this, true);
  main_thread_ = new_thread_state(main_os_thread_.get());
  main_os_thread_->enter();
  // The free-threaded build runs without a GIL unless the host turns it on
  // (gil.set_enabled, --gil=on).
  gil.set_enabled(!kFreeThreaded);
  gil.attach(main_os_thread_->gil, gil::Wake::kStart);
  globals = new_table();
  loaded = new_table();
  registry = new_table();
  for (size_t e = 0; e < size_t(TM::NumEvents); e++) tm_names[e] = new_string(kEventNames[e]);
  str_name_field = new_string("__name");
  str_memory_error = new_string("not enough memory");
  open_standard_libs(*this);
}

Interpreter::~Interpreter() {
  // The host has waited for every thread it started (see thread_join_all).
  finalize_all(*main_thread_);
  main_thread_->leave();
  gil.exit_thread(main_os_thread_->gil);
  for (auto [p, bytes] : retired_) release(p, bytes);
  sweep_objects(*this);  // nothing is marked: everything goes
  main_os_thread_.reset();
}

namespace {
// The OS thread of ours running on this thread, if any (free-threaded build:
// where link() puts new objects without a lock).
thread_local OsThread* this_os_thread = nullptr;
}  // namespace

void Interpreter::link(GCObject* o, ObjType type) {
  o->type = type;
  o->marked = 0;
  o->finalizable = 0;
  if constexpr (kFreeThreaded) {
    OsThread* me = this_os_thread;
    if (me && &me->interp == this) {
      if (!me->new_objects) me->last_new_object = o;
      o->next_object = me->new_objects;
      me->new_objects = o;
      return;
    }
  }
  Locked hold(objects_lock_);
  o->next_object = all_objects;
  all_objects = o;
}

void Interpreter::adopt_objects(OsThread& t) {
  GCObject* first = t.new_objects;
  if (!first) return;
  Locked hold(objects_lock_);
  t.last_new_object->next_object = all_objects;
  all_objects = first;
  t.new_objects = t.last_new_object = nullptr;
}

Table* Interpreter::new_table(uint32_t array_size, uint32_t hash_size) {
  auto* t = static_cast<Table*>(allocate(sizeof(Table)));
  link(t, ObjType::Table);
  t->absent_metamethods = 0;
  t->metatable = nullptr;
  table_init_parts(*this, t, array_size, hash_size);
  return t;
}

Proto* Interpreter::new_proto() {
  void* mem = allocate(sizeof(Proto));
  auto* p = new (mem) Proto();
  link(p, ObjType::Proto);
  p->num_params = p->is_vararg = p->max_stack = 0;
  p->line_defined = p->last_line_defined = 0;
  p->source = nullptr;
  return p;
}

LClosure* Interpreter::new_lclosure(Proto* p) {
  size_t n = p->upvalues.size();
  auto* c = static_cast<LClosure*>(allocate(LClosure::bytes(n)));
  link(c, ObjType::LClosure);
  c->proto = p;
  c->num_upvalues = uint8_t(n);
  for (size_t i = 0; i < n; i++) c->upvals[i] = nullptr;
  return c;
}

NClosure* Interpreter::new_nclosure(NativeFn fn, const char* name, int num_upvalues) {
  auto* c = static_cast<NClosure*>(allocate(NClosure::bytes(size_t(num_upvalues))));
  link(c, ObjType::NClosure);
  c->fn = fn;
  c->name = name;
  c->num_upvalues = uint8_t(num_upvalues);
  for (int i = 0; i < num_upvalues; i++) new (&c->upvalues[i]) Value();
  return c;
}

UpVal* Interpreter::new_upval() {
  auto* uv = static_cast<UpVal*>(allocate(sizeof(UpVal)));
  link(uv, ObjType::UpVal);
  new (&uv->closed) Value();
  uv->v = &uv->closed;
  uv->next_open = nullptr;
  uv->owner = nullptr;
  return uv;
}

ThreadState* Interpreter::new_thread_state(OsThread* os) {
  auto* L = new (allocate(sizeof(ThreadState))) ThreadState(*this, os);
  link(L, ObjType::Thread);
  os->base = L;
  return L;
}

ThreadState* Interpreter::new_coroutine(Value body) {
  auto* L = new (allocate(sizeof(ThreadState))) ThreadState(*this, body);
  link(L, ObjType::Thread);
  return L;
}

Userdata* Interpreter::new_userdata(size_t size) {
  auto* u = static_cast<Userdata*>(allocate(Userdata::bytes(size)));
  link(u, ObjType::Userdata);
  u->metatable = nullptr;
  u->finalizer = nullptr;
  u->native_tag = nullptr;
  u->size = size;
  new (&u->user_value) Value();
  return u;
}

void Interpreter::set_field(Table* t, const char* name, Value v) {
  table_set_str(main_thread(), t, new_string(name), v);
}

void Interpreter::set_function(Table* t, const char* name, NativeFn fn) {
  set_field(t, name, Value::nclosure(new_nclosure(fn, name, 0)));
}

void Interpreter::set_functions(Table* t, std::initializer_list<Method> functions) {
  for (const Method& m : functions) set_function(t, m.name, m.fn);
}

Table* Interpreter::new_module(const char* name, std::initializer_list<Method> functions) {
  Table* lib = new_table(0, uint32_t(functions.size()));
  set_field(globals, name, Value::table(lib));
  set_field(loaded, name, Value::table(lib));
  set_functions(lib, functions);
  return lib;
}

namespace {

std::string thread_name(uint64_t id) {
  return id == 1 ? "main" : "thread " + std::to_string(id);
}

// How close to the end of a C stack ThreadState::call stops recursing: room
// for what may run between two calls (the parser of `load`, a pattern match,
// a message handler).
constexpr size_t kCStackMargin = 256 * 1024;

// The lowest address the calling OS thread's stack may reach, with the margin.
const char* this_thread_c_stack_limit() {
  pthread_attr_t attr;
  void* low = nullptr;
  size_t size = 0;
  if (pthread_getattr_np(pthread_self(), &attr) == 0) {
    pthread_attr_getstack(&attr, &low, &size);
    pthread_attr_destroy(&attr);
  }
  if (!low || size <= 2 * kCStackMargin) return nullptr;  // unknown: rely on the call count
  return static_cast<const char*>(low) + kCStackMargin;
}

}  // namespace

OsThread::OsThread(Interpreter& in, bool main, std::string name)
    : interp(in), gil(in.take_thread_id(), std::move(name)), is_main(main) {
  if (gil.name.empty()) gil.name = thread_name(gil.id);
  std::lock_guard lock(in.registry_mutex);
  in.threads.push_back(this);
  in.gil.register_thread(gil);
#ifdef GILVM_FREE_THREADED
  g_registered_threads.fetch_add(1);
#endif
}

OsThread::~OsThread() {
#ifdef GILVM_FREE_THREADED
  g_registered_threads.fetch_sub(1);
#endif
}

void OsThread::enter() {
  this_os_thread = this;
  c_stack_limit = this_thread_c_stack_limit();
  base->c_stack_limit = c_stack_limit;
}

bool ThreadState::interrupt_pending() const {
  return is_main() && interp.eval_breaker.is_set(gil::EvalBreaker::kInterrupt);
}

void ThreadState::check_interrupt() {
  if (!interrupt_pending()) return;
  interp.eval_breaker.clear(gil::EvalBreaker::kInterrupt);
  os->interrupts++;
  error("interrupted");
}

ThreadState::ThreadState(Interpreter& in, OsThread* thread)
    : interp(in), os(thread), is_coroutine(false) {
  stack_reservation_ = reserve(kValueStackBytes);
  frames_reservation_ = reserve(kFrameStackBytes);
  init_stacks(static_cast<Value*>(stack_reservation_), static_cast<CallInfo*>(frames_reservation_));
}

ThreadState::ThreadState(Interpreter& in, Value fn) : interp(in), os(nullptr), is_coroutine(true) {
  stack = stack_last = stack_end = top = high_water = nullptr;
  base_ci = ci = ci_last = frames_end = nullptr;
  status.store(CoStatus::kSuspended, std::memory_order_relaxed);
  body = fn;
}

void ThreadState::init_stacks(Value* values, CallInfo* frames) {
  stack = values;
  stack_last = stack + kDefaultStackSlots;
  stack_end = stack_last + kErrorReserveSlots;
  top = stack;
  frames_end = frames;
  ci_last = frames_end + kErrorReserveFrames;
  base_ci = ci_last + kDefaultFrames - 1;
  // The bottom frame belongs to the host: natives called from C++ see it as
  // their caller.
  ci = base_ci;
  ci->func = top;
  *top++ = Value();
  ci->top = top + kNativeMinStack;
  high_water = ci->top;
  ci->status = kCallNative;
  ci->nresults = 0;
  ci->pc = nullptr;
  ci->extra_args = 0;
}

namespace {

// How much stale stack the collector rather hands back to the kernel than
// clears: a page fault per 4 KB when the stack grows again costs less than
// keeping that much memory.
constexpr size_t kReturnStaleBytes = 256 * 1024;

char* page_up(const void* p) {
  static const uintptr_t page = uintptr_t(sysconf(_SC_PAGESIZE));
  return reinterpret_cast<char*>((reinterpret_cast<uintptr_t>(p) + page - 1) & ~(page - 1));
}
char* page_down(const void* p) {
  static const uintptr_t page = uintptr_t(sysconf(_SC_PAGESIZE));
  return reinterpret_cast<char*>(reinterpret_cast<uintptr_t>(p) & ~(page - 1));
}

}  // namespace

void ThreadState::clear_stale_slots(Value* live) {
  Value* end = high_water;
  // A frame that is calling writes its registers again when the call
  // returns, without passing precall (which raises high_water): so
  // high_water stays at every frame's top at least, or a register written
  // above it after this collection would never be cleared, and a later
  // collection that counts it live would mark what an earlier one freed.
  high_water = live;
  for (const CallInfo* c = base_ci; c >= ci; c--)
    if (c->top > high_water) high_water = c->top;
  if (size_t(end - live) * sizeof(Value) >= kReturnStaleBytes) {
    // Whole pages go back; the partial pages at either end are cleared. No
    // frame below the innermost one is in use, and frames are written before
    // they are read.
    auto* first = reinterpret_cast<Value*>(page_up(live));
    auto* last = reinterpret_cast<Value*>(page_down(end));
    madvise(first, size_t(last - first) * sizeof(Value), MADV_DONTNEED);
    std::fill(last, end, Value());
    end = first;
    char* frames_from = page_up(frames_end);
    char* frames_to = page_down(ci);
    if (frames_from < frames_to)
      madvise(frames_from, size_t(frames_to - frames_from), MADV_DONTNEED);
  }
  std::fill(live, end, Value());
}

void ThreadState::leave() {
  {
    std::lock_guard lock(interp.registry_mutex);
    auto& ts = interp.threads;
    ts.erase(std::remove(ts.begin(), ts.end(), os), ts.end());
  }
  interp.adopt_objects(*os);
  if (this_os_thread == os) this_os_thread = nullptr;
  close_upvalues(stack);  // a closure may outlive the thread
  munmap(stack_reservation_, kValueStackBytes);
  munmap(frames_reservation_, kFrameStackBytes);
  stack_reservation_ = frames_reservation_ = nullptr;
  stack = stack_last = stack_end = top = high_water = nullptr;
  base_ci = ci = ci_last = frames_end = nullptr;
  tbc_slots.clear();
  status.store(CoStatus::kDead, std::memory_order_relaxed);
  os = nullptr;
}

ThreadState::~ThreadState() {
  if (co) destroy_coroutine(*this);
  if (stack_reservation_) munmap(stack_reservation_, kValueStackBytes);
  if (frames_reservation_) munmap(frames_reservation_, kFrameStackBytes);
}

}  // namespace gilvm
