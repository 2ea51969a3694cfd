// state.h — the interpreter (shared by all threads), the OS threads that run
// code in it, and the thread states: one per OS thread and one per coroutine.
//
// An Interpreter owns everything Lua code can reach: the globals, the string
// interning table, the per-type metatables and the list of all collectable
// objects. An OsThread is one OS thread's membership in the interpreter (its
// place in the GIL, its thread.current() handle). A ThreadState is an
// execution state — what Lua calls a thread: a Lua value stack, the stack of
// call frames (CallInfo), the open upvalues and the to-be-closed variables.
// Each OS thread has its own ThreadState; every coroutine (and every
// event-loop task) is another one, run on a fiber of its own
// (coroutine.cpp) by whichever OS thread resumes it. Natives receive the
// ThreadState they run in; `L.os` is the OS thread running it.
//
// Invariants the VM and the collector rely on:
//  - The value stack and the frame stack of a thread state are reserved once
//    and never move, so a Value* into a stack stays valid for the life of the
//    state (open upvalues, to-be-closed entries and natives rely on this).
//  - The collector runs only at safe points (eval-breaker polls and explicit
//    collectgarbage calls). At a safe point every live value of a thread
//    state is in [stack, top of its innermost frame); the collector marks
//    that range and clears the stale slots above it.
//  - Natives keep every collectable value they need across a call into Lua on
//    the stack (the collector cannot see C++ locals).
#pragma once

#include <bit>
#include <cstdarg>
#include <cstdint>
#include <deque>
#include <initializer_list>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "gil/eval_breaker.h"
#include "gil/gil.h"
#include "interp/core/assert.h"
#include "interp/core/ft.h"
#include "interp/core/object.h"

namespace gilvm {

class Interpreter;
class ThreadState;
struct ProtectedJump;
struct OsThread;
struct Coroutine;     // coroutine.cpp: a started coroutine's fiber and stacks
struct ThreadRecord;  // modules/thread.cpp: a thread started by thread.spawn

// A named native function, for registering a module's functions or a native
// type's methods.
struct Method {
  const char* name;
  NativeFn fn;
};

// Thrown (as a C++ exception) to unwind to the nearest protected call. The
// error value itself is kept in ThreadState::error_value so that it stays
// rooted while __close handlers run during unwinding.
struct LuaError {};

constexpr int kMultRet = -1;  // "all results" (LUA_MULTRET)

// Call status bits.
enum : uint16_t {
  kCallNative = 1 << 0,  // frame of a native function
  kCallFresh = 1 << 1,   // returning from this Lua frame returns from VM::execute
  kCallTail = 1 << 2,    // frame was reached by a tail call
  kCallHooked = 1 << 3,  // a debug hook runs on top of this frame
};

// Events a debug hook asks for (debug.sethook's mask; Lua's LUA_MASK*).
enum : uint8_t {
  kHookCall = 1 << 0,
  kHookReturn = 1 << 1,
  kHookLine = 1 << 2,
  kHookCount = 1 << 3,
};

struct CallInfo {
  Value* func;            // the called function; its arguments start at func + 1
  Value* top;             // top of this frame (Lua frames: func + 1 + max_stack)
  const Instruction* pc;  // Lua frames: next instruction (saved when the frame is not innermost)
  int nresults;           // results the caller wants, or kMultRet
  int extra_args;         // vararg Lua frames: number of extra arguments
  uint16_t status;

  bool is_lua() const { return !(status & kCallNative); }
};

// The interning table of short strings: chained hashing, grown by doubling.
// The free-threaded build splits it into shards by hash, each with its own
// lock; the GIL build has one shard and no lock.
struct StringTable {
  std::vector<String*> buckets;
  size_t count = 0;
  SpinLock lock;
};
constexpr size_t kStringShards = kFreeThreaded ? 32 : 1;

class Interpreter {
 public:
  Interpreter();
  ~Interpreter();
  Interpreter(const Interpreter&) = delete;
  Interpreter& operator=(const Interpreter&) = delete;

  // The state of the OS thread that created the interpreter; it is attached
  // on return from the constructor (it holds the GIL), as after Py_Initialize.
  ThreadState& main_thread() { return *main_thread_; }

