// modules.h — gilvm's own modules, always loaded as globals beside Lua's
// standard library: sys, gil, thread, sync and work (../shared/API.md).
// open_standard_libs opens both.
#pragma once

#include <cstdio>

#include "interp/lib/lib.h"

namespace gilvm {

class Interpreter;
class ThreadState;

void open_sys_lib(Interpreter& I);     // sys.cpp: sys.build, sys.cpu_count, sys.monotonic
void open_gil_lib(Interpreter& I);     // gil.cpp: gil.policy, gil.stats, ...
void open_thread_lib(Interpreter& I);  // thread.cpp: thread.spawn, handle:join, ...
void open_sync_lib(Interpreter& I);    // sync.cpp: sync.lock, sync.queue, sync.event
void open_work_lib(Interpreter& I);    // work.cpp: work.hold_gil, work.release_gil, work.io

// Runs the interpreter's before_exit hooks (thread pools finish their work),
// waits (detached) for every thread started by thread.spawn, then prints
// the errors of threads nobody joined. False if Ctrl-C interrupted a wait.
bool thread_join_all(ThreadState& L);
// The cores this process may run on: its CPU affinity mask, which is what
// taskset or a container's cpuset leaves it, rather than the machine's total
// (sys.cpp; sys.cpu_count).
int usable_cpu_count();
// The --gil-stats table.
void print_gil_stats(Interpreter& I, FILE* out);
// --lock-stats: contention on the free-threaded build's locks, and its
// stop-the-world pauses.
void print_lock_stats(Interpreter& I, FILE* out);

// Lua's standard library, then gilvm's modules: what every interpreter has.
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
  open_debug_lib(I);
  open_sys_lib(I);
  open_gil_lib(I);
  open_thread_lib(I);
  open_sync_lib(I);
  open_work_lib(I);
}

}  // namespace gilvm
