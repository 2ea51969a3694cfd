// call.cpp — calls, returns, protected calls and unwinding: the frame stack,
// upvalue closing and to-be-closed variables.
//
// Errors are C++ exceptions (LuaError) that carry nothing: the error value is
// in ThreadState::error_value, where the collector sees it. A failed
// allocation anywhere below a protected call (std::bad_alloc, from the
// allocator or from a native's C++ containers) is caught the same way and
// becomes the error "not enough memory", Lua's LUA_ERRMEM, a string made
// with the interpreter so that reporting it allocates nothing. A protected call
// records the frame it started from; when an error reaches it, it pops the
// frames above, closes the upvalues and to-be-closed variables they left
// open (each __close gets the error and may replace it), and leaves the error
// value where the called function was.
//
// A message handler (xpcall) runs at the point of the error, before any frame
// is popped, so that it can see the whole stack. Handling an error may need
// stack after a stack overflow: while a handler runs, the stack limits are
// moved into a reserve kept for that purpose.
//
// The common case, error() or assert() called from Lua code under a pcall,
// does not throw: a throw costs the unwinder a search of every C++ frame's
// tables, twenty times Lua's whole cost of raising and catching. Each
// protected call also records a landing point (ProtectedJump, a setjmp
// buffer) in ThreadState::protected_jump, and raise_from_native longjmps to
// it when that is what the throw would have done without running any
// destructor: when the raising native's own frame holds no object with one
// (its promise), and every other C++ frame in between is the protected call's
// ThreadState::call, one VM::execute running the Lua frames, VM::precall and
// the native, none of which holds one. ThreadState::call is the only way C++
// code enters Lua or a native, and it raises native_depth; so a raise at
// exactly the depth the protected call's own call gave (ProtectedJump::
// native_depth) has no metamethod, message handler, __close, sort
// comparator or inner protected call between it and the landing point. Any
// other raise throws LuaError. Both ways end in the same catch-up code, which
// pops the frames and closes what they left open.
#include <csetjmp>
#include <cstring>
#include <new>

#include "interp/core/assert.h"
#include "interp/core/debug_info.h"
#include "interp/core/number.h"
#include "interp/core/table.h"
#include "interp/core/vm.h"