  // --- object creation (all collectable objects are made here) ---
  String* new_string(std::string_view s);  // short strings are interned
  String* intern(const char* s) { return new_string(s); }
  Table* new_table(uint32_t array_size = 0, uint32_t hash_size = 0);
  Proto* new_proto();
  LClosure* new_lclosure(Proto* p);  // upvalues left null: the caller fills them
  NClosure* new_nclosure(NativeFn fn, const char* name, int num_upvalues);
  UpVal* new_upval();
  Userdata* new_userdata(size_t size);
  // A coroutine that will run `body` (a callable) when first resumed.
  ThreadState* new_coroutine(Value body);
  // The state of a new OS thread `os` (which must not run yet).
  ThreadState* new_thread_state(OsThread* os);

  // Registers fn as `name` in table t (a library function).
  void set_function(Table* t, const char* name, NativeFn fn);
  void set_functions(Table* t, std::initializer_list<Method> functions);
  void set_field(Table* t, const char* name, Value v);
  // A library module: a table of functions, made global `name` and
  // registered in package.loaded.
  Table* new_module(const char* name, std::initializer_list<Method> functions);

  // --- memory accounting and the collector (gc.cpp) ---
  void* allocate(size_t bytes);
  void release(void* p, size_t bytes);
  // Resizes a block from allocate(); large blocks may grow in place.
  void* reallocate(void* p, size_t old_bytes, size_t new_bytes);
  // Releases a block that another thread may still be reading without a
  // lock (a table's old parts): in the free-threaded build it is freed at the
  // next collection, when no thread can be inside a read; at once otherwise.
  void retire(void* p, size_t bytes);
  // A full collection by thread `by` (attached); call only at a safe point.
  // Without a GIL it stops the world first (and returns without collecting
  // if another thread was collecting meanwhile).
  void collect_garbage(ThreadState& by);
  size_t bytes_in_use() const { return bytes_in_use_.load(std::memory_order_relaxed); }
  std::atomic<bool> gc_running{true};  // collectgarbage("stop"/"restart")
  // collectgarbage("step", kb): counts kb KB (0: one basic step) as work
  // done toward the next cycle, runs the cycle if that makes it due, and
  // says whether it ran one.
  bool step_garbage(ThreadState& by, int64_t kb);

  // --- finalizers (gc.cpp) ---
  // setmetatable's rule: o (a table or full userdata) is marked for
  // finalization if mt has a __gc field now and o is not marked already.
  void check_finalizer(GCObject* o, const Table* mt);
  // Calls the __gc of the objects a collection found unreachable, on L
  // (attached), oldest queued first, unless a thread is running them
  // already (this one too: a finalizer's collection runs none).
  void run_pending_finalizers(ThreadState& L);
  // The end of the interpreter (and os.exit(code, true)): every object
  // marked for finalization, reachable or not, is finalized now.
  void finalize_all(ThreadState& L);
  // L is running a finalizer: it may not yield, and collectgarbage fails.
  bool running_finalizer(const ThreadState& L) const {
    return finalizing_.load(std::memory_order_relaxed) == &L;
  }

  // --- loading code (frontend.cpp/chunk.cpp) ---
  // Compiles source text, or verifies a binary chunk, into a function with
  // one upvalue (_ENV = globals). mode is "t", "b" or "bt" as in load().
  // Returns nullptr and sets *error on failure ("not enough memory" too).
  LClosure* load(std::string_view chunk, const std::string& chunkname, std::string_view mode,
                 std::string* error);

  // --- warnings (errors.cpp): Lua's lua_warning, for warn() and the host ---
  // Emits one warning made of `parts` (at least one), as Lua emits the parts
  // of a message with lua_warning: "Lua warning: " and the parts on stderr,
  // then a newline. Warnings start off, as in the stand-alone lua; a message
  // of one part "@on" or "@off" turns them on or off, and any other one-part
  // message starting with '@' is a control message that does nothing.
  void warning(const std::vector<std::string_view>& parts);

