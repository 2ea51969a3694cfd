// lib/base.cpp — the base library: the global functions every Lua program
// sees (print, type, pairs, pcall, load, error, ...), `_G` and `_VERSION`.
//
// Each function follows stock Lua 5.4 in its results and in its error
// messages, so that scripts behave the same under gilvm and lua5.4.
//
// Some functions need per-interpreter constants (the names `type` returns,
// the "__metatable" key) or state (collectgarbage's parameters). They are
// native closures that keep those values in their upvalues rather than in
// C++ statics, so that several interpreters in one process never share them.
#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "interp/core/api.h"
#include "interp/core/chunk.h"
#include "interp/lib/lib.h"

namespace gilvm {

namespace {

// The upvalues of the running native closure.
Value* own_upvalues(ThreadState& L) {
  return L.ci->func->as_nclosure()->upvalues;
}

// Creates a native closure with `n` upvalues (all nil) and stores it in t.
NClosure* set_closure(Interpreter& I, Table* t, const char* name, NativeFn fn, int n) {
  NClosure* c = I.new_nclosure(fn, name, n);
  I.set_field(t, name, Value::nclosure(c));
  return c;
}

// The value of field `key` in metatable mt, nil when mt is null or lacks it.
Value metafield(const Table* mt, const String* key) {
  return mt ? table_get_str(mt, key) : Value();
}

// ---------------------------------------------------------------------------
// Printing and conversions

// Like Lua's, print ignores write errors, but for a closed pipe: a script
// printing into `| head -1` ends by SIGPIPE, as lua5.4 does.
int base_print(ThreadState& L) {
  const int n = L.nargs();
  bool ok = true;
  for (int i = 0; i < n; i++) {
    // The string is written before the next argument's __tostring can run,
    // so it needs no rooting.
    String* s = L.to_display_string(L.args()[i]);
    if (i > 0) ok = std::fwrite("\t", 1, 1, stdout) == 1 && ok;
    ok = std::fwrite(s->data, 1, s->length, stdout) == s->length && ok;
    if (!ok) end_if_standard_stream_closed(stdout, errno);
  }
  // Lua flushes after every print, so output interleaves with stderr in order.
  ok = std::fwrite("\n", 1, 1, stdout) == 1 && std::fflush(stdout) == 0;
  if (!ok) end_if_standard_stream_closed(stdout, errno);
  return 0;
}

// Upvalues: the name of every type, indexed by Tag.
int base_type(ThreadState& L) {
  L.check_any(1);
  L.push(own_upvalues(L)[size_t(L.args()[0].tag)]);
  return 1;
}

int base_tostring(ThreadState& L) {
  L.check_any(1);
  L.push(Value::string(L.to_display_string(L.args()[0])));
  return 1;
}

bool is_space(char c) {
  return c == ' ' || (c >= '\t' && c <= '\r');
}

// Digit value of an ASCII letter or digit, or -1.
int digit_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'z') return c - 'a' + 10;
  if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
  return -1;
}

// An integer numeral in `base`, with optional sign and surrounding spaces.
// Overflow wraps around, as in Lua.
bool parse_integer_in_base(std::string_view s, int base, int64_t* out) {
  size_t i = 0;
  while (i < s.size() && is_space(s[i])) i++;
  bool negative = false;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) negative = s[i++] == '-';
  if (i == s.size() || digit_value(s[i]) < 0) return false;
  uint64_t n = 0;
  for (; i < s.size() && digit_value(s[i]) >= 0; i++) {
    int d = digit_value(s[i]);
    if (d >= base) return false;
    n = n * uint64_t(base) + uint64_t(d);
  }
  while (i < s.size() && is_space(s[i])) i++;
  if (i != s.size()) return false;
  *out = int64_t(negative ? 0 - n : n);
  return true;
}

int base_tonumber(ThreadState& L) {
  if (L.arg(2).is_nil()) {
    const Value v = L.arg(1);
    if (v.is_number()) {
      L.push(v);
      return 1;
    }
    if (v.is_string()) {
      if (auto n = string_to_number(v.as_string()->view())) {
        L.push(*n);
        return 1;
      }
    }
    L.check_any(1);
  } else {
    const int64_t base = L.check_integer(2);
    if (!L.arg(1).is_string()) L.type_error(1, "string");
    if (base < 2 || base > 36) L.arg_error(2, "base out of range");
    int64_t n;
    if (parse_integer_in_base(L.arg(1).as_string()->view(), int(base), &n)) {
      L.push(Value::integer(n));
      return 1;
    }
  }
  L.push(Value());  // fail
  return 1;
}

