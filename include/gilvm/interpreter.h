// gilvm/interpreter.h — an interpreter, as a host program makes and uses one:
// running code, globals, native functions and modules, and the GIL's settings.
//
//   gilvm::embed::Interpreter lua;                 // Lua's libraries and gilvm's modules
//   lua.run("function area(w, h) return w * h end");
//   double a = lua.get<gilvm::embed::Function>("area").call<double>(3, 4.5);
//   lua.set("greet", [](std::string who) { return "hello, " + who; });
//
// Threads. Lua code runs on a thread only while that thread is *attached* to
// the interpreter, which in the GIL build means holding its GIL. The thread
// that makes an Interpreter is attached from then on, as after Py_Initialize;
// it lets other threads run by releasing the GIL around blocking work
// (AllowThreads, gilvm/guards.h), and a thread gilvm did not start calls in
// with AttachThread. Every method below that touches Lua values needs the
// calling thread attached and raises Error otherwise; the GIL settings are
// changed while no other thread runs in the interpreter. Native functions run
// attached, on whatever thread called them (a thread.spawn thread, a
// coroutine's), and may use the whole API there. Several interpreters may
// live in one process, on one thread or on several: they share nothing.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "gilvm/policy.h"
#include "gilvm/value.h"

namespace gilvm::embed {

class Interpreter;
class Args;

namespace detail {
// A native function's C++ side, type-erased: what gilvm/convert.h makes of a callable.
class Callable {
 public:
  virtual ~Callable() = default;
  // Reads the arguments from `args`, runs the callable, pushes its results; returns how
  // many.
  virtual int call(const Args& args) = 0;
};
}  // namespace detail

/// The arguments of a call to a native function, for a callable that wants them as they
/// come (a last parameter of type Args takes the arguments that are left over). Indices
/// are 1-based, as in Lua. An Args is valid during the call, in the callable's own code.
class Args {
 public:
  /// How many arguments there are.
  int size() const { return count_; }
  /// Argument i (1-based); nil past the end.
  Value operator[](int i) const;
  /// Argument i converted to T with Lua's messages: a bad one raises "bad argument #i to
  /// 'name' (number expected, got string)" in the calling Lua code.
  template <class T>
  T get(int i) const;
  /// The arguments from i on (1-based), as an Args of their own.
  Args rest(int i) const {
    return Args(state_, core_, first_ + i - 1, count_ >= i ? count_ - i + 1 : 0);
  }
  /// The position of this Args' argument 1 in the call (1, or later for the leftover
  /// arguments after typed parameters): what "bad argument #n" counts from.
  int first() const { return first_; }
  /// The interpreter that runs the call.
  Interpreter& interpreter() const;

 private:
  friend struct detail::Access;
  Args(void* state, detail::Core* core, int first, int count)
      : state_(state), core_(core), first_(first), count_(count) {}
  void* state_;  // the ThreadState running the call
  detail::Core* core_;
  int first_;
  int count_;
};

/// An error in an argument of a native function: raised by a callable (or by a conversion),
/// it reaches Lua as "bad argument #index to 'name' (message)".
class ArgumentError : public Error {
 public:
  /// Argument `index` (1-based) is wrong: `message` says how.
  ArgumentError(int index, const std::string& message) : Error(message), index_(index) {}
  /// Which argument.
  int index() const { return index_; }

 private:
  int index_;
};

/// A module of native functions and values that Lua code loads with require: install it
/// with Interpreter::add_module.
class Module {
 public:
  /// Adds a function made from a C++ callable (gilvm/convert.h says which ones).
  template <class F>
  Module& function(std::string name, F&& callable);
  /// Adds a value (a number, a string, a table made by the same interpreter...).
  Module& value(std::string name, Value value) {
    values_.emplace_back(std::move(name), std::move(value));
    return *this;
  }

 private:
  friend class Interpreter;
  std::vector<std::pair<std::string, std::unique_ptr<detail::Callable>>> functions_;
  std::vector<std::pair<std::string, Value>> values_;
};

/// GIL statistics since the interpreter started or reset_gil_stats(), all threads
/// together (a snapshot; the same figures as gil.stats()).
struct GilStats {
  uint64_t acquisitions = 0;        ///< times a thread took the GIL
  uint64_t switches = 0;            ///< acquisitions that took it from another thread
  uint64_t forced_switches = 0;     ///< times a holder was made to drop it for a waiter
  double hold_seconds = 0;          ///< total time held
  double wait_seconds = 0;          ///< total time spent waiting for it
  double longest_wait_seconds = 0;  ///< the longest single wait
};

/// A Lua interpreter with Lua's standard libraries and gilvm's modules (sys, gil, thread,
/// sync, work, loop, executor, as the gilvm program has them).
class Interpreter {
 public:
  /// Makes an interpreter; the calling thread is attached to it from now on.
  Interpreter();
  /// Waits for the threads its scripts started (thread.spawn, thread pools), then frees
  /// everything. Call it on the thread that made the interpreter, attached, after every
  /// AttachThread of other threads has ended: anything else is a host error that ends
  /// the program with a message.
  ~Interpreter();
  Interpreter(const Interpreter&) = delete;
  Interpreter& operator=(const Interpreter&) = delete;

