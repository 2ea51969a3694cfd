// debug_info.cpp — names for error messages, recovered from bytecode.
//
// When `t.x.y = 1` fails because t.x is nil, Lua says "attempt to index a nil
// value (field 'x')". Nothing at run time knows that name; it is recovered
// afterwards from the function's code by a small symbolic execution (Lua's
// ldebug.c does the same, and gilvm's messages must match it):
//
//  - a register that belongs to an active local variable is named by the
//    debug information ("local 't'");
//  - otherwise, find the last instruction before the failing pc that wrote
//    the register, and name the register after what that instruction loaded:
//    a global or field (GETTABUP/GETFIELD/GETTABLE with a constant key), an
//    upvalue, a string constant, a method (SELF), or, through a MOVE, whatever
//    the source register was.
//
// "The last instruction that wrote it" is only meaningful when that write
// certainly happened: if a jump between the write and the failing pc could
// skip it, the register's origin is unknown and no name is given.
#include "interp/core/debug_info.h"

#include <algorithm>
#include <cstring>

#include "interp/core/opcodes.h"

namespace gilvm {

namespace {

constexpr const char* kEnvName = "_ENV";

bool is_metamethod_fallback(OpCode op) {
  return op == OP_MMBIN || op == OP_MMBINI || op == OP_MMBINK;
}

// The pc of the last instruction before `last_pc` that certainly wrote `reg`,
// or -1 if there is none or the write may have been skipped by a jump.
int find_set_register(const Proto* p, int last_pc, int reg) {
  // An error in MMBIN* is the arithmetic instruction before it failing; that
  // instruction did not complete, so it did not write its register.
  if (is_metamethod_fallback(op_of(p->code[last_pc]))) last_pc--;
  int set_pc = -1;
  int jump_target = 0;  // code before this pc runs on every path to last_pc
  for (int pc = 0; pc < last_pc; pc++) {
    Instruction i = p->code[pc];
    OpCode op = op_of(i);
    int a = arg_A(i);
    bool writes;
    switch (op) {
      case OP_LOADNIL: writes = a <= reg && reg <= a + arg_B(i); break;
      case OP_TFORCALL: writes = reg >= a + 2; break;  // the call clobbers the registers above
      case OP_CALL:
      case OP_TAILCALL: writes = reg >= a; break;
      case OP_JMP: {
        // A forward jump that lands at or before last_pc makes the code it
        // skips conditional.
        int target = pc + 1 + arg_sJ(i);
        if (target <= last_pc && target > jump_target) jump_target = target;
        writes = false;
        break;
      }
      default: writes = kOpInfo[op].sets_a && reg == a; break;
    }
    if (writes) set_pc = pc < jump_target ? -1 : pc;
  }
  return set_pc;
}

std::string constant_name(const Proto* p, int k) {
  const Value& v = p->constants[k];
  return v.is_string() ? std::string(v.as_string()->view()) : "?";
}

std::optional<VarName> object_name(const Proto* p, int last_pc, int reg);

// A key held in register r names itself only if it is a string constant.
std::string register_key_name(const Proto* p, int pc, int r) {
  std::optional<VarName> name = object_name(p, pc, r);
  return name && std::strcmp(name->kind, "constant") == 0 ? name->name : "?";
}

// Indexing _ENV is a global access; indexing anything else is a field.
const char* global_or_field(const Proto* p, int pc, Instruction i, bool table_is_upvalue) {
  int t = arg_B(i);
  if (table_is_upvalue) return upvalue_name(p, t) == kEnvName ? "global" : "field";
  std::optional<VarName> table = object_name(p, pc, t);
  return table && table->name == kEnvName ? "global" : "field";
}

std::optional<VarName> object_name(const Proto* p, int last_pc, int reg) {
  if (const char* local = local_name(p, reg + 1, last_pc)) return VarName{"local", local};
  int pc = find_set_register(p, last_pc, reg);
  if (pc == -1) return std::nullopt;
  Instruction i = p->code[pc];
  switch (op_of(i)) {
    case OP_MOVE: {
      int from = arg_B(i);
      if (from < arg_A(i)) return object_name(p, pc, from);
      return std::nullopt;
    }
    case OP_GETTABUP: return VarName{global_or_field(p, pc, i, true), constant_name(p, arg_C(i))};
    case OP_GETTABLE:
      return VarName{global_or_field(p, pc, i, false), register_key_name(p, pc, arg_C(i))};
    case OP_GETI: return VarName{"field", "integer index"};
    case OP_GETFIELD: return VarName{global_or_field(p, pc, i, false), constant_name(p, arg_C(i))};
    case OP_GETUPVAL: return VarName{"upvalue", upvalue_name(p, arg_B(i))};
    case OP_LOADK:
    case OP_LOADKX: {
      int k = op_of(i) == OP_LOADK ? arg_Bx(i) : arg_Ax(p->code[pc + 1]);
      if (!p->constants[k].is_string()) return std::nullopt;
      return VarName{"constant", std::string(p->constants[k].as_string()->view())};
    }
    case OP_SELF: {
      int key = arg_C(i);
      return VarName{"method", arg_k(i) ? constant_name(p, key) : register_key_name(p, pc, key)};
    }
    default: return std::nullopt;
  }
}

}  // namespace

std::optional<VarName> register_name(const Proto* p, int pc, int reg) {
  return object_name(p, pc, reg);
}

std::optional<VarName> called_function_name(const Proto* p, int pc) {
  Instruction i = p->code[pc];
  TM event;
  switch (op_of(i)) {
    case OP_CALL:
    case OP_TAILCALL: return object_name(p, pc, arg_A(i));
    case OP_TFORCALL: return VarName{"for iterator", "for iterator"};
    // Other instructions call functions only through metamethods.
    case OP_SELF:
    case OP_GETTABUP:
    case OP_GETTABLE:
    case OP_GETI:
    case OP_GETFIELD: event = TM::Index; break;
    case OP_SETTABUP:
    case OP_SETTABLE:
    case OP_SETI:
    case OP_SETFIELD: event = TM::NewIndex; break;
    case OP_MMBIN:
    case OP_MMBINI:
    case OP_MMBINK: event = TM(arg_C(i)); break;
    case OP_UNM: event = TM::Unm; break;
    case OP_BNOT: event = TM::BNot; break;
    case OP_LEN: event = TM::Len; break;
    case OP_CONCAT: event = TM::Concat; break;
    case OP_EQ: event = TM::Eq; break;  // EQK and EQI compare raw: no metamethod
    case OP_LT:
    case OP_LTI:
    case OP_GTI: event = TM::Lt; break;
    case OP_LE:
    case OP_LEI:
    case OP_GEI: event = TM::Le; break;
    case OP_CLOSE:
    case OP_RETURN: event = TM::Close; break;
    default: return std::nullopt;
  }
  return VarName{"metamethod", kEventNames[size_t(event)] + 2};  // without "__"
}

const char* local_name(const Proto* p, int n, int pc) {
  // Variables are listed in order of their startpc; those whose scope
  // includes pc are the active ones, numbered by declaration order.
  for (const LocVar& var : p->locvars) {
    if (var.startpc > pc) break;
    if (pc < var.endpc && --n == 0) return var.name->c_str();
  }
  return nullptr;
}

std::string upvalue_name(const Proto* p, int idx) {
  if (idx < 0 || size_t(idx) >= p->upvalues.size()) return "?";
  const String* name = p->upvalues[idx].name;
  return name ? std::string(name->view()) : "?";
}

std::string chunk_id(std::string_view source) {
  constexpr size_t kIdSize = 60;  // LUA_IDSIZE, including the terminating NUL
  constexpr std::string_view kEllipsis = "...";
  if (!source.empty() && source[0] == '=') {  // shown literally, cut to fit
    return std::string(source.substr(1, kIdSize - 1));
  }
  if (!source.empty() && source[0] == '@') {  // a file name: keep its end
    if (source.size() <= kIdSize) return std::string(source.substr(1));
    return std::string(kEllipsis) + std::string(source.substr(source.size() - (kIdSize - 4)));
  }
  // Source text: its first line, cut to fit [string "..."].
  constexpr std::string_view kPrefix = "[string \"", kSuffix = "\"]";
  const size_t room = kIdSize - kPrefix.size() - kEllipsis.size() - kSuffix.size() - 1;
  // Like C's strchr, the search for a newline stops at an embedded NUL.
  size_t newline = source.substr(0, source.find('\0')).find('\n');
  std::string out(kPrefix);
  if (source.size() < room && newline == std::string_view::npos) {
    out += source;
  } else {
    size_t length = newline != std::string_view::npos ? newline : source.size();
    out += source.substr(0, std::min(length, room));
    out += kEllipsis;
  }
  out += kSuffix;
  return out;
}

}  // namespace gilvm
