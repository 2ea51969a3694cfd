// future.cpp — futures: the thread-safe state and the Lua handles (see
// future.h for the completion protocol).
#include "loop/future.h"

#include "interp/core/api.h"
#include "interp/core/native.h"
#include "interp/modules/modules.h"
#include "loop/loop.h"
#include "loop/marshal.h"

namespace gilvm::loop {

const char* const kFutureType = "future";
const char* const kTaskType = "task";

bool FutureState::complete(Status s) {
  Waiter first{0, nullptr, 0};
  std::vector<Waiter> more;
  {
    std::lock_guard lock(mutex_);
    if (done()) return false;
    status_.store(s, std::memory_order_release);
    std::swap(first, first_waiter_);
    more.swap(more_waiters_);
  }
  cv_.notify_all();
  if (first.mailbox) first.mailbox->post(first.message);
  for (Waiter& w : more) w.mailbox->post(w.message);
  return true;
}

uint64_t FutureState::add_waiter(std::shared_ptr<Mailbox> mailbox, uint64_t message) {
  std::lock_guard lock(mutex_);
  if (done()) return 0;
  Waiter w{next_waiter_, std::move(mailbox), message};
  if (!first_waiter_.mailbox)
    first_waiter_ = std::move(w);
  else
    more_waiters_.push_back(std::move(w));
  return next_waiter_++;
}

void FutureState::remove_waiter(uint64_t id) {
  if (done()) return;  // complete() took them all
  std::lock_guard lock(mutex_);
  if (first_waiter_.id == id)
    first_waiter_ = {0, nullptr, 0};
  else
    std::erase_if(more_waiters_, [id](const Waiter& w) { return w.id == id; });
}

bool FutureState::wait_detached(ThreadState& L, double timeout) {
  std::unique_lock lock(mutex_);
  return gilvm::wait_detached(L, lock, cv_, timeout, [&] { return done(); });
}

namespace {

int traceback_handler(ThreadState& L) {
  const Value handle = L.ci->func->as_nclosure()->upvalues[0];
  const Value err = L.arg(1);
  future_of(handle)->state->traceback = error_report(L, err);
  L.push(err);
  return 1;
}

FutureRef* check_future(ThreadState& L) {
  FutureRef* f = to_future(L, 1);
  if (!f) L.type_error(1, "future");
  return f;
}

// The "task 3" or "thread pool job" of messages.
std::string describe(const FutureRef& f) {
  return f.task_key ? "task " + std::to_string(f.task_number) : std::string(f.origin);
}

// A payload (from another interpreter) becomes the user value, as if the
// completer had stored it here (see future.h: the first reader does this).
void decode_payload(ThreadState& L, const Value& handle) {
  FutureState& s = *future_of(handle)->state;
  s.decode_payload_once([&](std::string_view payload) {
    Value* base = L.top;
    const int n = marshal::decode(L, payload);
    if (s.status() == FutureState::Status::kDone) {
      set_results(L, handle, base, n);
    } else {
      if (n >= 2 && base[1].tag == Tag::String)
        s.traceback = std::string(base[1].as_string()->view());
      set_error(L, handle, n >= 1 ? base[0] : Value());
    }
    L.top = base;
  });
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

// future:cancel() -> cancel_future's answer
int future_cancel(ThreadState& L) {
  check_future(L);
  L.push(Value::boolean(cancel_future(L, L.arg(1))));
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
  L.push_string(describe(*f) + " (" + status + ")");
  return 1;
}

}  // namespace

bool cancel_future(ThreadState& L, const Value& handle) {
  FutureRef* f = future_of(handle);
  if (f->state->done()) return false;
  if (f->task_key != 0) {
    // On the task's own loop thread, at once; from elsewhere, by message.
    if (is_own_loop_task(L, *f)) {
      if (Task* t = Loop::of(L)->find(f->task_key)) Loop::of(L)->cancel(*t);
      return true;
    }
    return f->mailbox->post(f->task_key << 1 | 1);
  }
  bool expected = false;
  if (!f->state->running.compare_exchange_strong(expected, true)) return false;
  set_error(L, handle, Value::string(L.interp.intern("cancelled")));
  return f->state->complete(FutureState::Status::kCancelled);
}

NClosure* new_traceback_handler(ThreadState& L, const Value& handle) {
  NClosure* handler = L.interp.new_nclosure(traceback_handler, "traceback handler", 1);
  handler->upvalues[0] = handle;
  return handler;
}

FutureRef* push_future(ThreadState& L, const char* type, std::shared_ptr<FutureState> state) {
  return push_future(L, native_type(L.interp, type), std::move(state));
}

FutureRef* push_future(ThreadState& L, Table* type, std::shared_ptr<FutureState> state) {
  FutureRef* f = push_native<FutureRef>(L, type);
  f->state = std::move(state);
  return f;
}

FutureRef* to_future(ThreadState& L, int i) {
  return to_native<FutureRef>(L.arg(i));
}

void set_results(ThreadState& L, const Value& handle, const Value* values, int n) {
  future_of(handle)->state->nresults = n;
  Value& outcome = handle.as_userdata()->user_value;
  if (n == 1) {
    outcome = values[0];
    return;
  }
  Table* t = L.interp.new_table(uint32_t(n), 0);
  outcome = Value::table(t);  // rooted from here on
  for (int j = 0; j < n; j++) table_set_int(L, t, j + 1, values[j]);
}

void set_error(ThreadState& L, const Value& handle, const Value& error) {
  handle.as_userdata()->user_value = error;
}

int push_results(ThreadState& L, const Value& handle) {
  FutureState& s = *future_of(handle)->state;
  s.retrieved.store(true, std::memory_order_relaxed);
  decode_payload(L, handle);
  const Value outcome = handle.as_userdata()->user_value;
  if (s.status() != FutureState::Status::kDone) {
    // A cancellation is a signal, not a failure to explain: no traceback.
    if (outcome.tag == Tag::String && !s.traceback.empty() &&
        s.status() == FutureState::Status::kFailed) {
      std::string msg(outcome.as_string()->view());
      const size_t at = s.traceback.find("stack traceback:");
      if (at != std::string::npos)
        msg += "\n[" + describe(*future_of(handle)) + "] " + s.traceback.substr(at);
      L.raise(Value::string(L.interp.new_string(msg)));
    }
    L.raise(outcome);
  }
  if (s.nresults == 1) {
    L.push(outcome);
    return 1;
  }
  Table* t = outcome.as_table();
  L.ensure_stack(s.nresults);
  for (int j = 1; j <= s.nresults; j++) L.push(table_get_int(t, j));
  return s.nresults;
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
