// lib.h — the standard library modules. Each open_* function creates its
// module table (or fills the globals, for the base library) and registers it
// in package.loaded (Interpreter::loaded).
#pragma once

namespace gilvm {

class Interpreter;

void open_base_lib(Interpreter& I);    // lib_base.cpp: print, pairs, pcall, load, ...
void open_string_lib(Interpreter& I);  // lib_string.cpp: string.*, string metatable
void open_table_lib(Interpreter& I);   // lib_table.cpp
void open_math_lib(Interpreter& I);    // lib_math.cpp
void open_sys_lib(Interpreter& I);     // lib_sys.cpp: sys.build, sys.cpu_count, sys.monotonic

inline void open_standard_libs(Interpreter& I) {
  open_base_lib(I);
  open_string_lib(I);
  open_table_lib(I);
  open_math_lib(I);
  open_sys_lib(I);
}

}  // namespace gilvm
