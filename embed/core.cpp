// core.cpp — bindings (which state runs the host's calls), Refs' slots in
// the refs table, the conversions between public and VM values, and the
// protected call that turns Lua errors into Error (see core.h).
#include "embed/core.h"

#include <cstdio>
#include <cstdlib>

#include "fiber/fiber.h"
#include "interp/core/api.h"

namespace gilvm::embed::detail {

namespace {

// The states this OS thread runs in outside coroutines, one per interpreter
// it is bound to (more than one when a native call on a thread.spawn thread
// binds a state of its own), innermost last.
struct ThreadBinding {
  Core* core;
  gilvm::ThreadState* L;
};
thread_local std::vector<ThreadBinding> t_bindings;
thread_local bool t_defer_releases = false;

bool is_nan_key(const gilvm::Value& v) {
  return v.tag == gilvm::Tag::Float && v.n != v.n;
}

}  // namespace

void fail(const std::string& message) {
  throw Error(message);
}

void fatal(const std::string& message) {
  std::fprintf(stderr, "gilvm: %s\n", message.c_str());
  std::fflush(stderr);
  std::abort();
}

DeferReleases::DeferReleases() : outer_(t_defer_releases) {
  t_defer_releases = true;
}

DeferReleases::~DeferReleases() {
  t_defer_releases = outer_;
}

// --- bindings ------------------------------------------------------------------

gilvm::ThreadState* find_binding(Core& core) {
  if (!core.alive.load(std::memory_order_acquire)) return nullptr;
  if (const fiber::Fiber* f = fiber::Fiber::current()) {
    std::lock_guard lock(core.mutex);
    auto it = core.fibers.find(f);
    return it == core.fibers.end() ? nullptr : it->second.L;
  }
  for (auto b = t_bindings.rbegin(); b != t_bindings.rend(); ++b)
    if (b->core == &core) return b->L;
  return nullptr;
}

gilvm::ThreadState* find_state(Core& core) {
  gilvm::ThreadState* L = find_binding(core);
  return L && L->os && L->os->gil.attached() ? L : nullptr;
}

namespace {

void free_index(Core& core, gilvm::ThreadState& L, int64_t index) {
  gilvm::table_set_int(L, core.refs, index, gilvm::Value());
  gilvm::Locked hold(core.free_lock);
  core.free_indices.push_back(index);
}

void drain_pending(Core& core, gilvm::ThreadState& L) {
  if (!core.has_pending.load(std::memory_order_acquire) || t_defer_releases) return;
  std::vector<int64_t> todo;
  {
    std::lock_guard lock(core.mutex);
    todo.swap(core.pending);
    core.has_pending.store(false, std::memory_order_relaxed);
  }
  for (int64_t index : todo) free_index(core, L, index);
}

}  // namespace

gilvm::ThreadState& current_state(Core& core) {
  if (!core.alive.load(std::memory_order_acquire))
    fail("gilvm: the interpreter has been destroyed");
  gilvm::ThreadState* L = find_binding(core);
  if (!L) {
    if (fiber::Fiber::current() && !t_bindings.empty())
      fail("gilvm: an interpreter cannot be used from inside a coroutine of another one");
    fail(
        "gilvm: this thread is not attached to the interpreter (make a "
        "gilvm::embed::AttachThread first)");
  }
  if (!L->os || !L->os->gil.attached())
    fail("gilvm: this thread has released the interpreter (inside AllowThreads, no Lua values)");
  drain_pending(core, *L);
  return *L;
}

void bind_thread(Core& core, gilvm::ThreadState& L) {
  t_bindings.push_back({&core, &L});
}

void unbind_thread(Core& core, gilvm::ThreadState& L) {
  for (auto b = t_bindings.end(); b != t_bindings.begin();) {
    --b;
    if (b->core == &core && b->L == &L) {
      t_bindings.erase(b);
      return;
    }
  }
}

BindingScope::BindingScope(Core& core, gilvm::ThreadState& L)
    : core_(core), L_(&L), fiber_(fiber::Fiber::current()) {
  if (fiber_) {
    std::lock_guard lock(core.mutex);
    FiberBinding& b = core.fibers[fiber_];
    if (b.depth++ == 0) b.L = &L;
    return;
  }
  for (auto b = t_bindings.rbegin(); b != t_bindings.rend(); ++b) {
    if (b->core == &core) {
      if (b->L == &L) return;  // the thread's own state, bound already
      break;
    }
  }
  bind_thread(core, L);
  pushed_ = true;
}

BindingScope::~BindingScope() {
  if (fiber_) {
    // Perhaps on another OS thread than the one it began on: a coroutine that
    // yielded inside the native call may be resumed anywhere.
    std::lock_guard lock(core_.mutex);
    auto it = core_.fibers.find(fiber_);
    if (--it->second.depth == 0) core_.fibers.erase(it);
    return;
  }
  if (pushed_) unbind_thread(core_, *L_);
}

// --- Refs --------------------------------------------------------------------------

Slot::~Slot() {
  Core& c = *core;
  if (!c.alive.load(std::memory_order_acquire)) return;
  if (!t_defer_releases) {
    if (gilvm::ThreadState* L = find_state(c)) {
      free_index(c, *L, index);
      return;
    }
  }
  std::lock_guard lock(c.mutex);
  if (!c.alive.load(std::memory_order_relaxed)) return;
  c.pending.push_back(index);
  c.has_pending.store(true, std::memory_order_release);
}

Core& core_of(const Ref& r) {
  const std::shared_ptr<const Slot>& slot = Access::slot(r);
  if (!slot) fail("gilvm: the reference is empty");
  if (!slot->core->alive.load(std::memory_order_acquire))
    fail("gilvm: the reference's interpreter has been destroyed");
  return *slot->core;
}

gilvm::Value object_of(gilvm::ThreadState& L, const Ref& r) {
  const Slot& slot = *Access::slot(r);
  return gilvm::table_get_int(slot.core->refs, slot.index);
}

Ref make_ref(Core& core, gilvm::ThreadState& L, const gilvm::Value& v) {
  int64_t index;
  {
    gilvm::Locked hold(core.free_lock);
    if (core.free_indices.empty()) {
      index = core.next_index++;
    } else {
      index = core.free_indices.back();
      core.free_indices.pop_back();
    }
  }
  gilvm::table_set_int(L, core.refs, index, v);
  Type type = Type::Userdata;
  switch (v.tag) {
    case gilvm::Tag::Table: type = Type::Table; break;
    case gilvm::Tag::LClosure:
    case gilvm::Tag::NClosure:
    case gilvm::Tag::LightNative: type = Type::Function; break;
    case gilvm::Tag::Thread: type = Type::Thread; break;
    default: break;
  }
  const void* identity = v.is_collectable() ? static_cast<const void*>(v.gc) : v.p;
  return Access::ref(std::make_shared<const Slot>(core.shared_from_this(), index, type, identity));
}

// --- values --------------------------------------------------------------------

Value to_public(Core& core, gilvm::ThreadState& L, const gilvm::Value& v) {
  switch (v.tag) {
    case gilvm::Tag::Nil:
    case gilvm::Tag::DeadKey: return Value();
    case gilvm::Tag::False: return Value(false);
    case gilvm::Tag::True: return Value(true);
    case gilvm::Tag::Int: return Value(v.i);
    case gilvm::Tag::Float: return Value(v.n);
    case gilvm::Tag::String: return Value(v.as_string()->view());
    default: return Value(make_ref(core, L, v));
  }
}

gilvm::Value to_vm(Core& core, gilvm::ThreadState& L, const Value& v) {
  const auto& x = Access::variant(v);
  switch (x.index()) {
    case 0: return gilvm::Value();
    case 1: return gilvm::Value::boolean(std::get<1>(x));
    case 2: return gilvm::Value::integer(std::get<2>(x));
    case 3: return gilvm::Value::number(std::get<3>(x));
    case 4: return gilvm::Value::string(L.interp.new_string(std::get<4>(x)));
    default: {
      const Ref& r = std::get<5>(x);
      if (!r) return gilvm::Value();
      if (&core_of(r) != &core) fail("gilvm: a value of another interpreter cannot be used here");
      return object_of(L, r);
    }
  }
}

void reserve_stack(gilvm::ThreadState& L, int n) {
  if (L.top + n > L.stack_last) fail("gilvm: stack overflow (too many values on the Lua stack)");
  L.ensure_stack(n);  // cannot raise now; keeps the high-water mark the collector reads
}

void check_key(const gilvm::Value& key) {
  if (key.is_nil()) fail("index is nil");
  if (is_nan_key(key)) fail("index is NaN");
}

// --- protected calls -----------------------------------------------------------

namespace {

// Where a protected call's message handler leaves the traceback: on the C++
// stack of the call, found through the handler's upvalue (a light userdata),
// so that nested calls and coroutines that switch in the middle of one each
// find their own. Each call borrows a handler of its own from the Core's
// pool for its duration.
struct ErrorRecord {
  std::string traceback;
};

int keep_traceback(gilvm::ThreadState& L) {
  auto* record = static_cast<ErrorRecord*>(L.ci->func->as_nclosure()->upvalues[0].p);
  record->traceback = L.traceback("", 1);
  L.push(L.arg(1));  // the error value itself goes on
  return 1;
}

// A message handler from the pool (a new one when all are in use), pointed
// at `record` until given back.
class BorrowedHandler {
 public:
  BorrowedHandler(Core& core, gilvm::ThreadState& L, ErrorRecord& record) : core_(core) {
    {
      gilvm::Locked hold(core.handlers_lock);
      if (core.idle_handlers.empty()) {
        handler_ = L.interp.new_nclosure(keep_traceback, "message handler", 1);
        const int64_t n = int64_t(++core.handler_count);
        gilvm::table_set_int(L, core.handler_roots, n, gilvm::Value::nclosure(handler_));
      } else {
        handler_ = core.idle_handlers.back();
        core.idle_handlers.pop_back();
      }
    }
    handler_->upvalues[0] = gilvm::Value::light_userdata(&record);
  }
  ~BorrowedHandler() {
    handler_->upvalues[0] = gilvm::Value();
    gilvm::Locked hold(core_.handlers_lock);
    core_.idle_handlers.push_back(handler_);
  }
  BorrowedHandler(const BorrowedHandler&) = delete;
  BorrowedHandler& operator=(const BorrowedHandler&) = delete;

