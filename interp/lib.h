// lib.h — the standard library modules. Each open_* function creates its
// module table (or fills the globals, for the base library) and registers it
// in package.loaded (Interpreter::loaded).
#pragma once

#include <cstddef>
#include <cstdio>
#include <initializer_list>
#include <string>

namespace gilvm {

class Interpreter;
class ThreadState;

void open_base_lib(Interpreter& I);       // lib_base.cpp: print, pairs, pcall, load, ...
void open_string_lib(Interpreter& I);     // lib_string.cpp: string.*, string metatable
void open_table_lib(Interpreter& I);      // lib_table.cpp
void open_math_lib(Interpreter& I);       // lib_math.cpp
void open_coroutine_lib(Interpreter& I);  // lib_coroutine.cpp: coroutines on fibers
void open_sys_lib(Interpreter& I);        // lib_sys.cpp: sys.build, sys.cpu_count, sys.monotonic
void open_gil_lib(Interpreter& I);        // lib_gil.cpp: gil.policy, gil.stats, ...
void open_thread_lib(Interpreter& I);     // lib_thread.cpp: thread.spawn, handle:join, ...
void open_sync_lib(Interpreter& I);       // lib_sync.cpp: sync.lock, sync.queue, sync.event
void open_work_lib(Interpreter& I);       // lib_work.cpp: work.hold_gil, work.release_gil, work.io

void open_utf8_lib(Interpreter& I);     // lib_utf8.cpp: utf8.char, codes, len, offset, ...
void open_os_lib(Interpreter& I);       // lib_os.cpp: os.time, date, clock, getenv, exit, ...
void open_io_lib(Interpreter& I);       // lib_io.cpp: io.*, file handles, io.stdin/stdout/stderr
void open_package_lib(Interpreter& I);  // lib_package.cpp: require, package.path, searchers

// Runs the interpreter's before_exit hooks (thread pools finish their work),
// waits (detached) for every thread started by thread.spawn, then prints
// the errors of threads nobody joined. False if Ctrl-C interrupted a wait.
bool thread_join_all(ThreadState& L);
// Reads a whole source file (standard input when path is null) as
// luaL_loadfile does: a UTF-8 byte-order mark is dropped, and a first line
// starting with '#' (a "#!" line) is dropped but for its newline, so line
// numbers stay right. Returns false with Lua's "cannot open/read" message in
// *error (lib_base.cpp; loadfile, dofile and require use it).
bool read_source_file(const char* path, std::string* text, std::string* error);
// The outcome of a call on a file, as Lua's luaL_fileresult pushes it: true;
// or nil, "name: <strerror>" (without a name, the strerror text alone) and
// the errno value, which the caller saved right after the failing call.
int push_file_result(ThreadState& L, bool ok, const char* name, int error_number);
// A finished command's wait status, as luaL_execresult pushes it: true or
// nil, then "exit" and the exit status or "signal" and the signal number; a
// failure to run it at all (status != 0 with an errno) as push_file_result.
int push_exec_result(ThreadState& L, int status, int error_number);
// Argument i as the index of one of `names` (Lua's luaL_checkoption): when
// fallback is not null, an absent argument means fallback; anything else is
// "bad argument #i to 'f' (invalid option 'x')".
size_t check_option(ThreadState& L, int i, const char* fallback,
                    std::initializer_list<const char*> names);
// The cores this process may run on: its CPU affinity mask, which is what
// taskset or a container's cpuset leaves it, rather than the machine's total
// (lib_sys.cpp; sys.cpu_count).
int usable_cpu_count();
// The --gil-stats table.
void print_gil_stats(Interpreter& I, FILE* out);
// --lock-stats: contention on the free-threaded build's locks, and its
// stop-the-world pauses.
void print_lock_stats(Interpreter& I, FILE* out);

inline void open_standard_libs(Interpreter& I) {
  open_base_lib(I);
  open_string_lib(I);
  open_table_lib(I);
  open_math_lib(I);
  open_coroutine_lib(I);
  open_utf8_lib(I);
  open_os_lib(I);
  open_io_lib(I);
  open_package_lib(I);
  open_sys_lib(I);
  open_gil_lib(I);
  open_thread_lib(I);
  open_sync_lib(I);
  open_work_lib(I);
}

}  // namespace gilvm
