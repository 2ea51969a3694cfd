// embed/core.h — what lies behind the public API (include/gilvm/): one
// interpreter as the API sees it (Core), the holds that Refs keep on objects
// (Slot), which thread state runs the host's calls, and the two conversions
// between the public Value and the VM's.
//
// Which state runs a call. Every operation of the API runs on the calling
// thread, in the ThreadState that thread is running in the interpreter:
//  - on the thread that made the interpreter, the interpreter's main state;
//  - on a thread inside AttachThread, the state the guard made for it;
//  - inside a native function, the state that called it: a thread.spawn
//    thread's own, or a coroutine's when Lua code called it from one.
// The first two, and the first native call on a thread.spawn thread, are in
// a thread_local list of bindings (interpreter, state), innermost last. A
// native function called inside a coroutine runs on the coroutine's fiber
// and its state is found by the fiber instead, in the Core's fiber map: a
// coroutine that yields from inside a native function may be resumed on
// another OS thread, and a thread_local list would then lose it. A thread is
// attached when its state's gil::Thread is: the VM's own record, so
// AllowThreads needs no second one.
//
// Refs. Every Ref's object sits in one table of the interpreter's registry
// (the refs table) at an integer index; the Slot that all copies of a Ref
// share holds the index, and its destructor frees it. Freeing writes the
// table, which needs the thread attached and outside the collector (a
// native's callable is destroyed by the collector's finalizer, and its
// captured Refs with it). When that does not hold, the index goes on the
// pending list, under Core::mutex, and the next attached operation frees it.
// After the interpreter is gone (alive false, set under the same mutex) a
// Slot's destructor does nothing, and any use of a Ref raises Error.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "gilvm/gilvm.h"
#include "interp/core/ft.h"
#include "interp/core/state.h"

namespace fiber {
class Fiber;
}

namespace gilvm::embed::detail {

// A state and how deeply native calls nest in it on one fiber.
struct FiberBinding {
  gilvm::ThreadState* L;
  int depth;
};

struct Core : std::enable_shared_from_this<Core> {
  Core(Interpreter& owner, gilvm::Interpreter* vm) : owner(owner), vm(vm) {}

  Interpreter& owner;      // the public object (lives as long as vm)
  gilvm::Interpreter* vm;  // null once the interpreter is gone
  const std::thread::id creator = std::this_thread::get_id();
  gilvm::Table* refs = nullptr;  // index -> object of every Ref (in the registry)
  std::atomic<bool> alive{true};
  std::atomic<int> attached_threads{0};  // AttachThread guards that joined a new thread

  // Under mutex: alive's change to false, pending, fibers.
  std::mutex mutex;
  std::vector<int64_t> pending;  // refs indices to free when next attached
  std::atomic<bool> has_pending{false};
  std::unordered_map<const fiber::Fiber*, FiberBinding> fibers;

  // Free indices of the refs table, reused before new ones; changed attached only.
  gilvm::SpinLock free_lock;
  std::vector<int64_t> free_indices;
  int64_t next_index = 1;

  // Message handlers of protected calls not in use (core.cpp): a call takes
  // one and gives it back, so that a call allocates nothing the collector
  // must free. All of them are rooted in the registry's `handler_roots`.
  gilvm::SpinLock handlers_lock;
  std::vector<gilvm::NClosure*> idle_handlers;
  size_t handler_count = 0;  // made so far, at handler_roots[1..handler_count]
  gilvm::Table* handler_roots = nullptr;
};

// All copies of one Ref share one Slot; its destructor frees the index.
struct Slot {
  Slot(std::shared_ptr<Core> core, int64_t index, Type type, const void* identity)
      : core(std::move(core)), index(index), type(type), identity(identity) {}
  ~Slot();
  Slot(const Slot&) = delete;
  Slot& operator=(const Slot&) = delete;

  const std::shared_ptr<Core> core;
  const int64_t index;  // in Core::refs
  const Type type;
  const void* const identity;  // the object's address: equality without attaching
};

// Raises Error, as every API entry does for a misuse.
[[noreturn]] void fail(const std::string& message);

// The state the calling thread runs in for `core`, attached, with the
// pending Ref releases done; Error if there is none (the thread is not
// attached, or the interpreter is gone).
gilvm::ThreadState& current_state(Core& core);
// The state the calling thread runs in for `core`, attached or not;
// nullptr if it has none.
gilvm::ThreadState* find_binding(Core& core);
// find_binding's state if it is attached, else nullptr.
gilvm::ThreadState* find_state(Core& core);

// While one exists on this thread, Refs dropped here go on the pending list:
// the collector is running (a native function's callable, and the Refs it
// captured, are destroyed by its finalizer), and the refs table must not
// change under it.
class DeferReleases {
 public:
  DeferReleases();
  ~DeferReleases();
  DeferReleases(const DeferReleases&) = delete;
  DeferReleases& operator=(const DeferReleases&) = delete;

