// debug_info.h — what a prototype's bytecode and debug information say about
// names: which variable a register holds, what a call instruction calls, how
// a chunk's source is shown in messages. Pure functions over Protos; used for
// error messages ("attempt to index a nil value (local 't')") and tracebacks.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "interp/core/object.h"

namespace gilvm {

struct VarName {
  const char* kind;  // "local", "global", "field", "upvalue", "constant", "method",
                     // "for iterator", "metamethod"
  std::string name;
};

// What register `reg` (0-based) holds just before instruction `pc` runs, found
// by symbolic execution of the function's code (Lua's getobjname).
std::optional<VarName> register_name(const Proto* p, int pc, int reg);

// The name of the function that the instruction at `pc` calls: the called
// register's name for CALL/TAILCALL, "for iterator" for TFORCALL, and the
// metamethod ("index", "add", ...; kind "metamethod") for instructions that
// call one.
std::optional<VarName> called_function_name(const Proto* p, int pc);

// Name of the n-th (1-based) local variable active at pc, or nullptr
// (luaF_getlocalname).
const char* local_name(const Proto* p, int n, int pc);

// Name of upvalue idx, or "?" when debug information was stripped.
std::string upvalue_name(const Proto* p, int idx);

// The source name as messages show it (luaO_chunkid with LUA_IDSIZE 60):
// "@file.lua" -> "file.lua", "=stdin" -> "stdin", other text -> [string "..."].
std::string chunk_id(std::string_view source);

// Line of the instruction at pc, or -1 without line information.
inline int line_of(const Proto* p, int pc) {
  return (pc >= 0 && size_t(pc) < p->line_of_pc.size()) ? p->line_of_pc[pc] : -1;
}

}  // namespace gilvm