namespace gilvm {

namespace {

// A native is about to return n results: its return event; and the Lua
// frame that called it continues on the line of the call (Lua's rethook).
[[gnu::noinline]] void native_returned_hook(ThreadState& L, CallInfo* ci, int n) {
  if (L.hook_mask & kHookReturn) run_hook(L, HookEvent::kReturn, -1, int(L.top - n - ci->func), n);
  const CallInfo* caller = ci + 1;
  if (caller < L.base_ci && caller->is_lua()) L.hook_old_pc = current_pc(caller);
}

}  // namespace

void run_hook(ThreadState& L, HookEvent event, int line, int first, int count) {
  if (L.in_hook || !L.hook.is_function()) return;
  static constexpr const char* kEventNames[] = {"call", "return", "line", "count", "tail call"};
  CallInfo* ci = L.ci;
  Value* const saved_top = L.top;
  // A Lua frame's registers lie below its top, whatever L.top says now.
  if (ci->is_lua() && L.top < ci->top) L.top = ci->top;
  // No hook runs inside a hook; the hooked frame's callee is named "hook".
  struct InHook {
    ThreadState& L;
    CallInfo* ci;
    InHook(ThreadState& L, CallInfo* ci, int first, int count) : L(L), ci(ci) {
      L.in_hook = true;
      L.hooked = false;
      ci->status |= kCallHooked;
      L.transfer_ci = ci;
      L.transfer_first = first;
      L.transfer_count = count;
    }
    ~InHook() {
      L.in_hook = false;
      L.hooked = L.hook_mask != 0;
      ci->status &= uint16_t(~kCallHooked);
      L.transfer_ci = nullptr;
    }
  } in_hook(L, ci, first, count);
  Value* func = L.top;
  L.push(L.hook);
  L.push_string(kEventNames[size_t(event)]);
  L.push(line >= 0 ? Value::integer(line) : Value());
  L.call(func, 0);
  L.top = saved_top;
}

CallInfo* VM::precall(ThreadState& L, Value* func, int nresults) {
  for (;;) {
    switch (func->tag) {
      case Tag::LClosure: {
        Proto* p = func->as_lclosure()->proto;
        if (L.ci - 1 <= L.ci_last || func + 1 + p->max_stack > L.stack_last) L.stack_overflow();
        int nargs = int(L.top - func) - 1;
        for (; nargs < p->num_params; nargs++) *L.top++ = Value();
        CallInfo* ci = --L.ci;
        ci->func = func;
        ci->top = func + 1 + p->max_stack;
        if (ci->top > L.high_water) L.high_water = ci->top;
        ci->pc = p->code.data();
        ci->nresults = nresults;
        ci->extra_args = 0;
        ci->status = 0;
        return ci;
      }
      case Tag::LightNative:
      case Tag::NClosure: {
        NativeFn fn = func->tag == Tag::LightNative ? func->f : func->as_nclosure()->fn;
        if (L.ci - 1 <= L.ci_last) L.stack_overflow();
        L.ensure_stack(ThreadState::kNativeMinStack);
        CallInfo* ci = --L.ci;
        ci->func = func;
        ci->top = L.top + ThreadState::kNativeMinStack;
        ci->pc = nullptr;
        ci->nresults = nresults;
        ci->extra_args = 0;
        ci->status = kCallNative;
        GILVM_ASSERT(L.os && L.os->gil.attached(), "calling a native in a thread not attached");
        if (L.hook_mask & kHookCall) run_hook(L, HookEvent::kCall, -1, 1, int(L.top - func) - 1);
        int n = fn(L);
        GILVM_ASSERT(n >= 0 && n <= L.top - (func + 1), "a native returned values it did not push");
        if (L.hook_mask) native_returned_hook(L, ci, n);
        VM::poscall(L, ci, n);
        return nullptr;
      }
      default: insert_call_metamethod(L, func); break;
    }
  }
}

void VM::poscall(ThreadState& L, CallInfo* ci, int nres) {
  Value* res = ci->func;
  Value* first = L.top - nres;
  int wanted = ci->nresults;
  L.ci = ci + 1;
  if (wanted == kMultRet) wanted = nres;
  int copied = nres < wanted ? nres : wanted;
  for (int j = 0; j < copied; j++) res[j] = first[j];
  for (int j = copied; j < wanted; j++) res[j] = Value();
  L.top = res + wanted;
}

void VM::insert_call_metamethod(ThreadState& L, Value* func) {
  Value tm = L.metamethod(*func, TM::Call);
  if (tm.is_nil()) call_error(L, func);
  L.ensure_stack(1);
  for (Value* p = L.top; p > func; p--) *p = p[-1];
  L.top++;
  *func = tm;
}

void VM::mark_to_be_closed(ThreadState& L, Value* slot) {
  if (slot->is_falsy()) return;  // nil and false need no closing
  if (L.metamethod(*slot, TM::Close).is_nil()) {
    const CallInfo* ci = L.ci;
    const char* name = nullptr;
    if (ci->is_lua())
      name = local_name(frame_closure(ci)->proto, int(slot - (ci->func + 1)) + 1, current_pc(ci));
    if (!name) name = "?";
    L.runtime_error("variable '%s' got a non-closable value", name);
  }
  L.tbc_slots.push_back(slot);
}

void ThreadState::close_upvalues(Value* level) {
  while (open_upvals && open_upvals->where() >= level) {
    UpVal* uv = open_upvals;
    open_upvals = uv->next_open;
    uv->close();
  }
}

void ThreadState::close_frame_resources(Value* level, const Value* error) {
  close_upvalues(level);
  while (!tbc_slots.empty() && tbc_slots.back() >= level) {
    Value* slot = tbc_slots.back();
    tbc_slots.pop_back();
    Value tm = metamethod(*slot, TM::Close);
    Value* func = top;
    ensure_stack(3);
    func[0] = tm;
    func[1] = *slot;
    func[2] = error ? *error : Value();
    top = func + 3;
    call(func, 0);
    top = func;
  }
}

void ThreadState::call(Value* func, int nresults) {
  if (++native_depth >= kMaxNativeDepth) {
    if (native_depth == kMaxNativeDepth) runtime_error("C stack overflow");
    if (native_depth >= kMaxNativeDepth + kMaxNativeDepth / 10) {
      error_value = Value::string(interp.new_string("error in error handling"));
      throw LuaError{};
    }
  }
  // The C stack itself: a coroutine's fiber stack is much smaller than a
  // thread's. A message handler raising the same error gets none (raise()
  // runs handlers without one), so this cannot recurse.
  if (static_cast<const char*>(__builtin_frame_address(0)) < c_stack_limit)
    runtime_error("C stack overflow");
  if (CallInfo* ci = VM::precall(*this, func, nresults)) {
    ci->status |= kCallFresh;
    VM::execute(*this, ci);
  }
  native_depth--;
}

// A protected call's landing point for raise_from_native. It is
// ThreadState::protected_jump from the start of the protected call until an
// error reaches it or the call returns, however it leaves.
struct ProtectedJump {
  explicit ProtectedJump(ThreadState& L)
      : L(L), outer(L.protected_jump), native_depth(L.native_depth + 1) {
    L.protected_jump = this;
  }
  ProtectedJump(const ProtectedJump&) = delete;
  ProtectedJump& operator=(const ProtectedJump&) = delete;
  ~ProtectedJump() { L.protected_jump = outer; }