 private:
  bool outer_;
};

// Ends the program with a message: a host error the API cannot turn into an
// exception (in a destructor).
[[noreturn]] void fatal(const std::string& message);

// Binds this thread to `core` with its own state L, until unbind_thread:
// the thread that makes the interpreter, and AttachThread's new threads.
void bind_thread(Core& core, gilvm::ThreadState& L);
void unbind_thread(Core& core, gilvm::ThreadState& L);

// Makes L the state this thread (or, inside a coroutine, this fiber) runs
// in for `core`, for the scope of a native call or a guard.
class BindingScope {
 public:
  BindingScope(Core& core, gilvm::ThreadState& L);
  ~BindingScope();
  BindingScope(const BindingScope&) = delete;
  BindingScope& operator=(const BindingScope&) = delete;

 private:
  Core& core_;
  gilvm::ThreadState* L_;
  const fiber::Fiber* fiber_;
  bool pushed_ = false;
};

// The Core of a Ref, alive; Error for an empty Ref or a gone interpreter.
Core& core_of(const Ref& r);
// The object a Ref holds, read on L.
gilvm::Value object_of(gilvm::ThreadState& L, const Ref& r);

// A VM value as a public Value: objects get a new Ref.
Value to_public(Core& core, gilvm::ThreadState& L, const gilvm::Value& v);
// A public Value as a VM value; Error for a Ref of another interpreter.
gilvm::Value to_vm(Core& core, gilvm::ThreadState& L, const Value& v);
// A new Ref to object v.
Ref make_ref(Core& core, gilvm::ThreadState& L, const gilvm::Value& v);

// Raises Error for a key Lua refuses to store: nil or NaN.
void check_key(const gilvm::Value& key);

// t[key] and t[key] = value with metamethods (run protected, when t's
// metatable has them): Table::get and set, and the interpreter's globals.
Value index_table(Core& core, gilvm::ThreadState& L, const gilvm::Value& t, const Value& key);
void set_in_table(Core& core, gilvm::ThreadState& L, const gilvm::Value& t, const Value& key,
                  const Value& value);

// Room for n more values on L's stack, or Error (not Lua's "stack overflow"
// error, which would run the message handler of whatever call is active).
void reserve_stack(gilvm::ThreadState& L, int n);

// Calls the function below the nargs values on top of L's stack, protected,
// with a message handler that keeps the traceback. On success returns the
// results (nresults of them, or all for -1) and leaves L.top where the
// function was; on failure leaves L.top there too and raises Error with the
// message, traceback and error value.
Results protected_call(Core& core, gilvm::ThreadState& L, int nargs, int nresults);

// The text of an error value, without running code that could fail:
// strings and numbers as they are, objects with __tostring through it
// (protected), anything else "(error object is a <type> value)".
std::string error_text(gilvm::ThreadState& L, const gilvm::Value& v);

// Registers the metatable of host functions' userdata (native.cpp).
void open_host_functions(gilvm::Interpreter& vm);

// How embed/ reaches the public classes' private parts.
struct Access {
  static const std::shared_ptr<Core>& core(const Interpreter& lua) { return lua.core_; }
  static const std::shared_ptr<const Slot>& slot(const Ref& r) { return r.slot_; }
  static Ref ref(std::shared_ptr<const Slot> slot) {
    Ref r;
    r.slot_ = std::move(slot);
    return r;
  }
  template <class R>
  static R as(Ref r) {
    R out;
    static_cast<Ref&>(out) = std::move(r);
    return out;
  }
  static const auto& variant(const Value& v) { return v.v_; }
  static gilvm::ThreadState& state(const Args& a) {
    return *static_cast<gilvm::ThreadState*>(a.state_);
  }
  static Core& core(const Args& a) { return *a.core_; }
  static Args args(gilvm::ThreadState& L, Core& core, int count) {
    return Args(&L, &core, 1, count);
  }
  static bool from_lua(const Error& e) { return e.from_lua_; }
};

}  // namespace gilvm::embed::detail
