// gilvm/gilvm.h — the embedding API: what a host program includes to create
// an interpreter, run Lua code in it and give it native functions.
//
//   gilvm::Interpreter interp;                      // globals + standard library
//   std::string error;
//   if (!gilvm::run_string(interp, "print(1 + 1)", "=host", &error)) ...
//
// Natives are `int fn(gilvm::ThreadState& L)` (see state.h for the argument
// and result conventions); register them with Interpreter::set_function.
//
// Threads and the GIL. The thread that creates an Interpreter holds its GIL.
// A native that blocks or computes for long releases it for a scope, touching
// no VM object inside:
//
//   int my_read(gilvm::ThreadState& L) {
//     int fd = int(L.check_integer(1));
//     char buf[4096];
//     ssize_t n;
//     { gilvm::AllowThreads released(L);  // Py_BEGIN_ALLOW_THREADS
//       n = read(fd, buf, sizeof buf); }  // Py_END_ALLOW_THREADS
//     ...
//
// The policy and switch interval are chosen before other threads start:
//   interp.gil.set_policy(gil::make_policy("priority"));   // or a host's gil::Policy
//   interp.gil.set_switch_interval(0.001);
// The free-threaded build runs without a GIL; a host turns one on (the
// --gil=on of gilvm-ft, CPython's PYTHON_GIL=1), also before threads start:
//   interp.gil.set_enabled(true);
// Before destroying the interpreter, wait for the threads scripts started:
//   gilvm::thread_join_all(interp.main_thread());
#pragma once

#include <string>
#include <string_view>

#include "interp/core/state.h"
#include "interp/core/table.h"
#include "interp/modules/modules.h"

namespace gilvm {

// Compiles (or verifies, for a binary chunk) and runs `code` on the main
// thread. chunkname follows Lua's convention: "@file.lua", "=name", or the
// code itself.
bool run_string(Interpreter& I, std::string_view code, const std::string& chunkname,
                std::string* error);

}  // namespace gilvm
