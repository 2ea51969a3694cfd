// disasm.h — the bytecode listing behind `gilvm --disasm`.
#pragma once

#include <string>

#include "interp/core/object.h"

namespace gilvm {

// Appends a listing of p and, after it, of every function nested in it, in
// the format of `luac5.4 -l -l`: a header per function, one line per
// instruction (pc, source line, opcode, operands, a comment naming constants,
// upvalues and jump targets), then its constants, locals and upvalues.
// Functions are numbered in listing order instead of luac's addresses, and
// the instructions where the dispatch loop polls the eval breaker are marked.
void disassemble(const Proto* p, std::string& out);

}  // namespace gilvm
