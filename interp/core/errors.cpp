// errors.cpp — error messages as Lua writes them: operand names ("local
// 't'"), positions ("file.lua:12:"), argument errors ("bad argument #1 to
// 'insert'") and tracebacks.
//
// The name of an operand comes from where the value lives: an upvalue of the
// running function, or a register whose last assignment the bytecode reveals
// (debug_info.cpp). Values that are neither (temporaries of natives,
// constants) get no name, exactly as in Lua.
#include <cstdarg>
#include <cstdio>
#include <string>

#include "interp/core/api.h"
#include "interp/core/debug_info.h"
#include "interp/core/number.h"
#include "interp/core/table.h"
#include "interp/core/vm.h"

namespace gilvm {

namespace {

std::string vformat(const char* fmt, va_list ap) {
  char small[256];
  va_list copy;
  va_copy(copy, ap);
  int n = vsnprintf(small, sizeof small, fmt, copy);
  va_end(copy);
  if (n < 0) return fmt;
  if (size_t(n) < sizeof small) return std::string(small, size_t(n));
  std::string big(size_t(n) + 1, '\0');
  vsnprintf(big.data(), big.size(), fmt, ap);
  big.resize(size_t(n));
  return big;
}

bool is_lua_frame(const ThreadState& L, const CallInfo* ci) {
  return ci < L.base_ci && ci >= L.ci && ci->is_lua();
}

std::string position_of(const CallInfo* ci) {
  const Proto* p = frame_closure(ci)->proto;
  std::string src = p->source ? chunk_id(p->source->view()) : "?";
  return src + ":" + std::to_string(line_of(p, current_pc(ci))) + ":";
}

// " (local 'x')" for a value in a register or upvalue of the running Lua function.
std::string variable_info(ThreadState& L, const Value* v) {
  const CallInfo* ci = L.ci;
  if (!is_lua_frame(L, ci)) return "";
  LClosure* cl = frame_closure(ci);
  for (int i = 0; i < cl->num_upvalues; i++) {
    if (cl->upvals[i] && cl->upvals[i]->where() == v)
      return " (upvalue '" + upvalue_name(cl->proto, i) + "')";
  }
  const Value* base = ci->func + 1;
  if (v >= base && v < ci->top) {
    if (auto name = register_name(cl->proto, current_pc(ci), int(v - base)))
      return std::string(" (") + name->kind + " '" + name->name + "')";
  }
  return "";
}

// The name of a function value as a field of a loaded module ("print",
// "string.rep"), searched in _G first.
std::string global_function_name(ThreadState& L, const Value& fn) {
  Interpreter& I = L.interp;
  auto search = [&](const Value& modname, const Value& mod) -> std::string {
    if (mod.tag != Tag::Table) return "";
    Value key, val;
    while (table_next(L, mod.as_table(), &key, &val)) {
      if (key.tag == Tag::String && raw_equal(val, fn)) {
        std::string m(modname.as_string()->view());
        return m == "_G" ? std::string(key.as_string()->view())
                         : m + "." + std::string(key.as_string()->view());
      }
    }
    return "";
  };
  Value g = table_get_str(I.loaded, I.new_string("_G"));
  if (std::string name = search(Value::string(I.new_string("_G")), g); !name.empty()) return name;
  Value modname, mod;
  while (table_next(L, I.loaded, &modname, &mod)) {
    if (modname.tag != Tag::String || modname.as_string()->view() == "_G") continue;
    if (std::string name = search(modname, mod); !name.empty()) return name;
  }
  return "";
}

// How a traceback line names the function of frame ci (luaL_traceback's
// pushfuncname).
std::string describe_function(ThreadState& L, const CallInfo* ci) {
  if (ci == L.base_ci) return "?";
  std::string global = global_function_name(L, *ci->func);
  if (!global.empty()) return "function '" + global + "'";
  if (auto name = frame_function_name(L, ci))
    return std::string(name->kind) + " '" + name->name + "'";
  if (ci->is_lua() && ci < L.base_ci) {
    const Proto* p = frame_closure(ci)->proto;
    if (p->line_defined == 0) return "main chunk";
    std::string src = p->source ? chunk_id(p->source->view()) : "?";
    return "function <" + src + ":" + std::to_string(p->line_defined) + ">";
  }
  return "?";
}

}  // namespace

int current_pc(const CallInfo* ci) {
  return int(ci->pc - frame_closure(ci)->proto->code.data()) - 1;
}

std::optional<VarName> frame_function_name(const ThreadState& L, const CallInfo* ci) {
  if (ci >= L.base_ci || (ci->status & kCallTail)) return std::nullopt;
  const CallInfo* caller = ci + 1;
  if (caller->status & kCallHooked) return VarName{"hook", "?"};
  if (!is_lua_frame(L, caller)) return std::nullopt;
  return called_function_name(frame_closure(caller)->proto, current_pc(caller));
}

const char* object_type_name(ThreadState& L, const Value& v) {
  if (v.tag == Tag::Table || v.tag == Tag::Userdata) {
    if (Table* mt = L.metatable_of(v)) {
      const Value name = table_get_str(mt, L.interp.str_name_field);
      if (name.tag == Tag::String) return name.as_string()->c_str();
    }
  }
  return type_name(v);
}

// The operands below may be registers that another thread writes through an
// open upvalue: each is read once, in one piece (load_value).
void type_error(ThreadState& L, const Value* v, const char* op) {
  std::string info = variable_info(L, v);
  L.runtime_error("attempt to %s a %s value%s", op, object_type_name(L, load_value(v)),
                  info.c_str());
}

void call_error(ThreadState& L, const Value* func) {
  const CallInfo* ci = L.ci;
  std::string info;
  if (is_lua_frame(L, ci)) {
    if (auto name = called_function_name(frame_closure(ci)->proto, current_pc(ci)))
      info = std::string(" (") + name->kind + " '" + name->name + "')";
  }
  if (info.empty()) info = variable_info(L, func);
  L.runtime_error("attempt to call a %s value%s", object_type_name(L, *func), info.c_str());
}

void concat_error(ThreadState& L, const Value* a, const Value* b) {
  if (a->tag == Tag::String || a->is_number()) a = b;
  type_error(L, a, "concatenate");
}

void arith_error(ThreadState& L, const Value* a, const Value* b, const char* what) {
  if (!load_value(a).is_number()) b = a;  // blame the first operand that is not a number
  type_error(L, b, what);
}

void int_representation_error(ThreadState& L, const Value* a, const Value* b) {
  int64_t ignored;
  if (to_integer(load_value(b), &ignored)) b = a;  // blame the operand that does not convert
  std::string info = variable_info(L, b);
  L.runtime_error("number%s has no integer representation", info.c_str());
}

void order_error(ThreadState& L, const Value* a, const Value* b) {
  std::string t1 = object_type_name(L, load_value(a)), t2 = object_type_name(L, load_value(b));
  if (t1 == t2)
    L.runtime_error("attempt to compare two %s values", t1.c_str());
  else
    L.runtime_error("attempt to compare %s with %s", t1.c_str(), t2.c_str());
}

void for_error(ThreadState& L, const Value* v, const char* what) {
  L.runtime_error("bad 'for' %s (number expected, got %s)", what, object_type_name(L, *v));
}

std::string ThreadState::where(int level) {
  const CallInfo* frame = ci + level;
  if (is_lua_frame(*this, frame)) return position_of(frame) + " ";
  return "";
}

void ThreadState::runtime_error(const char* fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  std::string msg = vformat(fmt, ap);
  va_end(ap);
  if (is_lua_frame(*this, ci)) msg = position_of(ci) + " " + msg;
  raise(Value::string(interp.new_string(msg)));
}

void ThreadState::error(const char* fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  std::string msg = vformat(fmt, ap);
  va_end(ap);
  raise(Value::string(interp.new_string(where(1) + msg)));
}

std::string ThreadState::traceback(const std::string& msg, int level) {
  std::string out = msg;
  if (!out.empty()) out += "\n";
  out += "stack traceback:";
  if (!base_ci || level < 0) return out;  // a coroutine not started, or dead
  // The levels run from `level` frames up to the bottom: on an OS thread's
  // state the host's frame (shown as "[C]: in ?"), on a coroutine's its body.
  const CallInfo* first = ci + level;
  const CallInfo* last = is_coroutine ? base_ci - 1 : base_ci;
  const int frames = int(last - first) + 1;
  // Past 22 levels, luaL_traceback shows the first 10 and the last 11, and
  // its note counts one level fewer than it leaves out.
  constexpr int kHead = 10, kTail = 11;
  for (int n = 0; n < frames; n++) {
    const CallInfo* f = first + n;
    if (frames > kHead + kTail + 1 && n == kHead) {
      int skipped = frames - kHead - kTail;
      out += "\n\t...\t(skipping " + std::to_string(skipped - 1) + " levels)";
      n += skipped - 1;
      continue;
    }
    out += "\n\t";
    out += f->is_lua() ? position_of(f) : std::string("[C]:");
    out += " in " + describe_function(*this, f);
    if (f->status & kCallTail) out += "\n\t(...tail calls...)";
  }
  return out;
}

// --- argument checking ---------------------------------------------------------

void ThreadState::arg_error(int i, const std::string& msg) {
  std::string name;
  if (auto fn = frame_function_name(*this, ci)) {
    if (std::string_view(fn->kind) == "method") {
      i--;
      if (i == 0) error("calling '%s' on bad self (%s)", fn->name.c_str(), msg.c_str());
    }
    name = fn->name;
  }
  if (name.empty()) name = global_function_name(*this, *ci->func);
  if (name.empty()) name = "?";
  error("bad argument #%d to '%s' (%s)", i, name.c_str(), msg.c_str());
}

void ThreadState::type_error(int i, const char* expected) {
  const char* got;
  if (i > nargs()) {
    got = "no value";
  } else if (arg(i).tag == Tag::LightUserdata) {
    got = "light userdata";
  } else {
    got = object_type_name(*this, arg(i));
  }
  arg_error(i, std::string(expected) + " expected, got " + got);
}

void ThreadState::check_any(int i) {
  if (i > nargs()) arg_error(i, "value expected");
}

void ThreadState::check_type(int i, Tag t) {
  if (i > nargs() || arg(i).tag != t) type_error(i, gilvm::type_name(t));
}

int64_t ThreadState::check_integer(int i) {
  Value v = arg(i);
  if (v.tag == Tag::Int) return v.i;
  int64_t out;
  if (to_integer(v, &out)) return out;
  double d;
  if (to_number(v, &d)) arg_error(i, "number has no integer representation");
  type_error(i, "number");
}

double ThreadState::check_number(int i) {
  Value v = arg(i);
  if (v.tag == Tag::Float) return v.n;
  double d;
  if (to_number(v, &d)) return d;
  type_error(i, "number");
}

String* ThreadState::check_string(int i) {
  if (i <= nargs()) {
    Value* v = args() + (i - 1);
    if (to_string_in_place(v)) return v->as_string();
  }
  type_error(i, "string");
}

Table* ThreadState::check_table(int i) {
  if (i > nargs() || arg(i).tag != Tag::Table) type_error(i, "table");
  return arg(i).as_table();
}

int64_t ThreadState::opt_integer(int i, int64_t def) {
  return arg(i).is_nil() ? def : check_integer(i);
}

double ThreadState::opt_number(int i, double def) {
  return arg(i).is_nil() ? def : check_number(i);
}

String* ThreadState::opt_string(int i, String* def) {
  return arg(i).is_nil() ? def : check_string(i);
}

namespace {

int display_string(ThreadState& L) {
  L.push(Value::string(L.to_display_string(L.arg(1))));
  return 1;
}

// The text of an error value that is not a string or number: its
// __tostring's result (true), or why there is none (false). __tostring runs
// under a protected call, so that one that fails is reported rather than
// raising a second error inside the message handler.
bool error_object_text(ThreadState& L, const Value& err, std::string* text) {
  const std::string what = std::string("(error object is a ") + type_name(err) + " value";
  Table* mt = L.metatable_of(err);
  if (!mt || table_get_str(mt, L.interp.intern("__tostring")).is_nil()) {
    *text = what + ")";
    return false;
  }
  Value* func = L.top;
  L.push(Value::native(display_string));
  L.push(err);
  const bool ok = L.pcall(func, 1);
  const Value result = *func;
  L.top = func;
  if (ok) {
    *text = result.as_string()->view();
    return true;
  }
  // The failure's own value is not asked for a __tostring again.
  std::string why = result.tag == Tag::String ? std::string(result.as_string()->view())
                                              : std::string("(a ") + type_name(result) + " value)";
  *text = what + "; its __tostring failed: " + why + ")";
  return false;
}

}  // namespace

// lauxlib's warning functions, run over the parts of one message: only a
// message's last part can be a control message, and only when no part before
// it was written. A part is written as C writes a string: up to a zero byte.
void Interpreter::warning(const std::vector<std::string_view>& parts) {
  std::lock_guard lock(warning_mutex_);
  bool writing = false;  // "Lua warning: " is out, the rest of the message follows
  for (size_t i = 0; i < parts.size(); i++) {
    const std::string_view part = parts[i].substr(0, parts[i].find('\0'));
    const bool last = i + 1 == parts.size();
    if (!writing) {
      if (last && part.starts_with('@')) {
        if (part == "@on") warnings_on_ = true;
        if (part == "@off") warnings_on_ = false;
        break;
      }
      if (!warnings_on_) continue;
      std::fputs("Lua warning: ", stderr);
      writing = true;
    }
    std::fwrite(part.data(), 1, part.size(), stderr);
    if (last) std::fputc('\n', stderr);
  }
  std::fflush(stderr);
}

std::string error_report(ThreadState& L, const Value& err) {
  if (err.tag == Tag::String || err.is_number())
    return L.traceback(std::string(L.to_display_string(err)->view()), 1);
  std::string text;
  if (error_object_text(L, err, &text)) return text;
  return L.traceback(text, 1);
}

namespace {

// The message handler (lua.c's msghandler).
int traceback_handler(ThreadState& L) {
  L.push_string(error_report(L, L.arg(1)));
  return 1;
}

}  // namespace

bool call_with_traceback(ThreadState& L, int nargs, int nresults, std::string* error) {
  Value* handler = L.top - nargs - 1;
  // The handler goes below the function so that it outlives the call.
  L.ensure_stack(1);
  for (Value* p = L.top; p > handler; p--) *p = p[-1];
  *handler = Value::native(traceback_handler);
  L.top++;
  Value* func = handler + 1;
  if (!L.xpcall(func, nresults, handler)) {
    *error = std::string(L.to_display_string(*func)->view());
    L.top = handler;
    return false;
  }
  int n = int(L.top - func);
  for (int j = 0; j < n; j++) handler[j] = func[j];
  L.top = handler + n;
  return true;
}

bool run_string(Interpreter& I, std::string_view code, const std::string& chunkname,
                std::string* error) {
  LClosure* f = I.load(code, chunkname, "bt", error);
  if (!f) return false;
  ThreadState& L = I.main_thread();
  Value* base = L.top;
  L.push(Value::lclosure(f));
  bool ok = call_with_traceback(L, 0, 0, error);
  L.top = base;
  return ok;
}

}  // namespace gilvm
