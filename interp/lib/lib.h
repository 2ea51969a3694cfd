// lib.h — Lua's standard library. Each open_* function creates its module
// table (or fills the globals, for the base library) and registers it in
// package.loaded (Interpreter::loaded). gilvm's own modules are in
// interp/modules/modules.h.
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <initializer_list>
#include <string>

namespace gilvm {

class Interpreter;
class ThreadState;
struct Table;

void open_base_lib(Interpreter& I);    // base.cpp: print, pairs, pcall, load, ...
void open_string_lib(Interpreter& I);  // string.cpp: string.*, string metatable
void open_string_pack(Interpreter& I, Table* string_lib);  // strpack.cpp: pack, unpack, packsize
void open_table_lib(Interpreter& I);                       // table.cpp
void open_math_lib(Interpreter& I);                        // math.cpp
void open_coroutine_lib(Interpreter& I);                   // coroutine.cpp: coroutines on fibers
void open_utf8_lib(Interpreter& I);     // utf8.cpp: utf8.char, codes, len, offset, ...
void open_os_lib(Interpreter& I);       // os.cpp: os.time, date, clock, getenv, exit, ...
void open_io_lib(Interpreter& I);       // io.cpp: io.*, file handles, io.stdin/stdout/stderr
void open_package_lib(Interpreter& I);  // package.cpp: require, package.path, searchers
void open_debug_lib(Interpreter& I);    // debug.cpp: traceback, getinfo, getlocal, sethook, ...
// package.path and package.cpath as if LUA_PATH and LUA_CPATH (and their
// _5_4 forms) were not set: `gilvm -E`, like `lua -E` (package.cpp).
void use_default_package_paths(Interpreter& I);

// A start position in a string of length len, as string.sub, byte, find,
// gmatch and unpack read one (string.cpp): negative counts from the end;
// anything before the first character clamps to 1.
size_t string_start_position(int64_t pos, size_t len);

// Reads a script file (standard input when path is null) as luaL_loadfile
// does, text or binary: the chunk is what file_chunk_text (chunk.h) leaves of
// the file's bytes. Returns false with Lua's "cannot open/read" message in
// *error (base.cpp; loadfile, dofile, require and `gilvm FILE` use it).
bool read_source_file(const char* path, std::string* text, std::string* error);
// The outcome of a call on a file, as Lua's luaL_fileresult pushes it: true;
// or nil, "name: <strerror>" (without a name, the strerror text alone) and
// the errno value, which the caller saved right after the failing call.
int push_file_result(ThreadState& L, bool ok, const char* name, int error_number);
// A finished command's wait status, as luaL_execresult pushes it: true or
// nil, then "exit" and the exit status or "signal" and the signal number; a
// failure to run it at all (status != 0 with an errno) as push_file_result.
int push_exec_result(ThreadState& L, int status, int error_number);
// The program ignores SIGPIPE, so that a write to a closed pipe or socket
// (an event loop's connection, a pool's worker) is an error to report, not
// the end of the process. Its own standard output and standard error are
// the exception, as in lua5.4 and every Unix filter: after a write to
// either failed with error_number, EPIPE (the reader has gone, as in
// `gilvm script.lua | head -1`) ends the process by SIGPIPE, at once and
// silently.
void end_if_standard_stream_closed(FILE* f, int error_number);
// Starts `/bin/sh -c command`, as system() and popen() do, with SIGPIPE back
// at its default and no signal blocked: the command behaves as if a shell
// had started it. With child_fd >= 0, that descriptor becomes the command's
// descriptor target_fd (its standard input or output, for io.popen).
// Returns the child's pid, or -1 with *error_number set.
pid_t spawn_shell(const char* command, int child_fd, int target_fd, int* error_number);
// Waits for a child started by spawn_shell: its wait status, or -1 with
// *error_number set.
int wait_for_child(pid_t pid, int* error_number);
// Argument i as the index of one of `names` (Lua's luaL_checkoption): when
// fallback is not null, an absent argument means fallback; anything else is
// "bad argument #i to 'f' (invalid option 'x')".
size_t check_option(ThreadState& L, int i, const char* fallback,
                    std::initializer_list<const char*> names);

}  // namespace gilvm
