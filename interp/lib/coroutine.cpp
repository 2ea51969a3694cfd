// lib/coroutine.cpp — Lua's `coroutine` library on gilvm's fibers
// (coroutine.h): create, resume, yield, status, wrap, isyieldable, running,
// close, with Lua 5.4's results and messages.
//
// One difference from stock Lua, in gilvm's favour: a coroutine's fiber keeps
// its C frames, so it may yield from inside any native that called back into
// Lua (a table.sort comparator, a string.gsub callback, a __tostring), where
// Lua says "attempt to yield across a C-call boundary".
#include <algorithm>

#include "interp/core/api.h"
#include "interp/core/coroutine.h"
#include "interp/lib/lib.h"

namespace gilvm {

namespace {

ThreadState& check_coroutine(ThreadState& L, int i) {
  if (L.arg(i).tag != Tag::Thread) L.type_error(i, "thread");
  return *L.arg(i).as_thread();
}

// Puts `v` below the n values on top of the stack.
void insert_below(ThreadState& L, int n, Value v) {
  L.ensure_stack(1);
  Value* first = L.top - n;
  std::copy_backward(first, L.top, L.top + 1);
  *first = v;
  L.top++;
}

void check_function(ThreadState& L, int i) {
  if (!L.arg(i).is_function()) L.type_error(i, "function");
}

int coro_create(ThreadState& L) {
  check_function(L, 1);
  L.push(Value::thread(L.interp.new_coroutine(L.arg(1))));
  return 1;
}

int coro_resume(ThreadState& L) {
  ThreadState& co = check_coroutine(L, 1);
  int n = 0;
  const ResumeResult r = resume(L, co, L.nargs() - 1, &n);
  insert_below(L, n, Value::boolean(r != ResumeResult::kFailed));
  return n + 1;
}

int coro_yield(ThreadState& L) {
  return yield(L, L.nargs());
}

int coro_status(ThreadState& L) {
  L.push_string(status_name(L, check_coroutine(L, 1)));
  return 1;
}

int coro_running(ThreadState& L) {
  L.push(Value::thread(&L));
  L.push(Value::boolean(!L.is_coroutine));
  return 2;
}

int coro_isyieldable(ThreadState& L) {
  L.push(Value::boolean(yieldable(L.nargs() >= 1 ? check_coroutine(L, 1) : L)));
  return 1;
}

int coro_close(ThreadState& L) {
  ThreadState& co = check_coroutine(L, 1);
  if (close(L, co)) {
    L.push(Value::boolean(true));
    return 1;
  }
  insert_below(L, 1, Value::boolean(false));
  return 2;
}

// The function coroutine.wrap returns: resumes its coroutine (upvalue 1) and
// returns what it yields, or propagates its error, with the position of the
// call prepended to a string error (as Lua 5.4 does).
int coro_wrapped(ThreadState& L) {
  ThreadState& co = *L.ci->func->as_nclosure()->upvalues[0].as_thread();
  const bool was_suspended = co.status == CoStatus::kSuspended;
  int n = 0;
  if (resume(L, co, L.nargs(), &n) != ResumeResult::kFailed) return n;
  if (was_suspended && co.status == CoStatus::kDead) {
    // It died of the error: close its pending variables first (which may
    // replace the error).
    L.top--;
    if (close(L, co)) L.push(Value());
  }
  Value err = L.top[-1];
  if (err.tag == Tag::String) {
    const std::string where = L.where(1);
    if (!where.empty())
      err = Value::string(L.interp.new_string(where + std::string(err.as_string()->view())));
  }
  L.raise(err);
}

int coro_wrap(ThreadState& L) {
  check_function(L, 1);
  ThreadState* co = L.interp.new_coroutine(L.arg(1));
  L.push(Value::thread(co));  // rooted while the closure is made
  NClosure* f = L.interp.new_nclosure(coro_wrapped, "wrap", 1);
  f->upvalues[0] = Value::thread(co);
  L.push(Value::nclosure(f));
  return 1;
}

}  // namespace

void open_coroutine_lib(Interpreter& I) {
  I.new_module("coroutine", {{"create", coro_create},
                             {"resume", coro_resume},
                             {"yield", coro_yield},
                             {"status", coro_status},
                             {"running", coro_running},
                             {"isyieldable", coro_isyieldable},
                             {"close", coro_close},
                             {"wrap", coro_wrap}});
}

}  // namespace gilvm