// ---------------------------------------------------------------------------
// Traversal

int base_next(ThreadState& L) {
  Table* t = L.check_table(1);
  Value key = L.arg(2), val;
  if (table_next(L, t, &key, &val)) {
    L.push(key);
    L.push(val);
    return 2;
  }
  L.push(Value());
  return 1;
}

// Upvalues: [0] the string "__pairs", [1] the `next` function.
int base_pairs(ThreadState& L) {
  L.check_any(1);
  const Value* up = own_upvalues(L);
  const Value t = L.args()[0];
  const Value handler = metafield(L.metatable_of(t), up[0].as_string());
  if (handler.is_nil()) {
    L.push(up[1]);
    L.push(t);
    L.push(Value());
    return 3;
  }
  Value* call = L.top;
  L.push(handler);
  L.push(t);
  L.call(call, 3);
  return 3;
}

// The iterator ipairs returns: (t, i) -> i + 1, t[i + 1], or nil at the first
// nil value. t[i + 1] honours __index.
int ipairs_step(ThreadState& L) {
  const int64_t i = int64_t(uint64_t(L.check_integer(2)) + 1);
  const Value t = L.args()[0];
  Value v;
  if (t.is_table()) {
    v = table_get_int(t.as_table(), i);
    if (v.is_nil() && table_metatable(t.as_table())) v = L.index(t, Value::integer(i));
  } else {
    v = L.index(t, Value::integer(i));
  }
  if (v.is_nil()) {
    L.push(Value());
    return 1;
  }
  L.push(Value::integer(i));
  L.push(v);
  return 2;
}

int base_ipairs(ThreadState& L) {
  L.check_any(1);
  const Value t = L.args()[0];
  L.push(Value::native(ipairs_step));
  L.push(t);
  L.push(Value::integer(0));
  return 3;
}

int base_select(ThreadState& L) {
  const int n = L.nargs();
  const Value first = L.arg(1);
  if (first.is_string() && first.as_string()->length > 0 && first.as_string()->data[0] == '#') {
    L.push(Value::integer(n - 1));
    return 1;
  }
  int64_t i = L.check_integer(1);
  if (i < 0) {
    i = n + i;
  } else if (i > n) {
    i = n;
  }
  if (i < 1) L.arg_error(1, "index out of range");
  return n - int(i);  // the arguments after the i-th are already the top values
}

// ---------------------------------------------------------------------------
// Raw access and metatables

int base_rawget(ThreadState& L) {
  Table* t = L.check_table(1);
  L.check_any(2);
  L.push(table_get(t, L.args()[1]));
  return 1;
}

int base_rawset(ThreadState& L) {
  Table* t = L.check_table(1);
  L.check_any(2);
  L.check_any(3);
  table_set(L, t, L.args()[1], L.args()[2]);
  L.top = L.args() + 1;
  return 1;
}

int base_rawequal(ThreadState& L) {
  L.check_any(1);
  L.check_any(2);
  L.push(Value::boolean(raw_equal(L.args()[0], L.args()[1])));
  return 1;
}

int base_rawlen(ThreadState& L) {
  const Value v = L.arg(1);
  if (v.is_table()) {
    L.push(Value::integer(table_length(v.as_table())));
  } else if (v.is_string()) {
    L.push(Value::integer(int64_t(v.as_string()->length)));
  } else {
    L.type_error(1, "table or string");
  }
  return 1;
}

// Upvalues: [0] the string "__metatable".
int base_setmetatable(ThreadState& L) {
  Table* t = L.check_table(1);
  const Value mt = L.arg(2);
  if (L.nargs() < 2 || (!mt.is_nil() && !mt.is_table())) L.type_error(2, "nil or table");
  if (!metafield(table_metatable(t), own_upvalues(L)[0].as_string()).is_nil()) {
    L.error("cannot change a protected metatable");
  }
  table_set_metatable(t, mt.is_nil() ? nullptr : mt.as_table());
  if (!mt.is_nil()) L.interp.check_finalizer(t, mt.as_table());
  L.top = L.args() + 1;
  return 1;
}