  // --- the interpreter's state (interpreter.cpp) ---
  Table* globals = nullptr;
  Table* loaded = nullptr;    // package.loaded
  Table* registry = nullptr;  // for natives: metatables of native types, by name
  Table* type_metatables[size_t(Tag::NumTags)] = {};
  String* tm_names[size_t(TM::NumEvents)] = {};
  String* str_name_field = nullptr;  // "__name"
  // "not enough memory": made with the interpreter, so that reporting a
  // failed allocation needs none.
  String* str_memory_error = nullptr;

  gil::EvalBreaker eval_breaker;
  gil::Gil gil{eval_breaker};
  // Guards the registries below, which threads change while attached: under
  // a GIL that alone would order them, without one it does not. A host's
  // thread joins `threads` from outside, detached (the embedding API's
  // AttachThread), so the collector reads `threads` under it too.
  std::mutex registry_mutex;
  // Every OS thread running code here; their states are roots for the
  // collector.
  std::vector<OsThread*> threads;
  uint64_t next_thread_id = 1;
  uint64_t take_thread_id() {
    std::lock_guard lock(registry_mutex);
    return next_thread_id++;
  }
  // Moves the objects an OS thread made onto all_objects (when it leaves,
  // and at each collection).
  void adopt_objects(OsThread& t);
  // Threads started by thread.spawn that are running, or whose failure has
  // not been reported yet (modules/thread.cpp).
  std::vector<std::shared_ptr<ThreadRecord>> spawned;

  // State that layers above the VM keep per interpreter (loop/'s pools),
  // keyed by the address of a static of the layer that owns it, like
  // CPython's per-module state.
  std::unordered_map<const void*, std::shared_ptr<void>> extensions;
  // Run by thread_join_all (attached) before it waits for the script's
  // threads at exit: loop/ shuts its thread pools down there. A hook
  // returns false if Ctrl-C cut its wait short.
  std::vector<bool (*)(ThreadState&)> before_exit;

  // Collector state (gc.cpp). Without a GIL each OS thread links the objects
  // it makes to a list of its own (OsThread::new_objects), which the
  // collector splices into all_objects while the world is stopped; objects
  // made by a thread that is not one of ours go here under objects_lock_.
  GCObject* all_objects = nullptr;
  std::atomic<size_t> bytes_in_use_{0};
  std::atomic<size_t> gc_threshold{0};
  StringTable strings[kStringShards];
  StringTable& string_shard(uint32_t hash) {
    return strings[kStringShards == 1 ? 0 : hash >> (32 - std::countr_zero(kStringShards))];
  }

 private:
  LClosure* load_chunk(std::string_view chunk, const std::string& chunkname, std::string_view mode,
                       std::string* error);
  void link(GCObject* o, ObjType type);
  String* make_string(std::string_view s, uint32_t hash);  // not interned
  void add_bytes(ptrdiff_t bytes) {
    // One thread at a time under a GIL: a plain add (no lock prefix).
    if (kFreeThreaded && !only_thread())
      bytes_in_use_.fetch_add(size_t(bytes), std::memory_order_relaxed);
    else
      bytes_in_use_.store(bytes_in_use_.load(std::memory_order_relaxed) + size_t(bytes),
                          std::memory_order_relaxed);
  }
  SpinLock objects_lock_;
  SpinLock retired_lock_;
  // The finalizer lists (gc.cpp): setmetatable adds to `finalizable_`
  // while attached, the collector moves from it to `to_finalize_` with the
  // world stopped, the thread running finalizers takes from that one.
  SpinLock finalizer_lock_;
  std::vector<GCObject*> finalizable_;             // marked for finalization, oldest first
  std::deque<GCObject*> to_finalize_;              // unreachable, awaiting __gc, next first (roots)
  bool closing_ = false;                           // finalize_all has begun: no more marking
  std::atomic<ThreadState*> finalizing_{nullptr};  // the state running finalizers
  std::atomic<size_t> step_credit_bytes_{0};       // collectgarbage("step") work since the cycle
  std::mutex warning_mutex_;                       // one warning at a time on stderr
  bool warnings_on_ = false;
  std::vector<std::pair<void*, size_t>> retired_;
  std::unique_ptr<OsThread> main_os_thread_;
  ThreadState* main_thread_ = nullptr;
};

// One OS thread that runs code in an interpreter: its membership in the GIL
// and in the collector's roots. It joins (from a thread that is attached, or
// from itself before its first attach) before it first attaches, and leaves
// after its final detach. Its name is "main", "thread N", or `name`.
struct OsThread {
  OsThread(Interpreter& interp, bool is_main, std::string name = "");
  ~OsThread();
  // Called by the OS thread itself once its state is made, before it runs
  // code: learns where its C stack ends.
  void enter();
  OsThread(const OsThread&) = delete;
  OsThread& operator=(const OsThread&) = delete;