  ThreadState& L;
  ProtectedJump* const outer;
  const int native_depth;  // ThreadState::native_depth inside the protected call's call
  std::jmp_buf landing;
};

namespace {

// Everything a protected call restores when an error reaches it.
struct ProtectedState {
  CallInfo* ci;
  int native_depth;
  Value* error_handler;
  Value* stack_last;
  CallInfo* ci_last;
};

}  // namespace

static bool protected_call(ThreadState& L, Value* func, int nresults, Value* handler) {
  const ProtectedState saved{L.ci, L.native_depth, L.error_handler, L.stack_last, L.ci_last};
  L.error_handler = handler;
  ProtectedJump jump(L);
  if (setjmp(jump.landing) == 0) {
    try {
      L.call(func, nresults);
      L.error_handler = saved.error_handler;
      return true;
    } catch (const LuaError&) {
    } catch (const std::bad_alloc&) {
      L.error_value = Value::string(L.interp.str_memory_error);
    }
  }
  // __close handlers run one call deeper than any outer landing point, so
  // with this one gone their errors throw, into the loop below.
  L.protected_jump = jump.outer;
  // Close what the unwound frames left open; an error in a __close handler
  // replaces the error being propagated and closing goes on. This call's own
  // message handler stays in effect until everything is closed.
  for (;;) {
    L.ci = saved.ci;
    L.native_depth = saved.native_depth;
    L.error_handler = handler;
    L.stack_last = saved.stack_last;
    L.ci_last = saved.ci_last;
    try {
      Value err = L.error_value;
      L.close_frame_resources(func, &err);
      break;
    } catch (const LuaError&) {
    } catch (const std::bad_alloc&) {
      L.error_value = Value::string(L.interp.str_memory_error);
    }
  }
  L.error_handler = saved.error_handler;
  *func = L.error_value;
  L.top = func + 1;
  L.error_value = Value();
  return false;
}

bool ThreadState::pcall(Value* func, int nresults) {
  return protected_call(*this, func, nresults, nullptr);
}

bool ThreadState::xpcall(Value* func, int nresults, Value* handler) {
  return protected_call(*this, func, nresults, handler);
}

// Makes v the error being raised, passed first through the message handler
// if there is one.
static void set_error_value(ThreadState& L, Value v) {
  L.error_value = v;
  if (Value* handler = L.error_handler) {
    // The handler runs with the stack reserve available and without itself
    // (an error inside it ends error handling). The limits come back when
    // the protected call catches the error.
    L.error_handler = nullptr;
    L.stack_last = L.stack_end;
    L.ci_last = L.frames_end;
    Value* func = L.top;
    func[0] = *handler;
    func[1] = v;
    L.top = func + 2;
    if (L.top > L.high_water) L.high_water = L.top;
    try {
      L.call(func, 1);
      L.error_value = *func;
    } catch (const LuaError&) {
      L.error_value = Value::string(L.interp.new_string("error in error handling"));
    }
  }
}

void ThreadState::raise(Value v) {
  set_error_value(*this, v);
  throw LuaError{};
}

void ThreadState::raise_from_native(Value v) {
  set_error_value(*this, v);
  ProtectedJump* jump = protected_jump;
  if (jump != nullptr && native_depth == jump->native_depth) std::longjmp(jump->landing, 1);
  throw LuaError{};
}

void ThreadState::stack_overflow() {
  runtime_error("stack overflow");
}

// --- generic operations for natives ------------------------------------------

Table* ThreadState::metatable_of(const Value& v) const {
  switch (v.tag) {
    case Tag::Table: return table_metatable(v.as_table());
    case Tag::Userdata: return v.as_userdata()->metatable;
    default: return interp.type_metatables[size_t(v.tag)];
  }
}

Value ThreadState::metamethod(const Value& v, TM event) const {
  Table* mt = metatable_of(v);
  if (!mt) return Value();
  return table_get_str(mt, interp.tm_names[size_t(event)]);
}

Value ThreadState::index(const Value& t, const Value& key) {
  if (t.tag == Tag::Table) {
    const Value v = table_get(t.as_table(), key);
    if (!v.is_nil() || !table_metatable(t.as_table())) return v;
  }
  Value result;
  ensure_stack(1);
  Value* slot = top++;
  *slot = t;  // keeps t reachable while metamethods run
  VM::index(*this, slot, key, &result);
  top = slot;
  return result;
}

void ThreadState::set_index(const Value& t, const Value& key, const Value& v) {
  if (t.tag == Tag::Table && !table_metatable(t.as_table())) {
    table_set(*this, t.as_table(), key, v);
    return;
  }
  VM::set_index(*this, &t, key, v);
}

bool ThreadState::equal(const Value& a, const Value& b) {
  return VM::equal(*this, &a, &b);
}
bool ThreadState::less_than(const Value& a, const Value& b) {
  return VM::less_than(*this, &a, &b);
}
bool ThreadState::less_equal(const Value& a, const Value& b) {
  return VM::less_equal(*this, &a, &b);
}

Value ThreadState::length(const Value& v) {
  Value result;
  VM::length(*this, &v, &result);
  return result;
}

bool ThreadState::to_string_in_place(Value* v) {
  if (v->tag == Tag::String) return true;
  if (!v->is_number()) return false;
  char buf[64];
  size_t n = format_number(*v, buf);
  *v = Value::string(interp.new_string(std::string_view(buf, n)));
  return true;
}

String* ThreadState::to_display_string(const Value& v) {
  Table* mt = metatable_of(v);
  if (mt) {
    const Value f = table_get_str(mt, interp.new_string("__tostring"));
    if (!f.is_nil()) {
      Value* func = top;
      ensure_stack(2);
      func[0] = f;
      func[1] = v;
      top = func + 2;
      call(func, 1);
      Value r = *func;
      top = func;
      if (r.tag != Tag::String) {
        if (r.is_number()) {
          to_string_in_place(&r);
          return r.as_string();
        }
        error("'__tostring' must return a string");
      }
      return r.as_string();
    }
  }
  char buf[128];
  switch (v.tag) {
    case Tag::Nil: return interp.new_string("nil");
    case Tag::False: return interp.new_string("false");
    case Tag::True: return interp.new_string("true");
    case Tag::Int:
    case Tag::Float: return interp.new_string(std::string_view(buf, format_number(v, buf)));
    case Tag::String: return v.as_string();
    default: {
      const char* kind = type_name(v);
      if (mt) {
        const Value name = table_get_str(mt, interp.str_name_field);
        if (name.tag == Tag::String) kind = name.as_string()->c_str();
      }
      const void* address = v.p;
      int n = snprintf(buf, sizeof buf, "%s: %p", kind, address);
      return interp.new_string(std::string_view(buf, size_t(n)));
    }
  }
}

}  // namespace gilvm