// Upvalues: [0] the string "__metatable".
int base_getmetatable(ThreadState& L) {
  L.check_any(1);
  Table* mt = L.metatable_of(L.args()[0]);
  if (!mt) {
    L.push(Value());
    return 1;
  }
  const Value protector = metafield(mt, own_upvalues(L)[0].as_string());
  L.push(protector.is_nil() ? Value::table(mt) : protector);
  return 1;
}

// ---------------------------------------------------------------------------
// Errors

// Raises `v` as error(v, level) does: a string message gets the position of
// the function `level` levels up. The strings live in a block that ends
// before the raise, which is what raise_from_native asks.
[[noreturn]] void raise_at_level(ThreadState& L, Value v, int64_t level) {
  if (v.is_string() && level > 0) {
    const std::string where = L.where(int(std::min<int64_t>(level, INT_MAX)));
    if (!where.empty()) {
      std::string msg = where;
      msg += v.as_string()->view();
      v = Value::string(L.interp.new_string(msg));
    }
  }
  L.raise_from_native(v);
}

int base_error(ThreadState& L) {
  const int64_t level = L.opt_integer(2, 1);
  raise_at_level(L, L.arg(1), level);
}

int base_assert(ThreadState& L) {
  if (L.arg(1).is_truthy()) return L.nargs();  // all arguments are the results
  L.check_any(1);
  const Value msg =
      L.nargs() >= 2 ? L.args()[1] : Value::string(L.interp.intern("assertion failed!"));
  raise_at_level(L, msg, 1);
}

// pcall(f, ...): the results are `true` followed by f's results, or `false`
// and the error value. The status is stored below f, so the call leaves the
// whole answer in place.
int base_pcall(ThreadState& L) {
  L.check_any(1);
  L.ensure_stack(1);
  Value* status = L.args();
  std::copy_backward(status, L.top, L.top + 1);  // f and its arguments move up one slot
  L.top++;
  if (L.pcall(status + 1, kMultRet)) {
    *status = Value::boolean(true);
    return int(L.top - status);
  }
  *status = Value::boolean(false);  // the error value is just above
  return 2;
}

// xpcall(f, handler, ...): as pcall, with `handler` called on the error value
// before the stack unwinds. Layout during the call: f, handler, status, f, ...
int base_xpcall(ThreadState& L) {
  if (!L.arg(2).is_function()) L.type_error(2, "function");
  L.ensure_stack(2);
  Value* base = L.args();
  Value* status = base + 2;
  std::copy_backward(status, L.top, L.top + 2);  // the arguments move up two slots
  L.top += 2;
  status[1] = base[0];
  if (L.xpcall(status + 1, kMultRet, base + 1)) {
    *status = Value::boolean(true);
    return int(L.top - status);
  }
  *status = Value::boolean(false);
  return 2;
}

// ---------------------------------------------------------------------------
// Loading code

// Pushes the results of a failed load: nil and the message.
int load_failure(ThreadState& L, Value message) {
  L.push(Value());
  L.push(message);
  return 2;
}

// Loads `text` and pushes the function, with its first upvalue (_ENV) set to
// `env` when one is given; or pushes nil and the error message.
int push_loaded(ThreadState& L, std::string_view text, const std::string& chunkname,
                std::string_view mode, const Value* env) {
  std::string error;
  LClosure* f = L.interp.load(text, chunkname, mode, &error);
  if (!f) return load_failure(L, Value::string(L.interp.new_string(error)));
  L.push(Value::lclosure(f));
  if (env && f->num_upvalues >= 1) f->upvals[0]->set(&L, *env);
  return 1;
}

// Collects the pieces a reader function returns until it returns nil or "".
// An error in the reader, or a piece that is not a string, makes load fail:
// returns false with the error value at *error_value.
bool read_pieces(ThreadState& L, Value reader, std::string* text, Value* error_value) {
  for (;;) {
    Value* call = L.top;
    L.push(reader);
    if (!L.pcall(call, 1)) {
      *error_value = *call;
      L.top = call;
      return false;
    }
    Value* piece = call;
    L.top = call;
    if (piece->is_nil()) return true;
    if (!L.to_string_in_place(piece)) {
      *error_value =
          Value::string(L.interp.new_string(L.where(1) + "reader function must return a string"));
      return false;
    }
    if (piece->as_string()->length == 0) return true;
    text->append(piece->as_string()->view());
  }
}