  Interpreter& interp;
  gil::Thread gil;                      // this thread's membership in the interpreter's GIL
  const bool is_main;                   // Ctrl-C interrupts the code running on the main thread
  Value handle;                         // its thread.current() handle, once made (rooted)
  ThreadState* base = nullptr;          // the thread's own state (rooted while the thread is here)
  const char* c_stack_limit = nullptr;  // how low its own C stack may go, with a margin
  void* event_loop = nullptr;           // loop/: the event loop running on this thread, if any
  uint64_t interrupts = 0;  // Ctrl-Cs raised here as errors (the loop tells which task one hit)
  GCObject* new_objects = nullptr;  // free-threaded build: objects made since the last collection
  GCObject* last_new_object = nullptr;  // ... and the oldest of them (the list's end)
};

// Where a thread state is in its life, as coroutine.status says it.
enum class CoStatus : uint8_t { kSuspended, kRunning, kNormal, kDead };

class ThreadState : public GCObject {
 public:
  static constexpr size_t kDefaultStackSlots = 1000000;  // LUAI_MAXSTACK
  static constexpr size_t kDefaultFrames = kDefaultStackSlots / 4;
  static constexpr int kMaxNativeDepth = 200;         // LUAI_MAXCCALLS
  static constexpr size_t kErrorReserveSlots = 4096;  // usable only while handling an error
  static constexpr size_t kErrorReserveFrames = 512;
  // The memory of the value stack and of the frame stack, reserves included,
  // the same for OS threads (mmap reservations) and coroutines (their fiber
  // slots, coroutine.cpp).
  static constexpr size_t kValueStackBytes =
      (kDefaultStackSlots + kErrorReserveSlots) * sizeof(Value);
  static constexpr size_t kFrameStackBytes =
      (kDefaultFrames + kErrorReserveFrames) * sizeof(CallInfo);
  static constexpr int kNativeMinStack = 20;  // slots a native may use without ensure_stack

  // Thread states are collectable objects, made by Interpreter::new_* while
  // attached. An OS thread's own state reserves its stacks at once; a
  // coroutine's come with its first resume (coroutine.cpp).
  ThreadState(Interpreter& interp, OsThread* os);
  ThreadState(Interpreter& interp, Value body);
  ~ThreadState();
  ThreadState(const ThreadState&) = delete;
  ThreadState& operator=(const ThreadState&) = delete;
  // Ends an OS thread's state, while attached, before the thread's final
  // detach: it stops being a root and releases its stacks. Lua code that
  // still holds it sees a dead thread.
  void leave();

  Interpreter& interp;
  OsThread* os;             // the OS thread running it (a coroutine: the last one to resume it)
  const bool is_coroutine;  // else an OS thread's own state
  bool is_main() const { return os && os->is_main; }

  // --- the value stack ---
  Value* stack;       // first slot
  Value* stack_last;  // frames may not extend past this slot
  Value* top;         // first free slot
  Value* high_water;  // highest slot ever written by a frame (stale above top)

  // --- the frame stack ---
  // It grows down, toward lower addresses, as the C stack does: a call's
  // frame is ci - 1 and a frame's caller is the frame above it, ci + 1. In a
  // coroutine's slot the first frames then lie just under the C stack, in
  // the same page-table page as its top and its first values (coroutine.cpp).
  CallInfo* base_ci;  // bottom frame (the host's), the highest
  CallInfo* ci;       // innermost frame, the lowest
  CallInfo* ci_last;  // a new frame must lie above this one

  Value* stack_end;      // end of the stack's reserve, usable only while handling an error
  CallInfo* frames_end;  // the lowest frame of the frames' reserve, likewise

