// lib/debug.cpp — Lua's `debug` library: tracebacks, getinfo, locals,
// upvalues, raw metatables, the registry, user values, debug.debug and hooks,
// with Lua 5.4's results and messages.
//
// A "level" is a frame of a thread state counted from its innermost one: 0 is
// the running native (debug.getinfo itself) on the calling thread, or what a
// suspended coroutine is blocked in (coroutine.yield). Names come from
// debug_info.cpp and errors.cpp, the same code that names values in error
// messages; traceback is ThreadState::traceback, the one that lua.c's message
// handler uses.
//
// Hooks (sethook, gethook) live on the thread state (state.h): call and
// return events come from the call paths (call.cpp), line and count events
// from the dispatch loop, which switches to its traced handler table while a
// hook is set (vm.cpp). docs/lua-differences.md lists what the library cannot
// do exactly as stock Lua, and what is safe in the free-threaded build.
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <string>

#include "interp/core/api.h"
#include "interp/core/debug_info.h"
#include "interp/core/table.h"
#include "interp/core/vm.h"
#include "interp/lib/lib.h"

namespace gilvm {

namespace {

// The optional thread first argument (Lua's getthread): the state to look
// at, and in *arg the number of arguments before the function's own.
ThreadState& thread_arg(ThreadState& L, int* arg) {
  if (L.arg(1).tag == Tag::Thread) {
    *arg = 1;
    return *L.arg(1).as_thread();
  }
  *arg = 0;
  return L;
}

// The frame `level` levels up in T, or nullptr (lua_getstack). A coroutine's
// bottom frame belongs to nobody; an OS thread's is the host's ("[C]: in ?").
CallInfo* frame_at(const ThreadState& T, int64_t level) {
  if (level < 0 || !T.base_ci) return nullptr;
  const CallInfo* last = T.is_coroutine ? T.base_ci - 1 : T.base_ci;
  if (level > last - T.ci) return nullptr;
  return T.ci + level;
}

bool is_lua_function(const Value& f) {
  return f.tag == Tag::LClosure;
}

void set_string(ThreadState& L, Table* t, const char* key, std::string_view s) {
  table_set_str(L, t, L.interp.intern(key), Value::string(L.interp.new_string(s)));
}
void set_value(ThreadState& L, Table* t, const char* key, Value v) {
  table_set_str(L, t, L.interp.intern(key), v);
}

// The lines that have code (getinfo's 'L'): a vararg function's VARARGPREP
// is not one of them.
Value active_lines(ThreadState& L, const Value& f) {
  if (!is_lua_function(f)) return Value();
  const Proto* p = f.as_lclosure()->proto;
  Table* t = L.interp.new_table();
  L.push(Value::table(t));  // rooted while it fills
  for (size_t pc = p->is_vararg ? 1 : 0; pc < p->line_of_pc.size(); pc++)
    table_set_int(L, t, p->line_of_pc[pc], Value::boolean(true));
  L.top--;
  return Value::table(t);
}

// debug.getinfo([thread,] f [, what]): the fields of lua_getinfo for a level
// of T, or for a function.
int db_getinfo(ThreadState& L) {
  int arg;
  ThreadState& T = thread_arg(L, &arg);
  String* opt = L.opt_string(arg + 2, nullptr);
  const std::string options = opt ? std::string(opt->view()) : "flnSrtu";
  if (!options.empty() && options[0] == '>') L.arg_error(arg + 2, "invalid option '>'");
  for (char c : options) {
    if (!std::strchr("SlnrutfL", c)) L.arg_error(arg + 2, "invalid option");
  }
  Value func;
  const CallInfo* ci = nullptr;
  if (L.arg(arg + 1).is_function()) {
    func = L.arg(arg + 1);
  } else {
    ci = frame_at(T, L.check_integer(arg + 1));
    if (!ci) {
      L.push(Value());
      return 1;
    }
    func = *ci->func;
  }
  const bool lua = is_lua_function(func);
  const Proto* p = lua ? func.as_lclosure()->proto : nullptr;
  Table* t = L.interp.new_table(0, 16);
  L.push(Value::table(t));
  for (char c : options) {
    switch (c) {
      case 'S': {
        std::string_view source = lua && p->source ? p->source->view() : lua ? "=?" : "=[C]";
        set_string(L, t, "source", source);
        set_string(L, t, "short_src", chunk_id(source));
        set_value(L, t, "linedefined", Value::integer(lua ? p->line_defined : -1));
        set_value(L, t, "lastlinedefined", Value::integer(lua ? p->last_line_defined : -1));
        set_string(L, t, "what", !lua ? "C" : p->line_defined == 0 ? "main" : "Lua");
        break;
      }
      case 'l': {
        int line = ci && ci->is_lua() ? line_of(p, current_pc(ci)) : -1;
        set_value(L, t, "currentline", Value::integer(line));
        break;
      }
      case 'u': {
        int nups = lua                         ? func.as_lclosure()->num_upvalues
                   : func.tag == Tag::NClosure ? func.as_nclosure()->num_upvalues
                                               : 0;
        set_value(L, t, "nups", Value::integer(nups));
        set_value(L, t, "nparams", Value::integer(lua ? p->num_params : 0));
        set_value(L, t, "isvararg", Value::boolean(!lua || p->is_vararg));
        break;
      }
      case 'n': {
        std::optional<VarName> name;
        if (ci) name = frame_function_name(T, ci);
        set_value(L, t, "name", name ? Value::string(L.interp.new_string(name->name)) : Value());
        set_string(L, t, "namewhat", name ? name->kind : "");
        break;
      }
      case 'r': {
        const bool hooked = ci && ci == T.transfer_ci;
        set_value(L, t, "ftransfer", Value::integer(hooked ? T.transfer_first : 0));
        set_value(L, t, "ntransfer", Value::integer(hooked ? T.transfer_count : 0));
        break;
      }
      case 't':
        set_value(L, t, "istailcall", Value::boolean(ci && (ci->status & kCallTail)));
        break;
      case 'f': set_value(L, t, "func", func); break;
      case 'L': set_value(L, t, "activelines", active_lines(L, func)); break;
    }
  }
  return 1;
}

// --- locals ------------------------------------------------------------------

// The slot and name of local n of frame ci in T (luaG_findlocal): a named
// local, a vararg (n < 0), or any other slot of the frame "(temporary)".
const char* find_local(const ThreadState& T, const CallInfo* ci, int64_t n, Value** slot) {
  const char* name = nullptr;
  Value* base = ci->func + 1;
  if (ci->is_lua()) {
    if (n < 0) {
      const Proto* p = frame_closure(ci)->proto;
      if (!p->is_vararg || n < -ci->extra_args) return nullptr;
      *slot = ci->func - ci->extra_args - (n + 1);
      return "(vararg)";
    }
    if (n <= INT32_MAX) name = local_name(frame_closure(ci)->proto, int(n), current_pc(ci));
  }
  if (!name) {
    const Value* limit = ci == T.ci ? T.top : (ci - 1)->func;
    if (n <= 0 || limit - base < n) return nullptr;
    name = ci->is_lua() ? "(temporary)" : "(C temporary)";
  }
  *slot = base + (n - 1);
  return name;
}

int db_getlocal(ThreadState& L) {
  int arg;
  ThreadState& T = thread_arg(L, &arg);
  const int64_t n = L.check_integer(arg + 2);
  if (L.arg(arg + 1).is_function()) {  // the names of its parameters only
    const Value f = L.arg(arg + 1);
    const char* name = nullptr;
    if (is_lua_function(f) && n > 0 && n <= INT32_MAX)
      name = local_name(f.as_lclosure()->proto, int(n), 0);
    L.push(name ? Value::string(L.interp.new_string(name)) : Value());
    return 1;
  }
  const CallInfo* ci = frame_at(T, L.check_integer(arg + 1));
  if (!ci) L.arg_error(arg + 1, "level out of range");
  Value* slot;
  const char* name = find_local(T, ci, n, &slot);
  if (!name) {
    L.push(Value());
    return 1;
  }
  const Value v = load_value(slot);
  L.push_string(name);
  L.push(v);
  return 2;
}

int db_setlocal(ThreadState& L) {
  int arg;
  ThreadState& T = thread_arg(L, &arg);
  const CallInfo* ci = frame_at(T, L.check_integer(arg + 1));
  const int64_t n = L.check_integer(arg + 2);
  if (!ci) L.arg_error(arg + 1, "level out of range");
  L.check_any(arg + 3);
  Value* slot;
  // A native's slots are its arguments and temporaries, which it checked
  // once and then relies on: Lua code may read them but not change them.
  const char* name = ci->is_lua() ? find_local(T, ci, n, &slot) : nullptr;
  if (!name) {
    L.push(Value());
    return 1;
  }
  store_value(slot, L.arg(arg + 3));
  L.push_string(name);
  return 1;
}

// --- upvalues ------------------------------------------------------------------

// Upvalue n (1-based) of function f: its name ("" for a native's) and slot,
// or nullptr.
const char* find_upvalue(const Value& f, int64_t n, UpVal** uv, Value** slot) {
  if (f.tag == Tag::LClosure) {
    LClosure* c = f.as_lclosure();
    if (n < 1 || n > c->num_upvalues) return nullptr;
    *uv = c->upvals[n - 1];
    const String* name = c->proto->upvalues[size_t(n - 1)].name;
    return name ? name->c_str() : "(no name)";
  }
  if (f.tag == Tag::NClosure) {
    NClosure* c = f.as_nclosure();
    if (n < 1 || n > c->num_upvalues) return nullptr;
    *slot = &c->upvalues[n - 1];
    return "";
  }
  return nullptr;
}

int db_getupvalue(ThreadState& L) {
  const int64_t n = L.check_integer(2);
  if (!L.arg(1).is_function()) L.type_error(1, "function");
  UpVal* uv = nullptr;
  Value* slot = nullptr;
  const char* name = find_upvalue(L.arg(1), n, &uv, &slot);
  if (!name) return 0;
  const Value v = uv ? uv->get(&L) : *slot;
  L.push_string(name);
  L.push(v);
  return 2;
}

int db_setupvalue(ThreadState& L) {
  L.check_any(3);
  const int64_t n = L.check_integer(2);
  if (!L.arg(1).is_function()) L.type_error(1, "function");
  UpVal* uv = nullptr;
  Value* slot = nullptr;
  const char* name = find_upvalue(L.arg(1), n, &uv, &slot);
  // A native's upvalues hold what it relies on (coroutine.wrap's thread):
  // Lua code may read them but not change them.
  if (!name || !uv) return 0;
  uv->set(&L, L.arg(3));
  L.push_string(name);
  return 1;
}

// The identity of upvalue n of argument argf (lua_upvalueid), or nullptr.
void* upvalue_id(ThreadState& L, int argf, int argn) {
  const int64_t n = L.check_integer(argn);
  const Value f = L.arg(argf);
  if (!f.is_function()) L.type_error(argf, "function");
  if (f.tag == Tag::LClosure) {
    LClosure* c = f.as_lclosure();
    return n >= 1 && n <= c->num_upvalues ? c->upvals[n - 1] : nullptr;
  }
  if (f.tag == Tag::NClosure) {
    NClosure* c = f.as_nclosure();
    return n >= 1 && n <= c->num_upvalues ? &c->upvalues[n - 1] : nullptr;
  }
  return nullptr;
}

int db_upvalueid(ThreadState& L) {
  void* id = upvalue_id(L, 1, 2);
  L.push(id ? Value::light_userdata(id) : Value());
  return 1;
}

int db_upvaluejoin(ThreadState& L) {
  if (!upvalue_id(L, 1, 2)) L.arg_error(2, "invalid upvalue index");
  if (!upvalue_id(L, 3, 4)) L.arg_error(4, "invalid upvalue index");
  if (L.arg(1).tag != Tag::LClosure) L.arg_error(1, "Lua function expected");
  if (L.arg(3).tag != Tag::LClosure) L.arg_error(3, "Lua function expected");
  LClosure* f1 = L.arg(1).as_lclosure();
  LClosure* f2 = L.arg(3).as_lclosure();
  f1->upvals[L.check_integer(2) - 1] = f2->upvals[L.check_integer(4) - 1];
  return 0;
}

// --- metatables, registry, user values ----------------------------------------

int db_getmetatable(ThreadState& L) {
  L.check_any(1);
  Table* mt = L.metatable_of(L.arg(1));
  L.push(mt ? Value::table(mt) : Value());
  return 1;
}

int db_setmetatable(ThreadState& L) {
  const Value mtv = L.arg(2);
  if (L.nargs() < 2 || (!mtv.is_nil() && !mtv.is_table())) L.type_error(2, "nil or table");
  Table* mt = mtv.is_nil() ? nullptr : mtv.as_table();
  const Value v = L.arg(1);
  switch (v.tag) {
    case Tag::Table:
      table_set_metatable(v.as_table(), mt);
      L.interp.check_finalizer(v.as_table(), mt);
      break;
    case Tag::Userdata:
      v.as_userdata()->metatable = mt;
      L.interp.check_finalizer(v.as_userdata(), mt);
      break;
    default: {
      // One metatable per type: every tag of the value's type shares it.
      Table** mts = L.interp.type_metatables;
      mts[size_t(v.tag)] = mt;
      if (v.is_number()) mts[size_t(Tag::Int)] = mts[size_t(Tag::Float)] = mt;
      if (v.is_bool()) mts[size_t(Tag::False)] = mts[size_t(Tag::True)] = mt;
      if (v.is_function())
        mts[size_t(Tag::LClosure)] = mts[size_t(Tag::NClosure)] = mts[size_t(Tag::LightNative)] =
            mt;
      break;
    }
  }
  L.top = L.args() + 1;
  return 1;
}

int db_getregistry(ThreadState& L) {
  L.push(Value::table(L.interp.registry));
  return 1;
}

// Lua code sees no user values on gilvm's userdata: the slot that Userdata
// has belongs to the natives that made it (a queue's items, a task's
// coroutine), which rely on what they keep there. So these behave as Lua's
// do on a userdata made with none, an io file's say: nil, and failure.
int db_getuservalue(ThreadState& L) {
  L.opt_integer(2, 1);
  L.push(Value());
  return 1;
}

int db_setuservalue(ThreadState& L) {
  L.opt_integer(3, 1);
  L.check_type(1, Tag::Userdata);
  L.check_any(2);
  L.push(Value());
  return 1;
}

// --- traceback, debug.debug ----------------------------------------------------

int db_traceback(ThreadState& L) {
  int arg;
  ThreadState& T = thread_arg(L, &arg);
  const Value msg = L.arg(arg + 1);
  if (!msg.is_nil() && !msg.is_string() && !msg.is_number()) {  // returned untouched
    L.push(msg);
    return 1;
  }
  const int64_t level = L.opt_integer(arg + 2, &T == &L ? 1 : 0);
  std::string text = T.traceback("", int(std::clamp<int64_t>(level, -1, INT32_MAX)));
  if (!msg.is_nil()) {
    Value m = msg;
    L.to_string_in_place(&m);
    text = std::string(m.as_string()->view()) + "\n" + text;
  }
  L.push_string(text);
  return 1;
}

// Reads lines from standard input and runs each until a line "cont".
int db_debug(ThreadState& L) {
  for (;;) {
    std::fputs("lua_debug> ", stderr);
    std::fflush(stderr);
    char line[250];
    if (!std::fgets(line, sizeof line, stdin) || std::strcmp(line, "cont\n") == 0) return 0;
    std::string error;
    LClosure* f = L.interp.load(line, "=(debug command)", "bt", &error);
    bool ok = f != nullptr;
    if (ok) {
      Value* func = L.top;
      L.push(Value::lclosure(f));
      ok = L.pcall(func, 0);
      if (!ok) error = std::string(L.to_display_string(*func)->view());
      L.top = func;
    }
    if (!ok) {
      std::fputs((error + "\n").c_str(), stderr);
      std::fflush(stderr);
    }
  }
}

// --- hooks ---------------------------------------------------------------------

int db_sethook(ThreadState& L) {
  int arg;
  ThreadState& T = thread_arg(L, &arg);
  uint8_t mask = 0;
  int count = 0;
  Value hook;
  if (!L.arg(arg + 1).is_nil()) {
    const std::string events(L.check_string(arg + 2)->view());
    if (!L.arg(arg + 1).is_function()) L.type_error(arg + 1, "function");
    count = int(std::clamp<int64_t>(L.opt_integer(arg + 3, 0), INT32_MIN, INT32_MAX));
    if (events.find('c') != std::string::npos) mask |= kHookCall;
    if (events.find('r') != std::string::npos) mask |= kHookReturn;
    if (events.find('l') != std::string::npos) mask |= kHookLine;
    if (count > 0) mask |= kHookCount;
    hook = L.arg(arg + 1);
  }
  if (mask == 0) hook = Value();
  T.hook = hook;
  T.hook_count = count;
  T.hook_countdown = count;
  T.hook_mask = mask;
  T.hooked = mask != 0 && !T.in_hook;
  return 0;
}

int db_gethook(ThreadState& L) {
  int arg;
  ThreadState& T = thread_arg(L, &arg);
  if (!T.hook_mask) {
    L.push(Value());
    return 1;
  }
  L.push(T.hook);
  std::string events;
  if (T.hook_mask & kHookCall) events += 'c';
  if (T.hook_mask & kHookReturn) events += 'r';
  if (T.hook_mask & kHookLine) events += 'l';
  L.push_string(events);
  L.push(Value::integer(T.hook_count));
  return 3;
}

}  // namespace

void open_debug_lib(Interpreter& I) {
  I.new_module("debug", {{"traceback", db_traceback},
                         {"getinfo", db_getinfo},
                         {"getlocal", db_getlocal},
                         {"setlocal", db_setlocal},
                         {"getupvalue", db_getupvalue},
                         {"setupvalue", db_setupvalue},
                         {"upvalueid", db_upvalueid},
                         {"upvaluejoin", db_upvaluejoin},
                         {"getmetatable", db_getmetatable},
                         {"setmetatable", db_setmetatable},
                         {"getregistry", db_getregistry},
                         {"getuservalue", db_getuservalue},
                         {"setuservalue", db_setuservalue},
                         {"debug", db_debug},
                         {"sethook", db_sethook},
                         {"gethook", db_gethook}});
}

}  // namespace gilvm
