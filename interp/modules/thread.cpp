// modules/thread.cpp — the `thread` module: OS threads running Lua functions in
// this interpreter, each with its own thread state, all sharing the GIL.
//
// thread.spawn makes the new thread state while the caller holds the GIL,
// copies the function and its arguments onto the new stack and starts an OS
// thread that attaches (waits for the GIL) before it runs anything. When the
// function returns, its results (or its error and traceback) are stored in
// the handle's user value, the thread state leaves the interpreter and the OS
// thread detaches for good. join waits detached and returns the results or
// re-raises the error with the thread's traceback. Like Python, the program
// waits for running threads at exit (thread_join_all), and an error nobody
// joined is printed on stderr then.
#include <atomic>
#include <cstdio>
#include <thread>

#include "interp/core/api.h"
#include "interp/core/native.h"
#include "interp/modules/modules.h"

namespace gilvm {

struct ThreadRecord {
  uint64_t id = 0;
  std::string name;
  bool is_main = false;
  std::thread os;
  std::mutex m;
  std::condition_variable cv;
  bool finished = false;  // under m
  // Written by the thread before `finished`, read after it:
  bool failed = false;
  std::string report;  // the error with the thread's traceback
  // The error was re-raised by join or printed (joiners on several threads
  // may set it at once).
  std::atomic<bool> reported{false};
};

namespace {

constexpr const char* kHandleType = "thread";
// What a thread's report can hold without allocating: enough for "not
// enough memory", written when nothing else could be.
constexpr size_t kReservedReportBytes = 64;

struct Handle {
  std::shared_ptr<ThreadRecord> record;
};

// The handle's user value once the thread has finished: {n = count,
// ...results}, or the error value itself on failure.
const Value& outcome_of(const Value& handle) {
  return handle.as_userdata()->user_value;
}

// A thread's results as {n = count, ...}; nil when no memory is left for
// them (there is no protected call around the thread's end).
Value pack_results(ThreadState& T, const Value* results, int n) {
  try {
    Table* packed = T.interp.new_table(uint32_t(n), 1);
    for (int j = 0; j < n; j++) table_set_int(T, packed, j + 1, results[j]);
    table_set_str(T, packed, T.interp.intern("n"), Value::integer(n));
    return Value::table(packed);
  } catch (const std::bad_alloc&) {
    return Value();
  }
}

// The message handler of a thread's function: keeps the error value as it is
// and writes the report (message and traceback) into the thread's record.
int thread_error_handler(ThreadState& L) {
  Handle* h = reinterpret_cast<Handle*>(L.os->handle.as_userdata()->data);
  const Value err = L.arg(1);
  h->record->report = error_report(L, err);
  L.push(err);
  return 1;
}

void thread_main(std::shared_ptr<ThreadRecord> rec, OsThread* os) {
  Interpreter& I = os->interp;
  ThreadState* T = os->base;
  os->enter();
  I.gil.attach(os->gil, gil::Wake::kStart);
  // Stack: [base frame] [handler] [function] [arguments...]
  Value* handler = T->stack + 1;
  Value* func = handler + 1;
  bool ok = T->xpcall(func, kMultRet, handler);
  Value outcome = ok ? pack_results(*T, func, int(T->top - func)) : *func;
  if (ok && outcome.is_nil()) {
    ok = false;
    outcome = Value::string(I.str_memory_error);
  }
  // Out of memory, the handler may have written no report: then the error
  // is its own report (the capacity reserved at spawn holds it).
  if (!ok && rec->report.empty() && outcome.tag == Tag::String)
    rec->report.assign(outcome.as_string()->view().substr(0, rec->report.capacity()));
  os->handle.as_userdata()->user_value = outcome;
  rec->failed = !ok;
  T->leave();
  I.gil.exit_thread(os->gil);
  delete os;
  {
    std::lock_guard lock(rec->m);
    rec->finished = true;
  }
  rec->cv.notify_all();
}

// Joins the OS threads of finished records that need no report; keeps the rest.
void prune(Interpreter& I) {
  std::lock_guard registry(I.registry_mutex);
  auto& all = I.spawned;
  size_t kept = 0;
  for (auto& rec : all) {
    bool finished;
    {
      std::lock_guard lock(rec->m);
      finished = rec->finished;
    }
    if (finished && rec->os.joinable()) rec->os.join();
    if (!finished || (rec->failed && !rec->reported)) all[kept++] = std::move(rec);
  }
  all.resize(kept);
}

int thread_spawn(ThreadState& L) {
  Interpreter& I = L.interp;
  const Tag t = L.arg(1).tag;
  const bool callable = t == Tag::LClosure || t == Tag::NClosure || t == Tag::LightNative ||
                        !L.metamethod(L.arg(1), TM::Call).is_nil();
  if (!callable) L.type_error(1, "function");
  prune(I);
  const int nargs = L.nargs();
  auto* os = new OsThread(I, false);
  ThreadState* T = I.new_thread_state(os);
  auto rec = std::make_shared<ThreadRecord>();
  rec->id = os->gil.id;
  rec->name = os->gil.name;
  rec->report.reserve(kReservedReportBytes);
  push_native<Handle>(L, kHandleType, Handle{rec});
  os->handle = L.top[-1];
  T->push(Value::native(thread_error_handler));
  for (int j = 1; j <= nargs; j++) T->push(L.arg(j));
  try {
    std::lock_guard registry(I.registry_mutex);
    I.spawned.push_back(rec);
    try {
      rec->os = std::thread(thread_main, rec, os);
    } catch (...) {
      I.spawned.pop_back();
      throw;
    }
  } catch (const std::system_error& e) {
    T->leave();
    I.gil.unregister_thread(os->gil);
    delete os;
    L.error("cannot start a thread: %s", e.what());
  }
  return 1;
}

Handle* check_handle(ThreadState& L) {
  return check_native<Handle>(L, 1, kHandleType);
}

int thread_join(ThreadState& L) {
  std::shared_ptr<ThreadRecord> rec = check_handle(L)->record;
  const double timeout = opt_timeout(L, 2);
  if (rec->is_main) L.error("cannot join the main thread");
  if (rec->id == L.os->gil.id) L.error("cannot join the current thread");
  bool finished;
  {
    std::lock_guard lock(rec->m);
    finished = rec->finished;
  }
  if (!finished) {
    finished = wait_released(L, rec->m, [&](std::unique_lock<std::mutex>& lock) {
      return wait_detached(L, lock, rec->cv, timeout, [&] { return rec->finished; });
    });
    if (!finished) {
      L.push(Value());
      L.push_string("timeout");
      return 2;
    }
  }
  rec->reported = true;
  const Value& outcome = outcome_of(L.arg(1));
  if (rec->failed) {
    const Value err = outcome;
    if (err.tag == Tag::String) {
      // The thread's traceback goes with the message; the joiner's own
      // traceback follows it if nobody catches the error.
      std::string msg(err.as_string()->view());
      const std::string& report = rec->report;
      const size_t tb = report.find("stack traceback:");
      if (tb != std::string::npos) msg += "\n[" + rec->name + "] " + report.substr(tb);
      L.raise(Value::string(L.interp.new_string(msg)));
    }
    L.raise(err);
  }
  Table* results = outcome.as_table();
  const int64_t n = table_get_str(results, L.interp.intern("n")).i;
  L.ensure_stack(int(n));
  for (int64_t j = 1; j <= n; j++) L.push(table_get_int(results, j));
  return int(n);
}

int thread_id(ThreadState& L) {
  L.push(Value::integer(int64_t(check_handle(L)->record->id)));
  return 1;
}

int thread_name(ThreadState& L) {
  L.push_string(check_handle(L)->record->name);
  return 1;
}

int thread_alive(ThreadState& L) {
  ThreadRecord& rec = *check_handle(L)->record;
  std::lock_guard lock(rec.m);
  L.push(Value::boolean(!rec.finished));
  return 1;
}

int thread_tostring(ThreadState& L) {
  ThreadRecord& rec = *check_handle(L)->record;
  const std::string id = "thread " + std::to_string(rec.id);
  L.push_string(rec.name == id ? id : id + " (" + rec.name + ")");
  return 1;
}

int thread_current(ThreadState& L) {
  OsThread& os = *L.os;
  if (os.handle.is_nil()) {
    // Only the main thread (or a host's) has no handle until asked.
    auto rec = std::make_shared<ThreadRecord>();
    rec->id = os.gil.id;
    rec->name = os.gil.name;
    rec->is_main = os.is_main;
    push_native<Handle>(L, kHandleType, Handle{rec});
    os.handle = L.top[-1];
    return 1;
  }
  L.push(os.handle);
  return 1;
}

int thread_sleep(ThreadState& L) {
  sleep_released(L, check_seconds(L, 1));
  return 0;
}

}  // namespace

bool thread_join_all(ThreadState& L) {
  Interpreter& I = L.interp;
  for (auto hook : I.before_exit)
    if (!hook(L)) return false;
  for (;;) {
    std::shared_ptr<ThreadRecord> running;
    {
      std::lock_guard registry(I.registry_mutex);
      for (auto& rec : I.spawned) {
        std::lock_guard lock(rec->m);
        if (!rec->finished) {
          running = rec;
          break;
        }
      }
    }
    if (!running) break;
    bool finished;
    {
      AllowThreads detached(L);
      std::unique_lock lock(running->m);
      finished = wait_detached(L, lock, running->cv, -1, [&] { return running->finished; });
    }
    if (!finished) return false;  // Ctrl-C
  }
  std::lock_guard registry(I.registry_mutex);
  for (auto& rec : I.spawned) {
    if (rec->os.joinable()) rec->os.join();
    if (rec->failed && !rec->reported) {
      fprintf(stderr, "gilvm: error in %s (never joined): %s\n", rec->name.c_str(),
              rec->report.c_str());
      rec->reported = true;
    }
  }
  fflush(stderr);
  I.spawned.clear();
  return true;
}

void open_thread_lib(Interpreter& I) {
  I.new_module("thread",
               {{"spawn", thread_spawn}, {"current", thread_current}, {"sleep", thread_sleep}});
  Table* mt = new_native_type(
      I, kHandleType,
      {{"join", thread_join}, {"id", thread_id}, {"name", thread_name}, {"alive", thread_alive}});
  I.set_function(mt, "__tostring", thread_tostring);
}

}  // namespace gilvm