  UpVal* open_upvals = nullptr;    // open upvalues, highest stack level first
  std::vector<Value*> tbc_slots;   // to-be-closed variables, in creation order
  int native_depth = 0;            // nesting of native -> Lua calls
  Value error_value;               // the error being propagated (rooted)
  Value* error_handler = nullptr;  // innermost xpcall message handler, if any
  // The innermost protected call's landing point for raise_from_native (call.cpp).
  ProtectedJump* protected_jump = nullptr;
  // ThreadState::call raises "C stack overflow" when the C stack reaches this.
  const char* c_stack_limit = nullptr;

  // --- coroutines (coroutine.cpp) ---
  // Written by the thread running or resuming it, read by any (relaxed
  // stores: plain moves; a resume from another thread claims a suspended
  // coroutine with a compare-and-swap, coroutine.cpp).
  std::atomic<CoStatus> status{CoStatus::kRunning};
  void* task = nullptr;     // an event-loop task: its record in the loop (loop/)
  Value body;               // a coroutine's function until it starts (rooted)
  Coroutine* co = nullptr;  // a started coroutine's fiber and memory, until it is dead

  // --- debug hooks (lib/debug.cpp sets them; vm.cpp and call.cpp run them) ---
  // The function debug.sethook gave and the events it wants. The dispatch
  // loop reads `hooked` only where it reads the frame anyway (entering a
  // Lua function, returning to one, after a native call); while it is
  // set, Lua frames dispatch through a table that checks for line and count
  // events before each instruction (vm.cpp). No hook runs inside a hook.
  Value hook;              // rooted
  uint8_t hook_mask = 0;   // kHook* bits
  bool in_hook = false;    // a hook is running on this thread
  bool hooked = false;     // hook_mask != 0 and no hook running: what the loop reads
  int hook_count = 0;      // instructions between count events (0: none)
  int hook_countdown = 0;  // instructions left until the next count event
  int hook_old_pc = 0;     // instruction of the last line event (Lua's oldpc)
  // While a call or return hook runs: its frame and the values it transfers
  // (debug.getinfo's ftransfer and ntransfer).
  const CallInfo* transfer_ci = nullptr;
  int transfer_first = 0;
  int transfer_count = 0;

  // --- calling (call.cpp) ---
  // Calls the function at `func` with the values in (func, top) as arguments.
  // Leaves nresults results (all of them if kMultRet) starting at func and
  // sets top just past them.
  void call(Value* func, int nresults);
  // Like call, but catches errors. Returns true on success; on failure leaves
  // the error value at func (top = func + 1) and returns false.
  bool pcall(Value* func, int nresults);
  // The xpcall variant: `handler` (a stack slot below func) is called with the
  // error value at the point of the error, before the stack unwinds.
  bool xpcall(Value* func, int nresults, Value* handler);

  // --- native function API ---
  int nargs() const { return int(top - (ci->func + 1)); }
  Value* args() const { return ci->func + 1; }
  // Argument i (1-based); nil if absent.
  Value arg(int i) const { return i <= nargs() ? ci->func[i] : Value(); }
  void push(Value v) {
    ensure_stack(1);
    GILVM_ASSERT(top > ci->func, "pushing below the running function's frame");
    *top++ = v;
  }
  void push_string(std::string_view s) { push(Value::string(interp.new_string(s))); }
  // Makes room for n more values above top or raises "stack overflow".
  void ensure_stack(int n) {
    if (top + n > stack_last) stack_overflow();
    if (top + n > high_water) high_water = top + n;
  }
  // Number of results a native returns is its return value; they are the
  // last values pushed.

  // Argument checking, with Lua's messages ("bad argument #1 to 'insert'
  // (table expected, got nil)"), and errors (errors.cpp).
  int64_t check_integer(int i);
  double check_number(int i);
  String* check_string(int i);  // converts a number argument to a string in place
  Table* check_table(int i);
  void check_any(int i);
  void check_type(int i, Tag t);
  int64_t opt_integer(int i, int64_t def);
  double opt_number(int i, double def);
  String* opt_string(int i, String* def);
  [[noreturn]] void arg_error(int i, const std::string& msg);
  [[noreturn]] void type_error(int i, const char* expected);

