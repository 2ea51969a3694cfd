// vm.h — the interface between the dispatch loop (vm.cpp), the call
// machinery (call.cpp) and error reporting (errors.cpp). Internal to interp/.
#pragma once

#include <optional>

#include "interp/core/debug_info.h"
#include "interp/core/state.h"

namespace gilvm {

class VM {
 public:
  // Runs Lua frames starting with `ci` until the frame marked kCallFresh returns.
  static void execute(ThreadState& L, CallInfo* ci);

  // Starts a call of the value at func with arguments (func, L.top). For a
  // Lua function pushes its frame and returns it (the caller runs it); a
  // native function runs to completion here and the result is nullptr.
  static CallInfo* precall(ThreadState& L, Value* func, int nresults);
  // Moves the nres values below L.top to the frame's function slot, adjusted
  // to the number the caller wanted, and pops the frame.
  static void poscall(ThreadState& L, CallInfo* ci, int nres);
  // Replaces a non-function at func by its __call metamethod, shifting the
  // arguments up by one; raises "attempt to call" when there is none.
  static void insert_call_metamethod(ThreadState& L, Value* func);

  static void handle_eval_breaker(ThreadState& L);

  // Slow paths of the table and arithmetic instructions. `t`, `a` and `b`
  // point at the operands where they live (a register, an upvalue, a
  // constant) so that error messages can name them.
  // Registers are read and written in one piece (load_value/store_value),
  // since another thread may be writing one through an open upvalue.
  static void index(ThreadState& L, const Value* t, const Value& key, Value* result) {
    index(L, load_value(t), t, key, result);
  }
  static void set_index(ThreadState& L, const Value* t, const Value& key, const Value& v) {
    set_index(L, load_value(t), t, key, v);
  }
  // The same for an operand already read (a register or an upvalue that
  // another thread may be writing or closing): `where` only names it in
  // errors.
  static void index(ThreadState& L, const Value& t, const Value* where, const Value& key,
                    Value* result);
  static void set_index(ThreadState& L, const Value& t, const Value* where, const Value& key,
                        const Value& v);
  static void arith_metamethod(ThreadState& L, const Value* a, const Value* b, Value* result,
                               TM event);
  static bool less_than(ThreadState& L, const Value* a, const Value* b);
  static bool less_equal(ThreadState& L, const Value* a, const Value* b);
  static bool equal(ThreadState& L, const Value* a, const Value* b);
  static void length(ThreadState& L, const Value* v, Value* result);
  static void concat(ThreadState& L, Value* first, int n);  // result in *first

  static UpVal* find_upvalue(ThreadState& L, Value* level);
  static void mark_to_be_closed(ThreadState& L, Value* slot);
  // Calls f(a, b) and stores its first result in *result.
  static void call_metamethod(ThreadState& L, const Value& f, const Value& a, const Value& b,
                              Value* result);
};

// Metamethod lookup with the absent-metamethod cache of the first events.
// Empty when the metamethod is absent.
inline std::optional<Value> fast_metamethod(Interpreter& I, Table* mt, TM event) {
  if (!mt) return std::nullopt;
  if (event <= TM::Eq && table_knows_absent(mt, unsigned(event))) return std::nullopt;
  const Value tm = table_get_str(mt, I.tm_names[size_t(event)]);
  if (tm.is_nil()) {
    if (event <= TM::Eq) table_note_absent(mt, unsigned(event));
    return std::nullopt;
  }
  return tm;
}

// Error reporting (errors.cpp). Each names the offending operand when it is a
// register or an upvalue of the running Lua function.
[[noreturn]] void type_error(ThreadState& L, const Value* v, const char* op);
[[noreturn]] void call_error(ThreadState& L, const Value* func);
[[noreturn]] void concat_error(ThreadState& L, const Value* a, const Value* b);
[[noreturn]] void arith_error(ThreadState& L, const Value* a, const Value* b, const char* what);
[[noreturn]] void int_representation_error(ThreadState& L, const Value* a, const Value* b);
[[noreturn]] void order_error(ThreadState& L, const Value* a, const Value* b);
[[noreturn]] void for_error(ThreadState& L, const Value* v, const char* what);
// The type name messages use: __name of the metatable when it is a string.
const char* object_type_name(ThreadState& L, const Value& v);
// Index of the instruction a Lua frame is executing.
int current_pc(const CallInfo* ci);
// The name the caller of frame ci used for it (Lua's getfuncname): what the
// calling instruction calls, "hook" for a hook, none after a tail call or
// when the caller is not Lua code.
std::optional<VarName> frame_function_name(const ThreadState& L, const CallInfo* ci);

// Debug hooks (call.cpp). Runs L's hook for `event` ("call", "tail call",
// "return", "line", "count") with frame L.ci as the hooked frame; `line` is
// given to line events only. A call or return event also tells which values
// it transfers (first, counted from the frame's function slot, and count).
enum class HookEvent : uint8_t { kCall, kReturn, kLine, kCount, kTailCall };
void run_hook(ThreadState& L, HookEvent event, int line, int first = 0, int count = 0);
inline LClosure* frame_closure(const CallInfo* ci) {
  return ci->func->as_lclosure();
}

}  // namespace gilvm