int base_load(ThreadState& L) {
  // Copied: the default string is not on the stack, and the reader may collect.
  const std::string mode(L.opt_string(3, L.interp.intern("bt"))->view());
  const Value* env = L.nargs() >= 4 ? &L.args()[3] : nullptr;
  Value* chunk = L.args();
  if (L.nargs() >= 1 && L.to_string_in_place(chunk)) {
    const std::string chunkname(L.opt_string(2, chunk->as_string())->view());
    return push_loaded(L, chunk->as_string()->view(), chunkname, mode, env);
  }
  const std::string chunkname(L.opt_string(2, L.interp.intern("=(load)"))->view());
  if (!L.arg(1).is_function()) L.type_error(1, "function");
  std::string text;
  Value error_value;
  if (!read_pieces(L, *chunk, &text, &error_value)) return load_failure(L, error_value);
  return push_loaded(L, text, chunkname, mode, env);
}

}  // namespace

// Declared in lib.h: require and the gilvm program read scripts with it too.
bool read_source_file(const char* path, std::string* text, std::string* error) {
  FILE* f = path ? std::fopen(path, "rb") : stdin;
  const std::string shown = path ? path : "stdin";
  if (!f) {
    *error = "cannot open " + shown + ": " + std::strerror(errno);
    return false;
  }
  char buf[16384];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) text->append(buf, n);
  const bool failed = std::ferror(f);
  const int saved_errno = errno;
  if (path) std::fclose(f);
  if (failed) {
    *error = "cannot read " + shown + ": " + std::strerror(saved_errno);
    return false;
  }
  std::string storage;
  const std::string_view chunk = file_chunk_text(*text, &storage);
  if (chunk.size() != text->size()) *text = std::string(chunk);
  return true;
}

namespace {

// Loads a file for loadfile/dofile: pushes the function, or pushes nil and
// the message.
int push_loaded_file(ThreadState& L, const String* path, std::string_view mode, const Value* env) {
  std::string text, error;
  if (!read_source_file(path ? path->c_str() : nullptr, &text, &error)) {
    return load_failure(L, Value::string(L.interp.new_string(error)));
  }
  const std::string chunkname = path ? "@" + std::string(path->view()) : "=stdin";
  return push_loaded(L, text, chunkname, mode, env);
}

int base_loadfile(ThreadState& L) {
  const String* path = L.opt_string(1, nullptr);
  const std::string mode(L.opt_string(2, L.interp.intern("bt"))->view());
  const Value* env = L.nargs() >= 3 ? &L.args()[2] : nullptr;
  return push_loaded_file(L, path, mode, env);
}

int base_dofile(ThreadState& L) {
  const String* path = L.opt_string(1, nullptr);
  Value* func = L.top;
  if (push_loaded_file(L, path, "bt", nullptr) != 1) L.raise(L.top[-1]);
  L.call(func, kMultRet);
  return int(L.top - func);
}

int base_warn(ThreadState& L) {
  const int n = L.nargs();
  std::vector<std::string_view> parts;
  for (int i = 1; i <= std::max(n, 1); i++) parts.push_back(L.check_string(i)->view());
  L.interp.warning(parts);
  return 0;
}

// ---------------------------------------------------------------------------
// collectgarbage

// Upvalue slots of collectgarbage: the tuning parameters are kept only to be
// reported back, the way Lua stores them (a quarter of the value in a byte).
enum GcUpvalue { kGcPause, kGcStepMul, kGcMode, kGcUpvalues };
constexpr int64_t kDefaultPause = 200;
constexpr int64_t kDefaultStepMul = 100;

// Stores a parameter as Lua does and returns the previous value.
int64_t swap_gc_param(Value* slot, int64_t value) {
  const int64_t previous = slot->i * 4;
  *slot = Value::integer(uint8_t(int(value) / 4));
  return previous;
}

int base_collectgarbage(ThreadState& L) {
  // No string is made for the default: a program out of memory collects.
  const std::string_view option = L.arg(1).is_nil() ? "collect" : L.check_string(1)->view();
  Value* up = own_upvalues(L);
  Interpreter& I = L.interp;
  static constexpr std::string_view kOptions[] = {
      "collect",  "stop",       "restart",   "count",        "step",
      "setpause", "setstepmul", "isrunning", "generational", "incremental"};
  if (I.running_finalizer(L) &&
      std::find(std::begin(kOptions), std::end(kOptions), option) != std::end(kOptions)) {
    L.push(Value());  // fail, as in Lua: the collector is not for finalizers
    return 1;
  }
  if (option == "collect") {
    I.collect_garbage(L);
    L.push(Value::integer(0));
  } else if (option == "stop" || option == "restart") {
    I.gc_running = option == "restart";
    L.push(Value::integer(0));
  } else if (option == "count") {
    L.push(Value::number(double(I.bytes_in_use()) / 1024.0));
  } else if (option == "step") {
    const bool finished = I.step_garbage(L, L.opt_integer(2, 0));
    // Lua reports a finished cycle in incremental mode; its generational
    // steps never report one.
    L.push(Value::boolean(finished && up[kGcMode].as_string()->view() == "incremental"));
  } else if (option == "setpause") {
    L.push(Value::integer(swap_gc_param(&up[kGcPause], L.opt_integer(2, 0))));
  } else if (option == "setstepmul") {
    L.push(Value::integer(swap_gc_param(&up[kGcStepMul], L.opt_integer(2, 0))));
  } else if (option == "isrunning") {
    L.push(Value::boolean(I.gc_running));
  } else if (option == "generational" || option == "incremental") {
    if (option == "incremental") {
      const int64_t pause = L.opt_integer(2, 0), stepmul = L.opt_integer(3, 0);
      L.opt_integer(4, 0);
      if (pause != 0) swap_gc_param(&up[kGcPause], pause);
      if (stepmul != 0) swap_gc_param(&up[kGcStepMul], stepmul);
    } else {
      L.opt_integer(2, 0);
      L.opt_integer(3, 0);
    }
    L.push(up[kGcMode]);  // the previous mode
    up[kGcMode] = Value::string(I.new_string(option));
  } else {
    L.arg_error(1, "invalid option '" + std::string(option) + "'");
  }
  return 1;
}

}  // namespace