  // Raises a string error prefixed by the position of the innermost Lua
  // frame that is `level` frames up (luaL_error with luaL_where(L, 1)).
  [[noreturn]] void error(const char* fmt, ...) __attribute__((format(printf, 2, 3)));
  // Raises an error with a position from the innermost Lua frame (luaG_runerror).
  [[noreturn]] void runtime_error(const char* fmt, ...) __attribute__((format(printf, 2, 3)));
  // Raises v as the error value, running the message handler if any.
  [[noreturn]] void raise(Value v);
  // As raise, for a native whose own C++ frame holds no object with a
  // destructor: when nothing but the dispatch loop lies between it and the
  // innermost protected call, the error reaches that call by longjmp rather
  // than by a C++ throw (call.cpp).
  [[noreturn]] void raise_from_native(Value v);
  [[noreturn]] void stack_overflow();
  // "file:line:" of the Lua function `level` frames up (1 = caller of the
  // running native), or "" if it is not a Lua function.
  std::string where(int level);
  // Lua's traceback text starting `level` frames up.
  std::string traceback(const std::string& msg, int level);

  // --- generic operations with metamethods (call.cpp) ---
  Value index(const Value& t, const Value& key);                     // t[key]
  void set_index(const Value& t, const Value& key, const Value& v);  // t[key] = v
  bool equal(const Value& a, const Value& b);                        // a == b
  bool less_than(const Value& a, const Value& b);                    // a < b
  bool less_equal(const Value& a, const Value& b);                   // a <= b
  Value length(const Value& v);                                      // #v
  Table* metatable_of(const Value& v) const;
  Value metamethod(const Value& v, TM event) const;  // nil if none
  // tostring(v) with __tostring and __name, as luaL_tolstring.
  String* to_display_string(const Value& v);
  // Converts a number to a string in place (string coercion); false if not a
  // string or number.
  bool to_string_in_place(Value* v);

  // --- used by the VM and the library ---
  void close_upvalues(Value* level);
  // Closes upvalues and runs __close of to-be-closed variables at or above level.
  void close_frame_resources(Value* level, const Value* error);
  // For the collector: the stale slots in [live, high_water) become nil and
  // high_water comes down to live or the highest frame top. Past 256 KB their
  // pages, and those of the frames below the innermost one, go back to the
  // kernel, which refills them with zeros (nil): a stack that shrank stops
  // costing memory, as Lua shrinks its stacks at a collection.
  void clear_stale_slots(Value* live);
  // Raises "interrupted" if Ctrl-C is pending and this is the main thread
  // (natives call it after a blocking wait).
  void check_interrupt();
  bool interrupt_pending() const;

 private:
  friend class VM;
  friend struct Coroutine;
  // Lays the stacks out in kValueStackBytes from `values` and
  // kFrameStackBytes from `frames` (the frames' lowest address), and pushes
  // the host's frame (natives called from C++ see it as their caller).
  void init_stacks(Value* values, CallInfo* frames);
  // An OS thread's own stacks (mmap reservations).
  void* stack_reservation_ = nullptr;
  void* frames_reservation_ = nullptr;
};

inline Value Value::thread(ThreadState* L) {
  return object(L, Tag::Thread);
}
inline ThreadState* Value::as_thread() const {
  return static_cast<ThreadState*>(gc);
}

// Detaches the thread from the interpreter for the life of the guard: the
// analog of Py_BEGIN_ALLOW_THREADS / Py_END_ALLOW_THREADS. Inside, the thread
// must not touch any VM object (its own stack included); others may run Lua
// code and collect garbage meanwhile. `back` tells the GIL policy what kind of
// wait this was: kBlocking (I/O, sleep, locks: served first by `priority`)
// or kCpu (long native computation).
class AllowThreads {
 public:
  explicit AllowThreads(ThreadState& L, gil::Wake back = gil::Wake::kBlocking)
      : L_(L), back_(back) {
    GILVM_ASSERT(L.os->gil.attached(), "detaching a thread that is not attached");
    L.interp.gil.detach(L.os->gil);
  }
  ~AllowThreads() { L_.interp.gil.attach(L_.os->gil, back_); }
  AllowThreads(const AllowThreads&) = delete;
  AllowThreads& operator=(const AllowThreads&) = delete;

 private:
  ThreadState& L_;
  gil::Wake back_;
};

}  // namespace gilvm