  gilvm::Value value() const { return gilvm::Value::nclosure(handler_); }

 private:
  Core& core_;
  gilvm::NClosure* handler_ = nullptr;
};

int tostring_op(gilvm::ThreadState& L) {
  L.push(gilvm::Value::string(L.to_display_string(L.arg(1))));
  return 1;
}

// Puts L.top back where it was when the scope began, whatever way it ends.
class StackMark {
 public:
  explicit StackMark(gilvm::ThreadState& L, gilvm::Value* at) : L_(L), at_(at) {}
  ~StackMark() { L_.top = at_; }
  StackMark(const StackMark&) = delete;
  StackMark& operator=(const StackMark&) = delete;

 private:
  gilvm::ThreadState& L_;
  gilvm::Value* at_;
};

// Empties the slots of L's innermost frame from `from` up. The collector
// marks a frame's whole extent, so a value that a call left there (its
// registers, its results) would otherwise stay alive after the host let its
// Ref go, until something overwrote the slot.
void clear_above(gilvm::ThreadState& L, gilvm::Value* from) {
  for (gilvm::Value* p = from; p < L.ci->top; p++) *p = gilvm::Value();
}

}  // namespace

std::string error_text(gilvm::ThreadState& L, const gilvm::Value& v) {
  if (v.tag == gilvm::Tag::String) return std::string(v.as_string()->view());
  if (v.is_number()) return gilvm::number_to_string(v);
  gilvm::Table* mt = L.metatable_of(v);
  if (mt && !gilvm::table_get_str(mt, L.interp.intern("__tostring")).is_nil()) {
    gilvm::Value* base = L.top;
    if (base + 2 <= L.stack_last) {
      StackMark mark(L, base);
      L.push(gilvm::Value::native(tostring_op));
      L.push(v);
      if (L.pcall(base, 1) && base->tag == gilvm::Tag::String)
        return std::string(base->as_string()->view());
    }
  }
  return std::string("(error object is a ") + gilvm::type_name(v) + " value)";
}

Results protected_call(Core& core, gilvm::ThreadState& L, int nargs, int nresults) {
  gilvm::Value* func = L.top - nargs - 1;
  StackMark mark(L, func);
  reserve_stack(L, 1);
  ErrorRecord record;
  BorrowedHandler handler(core, L, record);
  // The handler goes below the function, where it outlives the call.
  for (gilvm::Value* p = L.top; p > func; p--) *p = p[-1];
  *func = handler.value();
  L.top++;
  if (L.xpcall(func + 1, nresults, func)) {
    std::vector<Value> results;
    results.reserve(size_t(L.top - (func + 1)));
    for (gilvm::Value* v = func + 1; v < L.top; v++) results.push_back(to_public(core, L, *v));
    clear_above(L, func);
    return Results(std::move(results));
  }
  const gilvm::Value err = func[1];
  std::string message = error_text(L, err);
  Value value = to_public(core, L, err);
  clear_above(L, func);
  throw Error(message, std::move(record.traceback), std::move(value));
}

}  // namespace gilvm::embed::detail