void open_base_lib(Interpreter& I) {
  Table* G = I.globals;
  I.set_field(G, "_G", Value::table(G));
  I.set_field(G, "_VERSION", Value::string(I.intern("Lua 5.4")));

  I.set_function(G, "print", base_print);
  I.set_function(G, "tostring", base_tostring);
  I.set_function(G, "tonumber", base_tonumber);
  I.set_function(G, "next", base_next);
  I.set_function(G, "ipairs", base_ipairs);
  I.set_function(G, "select", base_select);
  I.set_function(G, "rawget", base_rawget);
  I.set_function(G, "rawset", base_rawset);
  I.set_function(G, "rawequal", base_rawequal);
  I.set_function(G, "rawlen", base_rawlen);
  I.set_function(G, "error", base_error);
  I.set_function(G, "assert", base_assert);
  I.set_function(G, "pcall", base_pcall);
  I.set_function(G, "xpcall", base_xpcall);
  I.set_function(G, "load", base_load);
  I.set_function(G, "loadfile", base_loadfile);
  I.set_function(G, "dofile", base_dofile);
  I.set_function(G, "warn", base_warn);

  NClosure* type = set_closure(I, G, "type", base_type, int(Tag::NumTags));
  for (size_t t = 0; t < size_t(Tag::NumTags); t++) {
    type->upvalues[t] = Value::string(I.intern(type_name(Tag(t))));
  }

  // pairs returns the very function stored as the global `next`.
  NClosure* pairs = set_closure(I, G, "pairs", base_pairs, 2);
  pairs->upvalues[0] = Value::string(I.intern("__pairs"));
  pairs->upvalues[1] = table_get_str(G, I.intern("next"));

  const Value metatable_key = Value::string(I.intern("__metatable"));
  set_closure(I, G, "setmetatable", base_setmetatable, 1)->upvalues[0] = metatable_key;
  set_closure(I, G, "getmetatable", base_getmetatable, 1)->upvalues[0] = metatable_key;

  // The stand-alone lua5.4 starts its collector in generational mode, so
  // that is the mode collectgarbage reports first.
  NClosure* gc = set_closure(I, G, "collectgarbage", base_collectgarbage, kGcUpvalues);
  gc->upvalues[kGcPause] = Value::integer(kDefaultPause / 4);
  gc->upvalues[kGcStepMul] = Value::integer(kDefaultStepMul / 4);
  gc->upvalues[kGcMode] = Value::string(I.intern("generational"));

  I.set_field(I.loaded, "_G", Value::table(G));
}

}  // namespace gilvm