  // --- running code ---

  /// Compiles and runs a chunk of Lua source (or a precompiled binary chunk) and returns
  /// what it returned. `chunkname` names it in messages, as in Lua: "=name" for a name
  /// as it is, "@file.lua" for a file. Raises Error on a syntax or run-time error.
  Results run(std::string_view code, std::string_view chunkname = "=(host)");
  /// Loads and runs a Lua file (a "#!" first line is skipped, as lua does).
  Results run_file(const std::string& path);
  /// run(), with the outcome as a Result instead of raising Error.
  Result<Results> try_run(std::string_view code, std::string_view chunkname = "=(host)");
  /// run_file(), with the outcome as a Result instead of raising Error.
  Result<Results> try_run_file(const std::string& path);
  /// Compiles a chunk without running it: the function to call.
  Function load(std::string_view code, std::string_view chunkname = "=(host)");

  // --- values ---

  /// The table of globals (_G).
  Table globals();
  /// The global `name` (nil if unset).
  Value get(std::string_view name);
  /// The global `name` converted to T: `lua.get<int>("width")`.
  template <class T>
  T get(std::string_view name);
  /// Sets the global `name` to anything gilvm/convert.h converts, C++ callables included.
  template <class V>
  void set(std::string_view name, V&& value);
  /// A new, empty table.
  Table new_table();
  /// A C++ value as a Lua value (gilvm/convert.h): a std::vector becomes a new table, a
  /// callable a new function.
  template <class V>
  Value to_lua(V&& value);
  /// A C++ callable as a Lua function (gilvm/convert.h says which callables).
  template <class F>
  Function function(F&& callable);
  /// Makes `require(name)` return a table of the module's functions and values. The
  /// table is made now; package.loaded[name] is set the first time it is required.
  void add_module(const std::string& name, Module module);
  /// Runs a full garbage collection now. Objects that Refs hold survive it.
  void collect_garbage();
  /// Bytes of memory the interpreter's objects use.
  size_t memory_in_use() const;

  // --- threads and the GIL ---

  /// The calling thread's id in this interpreter (as PolicyThread::id gives it); raises
  /// Error if the thread is not attached.
  uint64_t current_thread_id() const;
  /// Chooses a built-in GIL policy: "interval" (the default), "ticks", "fifo" or
  /// "priority" (docs/gil.md). Only while no other thread runs in the interpreter;
  /// raises Error otherwise, and for an unknown name.
  void set_policy(std::string_view name);
  /// Installs the host's own GIL policy (gilvm/policy.h), on the same terms.
  void set_policy(std::unique_ptr<GilPolicy> policy);
  /// The policy's name ("interval", ..., or a host policy's name()).
  std::string policy_name() const;
  /// Sets the switch interval, in seconds (default 0.005, like Python's): how long a
  /// waiter waits before it asks the holder to drop the GIL. Clamped to [1e-6, 1000].
  void set_switch_interval(double seconds);
  /// The switch interval, in seconds.
  double switch_interval() const;
  /// Turns the GIL on or off; only the free-threaded build can turn it off (its default)
  /// and raises Error in the GIL build. Only while no other thread runs in the
  /// interpreter.
  void set_gil_enabled(bool on);
  /// Whether a GIL is in force.
  bool gil_enabled() const;
  /// GIL statistics of all threads so far.
  GilStats gil_stats() const;
  /// Starts the statistics afresh.
  void reset_gil_stats();
  /// Which build this library is: "gil" or "free-threaded".
  static std::string_view build();

 private:
  friend struct detail::Access;
  void set_global(std::string_view name, const Value& value);
  std::shared_ptr<detail::Core> core_;
};

/// For hosts whose scripts use executor.processes: worker processes run the host program
/// itself with the argument "--worker". Call this first in main(); when the program was
/// started as such a worker it serves its pool and returns the exit status to return
/// from main, otherwise it returns -1 and does nothing.
int run_worker_if_requested(int argc, char** argv);

}  // namespace gilvm::embed
