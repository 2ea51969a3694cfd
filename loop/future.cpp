// future.cpp — futures: the thread-safe state and the Lua handles (see
// future.h for the completion protocol).
#include "future.h"

#include "gilvm/gilvm.h"
#include "loop.h"
#include "native.h"

namespace gilvm::loop {

const char* const kFutureType = "future";
const char* const kTaskType = "task";

bool FutureState::complete(Status s) {
  std::vector<std::pair<uint64_t, std::function<void()>>> callbacks;
  {
    std::lock_guard lock(mutex_);
    if (done()) return false;
    status_.store(s, std::memory_order_release);
    callbacks.swap(callbacks_);
  }
  cv_.notify_all();
  for (auto& [id, cb] : callbacks) cb();
  return true;
}

uint64_t FutureState::add_callback(std::function<void()> cb) {
  {
    std::lock_guard lock(mutex_);
    if (!done()) {
      callbacks_.emplace_back(next_callback_, std::move(cb));
      return next_callback_++;
    }
  }
  cb();
  return 0;
}

void FutureState::remove_callback(uint64_t id) {
  std::lock_guard lock(mutex_);
  for (size_t i = 0; i < callbacks_.size(); i++) {
    if (callbacks_[i].first == id) {
      callbacks_.erase(callbacks_.begin() + long(i));
      return;
    }
  }
}

bool FutureState::wait_detached(ThreadState& L, double timeout) {
  std::unique_lock lock(mutex_);
  return gilvm::wait_detached(L, lock, cv_, timeout, [&] { return done(); });
}

namespace {

int traceback_handler(ThreadState& L) {
  const Value handle = L.ci->func->as_nclosure()->upvalues[0];
  auto* ref = reinterpret_cast<FutureRef*>(handle.as_userdata()->data);
  const Value err = L.arg(1);
  ref->state->traceback = error_report(L, err);
  L.push(err);
  return 1;
}

Table* result_table(const Value& handle) {
  const Value& uv = handle.as_userdata()->user_value;
  return uv.tag == Tag::Table ? uv.as_table() : nullptr;
}

FutureRef* check_future(ThreadState& L) {
  FutureRef* f = to_future(L, 1);
  if (!f) L.type_error(1, "future");
  return f;
}

// future:result([timeout]): blocks until the future completes, with the GIL
// released, then returns its results or raises its error. Raises "timeout"
// when the timeout passes first, as concurrent.futures does (like
// "cancelled", a plain string without a position, for code to compare).
int future_result(ThreadState& L) {
  FutureRef* f = check_future(L);
  const double timeout = opt_timeout(L, 2);
  if (!f->state->done()) {
    if (is_own_loop_task(L, *f))
      L.error("cannot block on a task of this thread's own loop (await it)");
    bool done;
    {
      AllowThreads detached(L);
      done = f->state->wait_detached(L, timeout);
    }
    L.check_interrupt();
    if (!done) L.raise(Value::string(L.interp.intern("timeout")));
  }
  return push_results(L, L.arg(1));
}

int future_done(ThreadState& L) {
  L.push(Value::boolean(check_future(L)->state->done()));
  return 1;
}

int future_cancelled(ThreadState& L) {
  L.push(Value::boolean(check_future(L)->state->status() == FutureState::Status::kCancelled));
  return 1;
}

// future:cancel(): a job not started yet is cancelled (true); one running
// or done is not (false). A task is asked to stop at its next await.
int future_cancel(ThreadState& L) {
  FutureRef* f = check_future(L);
  if (f->state->done()) {
    L.push(Value::boolean(false));
    return 1;
  }
  if (f->task_id != 0) {
    // On the task's own loop thread, at once; from elsewhere, by message.
    if (is_own_loop_task(L, *f)) {
      if (Task* t = Loop::of(L)->find(f->task_id)) Loop::of(L)->cancel(*t);
      L.push(Value::boolean(true));
    } else {
      L.push(Value::boolean(f->mailbox->post(f->task_id << 1 | 1)));
    }
    return 1;
  }
  bool cancelled = false;
  bool expected = false;
  if (f->state->running.compare_exchange_strong(expected, true)) {
    set_error(L, L.arg(1), Value::string(L.interp.intern("cancelled")));
    cancelled = f->state->complete(FutureState::Status::kCancelled);
  }
  L.push(Value::boolean(cancelled));
  return 1;
}

int future_tostring(ThreadState& L) {
  FutureRef* f = check_future(L);
  const char* status = "pending";
  switch (f->state->status()) {
    case FutureState::Status::kPending: break;
    case FutureState::Status::kDone: status = "done"; break;
    case FutureState::Status::kFailed: status = "failed"; break;
    case FutureState::Status::kCancelled: status = "cancelled"; break;
  }
  char buf[64];
  snprintf(buf, sizeof buf, "future: %p", static_cast<void*>(f->state.get()));
  L.push_string((f->name.empty() ? std::string(buf) : f->name) + " (" + status + ")");
  return 1;
}

}  // namespace

NClosure* new_traceback_handler(ThreadState& L, const Value& handle) {
  NClosure* handler = L.interp.new_nclosure(traceback_handler, "traceback handler", 1);
  handler->upvalues[0] = handle;
  return handler;
}

FutureRef* push_future(ThreadState& L, const char* type, std::shared_ptr<FutureState> state) {
  FutureRef* f = push_native<FutureRef>(L, type);
  f->state = std::move(state);
  return f;
}

FutureRef* to_future(ThreadState& L, int i) {
  const Value v = L.arg(i);
  if (v.tag != Tag::Userdata) return nullptr;
  Table* mt = v.as_userdata()->metatable;
  if (!mt || (mt != native_type(L.interp, kFutureType) && mt != native_type(L.interp, kTaskType)))
    return nullptr;
  return reinterpret_cast<FutureRef*>(v.as_userdata()->data);
}

void set_results(ThreadState& L, const Value& handle, const Value* values, int n) {
  Interpreter& I = L.interp;
  Table* t = I.new_table(uint32_t(n), 1);
  handle.as_userdata()->user_value = Value::table(t);  // rooted from here on
  for (int j = 0; j < n; j++) table_set_int(L, t, j + 1, values[j]);
  table_set_str(L, t, I.intern("n"), Value::integer(n));
}

void set_error(ThreadState& L, const Value& handle, const Value& error) {
  Interpreter& I = L.interp;
  L.push(error);  // rooted while the table is made
  Table* t = I.new_table(0, 1);
  handle.as_userdata()->user_value = Value::table(t);
  table_set_str(L, t, I.intern("error"), error);
  L.top--;
}

int push_results(ThreadState& L, const Value& handle) {
  FutureRef* f = reinterpret_cast<FutureRef*>(handle.as_userdata()->data);
  f->state->retrieved = true;
  Table* t = result_table(handle);
  if (!t) L.error("future completed without a result");
  const Value err = *table_get_str(t, L.interp.intern("error"));
  if (f->state->status() != FutureState::Status::kDone) {
    // A cancellation is a signal, not a failure to explain: no traceback.
    if (err.tag == Tag::String && !f->state->traceback.empty() &&
        f->state->status() == FutureState::Status::kFailed) {
      // The traceback of where it failed goes with the message.
      std::string msg(err.as_string()->view());
      const std::string& tb = f->state->traceback;
      const size_t at = tb.find("stack traceback:");
      if (at != std::string::npos)
        msg += "\n[" + (f->name.empty() ? std::string("future") : f->name) + "] " + tb.substr(at);
      L.raise(Value::string(L.interp.new_string(msg)));
    }
    L.raise(err);
  }
  const int64_t n = table_get_str(t, L.interp.intern("n"))->i;
  L.ensure_stack(int(n));
  for (int64_t j = 1; j <= n; j++) L.push(*table_get_int(t, j));
  return int(n);
}

void open_future_types(Interpreter& I) {
  for (const char* type : {kFutureType, kTaskType}) {
    Table* mt = new_native_type(I, type,
                                {{"result", future_result},
                                 {"done", future_done},
                                 {"cancel", future_cancel},
                                 {"cancelled", future_cancelled}});
    I.set_function(mt, "__tostring", future_tostring);
  }
}

}  // namespace gilvm::loop
